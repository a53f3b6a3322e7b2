"""Draw the built-in decals: white shapes on transparency, for the `decal` glow layer.

    .venv/bin/python scripts/make_decals.py [--out assets/decals] [--size 256]

Each shape is drawn at 4x the size and scaled down with a Lanczos filter, so its edges
are smooth; the decal layer colours them with its palette. Made here, CC0.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
SUPERSAMPLE = 4
OPAQUE = 255

Point = tuple[float, float]


def _star_points(cx: float, cy: float, outer: float, inner: float, tips: int) -> list[Point]:
    """A star polygon with `tips` points, the first straight up."""
    points = []
    for k in range(2 * tips):
        radius = outer if k % 2 == 0 else inner
        angle = math.pi * k / tips - math.pi / 2
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _canvas(size: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    mask = Image.new("L", (size, size), 0)
    return mask, ImageDraw.Draw(mask)


def star(size: int) -> Image.Image:
    mask, draw = _canvas(size)
    c = size / 2
    draw.polygon(_star_points(c, c * 1.06, 0.48 * size, 0.2 * size, 5), fill=OPAQUE)
    return mask


def heart(size: int) -> Image.Image:
    # The classic heart curve, x = 16 sin^3 t, y = 13 cos t - 5 cos 2t - 2 cos 3t - cos 4t.
    mask, draw = _canvas(size)
    scale = size / 36
    points = []
    for k in range(720):
        t = 2 * math.pi * k / 720
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((size / 2 + scale * x, size * 0.46 - scale * y))
    draw.polygon(points, fill=OPAQUE)
    return mask


def crescent(size: int) -> Image.Image:
    # A disc with a larger, offset disc taken away.
    mask, draw = _canvas(size)
    r, c = 0.44 * size, size / 2
    draw.ellipse((c - r, c - r, c + r, c + r), fill=OPAQUE)
    bite, bite_draw = _canvas(size)
    bite_draw.ellipse((c - 0.62 * r, c - 1.02 * r, c + 1.3 * r, c + 0.78 * r), fill=OPAQUE)
    return ImageChops.subtract(mask, bite)


def lightning(size: int) -> Image.Image:
    mask, draw = _canvas(size)
    s = size / 100
    bolt = [(58, 2), (18, 56), (44, 56), (32, 98), (82, 38), (55, 38), (72, 2)]
    draw.polygon([(x * s, y * s) for x, y in bolt], fill=OPAQUE)
    return mask


def sparkle(size: int) -> Image.Image:
    # A four-pointed glint with curved (astroid) sides, and a small one beside it.
    mask, draw = _canvas(size)

    def glint(cx: float, cy: float, r: float) -> list[Point]:
        steps = 400
        return [
            (cx + r * math.cos(t) ** 3, cy + r * math.sin(t) ** 3)
            for t in (2 * math.pi * k / steps for k in range(steps))
        ]

    draw.polygon(glint(0.44 * size, 0.56 * size, 0.42 * size), fill=OPAQUE)
    draw.polygon(glint(0.8 * size, 0.2 * size, 0.17 * size), fill=OPAQUE)
    return mask


def constellation(size: int) -> Image.Image:
    # The Plough (Big Dipper): seven stars joined by fainter lines.
    mask, draw = _canvas(size)
    stars = [(0.08, 0.30), (0.27, 0.24), (0.43, 0.33), (0.57, 0.45), (0.62, 0.70),
             (0.88, 0.74), (0.92, 0.46)]  # fmt: skip
    points = [(x * size, y * size) for x, y in stars]
    draw.line([*points, points[3]], fill=120, width=round(0.014 * size), joint="curve")
    for k, (x, y) in enumerate(points):
        r = (0.05 if k in (0, 3, 6) else 0.038) * size
        draw.polygon(_star_points(x, y, r * 1.7, r * 0.5, 4), fill=OPAQUE)
        draw.ellipse((x - r * 0.62, y - r * 0.62, x + r * 0.62, y + r * 0.62), fill=OPAQUE)
    return mask


DECALS: dict[str, Callable[[int], Image.Image]] = {
    "star": star,
    "heart": heart,
    "crescent": crescent,
    "lightning": lightning,
    "sparkle": sparkle,
    "constellation": constellation,
}


def draw_decal(shape: Callable[[int], Image.Image], size: int) -> Image.Image:
    """The shape as a size x size white-on-transparent RGBA image with smooth edges.

    Only the alpha carries the shape (the colour is white everywhere), so the edges do
    not fringe when the image is scaled or sampled.
    """
    alpha = shape(size * SUPERSAMPLE).resize((size, size), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    image.putalpha(alpha)
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "decals")
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, shape in DECALS.items():
        path = args.out / f"{name}.png"
        draw_decal(shape, args.size).save(path, optimize=True)
        print(path)


if __name__ == "__main__":
    main()
