"""`fusionsmile new | layers | palettes | moods | schema | validate | info` as a user runs
them: new designs (with a mood's glow), the catalogues, checking and measuring a design."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import ROOT, run

from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.design_io import design_to_json, read_design
from fusionsmile.core.layers.registry import all_kinds
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.moods import MOODS
from fusionsmile.core.teeth import wheeler_size


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


def test_info_reports_each_arch_as_it_shows(tmp_path: Path) -> None:
    """Upper spacing only: the lower arch reports its own (none), from the same core
    function the app's Geometry panel shows (issue 15)."""
    geometry = Geometry().with_arch_value("spacing", upper=0.4)
    path = tmp_path / "spaced.json"
    path.write_text(design_to_json(Design(geometry=geometry)))
    report = json.loads(run("info", str(path), "--json").stdout)
    assert report["arches"]["upper"]["spacing_mm"] == 0.4
    assert report["arches"]["lower"]["spacing_mm"] == 0.0
    assert report["arches"]["lower"]["width_mm"] == geometry.lower_arch.width_mm
    text = run("info", str(path)).stdout
    assert "upper arch" in text and "spacing 0.40" in text
    assert "lower arch" in text and "spacing 0.00" in text


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
    assert resolved_params(glow[0])["palette"] == MOODS[mood].palette


def test_new_rejects_an_unknown_mood(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "x.json"), "--mood", "ennui")
    assert result.returncode == 1 and "ennui" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_schema_includes_layer_parameters() -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    cases = schema["$defs"]["Layer"]["allOf"]
    kinds = {case["if"]["properties"]["kind"]["const"]: case for case in cases}
    params = kinds["solid-glow"]["then"]["properties"]["params"]["properties"]
    assert params["intensity"]["maximum"] == 20.0
