"""`fusionsmile export` as a user runs it: every mesh format re-read by trimesh, PNGs, batches
that report a bad design and write the rest, and outputs it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh
from cli_run import ROOT, SHOWCASE, run
from needs import missing
from PIL import Image


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


def test_export_glb_bakes_the_glow(tmp_path: Path) -> None:
    import trimesh

    out = tmp_path / "tattoo.glb"
    preset = Path(__file__).parents[2] / "presets" / "star-tattoo.json"
    result = run("export", str(preset), "-o", str(out), "--texture-size", "256")
    assert result.returncode == 0, result.stderr
    material = trimesh.load(out).geometry["11"].visual.material
    assert material.emissiveTexture is not None and material.emissiveTexture.size == (256, 256)
    assert np.asarray(material.emissiveTexture).max() > 0
