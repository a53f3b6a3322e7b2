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
    assert "shot 1 shows the portrait, but no photo is given" in result.stderr
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
