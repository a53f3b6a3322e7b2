"""The film a design makes of itself when no storyboard is given.

Title card; the natural smile in daylight; the fusion rising into its glow at night; a
turntable; the design's story told in captions over those shots (and over up to
MAX_STORY_SHOTS more night shots when it is long: a story longer than about 900
characters is cut there, a film being no place for the whole of it); the credits of
everything it remixes.
"""

from __future__ import annotations

import re

from fusionsmile.core.design import CameraName, Design
from fusionsmile.film.storyboard import (
    MAX_LINE,
    CardShot,
    FusionChange,
    SmileShot,
    Storyboard,
)

CAPTION_CHARACTERS = 140  # two to three lines at 1080p: read in a 3-4 s shot
MAX_STORY_SHOTS = 3  # captions beyond the built-in shots become extra night shots
GLOW_FLOOR = 0.6  # a design kept natural still shows the glow it could have


def story_captions(story: str) -> list[str]:
    """The story in caption-sized pieces, broken at sentence ends where it can be."""
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+", " ".join(story.split())) if s]
    captions: list[str] = []
    for sentence in sentences:
        if captions and len(captions[-1]) + 1 + len(sentence) <= CAPTION_CHARACTERS:
            captions[-1] += " " + sentence
            continue
        captions.extend(_pieces(sentence))
    return captions


def _pieces(sentence: str) -> list[str]:
    """A sentence longer than a caption in pieces of about equal length, cut at spaces
    (each but the last ending in an ellipsis): never a word or two left over to open the
    next caption ("light. A soft glow…")."""
    pieces = []
    while len(sentence) > CAPTION_CHARACTERS:
        aim = len(sentence) // -(-len(sentence) // CAPTION_CHARACTERS)
        spaces = [i for i, c in enumerate(sentence[:CAPTION_CHARACTERS]) if c == " "]
        cut = min(spaces, key=lambda i: abs(i - aim)) if spaces else CAPTION_CHARACTERS
        pieces.append(sentence[:cut].rstrip() + "…")
        sentence = sentence[cut:].lstrip()
    return [*pieces, sentence] if sentence else pieces


def _fitted(line: str) -> str:
    # An author may be as long as a card line: "by " must not push it over.
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def default_storyboard(design: Design, credits: tuple[str, ...]) -> Storyboard:
    """The default film of design; credits are the credits card's lines."""
    meta = design.meta
    glow = design.fusion if design.fusion >= GLOW_FLOOR else 1.0
    captions = story_captions(meta.story)
    told = iter(captions)
    byline = [_fitted(f"by {meta.author}")] if meta.author else []
    shots: list[SmileShot | CardShot] = [
        CardShot(seconds=3.0, heading=meta.title, lines=(*byline, meta.license)),
        SmileShot(
            seconds=3.5,
            camera="front",
            move="dolly",
            lighting="day",
            fusion=0.0,
            caption=next(told, "Natural, in daylight"),
        ),
        SmileShot(
            seconds=4.0,
            camera="front",
            move="still",
            lighting="night",
            change=FusionChange(start=0.0, end=glow),
            caption=next(told, "At night, the fusion rises into its glow"),
        ),
        SmileShot(
            seconds=6.0,
            camera="front",
            move="turntable",
            lighting="night",
            time=4.0,
            fusion=glow,
            caption=next(told, ""),
        ),
    ]
    views: tuple[CameraName, ...] = ("three-quarter-left", "three-quarter-right", "front")
    for index, caption in enumerate(list(told)[:MAX_STORY_SHOTS]):
        shots.append(
            SmileShot(
                seconds=3.5,
                camera=views[index % len(views)],
                move="orbit",
                lighting="night",
                time=10.0 + 3.5 * index,
                fusion=glow,
                caption=caption,
            )
        )
    shots.append(CardShot(seconds=4.0, heading="Credits", lines=credits[:24]))
    return Storyboard(crossfade=0.5, shots=tuple(shots))
