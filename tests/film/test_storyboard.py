"""Storyboards are data: they round-trip through JSON, bad ones are one clear line, and
the frames of a film follow from them (counted and cross-faded; cards need no GL)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.film.shots import film_frame_count, film_frames
from fusionsmile.film.storyboard import (
    MAX_BYTES,
    CardShot,
    FusionChange,
    SmileShot,
    Storyboard,
    StoryboardError,
    read_storyboard,
    storyboard_schema,
    storyboard_to_json,
)

BOARD = Storyboard(
    crossfade=0.5,
    shots=(
        CardShot(seconds=2.0, heading="Title", lines=("by Ada",)),
        SmileShot(seconds=3.0, move="orbit", change=FusionChange(start=0.0, end=1.0)),
    ),
)


def test_a_storyboard_round_trips_through_its_file(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(storyboard_to_json(BOARD), encoding="utf-8")
    assert read_storyboard(path) == BOARD
    assert BOARD.seconds == pytest.approx(4.5)
    assert "shots" in storyboard_schema()["properties"]


# Both given, the change won and the shot's own fusion was silently unused.
TWO_FUSIONS = {"kind": "smile", "fusion": 0.3, "change": {"kind": "fusion", "start": 0, "end": 1}}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"shots": []}, "shots: Tuple should have at least 1 item"),
        ({"shots": [{"kind": "smile", "seconds": 99}]}, ": shot 1: seconds: Input should be less"),
        (
            {"shots": [{"kind": "card"}, {"kind": "movie"}]},
            ": shot 2: unknown kind 'movie'; kinds: smile, photo, card",
        ),
        ({"shots": [{"seconds": 2}]}, ": shot 1: no kind given; kinds: smile, photo, card"),
        (
            {"shots": [{"kind": "card"}, {"kind": "smile", "change": {"kind": "blnd"}}]},
            ": shot 2: change: unknown kind 'blnd'; kinds: fusion, mood, param, blend",
        ),
        ({"shots": [{"kind": "smile", "change": {"kind": 3}}]}, "shot 1: change: unknown kind 3;"),
        ({"shots": [{"kind": "card", "font": "x"}]}, ": shot 1: font: Extra inputs"),
        # A key named like a kind is still named (only the union's branch is left out).
        ({"shots": [{"kind": "card", "fusion": 1}]}, ": shot 1: fusion: Extra inputs"),
        ({"shots": [{"kind": "card", "seconds": 20}] * 10}, "a film is at most 180 s"),
        ({"crossfade": 1.5, "shots": [{"kind": "card", "seconds": 2}] * 2}, "more than half"),
        ({"shots": [{"kind": "smile", "lighting": "disco"}]}, "shot 1: lighting: Input should be"),
        ({"shots": [5]}, ": shot 1: Input should be a valid dictionary"),
        (
            {"shots": [{"kind": "card"}, TWO_FUSIONS]},
            ": shot 2: a fusion change sets the fusion; leave the shot's own fusion out",
        ),
        ({"crossfade": "x", "shots": [{"kind": "card"}]}, ": crossfade: Input should be"),
    ],
)
def test_a_bad_storyboard_is_one_clear_line(tmp_path: Path, body: dict, problem: str) -> None:  # type: ignore[type-arg]
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"schema": "fusionsmile.storyboard", "version": 1, **body}))
    with pytest.raises(StoryboardError) as raised:
        read_storyboard(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert problem in message


def test_files_that_are_not_storyboards_are_refused(tmp_path: Path) -> None:
    cases = {
        "design.json": b'{"schema": "fusionsmile.design", "version": 2}',
        "huge.json": b" " * (MAX_BYTES + 1),
        "binary.json": b"\xff\xfe\x00",
        "nan.json": b'{"schema": "fusionsmile.storyboard", "version": 1, "crossfade": NaN}',
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(StoryboardError, match=name):
            read_storyboard(tmp_path / name)
    with pytest.raises(StoryboardError, match="cannot read"):
        read_storyboard(tmp_path / "missing.json")


def test_cards_cross_fade_into_each_other_frame_by_frame() -> None:
    board = Storyboard(
        crossfade=0.5,
        shots=(
            CardShot(seconds=1.0, heading="One"),
            CardShot(seconds=2.0, heading="Two"),
            CardShot(seconds=1.0, heading="Three"),
        ),
    )
    fps = 10
    design = Design()
    frames = [
        np.asarray(f, dtype=int) for f in film_frames(design, _no_mouth(), board, (64, 36), fps)
    ]
    assert len(frames) == film_frame_count(board, fps) == 40 - 2 * 5
    # Shot one alone for its first 5 frames, then a 5-frame blend into shot two, which
    # is alone from frame 10 until its own last 5 frames blend into shot three.
    one, two = frames[0], frames[10]
    assert np.array_equal(frames[4], one)
    middle = frames[7]  # the third of five blend frames: half way
    assert np.abs(middle - (one + two) / 2).max() <= 1
    assert np.abs(one - two).max() > 50  # the headings differ: the blend shows


def _no_mouth():  # type: ignore[no-untyped-def]
    # Cards draw no smile, but the film still builds its scene once: a real dentition.
    return build(Design().geometry)


def test_saving_replaces_a_storyboard_but_never_a_design_a_video_or_a_folder(
    tmp_path: Path,
) -> None:
    from fusionsmile.core.design_io import design_to_json
    from fusionsmile.film.storyboard import write_storyboard

    path = tmp_path / "smile.storyboard.json"
    write_storyboard(BOARD, path)
    assert read_storyboard(path) == BOARD
    longer = BOARD.model_copy(update={"crossfade": 0.25})
    write_storyboard(longer, path)  # a storyboard is replaced
    assert read_storyboard(path) == longer
    # The design being filmed, picked by mistake in Save, a video, a folder: left alone.
    design = tmp_path / "smile.json"
    design.write_text(design_to_json(Design()), encoding="utf-8")
    video = tmp_path / "smile.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypisom")
    folder = tmp_path / "films\x1b[2J"
    folder.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(design)
    for target in (design, video, folder, link):
        before = sorted(p.name for p in tmp_path.iterdir())
        kept = target.read_bytes() if target.is_file() else None
        with pytest.raises(StoryboardError) as raised:
            write_storyboard(BOARD, target)
        line = str(raised.value)
        assert line.startswith(str(target).replace("\x1b", "\\x1b")) and "not replaced" in line
        assert "\n" not in line and "\x1b" not in line
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary either
        assert (target.read_bytes() if target.is_file() else None) == kept
    assert folder.is_dir() and link.is_symlink()


def test_saving_to_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    from fusionsmile.film.storyboard import write_storyboard

    with pytest.raises(StoryboardError) as raised:
        write_storyboard(BOARD, tmp_path / ("x" * 5000))
    line = str(raised.value)
    assert "File name too long" in line and "\n" not in line
    assert list(tmp_path.iterdir()) == []
