"""Small galleries for the sharing tests: designs with metadata and quick PNG thumbnails
(drawn with Pillow, so no renderer is needed and the tests stay fast)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from fusionsmile.core.design import Design, Meta
from fusionsmile.gallery.entry import Entry
from fusionsmile.gallery.store import Gallery


def thumbnail_png(colour: tuple[int, int, int] = (90, 220, 255)) -> bytes:
    """A 480x270 dark picture with a glowing arc in colour: a stand-in for a render."""
    image = Image.new("RGB", (480, 270), (8, 10, 18))
    draw = ImageDraw.Draw(image)
    for width, alpha in ((28, 0.15), (16, 0.35), (6, 1.0)):
        tint = tuple(int(c * alpha + 8 * (1 - alpha)) for c in colour)
        draw.arc((90, 10, 390, 200), 20, 160, fill=tint, width=width)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def design(
    title: str,
    author: str = "Ana",
    tags: tuple[str, ...] = (),
    mood: str | None = None,
    story: str = "",
    parents: tuple[str, ...] = (),
    fusion: float = 0.5,
) -> Design:
    meta = Meta(title=title, author=author, tags=tags, mood=mood, story=story, parents=parents)
    return Design(meta=meta, fusion=fusion)


def add(gallery: Gallery, made: Design, colour: tuple[int, int, int] = (90, 220, 255)) -> Entry:
    entry, _added = gallery.add(made, thumbnail_png(colour))
    return entry


def small_gallery(root: Path) -> tuple[Gallery, list[Entry]]:
    """Four entries with different moods and tags; the last remixes the first and names
    a parent this gallery does not have."""
    gallery = Gallery(root)
    first = add(
        gallery,
        design(
            "Lantern grin",
            "Ana",
            ("night", "party"),
            "joy",
            "Sparks for a birthday under the stars.",
        ),
        (255, 220, 60),
    )
    second = add(
        gallery,
        design(
            "Tide pool", "Bo", ("sea", "night"), "calm", "Slow blue light, like a bay in August."
        ),
        (40, 200, 255),
    )
    third = add(
        gallery,
        design("Heartbeat", "Cy", ("love",), "love", "A red pulse at 66 beats a minute."),
        (255, 70, 40),
    )
    fourth = add(
        gallery,
        design(
            "Lantern grin, remixed",
            "Dee",
            ("party",),
            "hope",
            "More fireflies.",
            parents=(first.id, "f" * 64),
        ),
        (60, 255, 200),
    )
    return gallery, [first, second, third, fourth]
