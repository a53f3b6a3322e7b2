"""The command line, run as a user runs it: the installed `fusionsmile` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh
from needs import missing
from PIL import Image

from fusionsmile.core.teeth import wheeler_size

ROOT = Path(__file__).parents[2]
SHOWCASE = ROOT / "presets" / "showcase.json"
EXE = shutil.which("fusionsmile", path=str(Path(sys.executable).parent)) or "fusionsmile"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=os.environ.copy()
    )


def test_new_writes_a_valid_default_design(tmp_path: Path) -> None:
    out = tmp_path / "smile.json"
    assert run("new", str(out)).returncode == 0
    result = run("validate", str(out))
    assert result.returncode == 0
    assert result.stdout.strip() == "ok"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "mine.json"
    out.write_text("my precious design")
    result = run("new", str(out))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert out.read_text() == "my precious design"


def test_validate_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    design = json.loads((ROOT / "presets" / "perfect-symmetry.json").read_text())
    design["geometry"]["teeth"] = {"11": {"scale": 1.9}}
    design["fusion"] = 3
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(design))
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "geometry.teeth.11.scale: must be at most 1.5" in result.stdout
    assert "fusion: must be at most 1.0" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b'{"schema": "fusionsmile/design", "version": 1, "fusion": NaN}',
        b"\x00" * 100,
        b"[" * 50_000,
    ],
)
def test_validate_survives_garbage(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_refuses_files_over_2_mb(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"{" + b" " * (3 * 1024 * 1024) + b"}")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "larger than 2 MB" in result.stdout


def test_info_json_reports_measured_teeth_and_analysis(tmp_path: Path) -> None:
    design = tmp_path / "default.json"
    run("new", str(design))
    result = run("info", str(design), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert 100_000 <= report["triangles"] <= 250_000
    assert len(report["teeth"]) == 28
    central = report["teeth"]["11"]
    assert central["mesiodistal_mm"] == pytest.approx(wheeler_size(11).md_crown, rel=0.05)
    assert central["labiolingual_mm"] == pytest.approx(wheeler_size(11).ll_crown, rel=0.05)
    assert central["crown_length_mm"] == pytest.approx(wheeler_size(11).crown_length, rel=0.05)
    assert all(tooth["watertight"] for tooth in report["teeth"].values())
    for metric in report["analysis"].values():
        assert set(metric) >= {"value", "range", "ok"}
    assert report["analysis"]["midline_deviation"]["ok"] is True


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


@pytest.mark.parametrize("suffix", ["glb", "gltf", "obj", "stl", "ply"])
def test_export_every_format_rereads_with_trimesh(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"smile.{suffix}"
    result = run("export", str(SHOWCASE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    loaded = trimesh.load(out)
    if isinstance(loaded, trimesh.Scene):
        faces = sum(len(g.faces) for g in loaded.dump())
    else:
        faces = len(loaded.faces)
    info = json.loads(run("info", str(SHOWCASE), "--json").stdout)
    assert faces == info["triangles"]
    # An OBJ carries the look in an MTL and PNGs beside it; the other formats are one file.
    beside = ["smile-base-colour.png", "smile-emissive.png", "smile.mtl"] if suffix == "obj" else []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, *beside])


def test_export_unknown_format_fails_cleanly(tmp_path: Path) -> None:
    result = run("export", str(SHOWCASE), "-o", str(tmp_path / "smile.xyz"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_many_designs_reports_the_bad_one_and_writes_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{")
    tattoo = ROOT / "presets" / "star-tattoo.json"
    out_dir = tmp_path / "out"
    result = run(
        "export", str(SHOWCASE), str(bad), str(tattoo), "--out-dir", str(out_dir),
        "--format", "stl", "--split", "arch",
    )  # fmt: skip
    assert result.returncode == 1
    assert "broken.json" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("fusionsmile:") == 1
    names = ["showcase-lower.stl", "showcase-upper.stl", "star-tattoo-lower.stl"]
    assert sorted(p.name for p in out_dir.iterdir()) == [*names, "star-tattoo-upper.stl"]
    for path in out_dir.iterdir():
        bodies = trimesh.load(path).split(only_watertight=False)
        assert bodies and all(body.is_watertight for body in bodies)


def test_export_png_is_named_after_the_design(tmp_path: Path) -> None:
    result = run("export", str(SHOWCASE), "--out-dir", str(tmp_path), "--format", "png")
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        missing(f"no OpenGL here: {result.stderr}")
    with Image.open(tmp_path / "showcase.png") as image:
        assert image.size == (1920, 1080)


def test_export_refuses_ambiguous_outputs(tmp_path: Path) -> None:
    one = run("export", str(SHOWCASE), str(SHOWCASE), "-o", str(tmp_path / "x.glb"))
    assert one.returncode == 1 and "-o takes one design" in one.stderr
    both = run("export", str(SHOWCASE), "--out-dir", str(tmp_path))
    assert both.returncode == 1 and "--format" in both.stderr
    split = run("export", str(SHOWCASE), "-o", str(tmp_path / "x.ply"), "--split", "arch")
    assert split.returncode == 1 and "only for STL" in split.stderr
    assert list(tmp_path.iterdir()) == []
