"""`fusionsmile render | animate | sheet` as a user runs them: PNGs that carry their design,
cards, moments of the animation, animations and videos, contact sheets; a bad design or a
broken layer is one line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from cli_run import ROOT, SHOWCASE, run
from PIL import Image

from fusionsmile.core.design_io import read_design

FIREFLIES = ROOT / "presets" / "hope-fireflies.json"


def test_render_writes_a_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "smile.png"
    result = run(
        "render", str(SHOWCASE), "-o", str(out), "--size", "480x270", "--view", "front",
        "--lighting", "day",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (480, 270)
        pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    # Teeth are bright, and the picture is not one flat colour.
    assert pixels[100:170, 180:300].mean() > 150
    assert pixels.std() > 20


def test_render_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "smile.png"
    result = run("render", str(SHOWCASE), "-o", str(out), "--size", "64x64")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "does not exist" in result.stderr
    assert not out.parent.exists()


def test_render_rejects_unknown_view(tmp_path: Path) -> None:
    result = run("render", str(SHOWCASE), "-o", str(tmp_path / "x.png"), "--view", "sideways")
    assert result.returncode == 1
    assert "choose one of" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_bad_design_renders_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "fusionsmile/design", "version": 1, "fusion": 7}')
    out = tmp_path / "out.png"
    result = run("render", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert "fusion: must be at most 1.0" in result.stderr
    assert list(tmp_path.iterdir()) == [bad]


def test_render_time_shows_the_animation(tmp_path: Path) -> None:
    design = tmp_path / "hope.json"
    assert run("new", str(design), "--mood", "hope", "--fusion", "1").returncode == 0
    frames = []
    for moment in ("0.3", "2.9"):  # inside a firefly flash / between flashes or later
        out = tmp_path / f"t{moment}.png"
        result = run("render", str(design), "-o", str(out), "--size", "320x180",
                     "--lighting", "night", "--time", moment)  # fmt: skip
        assert result.returncode == 0, result.stderr
        frames.append(np.asarray(Image.open(out).convert("RGB"), dtype=np.int16))
    assert np.abs(frames[0] - frames[1]).mean() > 0.5


def test_a_missing_decal_fails_with_one_line(tmp_path: Path) -> None:
    preset = json.loads((Path(__file__).parents[2] / "presets" / "star-tattoo.json").read_text())
    preset["layers"][-1]["params"]["image"] = str(tmp_path / "nowhere.png")
    design = tmp_path / "d.json"
    design.write_text(json.dumps(preset))
    result = run("render", str(design), "-o", str(tmp_path / "x.png"), "--size", "64x64")
    assert result.returncode == 1 and "nowhere.png" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.png").exists()


def test_a_rendered_png_opens_as_its_design(tmp_path: Path) -> None:
    out = tmp_path / "smile.png"
    result = run("render", str(SHOWCASE), "-o", str(out), "--size", "160x90", "--transparent")
    assert result.returncode == 0, result.stderr
    assert read_design(out) == read_design(SHOWCASE)
    with Image.open(out) as image:
        pixels = np.asarray(image.convert("RGBA"))
    assert pixels[0, 0, 3] < 8  # the corner is background: transparent
    assert (pixels[..., 3] == 255).mean() > 0.1  # the teeth are opaque
    for command in (["validate"], ["info"]):
        assert run(*command, str(out)).returncode == 0
    again = tmp_path / "again.png"
    assert run("render", str(out), "-o", str(again), "--size", "64x36").returncode == 0


def test_a_png_without_a_design_is_one_clear_line(tmp_path: Path) -> None:
    plain = tmp_path / "holiday.png"
    Image.new("RGB", (8, 8)).save(plain)
    result = run("render", str(plain), "-o", str(tmp_path / "out.png"))
    assert result.returncode == 1
    assert "no FusionSmile design in this PNG" in result.stderr
    assert "Traceback" not in result.stderr


def test_animate_writes_a_looping_gif_with_a_progress_free_pipe(tmp_path: Path) -> None:
    out = tmp_path / "glow.gif"
    result = run("animate", str(SHOWCASE), "-o", str(out), "--seconds", "0.5", "--fps", "8",
                 "--size", "96x54")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "4 frames" in result.stdout
    with Image.open(out) as image:
        assert image.info["loop"] == 0
        assert 1 <= image.n_frames <= 4  # identical neighbours may be merged by Pillow


def test_animate_refuses_a_bad_suffix_in_one_line(tmp_path: Path) -> None:
    result = run("animate", str(SHOWCASE), "-o", str(tmp_path / "glow.avi"))
    assert result.returncode == 1
    assert "must be a .gif, .png (APNG), .webp, .mp4 or .webm" in result.stderr


def test_animate_writes_an_mp4_that_pyav_reads_back(tmp_path: Path) -> None:
    import av

    out = tmp_path / "glow.mp4"
    result = run("animate", str(SHOWCASE), "-o", str(out), "--seconds", "0.5", "--fps", "24",
                 "--size", "96x54", "--quality", "draft")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "12 frames" in result.stdout
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert sum(1 for _ in container.decode(video=0)) == 12


def test_animate_video_refuses_odd_sizes_and_slow_rates_writing_nothing(tmp_path: Path) -> None:
    out = tmp_path / "glow.webm"
    for options, problem in (
        (["--size", "97x54"], "must be even"),
        (["--fps", "12"], "24-60 fps"),
        (["--size", "4096x2160"], "at most 3840x2160"),
        (["--quality", "ultra"], "choose one of draft, standard, high"),
    ):
        result = run("animate", str(SHOWCASE), "-o", str(out), *options)
        assert result.returncode == 1
        assert problem in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_render_card_adds_a_caption_panel_and_keeps_the_design(tmp_path: Path) -> None:
    out = tmp_path / "card.png"
    result = run("render", str(SHOWCASE), "--card", "-o", str(out), "--size", "320x180")
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.width == 320 and image.height > 180
        panel = np.asarray(image.convert("RGB"))[180:]
    assert panel.std() > 5  # text and palette strips were drawn
    assert read_design(out) == read_design(SHOWCASE)


def test_sheet_puts_several_designs_on_one_png(tmp_path: Path) -> None:
    out = tmp_path / "sheet.png"
    result = run("sheet", str(SHOWCASE), str(FIREFLIES), str(SHOWCASE), "-o", str(out),
                 "--size", "96x54", "--columns", "2", "--lighting", "night")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 designs" in result.stdout
    with Image.open(out) as image:
        assert image.width == 12 + 2 * (96 + 12)
        assert image.height == 12 + 2 * (54 + 46 + 12)
