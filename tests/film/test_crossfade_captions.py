"""Captions across a cross-fade: one caption at a time (the outgoing one fades out, then
the incoming one in), never two blended over each other where neither can be read."""

from __future__ import annotations

import numpy as np
from PIL import Image

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.starter import starter_design
from fusionsmile.film.lettering import with_caption
from fusionsmile.film.shots import crossfaded_caption, film_frames
from fusionsmile.film.storyboard import SmileShot, Storyboard

SIZE = (160, 90)
FPS = 24.0


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=int)


def test_one_caption_at_a_time_through_a_crossfade() -> None:
    picture = Image.new("RGB", (320, 180), (200, 190, 180))
    out, into = "The natural smile", "The glow rises"
    early = crossfaded_caption(picture, out, into, 0.25)
    late = crossfaded_caption(picture, out, into, 0.75)
    half = Image.blend(picture, with_caption(picture, out), 0.5)
    assert np.array_equal(_pixels(early), _pixels(half))  # only the outgoing caption
    half = Image.blend(picture, with_caption(picture, into), 0.5)
    assert np.array_equal(_pixels(late), _pixels(half))  # only the incoming one
    # Halfway neither shows; a caption both shots share stays whole.
    assert np.array_equal(_pixels(crossfaded_caption(picture, out, into, 0.5)), _pixels(picture))
    same = crossfaded_caption(picture, out, out, 0.5)
    assert np.array_equal(_pixels(same), _pixels(with_caption(picture, out)))


def test_a_films_crossfade_shows_no_caption_band_halfway() -> None:
    design = starter_design("joy", fusion=0.0)
    dentition = build(design.geometry)
    shots = (
        SmileShot(seconds=2.0, lighting="day", caption="The natural smile"),
        SmileShot(seconds=2.0, lighting="day", caption="The glow rises"),
    )
    frames = [
        _pixels(f)
        for f in film_frames(design, dentition, Storyboard(crossfade=0.5, shots=shots), SIZE, FPS)
    ]
    overlap = round(0.5 * FPS)  # 12 frames
    first = round(2.0 * FPS) - overlap  # where the cross-fade starts
    band = slice(round(0.78 * SIZE[1]), round(0.95 * SIZE[1]))
    halfway = frames[first + overlap // 2 - 1][band].mean()  # weight 6/13
    captioned = frames[first + overlap + 12][band].mean()  # well into the second shot
    # The caption's dark band takes ~60% of the light of a daylight frame; halfway
    # through the cross-fade the band (of either caption) is nearly gone.
    assert halfway > captioned + 25, (halfway, captioned)
