"""Storyboard edits (film.editing): each gives a new validated storyboard or one line."""

from __future__ import annotations

import pytest

from fusionsmile.film.editing import (
    add_shot,
    change_shot,
    move_shot,
    remove_shot,
    shot_title,
    with_crossfade,
)
from fusionsmile.film.storyboard import CardShot, SmileShot, Storyboard, StoryboardError


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


def test_a_film_longer_than_allowed_is_refused() -> None:
    long = Storyboard(crossfade=0.0, shots=tuple(SmileShot(seconds=20.0) for _ in range(9)))
    with pytest.raises(StoryboardError, match="at most"):
        add_shot(long, SmileShot(seconds=1.0))
