"""Before/after of the teeth (issue 13): the default smile from the front and the
three-quarter view by day and at night, and on the sample portrait by day next to the
person's own teeth at the same size.

    # the "before" column, from the code before a change (e.g. an export of HEAD):
    PYTHONPATH=/tmp/head .venv/bin/python scripts/make_teeth_sheet.py --strip /tmp/before.png
    # the sheet, the "after" column drawn by the code of this tree:
    .venv/bin/python scripts/make_teeth_sheet.py --before /tmp/before.png \
        [--out docs/teeth-before-after.png]

Look at it after every change to the teeth's geometry or shading.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.core.starter import starter_design
from fusionsmile.export.sheet import Tile, contact_sheet
from fusionsmile.render.renderer import render_image

ROOT = Path(__file__).resolve().parents[1]
SIZE = (640, 360)
PORTRAIT_SIDE = 1536  # as scripts/make_portrait_sheet.py


def views() -> list[Tile]:
    """The default design's views, top to bottom."""
    design = starter_design(fusion=0.0)
    scene = design_scene(design, build(design.geometry))
    tiles = []
    for lighting in ("day", "night"):
        for view in ("front", "three-quarter-left"):
            image = render_image(scene, SIZE, view, lighting).convert("RGB")
            tiles.append(Tile(image, f"{view}, {lighting}"))
    return tiles


def portrait() -> list[Tile]:
    """The mouth of the sample portrait: her own teeth, and the designed smile by day in
    her own shade, cut out at the same place and size."""
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade
    from fusionsmile.portrait.photo import photo_from_bytes, sample_portrait_path
    from fusionsmile.portrait.portrait_image import render_portrait

    with Image.open(sample_portrait_path()) as image:
        large = image.convert("RGB").resize((PORTRAIT_SIDE,) * 2, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    large.save(buffer, "PNG")
    face = analyse_photo(photo_from_bytes(buffer.getvalue(), "astronaut.png"))
    design = starter_design(fusion=0.0)
    measured = own_shade(face.look)
    if measured is not None:
        design = with_enamel_shade(design, measured.name)
    day = render_portrait(face, design, build(design.geometry), "day").pixels
    corners = face.frame.commissures
    centre = corners.mean(axis=0)
    half = 0.62 * float(abs(corners[1][0] - corners[0][0]))
    box = (
        round(centre[0] - half),
        round(centre[1] - half * SIZE[1] / SIZE[0]),
        round(centre[0] + half),
        round(centre[1] + half * SIZE[1] / SIZE[0]),
    )
    own = Image.fromarray(face.photo.pixels).crop(box).resize(SIZE, Image.Resampling.LANCZOS)
    designed = Image.fromarray(day).convert("RGB").crop(box).resize(SIZE, Image.Resampling.LANCZOS)
    return [Tile(own, "portrait: her own teeth"), Tile(designed, "portrait: designed, by day")]


def strip() -> Image.Image:
    return contact_sheet([*views(), *portrait()], columns=1)


def side_by_side(before: Image.Image, after: Image.Image) -> Image.Image:
    header = 34
    sheet = Image.new(
        "RGB", (before.width + after.width, header + max(before.height, after.height)), (18, 18, 24)
    )
    sheet.paste(before, (0, header))
    sheet.paste(after, (before.width, header))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=20)
    draw.text((14, 8), "before", fill=(235, 235, 235), font=font)
    draw.text((before.width + 14, 8), "after (issue 13)", fill=(235, 235, 235), font=font)
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--strip", type=Path, help="write only this code's column here")
    parser.add_argument("--before", type=Path, help="a column written by --strip earlier")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "teeth-before-after.png")
    args = parser.parse_args()
    column = strip()
    if args.strip:
        column.save(args.strip)
        print(f"wrote {args.strip} ({column.width}x{column.height})")
        return
    if args.before is None:
        parser.error("give --strip, or --before with a column made by --strip")
    with Image.open(args.before) as before:
        sheet = side_by_side(before.convert("RGB"), column)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
