"""Solid glow: the whole selection lit evenly in one palette colour."""

from __future__ import annotations

from typing import Any

import numpy as np

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.params import INTENSITY, PALETTE, Param
from fusionsmile.core.layers.registry import LayerKind, Params, register
from fusionsmile.core.palettes import palette_for


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    gradient = palette_for(str(params["palette"]))
    colour = gradient.sample(np.array([float(params["hue"])]))[0] * np.float32(params["intensity"])
    teeth = (attributes.region == Region.ENAMEL).astype(np.float32)
    emission = teeth[:, None] * colour[None, :]
    return LayerOutput(emission=emission.astype(np.float32))


register(
    LayerKind(
        name="solid-glow",
        label="Solid glow",
        group="luminous",
        description="The teeth glow evenly in one colour of the palette.",
        params=(
            PALETTE,
            INTENSITY,
            Param("hue", "float", 0.5, "where in the palette the colour is taken", 0.0, 1.0),
        ),
        evaluate=_evaluate,
    )
)
