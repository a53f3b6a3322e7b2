"""The smile card lists the glow palettes and lays them under the render."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.export.card import glow_palettes, smile_card

ROOT = Path(__file__).parents[2]


def test_card_palettes_are_the_luminous_layers_colours() -> None:
    design = read_design(ROOT / "presets" / "showcase.json")
    palettes = glow_palettes(design)
    assert len(palettes) == 3
    assert all(stop.startswith("#") and len(stop) == 7 for stops in palettes for stop in stops)


def test_card_keeps_the_render_on_top() -> None:
    design = read_design(ROOT / "presets" / "star-tattoo.json")
    render = Image.new("RGBA", (400, 225), (200, 10, 10, 255))
    card = smile_card(render, design)
    assert card.size[0] == 400 and card.size[1] > 225
    assert card.getpixel((200, 100)) == (200, 10, 10)
