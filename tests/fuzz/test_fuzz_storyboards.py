"""Fuzzing storyboard files: a valid storyboard with one value replaced by anything JSON
can hold, or a key added beside one (long names, escape codes, wrong types), reads as a
storyboard or gives one clear line naming the file, never a traceback and never a line
as long as what the stranger wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from design_strategies import hostile_text
from fuzz_checks import assert_one_clear_line
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_designs import _paths, _replaced, json_values

from fusionsmile.core.design import Design
from fusionsmile.film.default_film import default_storyboard
from fusionsmile.film.storyboard import (
    StoryboardError,
    read_storyboard,
    storyboard_from_object,
    storyboard_to_json,
)

SOURCE = "fuzzed-story.json"
BOARD = {
    "schema": "fusionsmile.storyboard",
    "version": 1,
    "crossfade": 0.5,
    "shots": [
        {"kind": "card", "seconds": 2.0, "heading": "Title", "lines": ["by Ada"]},
        {"kind": "smile", "seconds": 3.0, "change": {"kind": "fusion", "start": 0, "end": 1}},
        {"kind": "smile", "change": {"kind": "mood", "start": "calm", "end": "joy"}},
        {"kind": "smile", "change": {"kind": "param", "layer": "Glow", "param": "intensity",
                                     "start": 1, "end": 4}},
        {"kind": "photo", "effect": "wipe", "caption": "before, after"},
        {"kind": "smile", "change": {"kind": "blend", "design": "other.json", "start": 0,
                                     "end": 1}},
    ],
}  # fmt: skip
# Long enough that echoing it back would flood a terminal (the file may be 256 KB).
LONG = ["x" * 3000, "\x1b]0;title\x07" * 300]
hostile = st.one_of(hostile_text, st.sampled_from(LONG))
values = st.one_of(json_values, hostile)


@st.composite
def mutated_boards(draw: st.DrawFn) -> dict:
    path = draw(st.sampled_from(_paths(BOARD)))
    if draw(st.booleans()) and path:
        return _replaced(BOARD, path, draw(values))
    parent = path[:-1] if path else ()
    target = BOARD
    for part in parent:
        target = target[part]
    if not isinstance(target, dict):
        return BOARD
    return _replaced(BOARD, parent, {**target, draw(hostile): draw(values)})


def _read_or_one_line(raw: object) -> None:
    try:
        storyboard_from_object(raw, SOURCE)
    except StoryboardError as error:
        assert_one_clear_line(str(error), SOURCE)


def test_the_base_storyboard_is_valid() -> None:
    storyboard_from_object(BOARD, SOURCE)


@given(mutated_boards())
def test_mutated_storyboards_read_or_give_one_clear_line(raw: dict) -> None:
    _read_or_one_line(raw)


@pytest.mark.parametrize("long", LONG)
@pytest.mark.parametrize(
    "where",
    [
        ("shots", 2, "change", "start"),  # a mood name
        ("shots", 0, "kind"),  # a shot's kind (the tag that picks its fields)
        ("shots", 1, "change", "kind"),  # a change's kind
        ("shots", 4, "effect"),
        ("shots", 5, "change", "design"),  # a path: the file is read when the film is made
    ],
)
def test_a_long_value_is_not_echoed_whole(where: tuple, long: str) -> None:
    _read_or_one_line(_replaced(BOARD, where, long))


@pytest.mark.parametrize("long", LONG)
def test_a_long_key_is_not_echoed_whole(long: str) -> None:
    shot = {**BOARD["shots"][0], long: 1}
    _read_or_one_line({**BOARD, "shots": [shot]})


def test_a_file_of_long_names_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / SOURCE
    shot = {"kind": "smile", "change": {"kind": "mood", "start": "y" * 200_000, "end": "joy"}}
    path.write_text(json.dumps({**BOARD, "shots": [shot]}), encoding="utf-8")
    with pytest.raises(StoryboardError) as error:
        read_storyboard(path)
    assert_one_clear_line(str(error.value), str(path))


@given(
    st.fixed_dictionaries(
        {
            "title": st.sampled_from(["", "T" * 200, "\x1b" * 200]),
            "author": st.sampled_from(["", "A" * 200, "A " * 100, "\u202e" * 199]),
            "license": st.sampled_from(["CC0", "L" * 200]),
            "story": st.sampled_from(["", "S" * 5000, "Word. " * 833, "\x1b\n" * 2500]),
        }
    )
)
def test_every_valid_design_makes_its_own_film(meta: dict) -> None:
    # Every field at its limit is still a design that validates, so it makes a film.
    design = Design.model_validate({"meta": meta})
    board = default_storyboard(design, tuple("C" * 200 for _ in range(30)))
    assert storyboard_from_object(json.loads(storyboard_to_json(board)), SOURCE) == board
