"""The README's before/after: the sample portrait, a natural designed smile in the
person's own shade by day, and a glowing preset at night, each with a close-up of the
mouth underneath.

    .venv/bin/python scripts/make_portrait_sheet.py [--out docs/portrait.png] [--glow calm-tide]

The sample portrait ships inside scikit-image (NASA's public-domain photo of Eileen
Collins), worked on at 1536 px so the teeth are large enough to judge. Look at the sheet
after every change to the teeth, the fit or the composite.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.starter import starter_design
from fusionsmile.export.sheet import Tile, contact_sheet
from fusionsmile.portrait.analysis import analyse_photo
from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade
from fusionsmile.portrait.photo import photo_from_bytes, sample_portrait_path
from fusionsmile.portrait.portrait_image import render_portrait

ROOT = Path(__file__).resolve().parents[1]
SIDE = 1536
FACE_BOX = (400, 110, 950, 660)  # the face, in the 1536-px portrait
TILE = 500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "portrait.png")
    parser.add_argument("--glow", default="calm-tide", help="the preset shown at night")
    parser.add_argument("--time", type=float, default=2.0, help="moment of its glow (s)")
    args = parser.parse_args()

    import io

    with Image.open(sample_portrait_path()) as image:
        large = image.convert("RGB").resize((SIDE, SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    large.save(buffer, "PNG")
    face = analyse_photo(photo_from_bytes(buffer.getvalue(), "astronaut.png"))

    natural = starter_design(fusion=0.0)
    measured = own_shade(face.look)
    if measured is not None:
        natural = with_enamel_shade(natural, measured.name)
    glowing = read_design(ROOT / "presets" / f"{args.glow}.json")
    day = render_portrait(face, natural, build(natural.geometry), "day").pixels
    night = render_portrait(face, glowing, build(glowing.geometry), "night", args.time).pixels

    corners = face.frame.commissures
    centre = corners.mean(axis=0)
    half = 0.75 * float(abs(corners[1][0] - corners[0][0]))
    mouth = (
        round(centre[0] - half),
        round(centre[1] - half * 0.55),
        round(centre[0] + half),
        round(centre[1] + half * 0.55),
    )
    shade = f" in her own shade ({measured.name})" if measured is not None else ""
    captions = (
        "the photo",
        f"a natural designed smile{shade}, by day",
        f"{args.glow}'s glow at night",
    )
    pictures = [face.photo.pixels, day, night]
    tiles = [
        Tile(Image.fromarray(pixels).crop(FACE_BOX).resize((TILE, TILE)), caption)
        for pixels, caption in zip(pictures, captions, strict=True)
    ]
    close = [
        Image.fromarray(pixels).crop(mouth).resize((TILE, round(TILE * 0.55)))
        for pixels in pictures
    ]
    top = contact_sheet(tiles, columns=3)
    sheet = Image.new("RGB", (top.width, top.height + close[0].height + 12), top.getpixel((0, 0)))
    sheet.paste(top, (0, 0))
    for i, picture in enumerate(close):
        sheet.paste(picture, (12 + i * (TILE + 12), top.height))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
