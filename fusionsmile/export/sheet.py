"""Contact sheets: several renders in one captioned image (Pillow)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

_BACKGROUND = (12, 13, 20)
_TITLE = (236, 238, 245)
_SUBTITLE = (150, 156, 175)


@dataclass(frozen=True)
class Tile:
    """One picture of the sheet with its two caption lines."""

    image: Image.Image
    title: str
    subtitle: str = ""


def contact_sheet(
    tiles: list[Tile], columns: int, gap: int = 12, caption_height: int = 46
) -> Image.Image:
    """RGB image: tiles in rows of `columns`, each with its caption underneath.

    Every tile is drawn at the size of the first one.
    """
    if not tiles:
        raise ValueError("a contact sheet needs at least one picture")
    width, height = tiles[0].image.size
    rows = -(-len(tiles) // columns)
    sheet = Image.new(
        "RGB",
        (gap + columns * (width + gap), gap + rows * (height + caption_height + gap)),
        _BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    title_font = ImageFont.load_default(size=max(12, caption_height * 2 // 5))
    subtitle_font = ImageFont.load_default(size=max(10, caption_height * 2 // 7))
    for index, tile in enumerate(tiles):
        x = gap + (index % columns) * (width + gap)
        y = gap + (index // columns) * (height + caption_height + gap)
        picture = tile.image.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
        sheet.paste(picture, (x, y), picture)
        draw.text((x + 2, y + height + 4), tile.title, fill=_TITLE, font=title_font)
        if tile.subtitle:
            baseline = y + height + 6 + caption_height // 2
            draw.text((x + 2, baseline), tile.subtitle, fill=_SUBTITLE, font=subtitle_font)
    return sheet
