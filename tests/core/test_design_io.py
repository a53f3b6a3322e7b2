"""The Design model and its JSON: round trips, and clear errors on bad or hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fusionsmile.core.design import SCHEMA_VERSION, Design, Geometry, Meta
from fusionsmile.core.design_io import (
    MAX_DESIGN_BYTES,
    DesignError,
    design_from_bytes,
    design_to_json,
    dump_design,
    read_design,
)

PRESETS = sorted(Path(__file__).parents[2].joinpath("presets").glob("*.json"))


def problems_of(raw: object) -> list[str]:
    data = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
    with pytest.raises(DesignError) as caught:
        design_from_bytes(data, "test.json")
    return caught.value.problems


def valid() -> dict:
    return dump_design(Design())


def test_default_design_round_trips_through_json() -> None:
    design = Design()
    text = design_to_json(design)
    assert json.loads(text)["schema"] == "fusionsmile/design"
    assert json.loads(text)["version"] == SCHEMA_VERSION == 2
    assert design_from_bytes(text.encode()) == design


def test_edited_design_round_trips() -> None:
    geometry = Geometry(diastema_mm=1.5, mamelons=0.7).with_tooth(12, missing=True)
    design = Design(meta=Meta(title="Gap", tags=("a", "b")), geometry=geometry, fusion=0.9)
    assert design_from_bytes(design_to_json(design).encode()) == design


def test_design_is_immutable() -> None:
    design = Design()
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its ValidationError
        design.fusion = 0.1  # type: ignore[misc]


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_presets_validate(path: Path) -> None:
    assert read_design(path).meta.title


def test_at_least_four_presets() -> None:
    assert len(PRESETS) >= 4


def test_out_of_range_value_names_its_path_and_limit() -> None:
    raw = valid()
    raw["geometry"]["teeth"] = {"11": {"scale": 3.0}}
    assert problems_of(raw) == ["geometry.teeth.11.scale: must be at most 1.5"]


def test_every_problem_is_reported() -> None:
    raw = valid()
    raw["fusion"] = -1
    raw["geometry"]["tooth_size"] = "big"
    raw["geometry"]["teeth"] = {"99": {}}
    raw["colour"] = "red"
    found = problems_of(raw)
    assert "fusion: must be at least 0.0" in found
    assert "geometry.tooth_size: must be a number" in found
    assert "geometry.teeth.99: not an FDI tooth number (11-18, 21-28, 31-38, 41-48)" in found
    assert "colour: unknown key" in found


def test_unknown_nested_key_is_refused() -> None:
    raw = valid()
    raw["geometry"]["teeth"] = {"21": {"scale": 1.1, "glow": True}}
    assert problems_of(raw) == ["geometry.teeth.21.glow: unknown key"]


def test_wrong_choice_lists_the_choices() -> None:
    raw = valid()
    raw["geometry"]["arch_form"] = "square"
    (problem,) = problems_of(raw)
    assert problem.startswith("geometry.arch_form: must be one of")
    assert "'beta'" in problem and "'bonwill-hawley'" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'{"schema": "fusionsmile/design", "version": 1, "fusion": NaN}', "NaN is not allowed"),
        (b'{"schema": "fusionsmile/design", "version": 1, "fusion": Infinity}', "not allowed"),
        (b'{"schema": "fusionsmile/design", "version": 1, "fusion": 1e999}', "out of range"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (b'{"version": 1}', "schema: expected 'fusionsmile/design'"),
        (b'{"schema": "fusionsmile/design", "version": 99}', "version: 99 is not supported"),
        (b'{"schema": "fusionsmile/design", "version": "1"}', "version: expected an integer"),
        (b"[" * 100_000 + b"]" * 100_000, "nesting too deep"),
    ],
)
def test_broken_and_hostile_input_gives_one_clear_problem(text: bytes, expected: str) -> None:
    found = problems_of(text)
    assert len(found) == 1
    assert expected in found[0]


def test_deep_but_parseable_nesting_is_refused_before_validation() -> None:
    raw = valid()
    deep: dict = {}
    cursor = deep
    for _ in range(40):
        cursor["x"] = {}
        cursor = cursor["x"]
    raw["meta"]["story"] = deep
    (problem,) = problems_of(raw)
    assert "nesting too deep" in problem


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (MAX_DESIGN_BYTES + 10))
    with pytest.raises(DesignError, match="larger than 2 MB"):
        read_design(path)


def test_missing_file_is_a_design_error(tmp_path: Path) -> None:
    with pytest.raises(DesignError, match="cannot read"):
        read_design(tmp_path / "nope.json")


def test_mirror_edit_applies_to_the_contralateral_tooth() -> None:
    geometry = Geometry().with_tooth(12, mirror=True, rotation_deg=10.0, wear_mm=0.5)
    assert geometry.override(22) == geometry.override(12)
    assert geometry.override(22).rotation_deg == 10.0
    assert geometry.override(11) == Geometry().override(11)


def test_resetting_an_edit_removes_the_override() -> None:
    geometry = Geometry().with_tooth(36, missing=True).with_tooth(36, missing=False)
    assert geometry.teeth == {}
