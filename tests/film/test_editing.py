"""Storyboard edits (film.editing): each gives a new validated storyboard or one line;
a smile shot's change is checked against the design."""

from __future__ import annotations

import pytest

from fusionsmile.core.design_io import design_to_json
from fusionsmile.core.starter import starter_design
from fusionsmile.film.editing import (
    add_shot,
    change_shot,
    changing_params,
    move_shot,
    opened,
    remove_shot,
    shot_title,
    with_change,
    with_crossfade,
)
from fusionsmile.film.storyboard import (
    BlendChange,
    CardShot,
    FusionChange,
    MoodChange,
    ParamChange,
    SmileShot,
    Storyboard,
    StoryboardError,
    storyboard_to_json,
)


def board() -> Storyboard:
    return Storyboard(shots=(CardShot(heading="Title"), SmileShot(caption="one")))


def test_edits_make_new_storyboards_and_leave_the_old_one() -> None:
    old = board()
    new = add_shot(old, SmileShot(caption="two"), 1)
    assert [getattr(s, "caption", None) for s in new.shots] == [None, "two", "one"]
    assert len(old.shots) == 2
    moved = move_shot(new, 0, 99)  # clamped to the end
    assert moved.shots[-1] == old.shots[0]
    assert remove_shot(moved, 0).shots == moved.shots[1:]
    assert change_shot(old, 1, seconds=4.5).shots[1].seconds == 4.5
    assert with_crossfade(old, 1.0).crossfade == 1.0
    assert shot_title(old.shots[0]) == "Card: Title · 3 s"


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda b: remove_shot(remove_shot(b, 0), 0), "at least one shot"),
        (lambda b: change_shot(b, 1, caption="x" * 301), "caption"),
        (lambda b: change_shot(b, 1, seconds=0.1), "seconds"),
        (lambda b: change_shot(b, 1, camera="underwater"), "camera"),
        (lambda b: with_crossfade(b, 1.6), "crossfade"),
        (lambda b: change_shot(b, 0, seconds=0.5), "crossfade"),  # more than half of 0.5 s
    ],
)
def test_an_edit_that_breaks_the_storyboard_is_one_line(edit, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoryboardError, match=words) as caught:
        edit(board())
    assert "\n" not in str(caught.value)


def test_an_edits_problem_numbers_the_shot_from_one_as_the_list_does() -> None:
    # A shot copied with an update is not validated until the storyboard is.
    loud = SmileShot().model_copy(update={"seconds": 99.0})
    with pytest.raises(StoryboardError) as caught:
        add_shot(board(), loud)
    assert str(caught.value).startswith("shot 3: seconds: Input should be less than")
    with pytest.raises(StoryboardError) as caught:
        change_shot(board(), 1, change={"kind": "blnd", "start": 0, "end": 1})
    assert str(caught.value) == (
        "shot 2: change: unknown kind 'blnd'; kinds: fusion, mood, param, blend"
    )
    with pytest.raises(StoryboardError) as caught:
        change_shot(board(), 1, change={"kind": "mood", "start": "joy", "end": "\x1b[2J" * 200})
    line = str(caught.value)
    assert line.startswith("shot 2: change.end: unknown mood '\\x1b[2J")
    assert "\x1b" not in line and len(line) < 400


def test_a_fusion_change_takes_the_place_of_the_shots_own_fusion() -> None:
    design = starter_design("joy", fusion=0.6)
    own = change_shot(smile_board(), 1, fusion=0.3)
    moving = with_change(own, 1, "fusion", {}, design).shots[1]
    assert isinstance(moving, SmileShot) and moving.fusion is None
    assert moving.change == FusionChange(start=0.3, end=1.0)  # from where the shot was
    rising = with_change(own, 1, "fusion", {"end": 0.9}, design)
    with pytest.raises(StoryboardError) as caught:
        change_shot(rising, 1, fusion=0.5)
    assert str(caught.value) == (
        "shot 2: a fusion change sets the fusion; leave the shot's own fusion out"
    )
    kept = with_change(own, 1, "mood", {}, design).shots[1]  # another change: it stays
    assert isinstance(kept, SmileShot) and kept.fusion == 0.3


def test_a_film_longer_than_allowed_is_refused() -> None:
    long = Storyboard(crossfade=0.0, shots=tuple(SmileShot(seconds=20.0) for _ in range(9)))
    with pytest.raises(StoryboardError, match="at most"):
        add_shot(long, SmileShot(seconds=1.0))


def smile_board() -> Storyboard:
    return Storyboard(shots=(CardShot(heading="Title"), SmileShot(caption="one")))


def test_each_kind_of_change_starts_where_the_shot_is_and_takes_its_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    design = starter_design("joy", fusion=0.6)
    fusion = with_change(smile_board(), 1, "fusion", {}, design).shots[1].change
    assert fusion == FusionChange(start=0.6, end=0.0)
    mood = with_change(smile_board(), 1, "mood", {"end": "grief"}, design).shots[1].change
    assert mood == MoodChange(start="joy", end="grief")
    param = with_change(smile_board(), 1, "param", {}, design)
    assert param.shots[1].change == ParamChange(
        layer="Joy glow", param="intensity", start=9.6, end=20.0
    )
    # Another layer (and no ends): its parameter and ends start over from the design.
    gums = with_change(param, 1, "param", {"layer": "Gums"}, design).shots[1].change
    assert gums == ParamChange(layer="Gums", param="tone", start=0.35, end=1.0)
    moved = with_change(param, 1, "param", {"end": 4.0}, design).shots[1].change
    assert (moved.param, moved.start, moved.end) == ("intensity", 9.6, 4.0)
    other = tmp_path / "other.json"
    other.write_text(design_to_json(starter_design("calm")), encoding="utf-8")
    blend = with_change(smile_board(), 1, "blend", {"design": str(other)}, design)
    assert blend.shots[1].change == BlendChange(design=str(other), start=0.0, end=1.0)
    with pytest.raises(StoryboardError, match=r"shot 2: blend: .*nowhere\.json"):
        with_change(blend, 1, "blend", {"design": str(tmp_path / "nowhere.json")}, design)
    assert with_change(blend, 1, None, {}, design).shots[1].change is None
    assert list(changing_params(design))[-1] == "Joy glow"


@pytest.mark.parametrize(
    ("kind", "fields", "words"),
    [
        ("param", {"layer": "Gums", "param": "tone", "start": 0.2, "end": 3.0}, "shot 2: Gums"),
        (
            "param",
            {"layer": "Ghost", "param": "tone", "start": 0.0, "end": 1.0},
            "no layer 'Ghost'",
        ),
        ("param", {"layer": "Gums", "param": "speed", "start": 0.0, "end": 1.0}, "no number"),
        ("fusion", {"start": 1.5}, "shot 2: change.start: Input should be less"),
        ("mood", {"end": "sulk"}, "unknown mood"),
        ("blend", {}, "shot 2: change.design: Field required"),
        ("sparkle", {}, "shot 2: change: unknown kind .sparkle.; kinds: fusion, mood"),
    ],
)
def test_a_change_that_does_not_fit_is_one_line(kind: str, fields: dict, words: str) -> None:
    design = starter_design("joy", fusion=0.6)
    with pytest.raises(StoryboardError, match=words) as caught:
        with_change(smile_board(), 1, kind, fields, design)
    assert "\n" not in str(caught.value)
    with pytest.raises(StoryboardError, match="only a smile shot"):
        with_change(smile_board(), 0, "fusion", {}, design)


def test_an_opened_storyboard_is_read_and_checked_against_the_design(tmp_path) -> None:  # type: ignore[no-untyped-def]
    design = starter_design("joy", fusion=0.6)
    good = with_change(smile_board(), 1, "param", {}, design)
    path = tmp_path / "film.storyboard.json"
    path.write_text(storyboard_to_json(good), encoding="utf-8")
    assert opened(path, design) == good
    stale = with_change(good, 1, "param", {"end": 1.0}, design).model_copy()
    other = starter_design("calm", fusion=0.6)  # its glow is not called "Joy glow"
    path.write_text(storyboard_to_json(stale), encoding="utf-8")
    with pytest.raises(
        StoryboardError, match=r"film.storyboard.json: shot 2: .*no layer"
    ) as caught:
        opened(path, other)
    assert "\n" not in str(caught.value)
    path.write_text(storyboard_to_json(good)[:-20], encoding="utf-8")
    with pytest.raises(StoryboardError, match="not valid JSON"):
        opened(path, design)
