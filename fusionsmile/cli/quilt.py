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
) -> None:
    """A light-field quilt: views of the smile along a horizontal arc, in a grid."""
    from dataclasses import replace

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.quilt import PRESETS, write_quilt
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
        layout.check()
        dentition = build(design.geometry)
        look(design, dentition, 0.0)
        written = write_quilt(
            design, dentition, layout, out, view=view, lighting=lighting, cone=cone
        )
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    w, h = layout.size
    echo(f"wrote {written} ({layout.views} views, {layout.columns}x{layout.rows}, {w}x{h})")
