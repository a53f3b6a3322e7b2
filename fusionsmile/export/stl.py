"""Binary STL for 3D printing: millimetres, one file, one per arch or one per part.

Every part (a crown, a gum) is a closed surface on its own. Parts overlap: a crown passes
into its gum, as a real tooth does, so an arch file holds intersecting bodies; slicers
(PrusaSlicer, Cura, Bambu Studio) union them when they slice. STL has no objects: the
parts are one triangle soup per file, and `mesh.split()` finds the bodies again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene
from fusionsmile.core.teeth import arch_of
from fusionsmile.export.errors import ExportError

SPLITS = ("none", "arch", "tooth")
_TRIANGLE = np.dtype([("normal", "<f4", (3,)), ("corners", "<f4", (3, 3)), ("attribute", "<u2")])


def stl_bytes(scene: Scene, names: Sequence[str]) -> bytes:
    """The named parts of the scene as one binary STL (80-byte header, mm)."""
    faces = []
    for name in names:
        first_face, n_faces, _, _ = scene.parts[name]
        faces.append(scene.faces[first_face : first_face + n_faces])
    corners = scene.position[np.concatenate(faces)].astype(np.float32)  # (m, 3, 3)
    triangles = np.zeros(len(corners), dtype=_TRIANGLE)
    triangles["normal"] = face_normals(corners)
    triangles["corners"] = corners
    header = b"FusionSmile binary STL, millimetres".ljust(80, b" ")
    return header + np.uint32(len(triangles)).tobytes() + triangles.tobytes()


def stl_files(
    scene: Scene, dentition: Dentition, target: Path, split: str
) -> dict[Path, list[str]]:
    """Which parts go to which file: target itself, OUT-upper/-lower, or OUT-<part>.

    split : "none" (every part in target), "arch" (each arch's crowns with its gum;
            an arch with no parts gets no file) or "tooth" (one file per crown, and one
            per gum: OUT-11.stl, OUT-gingiva-upper.stl)
    """
    if split not in SPLITS:
        raise ExportError(f"cannot write {target}: split {split!r}; choose one of {SPLITS}")
    names = list(scene.parts)
    if split == "none":
        return {target: names}
    if split == "tooth":
        return {_beside(target, name): [name] for name in names}
    arches: dict[str, list[str]] = {"upper": [], "lower": []}
    for name in names:
        arches[_arch(dentition, name)].append(name)
    return {_beside(target, arch): parts for arch, parts in arches.items() if parts}


def _beside(target: Path, suffix: str) -> Path:
    return target.with_name(f"{target.stem}-{suffix}{target.suffix}")


def _arch(dentition: Dentition, name: str) -> str:
    fdi = dentition.part(name).fdi
    if fdi == 0:
        return "upper" if name.endswith("upper") else "lower"
    return arch_of(fdi)


def face_normals(corners: NDArray[np.float32]) -> NDArray[np.float32]:
    """corners (m, 3, 3) -> (m, 3) unit normals (zero for degenerate triangles)."""
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    out: NDArray[np.float32] = np.divide(
        normal, length, out=np.zeros_like(normal), where=length > 0
    )
    return out
