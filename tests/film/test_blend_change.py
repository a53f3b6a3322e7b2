"""A blend across a shot (issue 14): the film's design blending into another design's
file. The path is relative to the storyboard's folder; the other design is read once,
through the design reader, before any frame; the frames go from one design to the
other, rebuilding the teeth only when their geometry changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fusionsmile.film.storyboard import (
    BlendChange,
    SmileShot,
    StoryboardError,
    read_storyboard,
    storyboard_from_object,
    storyboard_schema,
)

PRESETS = Path(__file__).resolve().parents[2] / "presets"


def board_with(*changes: dict) -> dict:  # type: ignore[type-arg]
    shots = [{"kind": "smile", "seconds": 0.5, "change": change} for change in changes]
    return {"schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.0, "shots": shots}


def test_a_relative_path_is_relative_to_the_storyboard_file(tmp_path: Path) -> None:
    folder = tmp_path / "films"
    folder.mkdir()
    elsewhere = str(tmp_path / "elsewhere" / "b.json")
    path = folder / "story.json"
    path.write_text(json.dumps(board_with(
        {"kind": "blend", "design": "others/a.json", "start": 0, "end": 1},
        {"kind": "blend", "design": elsewhere, "start": 1, "end": 0},
        {"kind": "fusion", "start": 0, "end": 1},
    )))  # fmt: skip
    board = read_storyboard(path)
    first, second, third = (shot.change for shot in board.shots)  # type: ignore[union-attr]
    assert isinstance(first, BlendChange) and isinstance(second, BlendChange)
    assert first.design == str(folder / "others" / "a.json")
    assert second.design == elsewhere  # an absolute path is kept
    assert third is not None and third.kind == "fusion"


def test_a_folder_given_resolves_relative_paths_and_none_keeps_them(tmp_path: Path) -> None:
    raw = board_with({"kind": "blend", "design": "a.json", "start": 0, "end": 1})
    kept = storyboard_from_object(raw).shots[0]
    resolved = storyboard_from_object(raw, "story", folder=tmp_path).shots[0]
    assert isinstance(kept, SmileShot) and isinstance(resolved, SmileShot)
    assert kept.change == BlendChange(design="a.json", start=0, end=1)
    assert resolved.change == BlendChange(design=str(tmp_path / "a.json"), start=0, end=1)


def test_a_path_made_too_long_by_its_folder_is_one_line(tmp_path: Path) -> None:
    raw = board_with({"kind": "blend", "design": "x" * 1000, "start": 0, "end": 1})
    storyboard_from_object(raw, "story")  # 1000 characters as written: fine
    with pytest.raises(StoryboardError) as raised:
        storyboard_from_object(raw, "story", folder=tmp_path)
    line = str(raised.value)
    assert line == "story: shots.0.change.design: String should have at most 1000 characters"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "blend", "design": "", "start": 0, "end": 1}, "design: String should have"),
        ({"kind": "blend", "design": "a.json", "start": 0, "end": 2}, "end: Input should be"),
        ({"kind": "blend", "start": 0, "end": 1}, "design: Field required"),
        ({"kind": "blend", "design": 3, "start": 0, "end": 1}, "design: Input should be"),
    ],
)
def test_a_bad_blend_is_one_clear_line(change: dict, problem: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(StoryboardError) as raised:
        storyboard_from_object(board_with(change), "story")
    assert str(raised.value).startswith(f"story: shots.0.change.{problem}")


def test_the_schema_has_the_blend_kind() -> None:
    text = json.dumps(storyboard_schema())
    assert "BlendChange" in storyboard_schema()["$defs"]
    assert '"const": "blend"' in text
