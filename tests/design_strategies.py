"""Hypothesis strategies for designs, drawn from the schema itself.

Ranges come from `Geometry.model_json_schema()` and the layer kinds' parameter
declarations, so a new field or a widened range is fuzzed without editing this file.
Numbers are drawn at their bounds as often as inside them: the builder's failures sit at
the extremes (a tooth tipped, moved and crowded all at once).

Profiles: "ci" (the default: few examples, derandomised, so a run is repeatable) and
"long" (HYPOTHESIS_PROFILE=long: many random examples, for a run by hand).
"""

from __future__ import annotations

import os
import string
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from fusionsmile.core.design import SCHEMA_NAME, SCHEMA_VERSION, Geometry
from fusionsmile.core.layers.blend import BLEND_MODES
from fusionsmile.core.layers.params import Param
from fusionsmile.core.layers.registry import all_kinds
from fusionsmile.core.teeth import all_fdi

LAYER_KINDS = all_kinds()

ALL_FDI = all_fdi()

# No deadline in either profile: tests never pass or fail on wall-clock time.
settings.register_profile(
    "ci",
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _schema_value(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "anyOf" in schema:  # an optional field: number | null
        return st.one_of([_schema_value(branch, defs) for branch in schema["anyOf"]])
    if schema.get("type") == "null":
        return st.none()
    if "$ref" in schema:
        return _schema_object(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low, high = int(schema["minimum"]), int(schema["maximum"])
        return st.one_of(st.sampled_from([low, high]), st.integers(low, high))
    if kind == "number":
        low, high = float(schema["minimum"]), float(schema["maximum"])
        return st.one_of(
            st.sampled_from([low, high, float(schema.get("default", low))]),
            st.floats(low, high, allow_nan=False, allow_infinity=False),
        )
    raise NotImplementedError(f"no strategy for {schema}")


def _schema_object(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    required = set(schema.get("required", ()))
    fields = {
        name: _schema_value(spec, defs)
        for name, spec in schema["properties"].items()
        if name != "teeth"
    }
    return st.fixed_dictionaries(
        {name: value for name, value in fields.items() if name in required},
        optional={name: value for name, value in fields.items() if name not in required},
    )


_GEOMETRY_SCHEMA = Geometry.model_json_schema()
_DEFS = _GEOMETRY_SCHEMA["$defs"]


def tooth_overrides() -> st.SearchStrategy[dict[str, Any]]:
    return _schema_object(_DEFS["ToothOverride"], _DEFS)


def geometry_objects(max_teeth: int = 10) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects of in-range geometries, with up to max_teeth per-tooth overrides."""
    teeth = st.dictionaries(
        st.sampled_from([str(fdi) for fdi in ALL_FDI]), tooth_overrides(), max_size=max_teeth
    )
    return st.tuples(_schema_object(_GEOMETRY_SCHEMA, _DEFS), teeth).map(
        lambda pair: {**pair[0], "teeth": pair[1]}
    )


def _param_value(param: Param) -> st.SearchStrategy[Any]:
    if param.type in ("float", "int"):
        low = param.minimum if param.minimum is not None else -1e6
        high = param.maximum if param.maximum is not None else 1e6
        if param.type == "int":
            return st.integers(int(low), int(high))
        return st.one_of(st.sampled_from([low, high]), st.floats(low, high))
    if param.type == "bool":
        return st.booleans()
    if param.type == "choice":
        return st.sampled_from(param.choices)
    if param.type == "colour":
        return st.text("0123456789abcdef", min_size=6, max_size=6).map(lambda hex: f"#{hex}")
    if param.type == "teeth":
        return st.lists(st.sampled_from(ALL_FDI), max_size=4).map(
            lambda teeth: ", ".join(str(fdi) for fdi in teeth)
        )
    return st.just(param.default)  # palettes and files: their defaults are valid


@st.composite
def layer_objects(draw: st.DrawFn) -> dict[str, Any]:
    """JSON objects of valid layers of any registered kind."""
    kind = LAYER_KINDS[draw(st.sampled_from(sorted(LAYER_KINDS)))]
    chosen = draw(st.lists(st.sampled_from(kind.params), unique=True)) if kind.params else []
    params = {param.name: draw(_param_value(param)) for param in chosen}
    return {
        "kind": kind.name,
        "opacity": draw(st.floats(0.0, 1.0)),
        "blend": draw(st.sampled_from(BLEND_MODES)),
        "params": params,
    }


# Titles from strangers: printable words, and the control characters a terminal obeys.
hostile_text = st.text(
    st.sampled_from([*string.ascii_letters, " ", "-", "\x1b", "\x07", "\r", "\x9b", "é"]),
    max_size=60,
)


@st.composite
def design_objects(draw: st.DrawFn, max_layers: int = 3) -> dict[str, Any]:
    """JSON objects of valid designs (schema name and version included)."""
    return {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "meta": {"title": draw(hostile_text), "author": draw(hostile_text)},
        "geometry": {**draw(geometry_objects(max_teeth=4)), "resolution": "preview"},
        "layers": draw(st.lists(layer_objects(), max_size=max_layers)),
        "fusion": draw(st.floats(0.0, 1.0)),
    }
