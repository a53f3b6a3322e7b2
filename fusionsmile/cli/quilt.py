"""`fusionsmile quilt DESIGN -o smile.png`: a quilt for a Looking Glass display, named
with its layout (`smile_qs8x6a0.75.png`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fusionsmile.cli.common import (
    LIGHTINGS,
    VIEWS,
    echo,
    fail,
    load,
    look,
    number_from,
    parse_size,
    view_and_lighting,
)


def quilt(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[Path, typer.Option("-o", "--out", help="PNG; the layout tag is added")],
    display: Annotated[
        str, typer.Option("--display", help="portrait, go or 16-landscape (its native quilt)")
    ] = "portrait",
    columns: Annotated[int | None, typer.Option(help="views across", min=1, max=100)] = None,
    rows: Annotated[int | None, typer.Option(help="views down", min=1, max=100)] = None,
    size: Annotated[str | None, typer.Option(help="quilt WIDTHxHEIGHT in pixels")] = None,
    cone: Annotated[float, typer.Option(help="view cone, degrees", min=5.0, max=90.0)] = 40.0,
    view: Annotated[str | None, typer.Option(help=f"camera: {', '.join(VIEWS)}")] = None,
    lighting: Annotated[str | None, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = None,
    seconds: Annotated[
        float | None,
        typer.Option(
            help="a quilt video (.mp4) of the glow this long, 0.1-12 s",
            parser=number_from(0.1, 12.0, "seconds"),
        ),
    ] = None,
    fps: Annotated[float, typer.Option(help="the video's frames per second")] = 30.0,
    stereo: Annotated[
        str | None,
        typer.Option(help="instead, a side-by-side stereo pair PNG, each eye WIDTHxHEIGHT"),
    ] = None,
    separation: Annotated[
        float, typer.Option(help="stereo: degrees between the eyes", min=0.1, max=10.0)
    ] = 2.0,
) -> None:
    """A light-field quilt: views of the smile along a horizontal arc, in a grid; as a
    still PNG, a video of the glow (--seconds, .mp4), or a stereo pair (--stereo)."""
    from dataclasses import replace

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.quilt import PRESETS, write_quilt, write_quilt_video, write_stereo
    from fusionsmile.render.context import RenderUnavailable

    if display not in PRESETS:
        fail(f"--display {display!r}: choose one of {', '.join(PRESETS)}")
    layout = PRESETS[display]
    if columns is not None:
        layout = replace(layout, columns=columns)
    if rows is not None:
        layout = replace(layout, rows=rows)
    if size is not None:
        layout = replace(layout, size=parse_size(size))
    design = load(path)
    view, lighting = view_and_lighting(design, view, lighting)
    try:
        dentition = build(design.geometry)
        if stereo is not None:
            eye = parse_size(stereo)
            look(design, dentition, 0.0)
            written = write_stereo(
                design, dentition, eye, out, view=view, lighting=lighting, separation=separation
            )
            echo(f"wrote {written} (stereo pair, 2x{eye[0]}x{eye[1]}, left eye on the left)")
            return
        layout.check()
        look(design, dentition, 0.0)
        if seconds is not None:
            written = write_quilt_video(
                design, dentition, layout, out, seconds, fps,
                view=view, lighting=lighting, cone=cone,
            )  # fmt: skip
        else:
            written = write_quilt(
                design, dentition, layout, out, view=view, lighting=lighting, cone=cone
            )
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    w, h = layout.size
    echo(f"wrote {written} ({layout.views} views, {layout.columns}x{layout.rows}, {w}x{h})")
