"""The smile card: a render with its title, author, mood and glow palettes underneath,
laid out for sharing (dark theme, Pillow)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from fusionsmile.core.colour import linear_to_hex
from fusionsmile.core.design import Design
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.palettes import palette_for

_BACKGROUND = (11, 12, 19)
_PANEL = (18, 20, 31)
_TITLE = (238, 240, 248)
_SUBTITLE = (150, 156, 178)
_CHIP = (40, 44, 66)


def glow_palettes(design: Design) -> list[list[str]]:
    """'#rrggbb' sRGB stops of each enabled luminous layer's palette, in stack order."""
    found: list[list[str]] = []
    for layer in design.layers:
        if not layer.enabled or kind_for(layer.kind).group != "luminous":
            continue
        value = resolved_params(layer).get("palette")
        if isinstance(value, str):
            stops = [linear_to_hex(stop) for stop in palette_for(value).stops]
            if stops not in found:
                found.append(stops)
    return found


def smile_card(render: Image.Image, design: Design) -> Image.Image:
    """RGB card: the render on top, a caption panel of about a fifth of its height below."""
    width, height = render.size
    unit = max(8, min(width, height * 16 // 9) // 60)  # spacing scales with the image
    panel = max(5 * unit, height // 5)
    card = Image.new("RGB", (width, height + panel), _BACKGROUND)
    picture = render.convert("RGBA")
    card.paste(picture, (0, 0), picture)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, height, width, height + panel), fill=_PANEL)
    draw.line((0, height, width, height), fill=(60, 66, 98), width=max(1, unit // 8))
    title_font = ImageFont.load_default(size=int(unit * 1.9))
    small_font = ImageFont.load_default(size=int(unit * 1.0))
    x, y = 2 * unit, height + int(1.2 * unit)
    draw.text((x, y), design.meta.title, fill=_TITLE, font=title_font)
    y += int(2.6 * unit)
    if design.meta.author:
        draw.text((x, y), f"by {design.meta.author}", fill=_SUBTITLE, font=small_font)
        y += int(1.6 * unit)
    if design.meta.mood:
        label = design.meta.mood
        left, top, right, bottom = draw.textbbox((0, 0), label, font=small_font)
        chip = (x, y, x + right - left + unit, y + bottom - top + unit // 2 + unit // 4)
        draw.rounded_rectangle(chip, radius=unit // 2, fill=_CHIP)
        draw.text((x + unit // 2 - left, y + unit // 4 - top), label, fill=_TITLE, font=small_font)
    _draw_palettes(card, glow_palettes(design), width, height, panel, unit)
    return card


def _draw_palettes(
    card: Image.Image, palettes: list[list[str]], width: int, height: int, panel: int, unit: int
) -> None:
    """Each palette a rounded gradient strip, stacked at the right of the panel."""
    if not palettes:
        return
    strip_w = max(4 * unit, width // 5)
    strip_h = max(4, min(unit, (panel - 2 * unit) // len(palettes) - unit // 2))
    x0 = width - 2 * unit - strip_w
    y = height + (panel - len(palettes) * (strip_h + unit // 2)) // 2
    for stops in palettes[:6]:
        colours = np.array([[int(s[i : i + 2], 16) for i in (1, 3, 5)] for s in stops], float)
        positions = np.linspace(0, 1, len(colours))
        xs = np.linspace(0, 1, strip_w)
        row = np.stack([np.interp(xs, positions, colours[:, c]) for c in range(3)], axis=-1)
        strip = Image.fromarray(np.repeat(row[None], strip_h, axis=0).astype(np.uint8), "RGB")
        mask = Image.new("L", strip.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, strip_w - 1, strip_h - 1), radius=strip_h // 2, fill=255
        )
        card.paste(strip, (x0, y), mask)
        y += strip_h + unit // 2
