"""Layer, palette and mood commands, `new --mood` and `render --time`, as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.layers.registry import all_kinds
from fusionsmile.core.moods import MOODS

EXE = shutil.which("fusionsmile", path=str(Path(sys.executable).parent)) or "fusionsmile"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, timeout=300, env=os.environ.copy()
    )


def test_layers_json_lists_every_kind_with_declarations() -> None:
    result = run("layers", "--json")
    assert result.returncode == 0, result.stderr
    kinds = {entry["kind"]: entry for entry in json.loads(result.stdout)["kinds"]}
    assert set(kinds) == set(all_kinds())
    assert {entry["group"] for entry in kinds.values()} == {"natural", "luminous"}
    for entry in kinds.values():
        for param in entry["params"]:
            assert {"name", "type", "default", "description", "unit"} <= set(param)
            if param["type"] in ("float", "int"):
                assert param["minimum"] <= param["default"] <= param["maximum"]


def test_palettes_json_has_emitters_peaks_and_colours() -> None:
    result = run("palettes", "--json")
    assert result.returncode == 0, result.stderr
    entries = {entry["name"]: entry for entry in json.loads(result.stdout)["palettes"]}
    far_red = next(b for b in entries["dragonfish"]["bands"] if b["peak_nm"] == 705)
    green = entries["foxfire"]["bands"][0]
    assert far_red["srgb"].startswith("#") and len(far_red["srgb"]) == 7
    # Computed from the spectrum: far red is far dimmer than fungal green at equal power.
    assert sum(far_red["linear_rgb"]) < 0.1 * sum(green["linear_rgb"])
    assert entries["firefly"]["emitter"] and entries["firefly"]["source"]


def test_moods_json_lists_the_recipes() -> None:
    result = run("moods", "--json")
    assert result.returncode == 0, result.stderr
    moods = {entry["name"]: entry for entry in json.loads(result.stdout)["moods"]}
    assert {"joy", "calm", "love", "courage", "wonder", "grief", "defiance", "hope"} <= set(moods)
    for entry in moods.values():
        assert entry["pattern"] in all_kinds() and entry["palette"]


@pytest.mark.parametrize("mood", sorted(MOODS))
def test_new_with_a_mood_writes_its_glow(tmp_path: Path, mood: str) -> None:
    out = tmp_path / f"{mood}.json"
    result = run("new", str(out), "--mood", mood, "--fusion", "0.8")
    assert result.returncode == 0, result.stderr
    design = read_design(out)
    assert design.fusion == 0.8 and design.meta.mood == mood
    glow = [layer for layer in design.layers if all_kinds()[layer.kind].group == "luminous"]
    assert [layer.kind for layer in glow] == [MOODS[mood].pattern]
    assert glow[0].resolved_params()["palette"] == MOODS[mood].palette


def test_new_rejects_an_unknown_mood(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "x.json"), "--mood", "ennui")
    assert result.returncode == 1 and "ennui" in result.stderr
    assert not (tmp_path / "x.json").exists()


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


def test_schema_includes_layer_parameters() -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    cases = schema["$defs"]["Layer"]["allOf"]
    kinds = {case["if"]["properties"]["kind"]["const"]: case for case in cases}
    params = kinds["solid-glow"]["then"]["properties"]["params"]["properties"]
    assert params["intensity"]["maximum"] == 20.0


def test_export_glb_bakes_the_glow(tmp_path: Path) -> None:
    import trimesh

    out = tmp_path / "tattoo.glb"
    preset = Path(__file__).parents[2] / "presets" / "star-tattoo.json"
    result = run("export", str(preset), "-o", str(out), "--texture-size", "256")
    assert result.returncode == 0, result.stderr
    material = trimesh.load(out).geometry["11"].visual.material
    assert material.emissiveTexture is not None and material.emissiveTexture.size == (256, 256)
    assert np.asarray(material.emissiveTexture).max() > 0


def test_a_missing_decal_fails_with_one_line(tmp_path: Path) -> None:
    preset = json.loads((Path(__file__).parents[2] / "presets" / "star-tattoo.json").read_text())
    preset["layers"][-1]["params"]["image"] = str(tmp_path / "nowhere.png")
    design = tmp_path / "d.json"
    design.write_text(json.dumps(preset))
    result = run("render", str(design), "-o", str(tmp_path / "x.png"), "--size", "64x64")
    assert result.returncode == 1 and "nowhere.png" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.png").exists()
