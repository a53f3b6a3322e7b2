"""Export jobs: one frozen request in, files out, progress reported as it goes.

The app runs a job in a child process (`run_in_child`), so a long export never holds
the window's interpreter or its OpenGL context, and Cancel can end it at once: every
writer is atomic, so a killed job leaves no partial file and the previous file intact.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fusionsmile.core.design_io import design_from_bytes
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene

JobKind = Literal["image", "animation", "mesh"]
Progress = Callable[[float, str], None]  # fraction done in [0, 1], what is happening


@dataclass(frozen=True)
class ExportRequest:
    """What to write. design_json is the design as saved (the child re-validates it).

    image : size, view, lighting, time (s), transparent, card
    animation : size, view, lighting, seconds, fps, turntable (format from out's suffix)
    mesh : format from out's suffix (glb gltf obj stl ply), time, texture_size, split
    """

    kind: JobKind
    design_json: str
    out: str
    size: tuple[int, int] = (1920, 1080)
    view: str = "front"
    lighting: str = "day"
    time: float = 0.0
    transparent: bool = False
    card: bool = False
    seconds: float = 3.0
    fps: float = 24.0
    turntable: bool = False
    texture_size: int = 1024
    split: str = "none"


def run_export(request: ExportRequest, progress: Progress) -> list[str]:
    """Do the export in this process; the files written. Raises on failure."""
    design = design_from_bytes(request.design_json.encode("utf-8"), "the open design")
    progress(0.02, "building the teeth")
    dentition = build(design.geometry)
    out = Path(request.out)
    if request.kind == "animation":
        from fusionsmile.export.animation import AnimationRequest, write_animation

        animation = AnimationRequest(
            request.seconds, request.fps, request.size, request.view, request.lighting,
            request.turntable,
        )  # fmt: skip
        total = animation.frame_count

        def frame_done(done: int) -> None:
            progress(0.05 + 0.9 * done / total, f"frame {done} of {total}")

        write_animation(design, dentition, animation, out, frame_done)
        return [str(out)]
    progress(0.15, "composing the layers")
    scene = design_scene(design, dentition, request.time)
    if request.kind == "image":
        from fusionsmile.export.png_design import save_png
        from fusionsmile.render.renderer import render_image

        progress(0.3, "rendering")
        image = render_image(
            scene, request.size, request.view, request.lighting, request.transparent
        )
        if request.card:
            from fusionsmile.export.card import smile_card

            image = smile_card(image, design)
        progress(0.85, "writing the PNG")
        save_png(image, out, design)
        return [str(out)]
    from fusionsmile.export.mesh import export_files

    progress(0.3, "baking textures and writing the mesh")
    files = export_files(
        scene, dentition, out, None, design=design, time=request.time,
        texture_size=request.texture_size, split=request.split,
    )  # fmt: skip
    return [str(path) for path in files]


def run_in_child(request: ExportRequest, messages: Any) -> None:
    """Entry point of the child process: messages is a multiprocessing queue that gets
    ("progress", fraction, text), then ("done", files) or ("error", one line)."""
    try:
        files = run_export(request, lambda f, text: messages.put(("progress", f, text)))
    except Exception as error:  # reported to the window as one line
        detail = str(error) or type(error).__name__
        messages.put(("error", detail, traceback.format_exc()))
    else:
        messages.put(("done", files))
