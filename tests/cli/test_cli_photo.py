"""`fusionsmile photo` and `animate --photo` in process (one renderer)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design import PhotoFit
from fusionsmile.core.design_io import read_design

runner = CliRunner()
PRESETS = Path(__file__).resolve().parents[2] / "presets"


def rgb(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _photo_with_gps(source: Path, target: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x927C] = b"maker notes"
    gps = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    exif[0x8825] = gps
    with Image.open(source) as image:
        image.convert("RGB").save(target, exif=exif, quality=92)


def test_portrait_png_carries_the_design_and_none_of_the_photo_metadata(
    tmp_path: Path, large_astronaut: Path
) -> None:
    photo = tmp_path / "me.jpg"
    _photo_with_gps(large_astronaut, photo)
    with Image.open(photo) as image:
        assert image.getexif().get_ifd(0x8825)  # the input does carry GPS
    out = tmp_path / "smile.png"
    code, stdout, stderr = run("photo", str(photo), str(PRESETS / "showcase.json"), "-o", str(out))
    assert code == 0, stderr
    assert "1536x1536" in stdout
    with Image.open(out) as image:
        assert image.size == (1536, 1536)
        assert not image.getexif()
        assert "exif" not in image.info and not any("gps" in k.lower() for k in image.info)
        assert b"PhoneMaker" not in out.read_bytes() and b"maker notes" not in out.read_bytes()
    design = read_design(out)
    assert design.photo is not None
    assert design.photo.file_name == "me.jpg" and design.photo.fit is None
    import hashlib

    assert design.photo.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert design.meta.title == read_design(PRESETS / "showcase.json").meta.title


def test_a_saved_fit_is_used(tmp_path: Path, large_astronaut: Path) -> None:
    first = tmp_path / "auto.png"
    assert run("photo", str(large_astronaut), "-o", str(first))[0] == 0
    design = read_design(first)
    _, stdout, _ = run("photo", str(large_astronaut), "--json")
    fit = json.loads(stdout)["fit"]
    assert fit["automatic"] is True
    moved = {k: v for k, v in fit.items() if k != "automatic"} | {"x": fit["x"] + 0.02}
    assert design.photo is not None
    saved = design.model_copy(
        update={"photo": design.photo.model_copy(update={"fit": PhotoFit(**moved)})}
    )
    path = tmp_path / "fitted.json"
    from fusionsmile.core.design_io import design_to_json

    path.write_text(design_to_json(saved))
    _code, stdout, _ = run("photo", str(large_astronaut), str(path), "--json")
    report = json.loads(stdout)
    assert report["fit"]["automatic"] is False
    assert report["fit"]["x"] == moved["x"]
    assert report["metrics"]["photo_midline"]["value"] > 1.0  # the move shows in the face


def test_json_reports_the_face_and_metrics(large_astronaut: Path) -> None:
    code, stdout, stderr = run("photo", str(large_astronaut), "--json")
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["photo"]["faces"] == 1 and report["photo"]["size"] == [1536, 1536]
    assert 55 < report["face"]["interpupillary_mm"] < 70
    assert set(report["metrics"]) >= {
        "photo_midline", "photo_incisal_cant", "photo_smile_arc", "photo_buccal_corridor",
        "photo_gingival_display", "photo_smile_index",
    }  # fmt: skip
    assert all(m["source"] for m in report["metrics"].values())
    assert report["smile_arc"] in ("consonant", "flat", "reverse")


def test_compare_side_and_wipe(tmp_path: Path, large_astronaut: Path) -> None:
    side, wipe = tmp_path / "side.png", tmp_path / "wipe.png"
    assert run("photo", str(large_astronaut), "--compare", "side", "-o", str(side))[0] == 0
    assert run("photo", str(large_astronaut), "--compare", "wipe", "-o", str(wipe))[0] == 0
    before = rgb(large_astronaut)
    side_pixels, wipe_pixels = rgb(side), rgb(wipe)
    assert side_pixels.shape[1] > 2 * before.shape[1] and side_pixels.shape[0] == 1536
    assert np.array_equal(side_pixels[:, :1536], before)
    assert wipe_pixels.shape == before.shape
    assert np.array_equal(wipe_pixels[:, :600], before[:, :600])  # left of the midline (x ~ 667)
    assert not np.array_equal(wipe_pixels[:, 680:], before[:, 680:])


def test_refusals_are_one_line_and_write_nothing(
    tmp_path: Path, grace_hopper_path: Path, large_astronaut: Path
) -> None:
    out = tmp_path / "out.png"
    text = tmp_path / "notes.jpg"
    text.write_text("hello")
    cases = [
        ((str(grace_hopper_path), "-o", str(out)), "mouth is closed"),
        ((str(text), "-o", str(out)), "not a photo"),
        ((str(large_astronaut), "--face", "3", "-o", str(out)), "has 1 face"),
        ((str(large_astronaut), "-o", str(tmp_path / "out.jpg")), "must be a .png"),
        ((str(large_astronaut), "--lighting", "noon", "-o", str(out)), "--lighting"),
        ((str(large_astronaut),), "-o OUT.png"),
    ]
    for args, reason in cases:
        code, _, stderr = run("photo", *args)
        assert code != 0, args
        assert reason in stderr and stderr.count("\n") == 1, stderr
        assert not out.exists()
    assert list(tmp_path.iterdir()) == [text]


def test_animate_plays_the_glow_on_the_face(tmp_path: Path, astronaut_path: Path) -> None:
    out = tmp_path / "glow.gif"
    code, _stdout, stderr = run(
        "animate", str(PRESETS / "calm-tide.json"), "--photo", str(astronaut_path),
        "--lighting", "night", "--seconds", "0.5", "--fps", "8", "--size", "320x320",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    with Image.open(out) as image:
        assert image.size == (320, 320) and image.n_frames == 4


def test_publishing_a_portrait_design_leaves_the_photo_reference_behind(
    tmp_path: Path, astronaut_path: Path
) -> None:
    out = tmp_path / "smile.png"
    assert run("photo", str(astronaut_path), "-o", str(out))[0] == 0
    assert read_design(out).photo is not None
    code, _, stderr = run("gallery", "--gallery", str(tmp_path / "g"), "publish", str(out))
    assert code == 0, stderr
    (stored,) = (tmp_path / "g").rglob("design.json")
    assert "photo" not in json.loads(stored.read_text())
    assert "astronaut" not in stored.read_text()
