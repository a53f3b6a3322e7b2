"""Changes across a shot (issue 14): one mood into another and a layer parameter from
one value to another, validated in the storyboard and against the design, and frames
that start at one end and finish at the other."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.moods import apply_mood
from fusionsmile.core.starter import starter_design
from fusionsmile.film.shots import changed, check_changes, film_frames
from fusionsmile.film.storyboard import (
    MoodChange,
    ParamChange,
    SmileShot,
    Storyboard,
    StoryboardError,
    storyboard_from_object,
)

SIZE = (96, 54)
FPS = 24.0


@pytest.fixture(scope="module")
def joy():  # type: ignore[no-untyped-def]
    design = starter_design("joy", fusion=1.0)
    return design, build(design.geometry)


def frames_of(design, dentition, shot: SmileShot) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    board = Storyboard(crossfade=0.0, shots=(shot,))
    return [np.asarray(f, dtype=int) for f in film_frames(design, dentition, board, SIZE, FPS)]


def test_changes_are_validated_as_data() -> None:
    raw = {
        "schema": "fusionsmile.storyboard",
        "version": 1,
        "shots": [{"kind": "smile", "change": {"kind": "mood", "start": "joy", "end": "glee"}}],
    }
    with pytest.raises(StoryboardError, match=r"shot 1: change.end: unknown mood 'glee'"):
        storyboard_from_object(raw)
    raw["shots"][0]["change"] = {"kind": "param", "layer": "", "param": "speed", "start": 0}
    with pytest.raises(StoryboardError, match=r"shot 1: change\."):
        storyboard_from_object(raw)


def test_a_parameter_change_is_checked_against_the_design(joy) -> None:  # type: ignore[no-untyped-def]
    design, _ = joy
    shot = SmileShot(change=ParamChange(layer="Joy glow", param="intensity", start=0.2, end=2.0))
    check_changes(design, Storyboard(shots=(shot,)))  # fine
    for change, words in [
        (ParamChange(layer="Sea glow", param="speed", start=0, end=1), "no layer 'Sea glow'"),
        (ParamChange(layer="Joy glow", param="hue", start=0, end=1), "no number parameter"),
        (ParamChange(layer="Joy glow", param="intensity", start=0, end=1e5), "Joy glow"),
    ]:
        board = Storyboard(shots=(SmileShot(), SmileShot(change=change)))
        with pytest.raises(StoryboardError, match=f"shot 2: .*{words}"):
            check_changes(design, board)


def test_a_parameter_moves_from_start_to_end(joy) -> None:  # type: ignore[no-untyped-def]
    design, dentition = joy
    change = ParamChange(layer="Joy glow", param="intensity", start=0.0, end=3.0)
    frames = frames_of(design, dentition, SmileShot(seconds=0.5, change=change))
    dim = frames_of(design, dentition, SmileShot(seconds=0.5, change=change.model_copy(
        update={"end": 0.0})))  # fmt: skip
    assert np.abs(frames[0] - dim[0]).max() <= 2  # starts where the dim shot starts
    assert frames[-1].mean() > dim[-1].mean() + 1  # and ends brighter
    assert changed(design, change, 1.0).layers[-1].params["intensity"] == 3.0


def test_one_mood_turns_into_another(joy) -> None:  # type: ignore[no-untyped-def]
    design, dentition = joy
    shot = SmileShot(seconds=0.5, change=MoodChange(start="joy", end="grief"))
    frames = frames_of(design, dentition, shot)
    still = SmileShot(seconds=0.5)
    as_joy = frames_of(apply_mood(design, "joy"), dentition, still)
    as_grief = frames_of(apply_mood(design, "grief"), dentition, still)
    assert np.abs(frames[0] - as_joy[0]).max() <= 2
    assert np.abs(frames[-1] - as_grief[-1]).max() <= 2
    assert np.abs(as_joy[-1] - as_grief[-1]).max() > 30  # the moods do look different


def test_a_change_that_does_not_fit_a_strangers_design_is_a_short_clean_line(joy) -> None:  # type: ignore[no-untyped-def]
    # The film's design may be a stranger's: its layer names (64 of up to 200 characters,
    # with escape codes) are quoted in the line, and a storyboard's layer name with them.
    design, _ = joy
    glow = design.layers[-1]
    names = [f"\x1b]0;{i}\x07" + "L" * 90 for i in range(64)]
    layers = tuple(glow.model_copy(update={"name": name}) for name in names)
    hostile = design.model_copy(update={"layers": layers})
    for change in (
        ParamChange(layer="Sea\x1b[2J", param="speed", start=0, end=1),
        ParamChange(layer=names[0], param="hue\x1b[2J", start=0, end=1),
        ParamChange(layer=names[0], param="intensity", start=0, end=1e5),
    ):
        with pytest.raises(StoryboardError) as raised:
            check_changes(hostile, Storyboard(shots=(SmileShot(change=change),)))
        line = str(raised.value)
        assert line.startswith("shot 1: ") and len(line) < 700, len(line)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in line), repr(line[:200])
