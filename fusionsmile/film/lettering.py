"""Text in films: captions over a shot and cards (titles, credits), in DejaVu Sans.

DejaVu Sans (Bitstream Vera licence, free to use and redistribute) ships inside
matplotlib's wheel, a dependency already: nothing is downloaded, no system font is
looked for, and it covers the accents, Greek and Cyrillic of people's names. It is found
without importing matplotlib (its import costs a second). Sizes are fractions of the
frame height, tuned so that a caption reads on a phone held upright at 1080p (about
1/24 of the height, ~45 px) and stays above ~12 px in small test films.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CAPTION_HEIGHT = 1 / 24  # caption font size, fraction of the frame height
CAPTION_LINES = 3
HEADING_HEIGHT = 1 / 12
LINE_HEIGHT = 1 / 26
MIN_PIXELS = 10
CARD_TOP = (10, 12, 24)  # the card's ground, sRGB: the night lighting's dark blue
CARD_BOTTOM = (2, 3, 8)
HEADING_COLOUR = (236, 244, 255)
TEXT_COLOUR = (196, 208, 226)


class FontMissing(RuntimeError):
    """The bundled font is not installed (matplotlib missing or damaged)."""


@cache
def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (or Bold) from matplotlib's package data."""
    spec = importlib.util.find_spec("matplotlib")
    folders = spec.submodule_search_locations if spec is not None else None
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in folders or ():
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return path
    raise FontMissing(f"the film font {name} is missing: reinstall matplotlib")


@cache
def font(pixels: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), max(MIN_PIXELS, pixels))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Lines of text, broken between words, each at most width pixels (a single word
    longer than that keeps its own line)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and face.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def caption_lines(caption: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """caption wrapped to at most CAPTION_LINES lines of width pixels; a longer one ends
    in an ellipsis where it is cut (a storyboard caption may run past three lines at
    300 characters: its end is never dropped unseen)."""
    lines = wrap(caption, face, width)
    if len(lines) <= CAPTION_LINES:
        return lines
    last = lines[CAPTION_LINES - 1].split()
    while len(last) > 1 and face.getlength(" ".join(last) + "…") > width:
        last.pop()
    return [*lines[: CAPTION_LINES - 1], " ".join(last) + "…"]


def with_caption(frame: Image.Image, caption: str) -> Image.Image:
    """frame (RGB) with caption in the lower part, on a soft dark band that keeps white
    text legible over the brightest glow."""
    if not caption.strip():
        return frame
    w, h = frame.size
    face = font(round(h * CAPTION_HEIGHT))
    lines = caption_lines(caption, face, 0.84 * w)
    step = round(face.size * 1.3)
    block = step * len(lines)
    top = round(h * 0.93) - block
    band = Image.new("L", frame.size, 0)
    ImageDraw.Draw(band).rectangle((0, top - step // 2, w, top + block + step // 3), fill=150)
    dark = Image.new("RGB", frame.size, (0, 0, 0))
    out = Image.composite(dark, frame.convert("RGB"), band)
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(lines):
        draw.text((w / 2, top + i * step), line, font=face, fill=(255, 255, 255), anchor="ma")
    return out


def card(size: tuple[int, int], heading: str, lines: tuple[str, ...]) -> Image.Image:
    """A card of size (w, h): heading and lines centred on a dark gradient. The text
    shrinks until every line fits the height."""
    w, h = size
    ground = Image.linear_gradient("L").resize(size)
    top, bottom = Image.new("RGB", size, CARD_TOP), Image.new("RGB", size, CARD_BOTTOM)
    out = Image.composite(bottom, top, ground)
    draw = ImageDraw.Draw(out)
    scale = 1.0
    while True:
        big = font(round(h * HEADING_HEIGHT * scale), bold=True)
        small = font(round(h * LINE_HEIGHT * scale))
        heading_lines = wrap(heading, big, 0.86 * w) if heading else []
        body = [part for line in lines for part in wrap(line, small, 0.86 * w)]
        height = len(heading_lines) * big.size * 1.25 + len(body) * small.size * 1.45
        if heading_lines and body:
            height += small.size
        if height <= 0.86 * h or small.size <= MIN_PIXELS:
            break
        scale *= 0.9
    y = (h - height) / 2
    for line in heading_lines:
        draw.text((w / 2, y), line, font=big, fill=HEADING_COLOUR, anchor="ma")
        y += big.size * 1.25
    if heading_lines and body:
        y += small.size
    for line in body:
        draw.text((w / 2, y), line, font=small, fill=TEXT_COLOUR, anchor="ma")
        y += small.size * 1.45
    return out
