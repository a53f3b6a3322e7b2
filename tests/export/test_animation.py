"""Animations: frame counts, durations, seamless loops, and every format re-read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.layers.compose import loop_period
from fusionsmile.export.animation import AnimationRequest, default_seconds, frames, write_animation

ROOT = Path(__file__).parents[2]
SHOWCASE = read_design(ROOT / "presets" / "showcase.json")


@pytest.fixture(scope="module")
def dentition():  # type: ignore[no-untyped-def]
    return build(SHOWCASE.geometry)


def test_the_loop_closes(dentition) -> None:  # type: ignore[no-untyped-def]
    period = loop_period(SHOWCASE)
    assert period
    # Frames at t = 0 and t = period: the frame after the last one drawn is frame 0.
    request = AnimationRequest(2 * period, 1 / period, (96, 54), "front", "night")
    first, at_period = (np.asarray(image, dtype=np.int16) for image in frames(
        SHOWCASE, dentition, request))  # fmt: skip
    assert np.abs(first - at_period).max() <= 2
    assert default_seconds(SHOWCASE, turntable=False) == min(period, 12.0)


@pytest.mark.parametrize("suffix", ["gif", "png", "webp"])
def test_every_format_rereads_with_its_frames_and_length(
    tmp_path: Path,
    dentition,  # type: ignore[no-untyped-def]
    suffix: str,
) -> None:
    out = tmp_path / f"smile.{suffix}"
    request = AnimationRequest(1.0, 8, (80, 45), "front", "night", turntable=True)
    assert write_animation(SHOWCASE, dentition, request, out) == 8
    with Image.open(out) as image:
        assert image.size == (80, 45)
        assert image.n_frames == 8  # the turntable changes every frame: none merged
        total = 0
        for index in range(image.n_frames):
            image.seek(index)
            total += image.info.get("duration", 125)  # Pillow reads no WebP durations
        assert image.info.get("loop", 0) == 0  # forever
    assert total == pytest.approx(1000, abs=10)
    if suffix == "png":
        assert read_design(out) == SHOWCASE  # an APNG carries its design


def test_turntable_frames_differ_and_come_round(dentition) -> None:  # type: ignore[no-untyped-def]
    request = AnimationRequest(4.0, 1.0, (64, 36), "front", "day", turntable=True)
    images = [np.asarray(image, dtype=np.int16) for image in frames(SHOWCASE, dentition, request)]
    assert len(images) == 4
    assert np.abs(images[0] - images[2]).mean() > 2  # seen from behind
