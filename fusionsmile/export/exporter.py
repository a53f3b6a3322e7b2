"""What an exporter is: one entry of the registry (`mesh.EXPORTERS`), with the options it
takes.

An exporter writes every file of one export, all or none (through `atomic_write` or
`atomic_write_many`), and returns them. What it uses of the options is its own: glTF,
GLB and OBJ bake the design's look (at `time`, into `texture_size`^2 textures) when it is
given, STL splits the model over files, PNG renders the design; an option the format
cannot take is refused before anything is written (`splits`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fusionsmile.core.atomic import atomic_write
from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene


@dataclass(frozen=True)
class ExportOptions:
    """How to export, whatever the format; time in seconds, texture_size in texels
    (square).

    design : the design the scene shows; formats that bake or render take their look from
             it (None: meshes keep the scene's vertex colours)
    split : how STL splits the model over files: none, arch or tooth (see stl.py)
    """

    time: float = 0.0
    texture_size: int = 1024
    split: str = "none"
    design: Design | None = None


Write = Callable[[Scene, Dentition, Path, ExportOptions], list[Path]]
WriteOne = Callable[[Scene, Dentition, Path], None]


@dataclass(frozen=True)
class Exporter:
    """One format a design exports to.

    write : (scene, dentition, target, options) -> every file written, all or none
    splits : the splits the format writes ("none" only, for all but STL)
    mesh : whether the file is a mesh (PNG is a picture: the app offers it as an image)
    """

    write: Write
    splits: tuple[str, ...] = ("none",)
    mesh: bool = True


def one_file(write: WriteOne) -> Write:
    """An exporter's write from a plain writer of one file `(scene, dentition, path)`:
    it writes a temporary file that replaces target only once it is whole."""

    def write_atomically(
        scene: Scene, dentition: Dentition, target: Path, options: ExportOptions
    ) -> list[Path]:
        with atomic_write(target) as temporary:
            write(scene, dentition, temporary)
        return [target]

    return write_atomically
