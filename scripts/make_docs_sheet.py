"""Render every preset in day and night lighting and put them on one contact sheet.

    .venv/bin/python scripts/make_docs_sheet.py [--out docs/presets.png] [--size 480x270]

Used for the README's picture of the presets; look at it after every change to the look.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.compose import compose, loop_period
from fusionsmile.core.scene import design_scene
from fusionsmile.export.sheet import Tile, contact_sheet
from fusionsmile.render.renderer import render_image

ROOT = Path(__file__).resolve().parents[1]


def brightest_moment(design: Design, dentition: Dentition) -> float:
    """The moment of the first loop (at most 12 s, 0.1 s steps) with the most glow."""
    period = loop_period(design)
    if period == 0.0:
        return 0.0
    _, attributes = dentition.merged()
    moments = np.arange(0.0, min(period or 12.0, 12.0), 0.1)
    glow = [compose(design, attributes, float(t)).emission.mean() for t in moments]
    return float(moments[int(np.argmax(glow))])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "presets.png")
    parser.add_argument("--size", default="480x270")
    parser.add_argument("--presets", nargs="*", help="preset names (default: all)")
    parser.add_argument("--lightings", nargs="*", default=["day", "night"])
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    paths = sorted((ROOT / "presets").glob("*.json"))
    if args.presets:
        paths = [ROOT / "presets" / f"{name}.json" for name in args.presets]
    tiles = []
    for path in paths:
        design = read_design(path)
        dentition = build(design.geometry)
        moment = brightest_moment(design, dentition)
        scene = design_scene(design, dentition, moment)
        lightings = list(args.lightings)
        if design.view.lighting == "blacklight" and "blacklight" not in lightings:
            lightings[-1] = "blacklight"
        for lighting in lightings:
            image = render_image(scene, (width, height), design.view.camera, lighting)
            mood = f"mood {design.meta.mood} · " if design.meta.mood else ""
            moment_text = f" · t {moment:.1f} s" if moment else ""
            subtitle = f"{path.stem} · {mood}{lighting} · fusion {design.fusion:g}{moment_text}"
            tiles.append(Tile(image, design.meta.title, subtitle))
        print(f"rendered {path.stem}", flush=True)
    columns = 2 * len(args.lightings) if len(tiles) > 8 else len(args.lightings)
    sheet = contact_sheet(tiles, columns=columns)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
