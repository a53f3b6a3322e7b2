"""Solid glow: the whole selection lit evenly in one palette colour."""

from __future__ import annotations

from typing import Any

import numpy as np

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    GUMS,
    colour_at,
    glow_output,
    lit_samples,
    palette_param,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import INTENSITY, Param


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    lit = lit_samples(attributes, bool(params["gums"]))
    hue = np.array([float(params["hue"])], dtype=np.float32)
    colour = colour_at(str(params["palette"]), hue, float(params["intensity"]))[0]
    emission = np.zeros((lit.n, 3), dtype=np.float32)
    emission[lit.index] = colour
    return glow_output(lit, emission, np.ones(len(lit.index), dtype=np.float32))


KINDS = (
    LayerKind(
        name="solid-glow",
        label="Solid glow",
        group="luminous",
        description="The teeth glow evenly in one colour of the palette.",
        params=(
            palette_param("firefly"),
            INTENSITY,
            Param(
                "hue",
                "float",
                0.5,
                "where in the palette the colour is taken",
                minimum=0.0,
                maximum=1.0,
            ),
            GUMS,
        ),
        evaluate=_evaluate,
    ),
)
