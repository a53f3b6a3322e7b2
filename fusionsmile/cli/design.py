"""`fusionsmile new | layers | palettes | moods | schema | validate | info`: write a new
design, read the catalogues (layer kinds, palettes, moods, the JSON schema), and check or
measure a design."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import echo, fail, load, shown, write_design
from fusionsmile.core.design_io import DesignError, read_design

if TYPE_CHECKING:
    from fusionsmile.core.layers.params import Param


def new(
    out: Annotated[Path, typer.Argument(help="where to write the design JSON")],
    mood: Annotated[
        str | None, typer.Option(help="glow of a mood (see `fusionsmile moods`)")
    ] = None,
    fusion: Annotated[
        float, typer.Option(help="0 natural only .. 1 full glow", min=0.0, max=1.0)
    ] = 0.5,
    force: Annotated[bool, typer.Option("--force", help="replace an existing file")] = False,
) -> None:
    """Write a new design: true-to-size teeth, a natural look, and a mood's glow."""
    from fusionsmile.core.moods import MOODS
    from fusionsmile.core.starter import starter_design

    if mood is not None and mood not in MOODS:
        fail(f"--mood {mood!r}: choose one of {', '.join(MOODS)}")
    if out.exists() and not force:
        fail(f"{out} already exists; pass --force to replace it")
    design = starter_design(mood, fusion)
    write_design(design, out)
    echo(f"wrote {out}" + (f" (mood {mood}, fusion {fusion:g})" if mood else ""))


def layers(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Every layer kind, natural and luminous, with its parameters."""
    from fusionsmile.core.layers.registry import all_kinds

    kinds = all_kinds()
    if as_json:
        echo(json.dumps({"kinds": [kind.as_json() for kind in kinds.values()]}, indent=2))
        return
    for group in ("natural", "luminous"):
        echo(f"{group}:")
        for kind in (k for k in kinds.values() if k.group == group):
            moving = " (animated)" if kind.animated else ""
            echo(f"  {kind.name:22s} {kind.description}{moving}")
            for param in kind.params:
                echo(f"      {param.name:14s} {param.type:7s} = {_describe_param(param)}")


def _describe_param(param: Param) -> str:
    text = f"{param.default!s:10s}"
    unit = f" {param.unit}" if param.unit else ""
    if param.minimum is not None and param.maximum is not None:
        text += f" [{param.minimum:g} .. {param.maximum:g}{unit}]"
    if param.choices:
        more = ", ..." if len(param.choices) > 6 else ""
        text += f" ({', '.join(param.choices[:6])}{more})"
    return text


def palettes(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Glow palettes from real emitters: peak wavelengths and their computed colours."""
    from fusionsmile.core.palettes import palettes as all_palettes

    entries = [palette.as_json() for palette in all_palettes().values()]
    if as_json:
        echo(json.dumps({"palettes": entries}, indent=2))
        return
    for entry in entries:
        bands = ", ".join(
            f"{band['peak_nm']:g} nm {band['srgb_full_brightness']}" for band in entry["bands"]
        )
        echo(f"  {entry['name']:20s} {entry['emitter'][:44]:44s} {bands}")


def moods(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Moods: the glow recipe (palette, tempo, pattern, intensity) of each emotion."""
    from fusionsmile.core.moods import MOODS

    if as_json:
        echo(json.dumps({"moods": [m.as_json() for m in MOODS.values()]}, indent=2))
        return
    for mood in MOODS.values():
        echo(
            f"  {mood.name:9s} {mood.pattern:15s} {mood.palette:18s} tempo {mood.tempo:<4g} "
            f"intensity {mood.intensity:<4g} {mood.feeling}"
        )


def schema() -> None:
    """The JSON schema of design files, including every layer kind's parameters."""
    from fusionsmile.core.design_schema import design_json_schema

    echo(json.dumps(design_json_schema(), indent=2))


def validate(path: Annotated[Path, typer.Argument(help="design JSON to check")]) -> None:
    """Check a design: prints `ok`, or every problem with its JSON path."""
    try:
        read_design(path)
    except DesignError as error:
        for problem in error.problems:
            echo(f"{error.source}: {problem}")
        raise typer.Exit(1) from None
    echo("ok")


def info(
    path: Annotated[Path, typer.Argument(help="design JSON")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Triangle count, each arch's figures, measured size of every crown, and the smile
    analysis."""
    from fusionsmile.core.analysis import analyse, summary
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.geometry_values import arch_values, fit_words
    from fusionsmile.core.measurements import measure_crowns

    design = load(path)
    dentition = build(design.geometry)
    teeth = measure_crowns(dentition)
    metrics = analyse(dentition)
    arches = arch_values(design.geometry)
    report = {
        "title": design.meta.title,
        "triangles": dentition.triangle_count,
        "arches": arches,
        "teeth": {str(fdi): m.as_json() for fdi, m in teeth.items()},
        "arch_fit": {
            arch: {
                "available_mm": fit.available_mm,
                "required_mm": fit.required_mm,
                "discrepancy_mm": fit.discrepancy_mm,
            }
            for arch, fit in dentition.arch_fit.items()
        },
        "analysis": {name: metric.as_json() for name, metric in metrics.items()},
    }
    if as_json:
        echo(json.dumps(report, indent=2))
        return
    echo(f"{shown(design.meta.title)}: {dentition.triangle_count:,} triangles, {len(teeth)} teeth")
    for arch, values in arches.items():
        fit = dentition.arch_fit[arch]
        echo(
            f"  {arch} arch {values['width_mm']:g} x {values['depth_mm']:g} mm: spacing "
            f"{values['spacing_mm']:.2f}, diastema {values['diastema_mm']:.2f}, midline shift "
            f"{values['midline_shift_mm']:+.2f} mm; {fit_words(fit.discrepancy_mm)}"
        )
    for metric in metrics.values():
        value = "—" if metric.value is None else f"{metric.value:.2f}"
        mark = {True: "ok", False: "outside", None: "n/a"}[metric.ok]
        low, high = metric.range
        echo(f"  {metric.label:48s} {value:>7} [{low:g} .. {high:g}] {mark}")
    echo(summary(metrics))
