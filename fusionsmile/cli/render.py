"""`fusionsmile render | animate | sheet`: pictures of designs (a PNG at a moment, a
looping animation or video, a contact sheet of several)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import (
    LIGHTINGS,
    MAX_DESIGN_TIME_S,
    VIEWS,
    check_lighting,
    echo,
    fail,
    frame_progress,
    load,
    look,
    number_from,
    parse_size,
    read_face,
    view_and_lighting,
    with_photo,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from fusionsmile.core.design import Design
    from fusionsmile.core.geometry.surface import Dentition
    from fusionsmile.export.animation import AnimationRequest
    from fusionsmile.portrait.analysis import PhotoFace


def render(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[Path, typer.Option("-o", "--out", help="PNG to write")],
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT in pixels")] = "1920x1080",
    view: Annotated[str | None, typer.Option(help=f"camera: {', '.join(VIEWS)}")] = None,
    lighting: Annotated[str | None, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = None,
    time: Annotated[
        float,
        typer.Option(
            "--time",
            help="moment of the animation, seconds (0-3600)",
            parser=number_from(0.0, MAX_DESIGN_TIME_S, "seconds"),
        ),
    ] = 0.0,
    transparent: Annotated[
        bool, typer.Option("--transparent", help="transparent background (the glow stays)")
    ] = False,
    card: Annotated[
        bool, typer.Option("--card", help="a smile card: title, author, mood and palettes")
    ] = False,
) -> None:
    """Render a design to a PNG at a moment of its animation.

    The PNG carries the design: every command that takes a DESIGN can open it.
    """
    design = load(path)
    view, lighting = view_and_lighting(design, view, lighting)
    width_height = parse_size(size)
    if out.suffix.lower() != ".png":
        fail(f"{out}: the output must be a .png file")

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.png_design import save_png
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    scene = look(design, build(design.geometry), time)
    try:
        image = render_image(scene, width_height, view, lighting, transparent)
        if card:
            from fusionsmile.export.card import smile_card

            image = smile_card(image, design)
        save_png(image, out, design)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    moment = f", t={time:g} s" if time else ""
    echo(f"wrote {out} ({width_height[0]}x{width_height[1]}, {view}, {lighting}{moment})")


def animate(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[
        Path, typer.Option("-o", "--out", help=".gif, .png (APNG), .webp, .mp4 (H.264) or .webm")
    ],
    seconds: Annotated[
        float | None,
        typer.Option(help="length; default: the design's loop (at most 12 s), else 3 s"),
    ] = None,
    fps: Annotated[float, typer.Option(help="frames per second", min=1.0, max=60.0)] = 24.0,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT in pixels")] = "640x360",
    turntable: Annotated[
        bool, typer.Option("--turntable", help="the camera circles the arch once")
    ] = False,
    view: Annotated[str | None, typer.Option(help=f"camera: {', '.join(VIEWS)}")] = None,
    lighting: Annotated[str | None, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = None,
    photo: Annotated[
        Path | None,
        typer.Option("--photo", help="a portrait: the glow plays on this face (fits in --size)"),
    ] = None,
    face: Annotated[int, typer.Option("--face", help="with --photo: which face", min=0)] = 0,
    quality: Annotated[
        str, typer.Option(help="video quality: draft, standard or high (.mp4, .webm)")
    ] = "standard",
) -> None:
    """Animate a design's glow (or a turntable) to a looping GIF, APNG, WebP, MP4 or WebM.

    When the layers loop, the file loops without a seam. With --photo the glow plays on
    a person's face.
    """
    design = load(path)
    view, lighting = view_and_lighting(design, view, lighting)
    from fusionsmile.export.animation import FORMATS, FORMATS_TEXT

    if out.suffix.lower().removeprefix(".") not in FORMATS:
        fail(f"{out}: the output must be a {FORMATS_TEXT} file")
    width_height = parse_size(size)
    is_video = out.suffix.lower() in (".mp4", ".webm")
    if is_video:
        from fusionsmile.export.errors import ExportError
        from fusionsmile.export.video import check_video

        try:
            check_video(width_height, fps, quality)
        except ExportError as error:
            fail(f"{out}: {error}")
    elif width_height[0] * width_height[1] > 1920 * 1080:
        fail(f"--size {size}: animations are at most 1920x1080 pixels (videos 3840x2160)")

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.export.animation import AnimationRequest, default_seconds, write_animation
    from fusionsmile.export.errors import ExportError
    from fusionsmile.render.context import RenderUnavailable

    if seconds is None:
        seconds = default_seconds(design, turntable)
    if not 0.0 < seconds <= 60.0:
        fail(f"--seconds {seconds:g}: choose a length above 0 and at most 60 s")
    request = AnimationRequest(seconds, fps, width_height, view, lighting, turntable)
    # Images of an animation are held in memory; a video streams them to its encoder.
    most_frames = 3600 if is_video else 1440
    if request.frame_count > most_frames:
        fail(f"{request.frame_count} frames is too many; at most {most_frames} (seconds x fps)")
    if photo is not None and turntable:
        fail("--turntable and --photo: a photo has one view; choose one")
    photo_face = None
    if photo is not None:
        photo_face = read_face(photo, face)
    dentition = build(design.geometry)
    look(design, dentition, 0.0)  # a broken layer is one clear line before any frame
    progress = frame_progress()
    try:
        with progress:
            task = progress.add_task(f"frames of {out.name}", total=request.frame_count)

            def advance(done: int) -> None:
                progress.update(task, completed=done)

            if photo_face is None:
                count = write_animation(design, dentition, request, out, advance, quality)
            else:
                count = _write_photo_animation(
                    photo_face, design, dentition, request, out, advance, quality
                )
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except (ExportError, LayerError) as error:
        fail(str(error))
    kind = "turntable" if turntable else "animation"
    echo(f"wrote {out} ({kind}, {count} frames, {seconds:g} s at {fps:g} fps)")


def _write_photo_animation(
    photo_face: PhotoFace,
    design: Design,
    dentition: Dentition,
    request: AnimationRequest,
    out: Path,
    progress: Callable[[int], None],
    quality: str,
) -> int:
    """The glow playing on a face, written as an animation that carries the design."""
    from PIL import Image

    from fusionsmile.export.animation import write_frames
    from fusionsmile.portrait.portrait_image import portrait_frames

    times = [i / request.fps for i in range(request.frame_count)]
    pictures = portrait_frames(photo_face, design, dentition, request.size, times, request.lighting)
    images = (Image.fromarray(picture) for picture in pictures)
    return write_frames(images, request.fps, out, with_photo(design, photo_face), progress, quality)


def sheet(
    paths: Annotated[list[Path], typer.Argument(help="designs (JSON or FusionSmile PNGs)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="PNG to write")],
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT of each picture")] = "480x270",
    columns: Annotated[int | None, typer.Option(help="pictures per row", min=1, max=16)] = None,
    lighting: Annotated[
        str | None, typer.Option(help=f"lighting for all: {', '.join(LIGHTINGS)}")
    ] = None,
) -> None:
    """A contact sheet: several designs side by side, captioned with title and author."""
    if lighting is not None:
        check_lighting(lighting)
    if out.suffix.lower() != ".png":
        fail(f"{out}: the output must be a .png file")
    if len(paths) > 64:
        fail(f"{len(paths)} designs: a sheet holds at most 64")
    width_height = parse_size(size)
    if width_height[0] > 1920 or width_height[1] > 1080:
        fail(f"--size {size}: each picture is at most 1920x1080")
    designs = [load(path) for path in paths]

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.png_design import save_png
    from fusionsmile.export.sheet import Tile, contact_sheet
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    try:
        tiles = [
            Tile(
                render_image(
                    look(design, build(design.geometry), 0.0), width_height,
                    design.view.camera, lighting or design.view.lighting,
                ),
                design.meta.title,
                f"by {design.meta.author}" if design.meta.author else "",
            )
            for design in designs
        ]  # fmt: skip
        image = contact_sheet(tiles, columns or min(4, len(tiles)))
        save_png(image, out, None)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    echo(f"wrote {out} ({len(tiles)} designs, {image.width}x{image.height})")
