"""A blend across a shot (issue 14): the film's design blending into another design's
file. The path is relative to the storyboard's folder; the other design is read once,
through the design reader, before any frame; the frames go from one design to the
other, rebuilding the teeth only when their geometry changes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.design_io import design_to_json, read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.film import shots
from fusionsmile.film.shots import PREVIEW_FPS, film_frames, read_blends, shot_stills
from fusionsmile.film.storyboard import (
    BlendChange,
    CardShot,
    SmileShot,
    Storyboard,
    StoryboardError,
    read_storyboard,
    storyboard_from_object,
    storyboard_schema,
    storyboard_to_json,
    write_storyboard,
)

PRESETS = Path(__file__).resolve().parents[2] / "presets"
SIZE = (96, 54)
FPS = 8.0  # four frames a 0.5 s shot: every frame of a blend builds its teeth


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


def test_a_saved_storyboard_names_the_designs_in_its_folder_relative_to_it(
    tmp_path: Path,
) -> None:
    # Shared with its folder of designs, the storyboard still finds them, and the file
    # does not carry the user's home folder; a design elsewhere keeps its whole path.
    films = tmp_path / "films"
    (films / "designs").mkdir(parents=True)
    inside = [films / "beside.json", films / "designs" / "below.json"]
    outside = [tmp_path / "outside.json", films / ".." / "films" / "beside.json"]
    board = Storyboard(
        crossfade=0.0,
        shots=tuple(
            SmileShot(seconds=0.5, change=BlendChange(design=str(path), start=0, end=1))
            for path in (*inside, *outside)
        ),
    )
    path = films / "story.storyboard.json"
    write_storyboard(board, path)
    text = path.read_text(encoding="utf-8")
    written = [shot["change"]["design"] for shot in json.loads(text)["shots"]]
    assert written == ["beside.json", "designs/below.json", *map(str, outside)]
    assert read_storyboard(path) == board  # the same absolute paths again
    assert str(tmp_path / "films" / "beside.json") not in text
    # Compared as written: a folder named through ".." holds what is named through it.
    again = films / ".." / "films" / "again.storyboard.json"
    write_storyboard(board, again)
    written = [shot["change"]["design"] for shot in json.loads(again.read_text())["shots"]]
    assert written == [*map(str, inside), str(outside[0]), "beside.json"]
    assert read_storyboard(again) == board
    # Handed on as JSON (to the child that renders), every path stays absolute.
    handed = storyboard_from_object(json.loads(storyboard_to_json(board)))
    assert handed == board


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
    assert line == "story: shot 1: change.design: String should have at most 1000 characters"


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
    assert str(raised.value).startswith(f"story: shot 1: change.{problem}")


def test_the_schema_has_the_blend_kind() -> None:
    text = json.dumps(storyboard_schema())
    assert "BlendChange" in storyboard_schema()["$defs"]
    assert '"const": "blend"' in text


# -- reading the other design: once, bounded, before any frame ------------------------------


@pytest.fixture(scope="module")
def showcase():  # type: ignore[no-untyped-def]
    design = read_design(PRESETS / "showcase.json")
    return design, build(design.geometry)


def blend_board(path: str | Path, start: float = 0.0, end: float = 1.0) -> Storyboard:
    """A title card, then a blend into the design at path."""
    change = BlendChange(design=str(path), start=start, end=end)
    shots = (CardShot(seconds=0.5, heading="Title"), SmileShot(seconds=0.5, change=change))
    return Storyboard(crossfade=0.0, shots=shots)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot read the file: No such file or directory"),
        (b"{not json", "not valid JSON"),
        (b'{"schema": "fusionsmile/design", "version": 2, "fusion": 7}', "fusion: "),
        (b" " * (3 * 1024 * 1024), "file is larger than 2 MB"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ""),
    ],
    ids=["missing", "not-json", "invalid", "oversized", "broken-png"],
)
def test_an_unreadable_other_design_is_one_line_naming_the_shot_before_any_frame(
    tmp_path: Path,
    showcase,
    content: bytes | None,
    problem: str,  # type: ignore[no-untyped-def]
) -> None:
    design, dentition = showcase
    path = tmp_path / "other\x1b[2J.json"
    if content is not None:
        path.write_bytes(content)
    board = blend_board(path)
    frames = film_frames(design, dentition, board, SIZE, FPS)
    with pytest.raises(StoryboardError) as raised:
        next(frames)  # the title card comes first: it must not be drawn
    line = str(raised.value)
    assert line.startswith(f"shot 2: blend: {tmp_path}/other\\x1b[2J.json: {problem}")
    assert "\n" not in line and "\x1b" not in line and len(line) < 400
    with pytest.raises(StoryboardError, match=r"^shot 2: blend: "):
        next(shot_stills(design, dentition, board.shots, SIZE))


def test_a_path_no_file_system_takes_is_one_line(showcase) -> None:  # type: ignore[no-untyped-def]
    design, dentition = showcase
    with pytest.raises(StoryboardError, match=r"^shot 2: blend: a\\x00b.json: cannot read"):
        next(film_frames(design, dentition, blend_board("a\x00b.json"), SIZE, FPS))


def test_each_other_design_is_read_once(tmp_path: Path, showcase, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    design, _ = showcase
    read: list[str] = []

    def counted(path: str) -> Design:
        read.append(path)
        return read_design(path)

    monkeypatch.setattr(shots, "read_design", counted)
    other = str(PRESETS / "defiance-veins.json")
    change = BlendChange(design=other, start=0.0, end=1.0)
    board = (SmileShot(change=change), SmileShot(change=change.model_copy(update={"end": 0.3})))
    others = read_blends(design, board)
    assert read == [other] and others[other].meta.title == read_design(other).meta.title


# -- the frames ----------------------------------------------------------------------------


def frames_of(design, dentition, board: Storyboard) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    return [np.asarray(f, dtype=int) for f in film_frames(design, dentition, board, SIZE, FPS)]


def counting_builds(monkeypatch) -> list[Geometry]:  # type: ignore[no-untyped-def]
    built: list[Geometry] = []

    def spy(geometry: Geometry) -> Dentition:
        built.append(geometry)
        return build(geometry)

    monkeypatch.setattr(shots, "build", spy)
    return built


def test_a_blend_goes_from_the_design_to_the_other(showcase, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    design, dentition = showcase
    path = PRESETS / "defiance-veins.json"
    other = read_design(path)
    assert other.geometry != design.geometry  # crowded, its own glow
    built = counting_builds(monkeypatch)
    frames = frames_of(design, dentition, blend_board(path))[4:]  # after the title card
    plain = Storyboard(crossfade=0.0, shots=(SmileShot(seconds=0.5),))
    as_design = frames_of(design, dentition, plain)
    as_other = frames_of(other, build(other.geometry), plain)
    assert np.abs(frames[0] - as_design[0]).max() <= 2  # amount 0: the design
    assert np.abs(frames[-1] - as_other[-1]).max() <= 2  # amount 1: the other design
    assert np.abs(as_design[-1] - as_other[-1]).max() > 30  # which do look different
    middle = frames[len(frames) // 2]
    assert np.abs(middle - as_design[len(frames) // 2]).mean() > 1
    assert np.abs(middle - as_other[len(frames) // 2]).mean() > 1
    # Amount 0 is the design's own teeth; every later frame's geometry differs.
    assert len(built) == len(frames) - 1
    assert built[-1] == other.geometry


def test_the_teeth_are_built_only_when_the_geometry_changes(
    tmp_path: Path,
    showcase,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    design, dentition = showcase
    built = counting_builds(monkeypatch)
    # Another look on the same teeth: nothing to build.
    same = design.model_copy(update={"fusion": 1.0, "layers": design.layers[:-2]})
    same_path = tmp_path / "same-teeth.json"
    same_path.write_text(design_to_json(same), encoding="utf-8")
    frames = frames_of(design, dentition, blend_board(same_path))[4:]
    assert built == []
    assert np.abs(frames[0] - frames[-1]).max() > 10  # the look did change
    # Held part way into other teeth: built once for the whole shot.
    frames_of(design, dentition, blend_board(PRESETS / "defiance-veins.json", 0.4, 0.4))
    assert len(built) == 1


def test_the_next_shot_draws_the_design_own_teeth_again(showcase) -> None:  # type: ignore[no-untyped-def]
    design, dentition = showcase
    board = Storyboard(
        crossfade=0.0,
        shots=(SmileShot(seconds=0.5),
               SmileShot(seconds=0.5, change=BlendChange(
                   design=str(PRESETS / "defiance-veins.json"), start=0.0, end=1.0)),
               SmileShot(seconds=0.5, time=1.0)),
    )  # fmt: skip
    frames = frames_of(design, dentition, board)
    alone = frames_of(design, dentition, Storyboard(shots=(SmileShot(seconds=0.5, time=1.0),)))
    assert np.abs(frames[-1] - alone[-1]).max() <= 2
    assert np.abs(frames[8] - alone[0]).max() <= 2


def test_a_preview_of_a_blend_shows_its_moment(showcase) -> None:  # type: ignore[no-untyped-def]
    design, dentition = showcase
    board = blend_board(PRESETS / "defiance-veins.json")
    _, still = shot_stills(design, dentition, board.shots, SIZE)
    film = list(film_frames(design, dentition, board, SIZE, PREVIEW_FPS))[12:]
    assert np.abs(np.asarray(still, int) - np.asarray(film[6], int)).max() <= 2


def test_an_other_design_whose_layers_cannot_be_drawn_is_one_line_before_any_frame(
    tmp_path: Path,
    showcase,  # type: ignore[no-untyped-def]
) -> None:
    # A stranger's design names a decal that is not there: it reads and validates, but
    # no frame of it can be drawn. Said before the title card, naming the shot and file,
    # not minutes into the film as a line about a decal no layer of the design has.
    design, dentition = showcase
    raw = json.loads((PRESETS / "star-tattoo.json").read_text(encoding="utf-8"))
    for layer in raw["layers"]:
        if layer["kind"] == "decal":
            layer["params"]["image"] = str(tmp_path / "gone.png")
    path = tmp_path / "tattoo.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    board = blend_board(path)
    with pytest.raises(StoryboardError) as raised:
        next(film_frames(design, dentition, board, SIZE, FPS))
    line = str(raised.value)
    assert line.startswith(f"shot 2: blend: {path}: decal ") and "file not found" in line
    assert "\n" not in line


def test_the_film_dialog_checks_leave_the_other_design_decals_to_the_previews(
    tmp_path: Path,
    showcase,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    # editing.opened and with_change run on the app's UI thread: reading 40 other designs
    # takes a moment, decoding their decals (64 a design, 4096 px, 0.4 s each) minutes.
    # The previews (a child process) read them, and say what is wrong there.
    from fusionsmile.core.layers.glow import decal
    from fusionsmile.film.editing import opened
    from fusionsmile.film.storyboard import storyboard_to_json

    design, _ = showcase
    loaded: list[str] = []

    def counted(value: str):  # type: ignore[no-untyped-def]
        loaded.append(value)
        return load_decal(value)

    load_decal = decal.load_decal
    monkeypatch.setattr(decal, "load_decal", counted)
    path = tmp_path / "story.json"
    path.write_text(storyboard_to_json(blend_board(PRESETS / "star-tattoo.json")))
    opened(path, design)
    assert loaded == []
    read_blends(design, blend_board(PRESETS / "star-tattoo.json").shots)
    assert loaded  # a film or a preview does prepare them
