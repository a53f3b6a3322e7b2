"""The README's showcase pair and its sheet of views.

    .venv/bin/python scripts/make_views_sheet.py [--showcase docs/showcase.png]
        [--views docs/views.png]

showcase.png: the showcase preset at fusion 0 by day and at its own fusion glowing at
night (three-quarter view). views.png: the showcase from the front, three-quarter and
both occlusal views, and two natural presets from the front. Look at both after every
change to the teeth's geometry or shading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.export.sheet import Tile, contact_sheet
from fusionsmile.render.renderer import render_image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_docs_sheet import brightest_moment  # noqa: E402

VIEWS = (
    ("showcase", "front"),
    ("showcase", "three-quarter-right"),
    ("showcase", "occlusal-upper"),
    ("authentic-gap", "front"),
    ("elder-worn", "front"),
    ("showcase", "occlusal-lower"),
)


def showcase() -> list[Tile]:
    design = read_design(ROOT / "presets" / "showcase.json")
    dentition = build(design.geometry)
    natural = design.model_copy(update={"fusion": 0.0})
    moment = brightest_moment(design, dentition)
    size = (800, 450)
    day = render_image(design_scene(natural, dentition), size, "three-quarter-right", "day")
    night = render_image(
        design_scene(design, dentition, moment), size, "three-quarter-right", "night"
    )
    return [
        Tile(
            day.convert("RGB"),
            "Fusion 0: the natural smile",
            "showcase · day · enamel, translucent edges, perikymata, depth between teeth",
        ),
        Tile(
            night.convert("RGB"),
            f"Fusion {design.fusion:g}: the same smile, glowing",
            "showcase · night · jellyfish gum-line glow, foxfire pulse, plankton sparks",
        ),
    ]


def views() -> list[Tile]:
    tiles = []
    for name, view in VIEWS:
        design = read_design(ROOT / "presets" / f"{name}.json")
        natural = design.model_copy(update={"fusion": 0.0})
        scene = design_scene(natural, build(design.geometry))
        image = render_image(scene, (640, 360), view, "day").convert("RGB")
        tiles.append(Tile(image, f"{name} · {view}"))
    return tiles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--showcase", type=Path, default=ROOT / "docs" / "showcase.png")
    parser.add_argument("--views", type=Path, default=ROOT / "docs" / "views.png")
    args = parser.parse_args()
    for out, tiles, columns in ((args.showcase, showcase(), 2), (args.views, views(), 3)):
        sheet = contact_sheet(tiles, columns=columns)
        out.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(out, optimize=True)
        print(f"wrote {out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
