"""Animations people share: GIF, APNG and WebP (Pillow), MP4 and WebM (PyAV, see
export/video.py) of a design's layers over time, or a turntable around the arch.

Frames are taken at t = i / fps for i in [0, frames): the frame at t = seconds is not
drawn, so when `seconds` is the design's loop period the file loops without a seam.
Only the channels change between layer frames (`Renderer.update_channels`); the
geometry is uploaded once, and with a still camera the surface is drawn once too: later
frames redraw only the glow, bloom and composite (render/still_glow.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from fusionsmile.core.atomic import atomic_write
from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.layers.compose import compose, loop_period
from fusionsmile.core.scene import Scene, design_scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.png_design import design_pnginfo
from fusionsmile.export.video import CODECS, video_format, write_video
from fusionsmile.render.camera import camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds
from fusionsmile.render.still_glow import FILM_BLOOM_ROWS, StillGlow

FORMATS = ("gif", "png", "webp", *CODECS)
FORMATS_TEXT = ".gif, .png (APNG), .webp, .mp4 or .webm"  # for messages: the suffixes above
MAX_SECONDS = 12.0  # a loop longer than this is cut: shared clips are short
STILL_SECONDS = 3.0


@dataclass(frozen=True)
class AnimationRequest:
    """What to animate: seconds and fps give the frame count; size is (w, h) pixels."""

    seconds: float
    fps: float
    size: tuple[int, int]
    view: str
    lighting: str
    turntable: bool = False

    @property
    def frame_count(self) -> int:
        return max(1, round(self.seconds * self.fps))


def default_seconds(design: Design, turntable: bool) -> float:
    """The design's loop period when its layers loop (at most MAX_SECONDS), else 3 s."""
    period = loop_period(design)
    if turntable or not period:
        return STILL_SECONDS if not turntable else 6.0
    return min(period, MAX_SECONDS)


def frames(
    design: Design, dentition: Dentition, request: AnimationRequest
) -> Iterator[Image.Image]:
    """RGBA frames of the animation, in order (frame_count of them)."""
    renderer = shared_renderer()
    scene = design_scene(design, dentition, 0.0)
    renderer.set_scene(scene)
    _, attributes = dentition.merged()
    enamel = scene.position[scene.region == Region.ENAMEL]
    width, height = request.size
    camera = camera_for(request.view, smile_bounds(scene), width / height, points=enamel)
    lighting = lighting_for(request.lighting)
    still = StillGlow(renderer, bloom_rows=FILM_BLOOM_ROWS)
    # The next frame's layers are composed (NumPy, which releases the GIL) while this
    # frame is drawn: the GL threads would otherwise idle while the main thread composes.
    composer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compose")
    try:
        upcoming = None
        for i in range(request.frame_count):
            moment = upcoming.result() if upcoming is not None else scene
            if i + 1 < request.frame_count:
                t = (i + 1) / request.fps
                upcoming = composer.submit(_frame_scene, scene, design, attributes, t)
            if request.turntable:
                turn = 360.0 * i / request.frame_count
                shot = replace(camera, azimuth_deg=camera.azimuth_deg + turn)
            else:
                shot = camera
            # A turntable moves the camera every frame: drawn in full, not captured (a
            # capture would never be reused).
            pixels = still.render(moment, shot, lighting, request.size, keep=not request.turntable)
            yield Image.fromarray(pixels, mode="RGBA")
    finally:
        composer.shutdown(cancel_futures=True)
        still.release()


def _frame_scene(scene: Scene, design: Design, attributes: object, t: float) -> Scene:
    return scene.with_channels(compose(design, attributes, t))  # type: ignore[arg-type]


def write_animation(
    design: Design,
    dentition: Dentition,
    request: AnimationRequest,
    out: str | os.PathLike[str],
    progress: Callable[[int], None] | None = None,
    quality: str = "standard",
) -> int:
    """Render and write the animation atomically; the format is out's suffix.

    Returns the number of frames. GIFs get one adaptive palette per frame with
    Floyd-Steinberg dithering (see _for_format) and loop forever; APNG (.png) carries
    the design; quality ("draft", "standard", "high") is for videos.
    """
    _check_format(out)
    return write_frames(
        frames(design, dentition, request), request.fps, out, design, progress, quality
    )


def _check_format(out: str | os.PathLike[str]) -> str:
    fmt = Path(out).suffix.lower().removeprefix(".")
    if fmt not in FORMATS:
        raise ExportError(f"{out}: choose {FORMATS_TEXT}")
    return fmt


def write_frames(
    frames: Iterable[Image.Image],
    fps: float,
    out: str | os.PathLike[str],
    design: Design | None,
    progress: Callable[[int], None] | None = None,
    quality: str = "standard",
) -> int:
    """Write frames (any Pillow images of one size) as a looping animation at fps,
    atomically; the format is out's suffix. Returns the number of frames."""
    fmt = _check_format(out)
    if video_format(out):
        # Streamed to the encoder: a video is never held in memory whole.
        title = design.meta.title if design is not None else ""
        return write_video(frames, fps, out, quality, title, progress)
    # Pillow's quantizer and encoders release the GIL: frames are converted in a thread
    # while the next ones are drawn.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="animation") as pool:
        pending = []
        for index, image in enumerate(frames):
            pending.append(pool.submit(_for_format, image, fmt))
            if progress is not None:
                progress(index + 1)
        images = [future.result() for future in pending]
    if not images:
        raise ExportError(f"{out}: no frames to write")
    duration = 1000.0 / fps
    # GIF delays are whole hundredths of a second: spread the rounding over the frames
    # so the total length stays right.
    durations = [
        round((i + 1) * duration / 10) * 10 - round(i * duration / 10) * 10
        if fmt == "gif"
        else round((i + 1) * duration) - round(i * duration)
        for i in range(len(images))
    ]
    options: dict[str, object] = {"save_all": True, "append_images": images[1:], "loop": 0}
    if fmt == "gif":
        options.update(duration=durations, disposal=1, optimize=False)
    elif fmt == "png":
        options.update(duration=durations, pnginfo=design_pnginfo(design), compress_level=6)
    else:
        options.update(duration=durations, quality=88, method=4)
    with atomic_write(out) as temporary:
        images[0].save(temporary, format={"png": "PNG", "gif": "GIF", "webp": "WEBP"}[fmt],
                       **options)  # fmt: skip
    return len(images)


def _for_format(image: Image.Image, fmt: str) -> Image.Image:
    if fmt != "gif":
        return image.convert("RGB")
    # One adaptive palette per frame (the glow changes colour over time), every pixel
    # then mapped to it with Floyd-Steinberg dithering so soft bloom gradients do not
    # band. Pillow's quantize dithers only when given a palette, so the palette is found
    # first, undithered. Fast octree rather than median cut: it keeps the colours of
    # small bright spots (sparkles) that a median cut merges away, and at 640x360 it
    # costs ~7 ms a frame with the dithering against ~55-95 ms for the median cut
    # (which, without the palette step, never dithered and banded the glow).
    rgb = image.convert("RGB")
    palette = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    return rgb.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
