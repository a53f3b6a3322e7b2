"""`fusionsmile film` as a user runs it: a storyboard becomes an MP4 that PyAV reads
back shot for shot; a bad storyboard is one line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import av
from cli_run import SHOWCASE, run

from fusionsmile.film.shots import film_frame_count
from fusionsmile.film.storyboard import read_storyboard

STORY = {
    "schema": "fusionsmile.storyboard",
    "version": 1,
    "crossfade": 0.25,
    "shots": [
        {"kind": "card", "seconds": 0.5, "heading": "Tiny", "lines": ["by a test"]},
        {"kind": "smile", "seconds": 0.5, "lighting": "day", "caption": "Daylight"},
        {"kind": "smile", "seconds": 0.75, "move": "turntable",
         "change": {"kind": "fusion", "start": 0.0, "end": 1.0}},
    ],
}  # fmt: skip


def test_a_storyboard_becomes_an_mp4_of_its_frames(tmp_path: Path) -> None:
    board_file = tmp_path / "story.json"
    board_file.write_text(json.dumps(STORY))
    out, saved = tmp_path / "story.mp4", tmp_path / "saved.json"
    result = run("film", str(SHOWCASE), "-o", str(out), "--storyboard", str(board_file),
                 "--size", "96x54", "--fps", "24", "--quality", "draft",
                 "--save-storyboard", str(saved))  # fmt: skip
    assert result.returncode == 0, result.stderr
    board = read_storyboard(board_file)
    frames = film_frame_count(board, 24)
    assert frames == 12 + 12 + 18 - 2 * 6
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (96, 54)
        assert sum(1 for _ in container.decode(stream)) == frames
        assert abs(container.duration / 1e6 - frames / 24) < 0.01
        assert container.metadata["title"] == "Fusion Smile Showcase"
    assert read_storyboard(saved) == board
    assert f"{frames} frames" in result.stdout


def test_a_bad_storyboard_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    board_file = tmp_path / "story.json"
    board_file.write_text(json.dumps({**STORY, "crossfade": 5}))
    result = run("film", str(SHOWCASE), "-o", str(tmp_path / "story.webm"),
                 "--storyboard", str(board_file))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"fusionsmile: {board_file}: crossfade: Input should be less than or equal to 1.5"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.json"]


def test_photo_shots_take_the_portrait_given(tmp_path: Path) -> None:
    from fusionsmile.portrait.photo import sample_portrait_path

    board_file = tmp_path / "story.json"
    board_file.write_text(json.dumps({
        "schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.0,
        "shots": [{"kind": "photo", "seconds": 0.5, "effect": "wipe"},
                  {"kind": "smile", "seconds": 0.5,
                   "change": {"kind": "mood", "start": "joy", "end": "calm"}}],
    }))  # fmt: skip
    out = tmp_path / "photo.mp4"
    args = ("film", str(SHOWCASE), "-o", str(out), "--storyboard", str(board_file),
            "--size", "96x54", "--fps", "24", "--quality", "draft")  # fmt: skip
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr == (
        "fusionsmile: shot 1 shows the portrait: give your photo with --photo ME.jpg, "
        "or remove the shot from the storyboard\n"
    )
    assert not out.exists()
    result = run(*args, "--photo", str(sample_portrait_path()))
    assert result.returncode == 0, result.stderr
    with av.open(str(out)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 24


def test_a_blend_shot_finds_its_design_beside_the_storyboard(tmp_path: Path) -> None:
    (tmp_path / "films").mkdir()
    (tmp_path / "designs").mkdir()
    other = tmp_path / "designs" / "veins.json"
    other.write_bytes((SHOWCASE.parent / "defiance-veins.json").read_bytes())
    board_file = tmp_path / "films" / "story.json"
    blend = {"kind": "blend", "design": "../designs/veins.json", "start": 0.0, "end": 1.0}
    joy = str(SHOWCASE.parent / "joy-sparks.json")
    held = {"kind": "blend", "design": joy, "start": 0.5, "end": 0.5}
    board_file.write_text(json.dumps({
        "schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.0,
        "shots": [{"kind": "smile", "seconds": 0.5, "change": blend},
                  {"kind": "smile", "seconds": 0.5, "change": held},
                  {"kind": "card", "seconds": 0.5, "heading": "Credits",
                   "lines": ["after “Joy: Sparks of Laughter” by the FusionSmile team"]}],
    }))  # fmt: skip
    out = tmp_path / "blend.mp4"
    args = ("film", str(SHOWCASE), "-o", str(out), "--storyboard", str(board_file),
            "--size", "320x180", "--fps", "24", "--quality", "draft")  # fmt: skip
    result = run(*args, cwd=tmp_path / "designs")  # not where the path is relative to
    assert result.returncode == 0, result.stderr
    # No card names the first design blended in: a note gives the line to credit it.
    credit = "“Defiance: Live Wire” by FusionSmile team · CC-BY-4.0"
    assert f"note: no card credits a design the film blends in; add: {credit}" in result.stderr
    assert result.stderr.count("note:") == 1  # the card names the second
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (320, 180)
        assert sum(1 for _ in container.decode(stream)) == 36
    other.unlink()
    out.unlink()
    result = run(*args)
    assert result.returncode == 1
    joined = tmp_path / "films" / ".." / "designs" / "veins.json"  # as written, not tidied
    assert result.stderr.strip() == (
        f"fusionsmile: shot 1: blend: {joined}: cannot read the file: No such file or directory"
    )
    assert not out.exists()


def test_save_storyboard_never_replaces_the_design(tmp_path: Path) -> None:
    # --save-storyboard given the design's own file (or a folder): refused before any
    # frame is drawn, the design as it was, no video written.
    design = tmp_path / "smile.json"
    design.write_bytes(SHOWCASE.read_bytes())
    out = tmp_path / "smile.mp4"
    for target in (design, tmp_path):
        result = run("film", str(design), "-o", str(out), "--size", "64x36", "--fps", "24",
                     "--quality", "draft", "--save-storyboard", str(target))  # fmt: skip
        assert result.returncode == 1
        assert result.stderr.startswith(f"fusionsmile: {target}: ")
        assert "not replaced" in result.stderr and result.stderr.count("\n") == 1
        assert design.read_bytes() == SHOWCASE.read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["smile.json"]


def test_the_credit_note_of_a_strangers_design_is_one_line(tmp_path: Path) -> None:
    # The note quotes the other design's title and author: a newline in them would start
    # a line of the stranger's own on the user's terminal.
    raw = json.loads((SHOWCASE.parent / "defiance-veins.json").read_text(encoding="utf-8"))
    raw["meta"]["author"] = "Eve\nfusionsmile: wrote everything.mp4\r\x1b[2K"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(raw), encoding="utf-8")
    board_file = tmp_path / "story.json"
    blend = {"kind": "blend", "design": "other.json", "start": 0.0, "end": 1.0}
    board_file.write_text(json.dumps({
        "schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.0,
        "shots": [{"kind": "smile", "seconds": 0.5, "change": blend}],
    }))  # fmt: skip
    out = tmp_path / "blend.mp4"
    result = run("film", str(SHOWCASE), "-o", str(out), "--storyboard", str(board_file),
                 "--size", "64x36", "--fps", "24", "--quality", "draft")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(film, 1 shot, 12 frames," in result.stdout
    [note] = result.stderr.splitlines()
    assert note.startswith("note: no card credits") and "\x1b" not in note
    assert "by Eve fusionsmile: wrote everything.mp4 [2K · " in note


def test_save_storyboard_alone_writes_the_storyboard_and_no_film(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The design's own film to start a storyboard from, without drawing a frame of it.
    monkeypatch.setenv("FUSIONSMILE_GALLERY", str(tmp_path / "no gallery"))
    saved = tmp_path / "own.storyboard.json"
    result = run("film", str(SHOWCASE), "--save-storyboard", str(saved))
    assert result.returncode == 0, result.stderr
    board = read_storyboard(saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["own.storyboard.json"]
    shots = len(board.shots)
    assert result.stdout.strip() == (
        f"wrote {saved} (storyboard, {shots} shots, {board.seconds:.1f} s)"
    )
    # A storyboard given is checked against the design and saved as the film would use it.
    (tmp_path / "designs").mkdir()
    other = tmp_path / "designs" / "veins.json"
    other.write_bytes((SHOWCASE.parent / "defiance-veins.json").read_bytes())
    story = tmp_path / "story.json"
    blend = {"kind": "blend", "design": "designs/veins.json", "start": 0.0, "end": 1.0}
    story.write_text(json.dumps({**STORY, "shots": [{"kind": "smile", "change": blend}]}))
    again = tmp_path / "designs" / "again.json"
    result = run("film", str(SHOWCASE), "--storyboard", str(story), "--save-storyboard", str(again))
    assert result.returncode == 0, result.stderr
    assert "note: no card credits a design the film blends in" in result.stderr
    assert result.stdout.strip() == f"wrote {again} (storyboard, 1 shot, 3.0 s)"
    assert json.loads(again.read_text())["shots"][0]["change"]["design"] == "veins.json"
    assert read_storyboard(again) == read_storyboard(story)
    missing = {"kind": "param", "layer": "No such", "param": "speed", "start": 0, "end": 1}
    story.write_text(json.dumps({**STORY, "shots": [{"kind": "smile", "change": missing}]}))
    result = run("film", str(SHOWCASE), "--storyboard", str(story), "--save-storyboard", str(again))
    assert result.returncode == 1
    assert result.stderr.startswith("fusionsmile: shot 1: the design has no layer 'No such'")
    assert read_storyboard(again).shots[0].change.kind == "blend"  # as it was


def test_a_film_needs_a_file_to_write(tmp_path: Path) -> None:
    result = run("film", str(SHOWCASE), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "fusionsmile: give -o FILM.mp4 to make the film, --save-storyboard FILE to write "
        "its storyboard only, or both\n"
    )
    assert list(tmp_path.iterdir()) == []
