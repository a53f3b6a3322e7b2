"""A design's layers checked against the layer registry: the step after the model.

The pydantic model checks every field of a Design; whether a layer's `kind` is registered
and its `params` fit the kind's declarations needs the registry, which the model does not
import (the kinds are code, the model is data). Every place that makes a Design or a
Layer from data it did not make itself (a file, an edit, a mix of two designs) runs this
step after the model, so that a design that validates is a design that builds.

A refusal is a pydantic ValidationError like the model's own, located at the layer
(`layers.2: intensity: 99 is above the maximum 20`), so callers report both alike.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.layers.registry import kind_for


def resolved_params(layer: Layer) -> dict[str, ParamValue]:
    """Every declared parameter of the layer's kind, stored or default; ValueError naming
    the parameter (or the kind) that does not fit."""
    return kind_for(layer.kind).resolve(layer.params)


def validate_layer(layer: Layer) -> Layer:
    """The layer, once its kind and params are checked; ValidationError otherwise."""
    problems = _problems((layer,), ())
    if problems:
        raise ValidationError.from_exception_data("Layer", problems)
    return layer


def validate_design(design: Design) -> Design:
    """The design, once every layer's kind and params are checked; ValidationError
    naming each layer that does not fit otherwise."""
    problems = _problems(design.layers, ("layers",))
    if problems:
        raise ValidationError.from_exception_data("Design", problems)
    return design


def _problems(layers: tuple[Layer, ...], where: tuple[str, ...]) -> list[InitErrorDetails]:
    problems: list[InitErrorDetails] = []
    for index, layer in enumerate(layers):
        try:
            resolved_params(layer)
        except ValueError as error:
            location: tuple[str | int, ...] = (*where, index) if where else ()
            problems.append(
                {"type": "value_error", "loc": location, "input": layer, "ctx": {"error": error}}
            )
    return problems
