"""Fuzzing design files: valid designs drawn from the schema load, round-trip and build;
valid designs with one value replaced by anything JSON can hold (huge integers, escape
codes, wrong types, deep nesting) load or give one clear line, never a traceback.

The example count comes from the hypothesis profile in tests/design_strategies.py:
a few in the normal run, thousands with HYPOTHESIS_PROFILE=long."""

from __future__ import annotations

import json
from typing import Any

from design_strategies import design_objects, hostile_text
from fuzz_checks import assert_one_clear_line
from hypothesis import given
from hypothesis import strategies as st

from fusionsmile.core.design_io import DesignError, design_from_bytes, design_to_json
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene

SOURCE = "fuzzed.json"

# Anything a JSON file can hold, with the values that broke loaders before.
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 2**31, 0, -1]),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
    st.text(max_size=30),
)
json_values = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


@st.composite
def mutated_designs(draw: st.DrawFn) -> bytes:
    raw = draw(design_objects())
    path = draw(st.sampled_from(_paths(raw)))
    if draw(st.booleans()) and path:
        mutated = _replaced(raw, path, draw(json_values))
    else:  # a new key beside the chosen one
        parent = path[:-1] if path else ()
        target = raw
        for part in parent:
            target = target[part]
        mutated = (
            _replaced(raw, parent, {**target, draw(hostile_text): draw(json_values)})
            if isinstance(target, dict)
            else raw
        )
    return json.dumps(mutated).encode("utf-8")


@given(design_objects())
def test_valid_designs_load_round_trip_and_build(raw: dict) -> None:
    design = design_from_bytes(json.dumps(raw).encode(), SOURCE)
    assert design_from_bytes(design_to_json(design).encode(), SOURCE) == design
    dentition = build(design.geometry)
    scene = design_scene(design, dentition, 0.5)
    assert scene is not None


@given(mutated_designs())
def test_mutated_designs_load_or_give_one_clear_line(data: bytes) -> None:
    try:
        design = design_from_bytes(data, SOURCE)
    except DesignError as error:
        assert error.problems
        for problem in error.problems:
            assert_one_clear_line(f"{error.source}: {problem}", SOURCE)
        return
    build(design.geometry.model_copy(update={"resolution": "preview"}))


@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_load_or_give_one_clear_line(data: bytes) -> None:
    try:
        design_from_bytes(data, SOURCE)
    except DesignError as error:
        for problem in error.problems:
            assert_one_clear_line(f"{error.source}: {problem}", SOURCE)
