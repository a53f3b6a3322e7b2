"""Quilts for light-field displays (Looking Glass): a grid of views of the smile taken
along a horizontal arc, in the layout those displays read; and side-by-side stereo pairs.

Layout (Looking Glass's convention): view 0 is the leftmost camera and sits at the
bottom-left of the quilt; views run left to right, then upwards row by row, so the last
view (the rightmost camera) is at the top-right. The file name carries the layout as
those tools expect: `name_qs{columns}x{rows}a{aspect}.png`, aspect being a view's
width / height. The cameras orbit the smile's centre over `cone` degrees: at the small
angles of a light-field display's view cone this is close to the off-axis cameras of
Looking Glass's own tools, and keeps the smile centred in every view.

Every view is drawn by the one renderer with the scene uploaded once; only the camera
changes between views (`arc_views`). A side-by-side stereo pair is two such views.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.scene import design_scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.png_design import save_png
from fusionsmile.render.camera import camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds

MAX_SIDE = 8192
MAX_VIEWS = 100


@dataclass(frozen=True)
class QuiltLayout:
    """columns x rows views in a quilt of size (w, h) pixels."""

    columns: int
    rows: int
    size: tuple[int, int]

    @property
    def views(self) -> int:
        return self.columns * self.rows

    @property
    def view_size(self) -> tuple[int, int]:
        return self.size[0] // self.columns, self.size[1] // self.rows

    @property
    def aspect(self) -> float:
        w, h = self.view_size
        return w / h

    def suffix(self) -> str:
        """The `_qs{columns}x{rows}a{aspect}` tag Looking Glass tools read."""
        return f"_qs{self.columns}x{self.rows}a{self.aspect:.4g}"

    def check(self) -> None:
        if min(self.columns, self.rows) < 1 or not 2 <= self.views <= MAX_VIEWS:
            raise ExportError(f"a quilt has 2-{MAX_VIEWS} views, not {self.columns}x{self.rows}")
        w, h = self.size
        if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
            raise ExportError(f"a quilt is 16-{MAX_SIDE} pixels a side, not {w}x{h}")
        if min(self.view_size) < 8:
            raise ExportError(f"{w}x{h} is too small for {self.columns}x{self.rows} views")


# The displays' native quilts (Looking Glass documentation, "Quilt settings").
PRESETS: dict[str, QuiltLayout] = {
    "portrait": QuiltLayout(8, 6, (3360, 3360)),  # Looking Glass Portrait, 48 views
    "go": QuiltLayout(11, 6, (4092, 4092)),  # Looking Glass Go, 66 views
    "16-landscape": QuiltLayout(7, 7, (5999, 5999)),  # 16" Spatial Display, 49 views
}


def quilt_path(out: str | os.PathLike[str], layout: QuiltLayout) -> Path:
    """out with the layout tag before its suffix (an existing tag is replaced)."""
    path = Path(out)
    stem = re.sub(r"_qs\d+x\d+a[\d.]+$", "", path.stem)
    return path.with_name(f"{stem}{layout.suffix()}{path.suffix or '.png'}")


def quilt_image(
    design: Design,
    dentition: Dentition,
    layout: QuiltLayout,
    view: str = "front",
    lighting: str = "night",
    cone: float = 40.0,
    time: float = 0.0,
) -> Image.Image:
    """The quilt (RGB) of design at time, views over cone degrees around view."""
    layout.check()
    width, height = layout.view_size
    # Leftmost camera first: the viewer's left is the patient's right, a smaller azimuth.
    offsets = [cone * (index / (layout.views - 1) - 0.5) for index in range(layout.views)]
    quilt = np.zeros((layout.size[1], layout.size[0], 3), np.uint8)
    views = arc_views(design, dentition, offsets, (width, height), view, lighting, time)
    for index, pixels in enumerate(views):
        column, row = index % layout.columns, index // layout.columns
        top = layout.size[1] - (row + 1) * height  # row 0 is the bottom row
        quilt[top : top + height, column * width : (column + 1) * width] = pixels
    return Image.fromarray(quilt)


def arc_views(
    design: Design,
    dentition: Dentition,
    offsets: list[float],
    size: tuple[int, int],
    view: str = "front",
    lighting: str = "night",
    time: float = 0.0,
) -> Iterator[NDArray[np.uint8]]:
    """(h, w, 3) uint8 views of size (w, h) from cameras turned by offsets (degrees of
    azimuth) around view's camera, about the smile's centre: one renderer, the scene
    uploaded once, only the camera changing between views."""
    renderer = shared_renderer()
    scene = design_scene(design, dentition, time)
    renderer.set_scene(scene)
    width, height = size
    enamel = scene.position[scene.region == Region.ENAMEL]
    centre = camera_for(view, smile_bounds(scene), width / height, points=enamel)
    light = lighting_for(lighting)
    for offset in offsets:
        camera = replace(centre, azimuth_deg=centre.azimuth_deg + offset)
        yield renderer.render(camera, light, (width, height))[:, :, :3]


# Stereo base: about 1/30 of the viewing distance (the stereographers' rule for subjects
# near the camera), i.e. two cameras 2 * atan(1/60) ~ 1.9 degrees apart about the smile.
STEREO_DEGREES = 2.0
MAX_STEREO_DEGREES = 10.0


def stereo_image(
    design: Design,
    dentition: Dentition,
    size: tuple[int, int],
    view: str = "front",
    lighting: str = "night",
    separation: float = STEREO_DEGREES,
    time: float = 0.0,
) -> Image.Image:
    """A side-by-side stereo pair (RGB, 2w x h): the left eye's view on the left, for
    parallel viewing, 3D TVs' and VR viewers' "SBS" mode. size is one eye's (w, h)."""
    if not 0.0 < separation <= MAX_STEREO_DEGREES:
        raise ExportError(
            f"stereo separation {separation:g} degrees: choose 0-{MAX_STEREO_DEGREES:g}"
        )
    if not (min(size) >= 8 and 2 * size[0] <= MAX_SIDE and size[1] <= MAX_SIDE):
        raise ExportError(f"{size[0]}x{size[1]}: each eye's view is 8-{MAX_SIDE // 2} wide")
    left, right = arc_views(
        design, dentition, [-separation / 2, separation / 2], size, view, lighting, time
    )
    return Image.fromarray(np.hstack([left, right]))


def write_stereo(
    design: Design,
    dentition: Dentition,
    size: tuple[int, int],
    out: str | os.PathLike[str],
    **options: object,
) -> Path:
    """Render and write the side-by-side pair as a PNG (atomically, carrying the design)."""
    path = Path(out)
    if path.suffix.lower() != ".png":
        raise ExportError(f"{out}: a stereo pair is written as a .png")
    image = stereo_image(design, dentition, size, **options)  # type: ignore[arg-type]
    save_png(image, path, design)
    return path


def quilt_frames(
    design: Design,
    dentition: Dentition,
    layout: QuiltLayout,
    times: list[float],
    view: str = "front",
    lighting: str = "night",
    cone: float = 40.0,
) -> Iterator[Image.Image]:
    """Quilts (RGB) of design at each time (s): the glow playing in every view. Each view
    keeps its own still camera (render/still_glow.py), so after the first quilt only the
    glow is redrawn: ~210 bytes of GL memory per quilt pixel (2.4 GB at 3360x3360)."""
    from fusionsmile.core.layers.compose import compose
    from fusionsmile.render.still_glow import FILM_BLOOM_ROWS, StillGlow

    layout.check()
    renderer = shared_renderer()
    scene = design_scene(design, dentition, times[0] if times else 0.0)
    renderer.set_scene(scene)
    _, attributes = dentition.merged()
    width, height = layout.view_size
    enamel = scene.position[scene.region == Region.ENAMEL]
    centre = camera_for(view, smile_bounds(scene), width / height, points=enamel)
    light = lighting_for(lighting)
    cameras = [
        replace(centre, azimuth_deg=centre.azimuth_deg + cone * (i / (layout.views - 1) - 0.5))
        for i in range(layout.views)
    ]
    stills = [StillGlow(renderer, bloom_rows=FILM_BLOOM_ROWS) for _ in cameras]
    try:
        for index, t in enumerate(times):
            moment = scene if index == 0 else scene.with_channels(compose(design, attributes, t))
            quilt = np.zeros((layout.size[1], layout.size[0], 3), np.uint8)
            for number, (camera, still) in enumerate(zip(cameras, stills, strict=True)):
                pixels = still.render(moment, camera, light, (width, height))[:, :, :3]
                column, row = number % layout.columns, number // layout.columns
                top = layout.size[1] - (row + 1) * height
                quilt[top : top + height, column * width : (column + 1) * width] = pixels
            yield Image.fromarray(quilt)
    finally:
        for still in stills:
            still.release()


def write_quilt_video(
    design: Design,
    dentition: Dentition,
    layout: QuiltLayout,
    out: str | os.PathLike[str],
    seconds: float,
    fps: float,
    quality: str = "standard",
    progress: Callable[[int], None] | None = None,
    **options: object,
) -> Path:
    """The quilt as an MP4 (H.264) of the glow over seconds at fps, named with its layout
    tag, written atomically; returns the path written."""
    from fusionsmile.export.animation import MAX_SECONDS
    from fusionsmile.export.video import QUILT_MAX_SIZE, check_video, video_format, write_video

    if video_format(out) != "mp4":
        raise ExportError(f"{out}: a quilt video is written as an .mp4")
    if layout.size[0] % 2 or layout.size[1] % 2:
        raise ExportError(f"{layout.size[0]}x{layout.size[1]}: a quilt video has even sides")
    # Before any view is drawn (write_video checks the first frame, and a quilt's views
    # hold ~210 bytes of GL memory per pixel) and before the frame times are listed.
    check_video(layout.size, fps, quality, QUILT_MAX_SIZE)
    if not 0.0 < seconds <= MAX_SECONDS:
        raise ExportError(f"{seconds:g} s: a quilt video lasts up to {MAX_SECONDS:g} s")
    path = quilt_path(out, layout)
    times = [i / fps for i in range(max(1, round(seconds * fps)))]
    frames = quilt_frames(design, dentition, layout, times, **options)  # type: ignore[arg-type]
    write_video(frames, fps, path, quality, design.meta.title, progress, QUILT_MAX_SIZE)
    return path


def write_quilt(
    design: Design,
    dentition: Dentition,
    layout: QuiltLayout,
    out: str | os.PathLike[str],
    **options: object,
) -> Path:
    """Render and write the quilt as a PNG named with its layout tag (atomically, and
    carrying the design); returns the path written."""
    if Path(out).suffix.lower() not in ("", ".png"):
        raise ExportError(f"{out}: a quilt is written as a .png")
    path = quilt_path(out, layout)
    image = quilt_image(design, dentition, layout, **options)  # type: ignore[arg-type]
    save_png(image, path, design)
    return path
