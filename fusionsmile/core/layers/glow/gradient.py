"""Glow gradient: the palette runs up each crown, from the cervical line to the edge."""

from __future__ import annotations

from typing import Any

import numpy as np

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    GUMS,
    colour_at,
    glow_output,
    intensity_param,
    lit_samples,
    palette_param,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import Param


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    lit = lit_samples(attributes, bool(params["gums"]))
    enamel = attributes.region[lit.index] == Region.ENAMEL
    # Where along the palette: up the crown; glowing gums carry on from the cervical end.
    along = np.where(enamel, attributes.v[lit.index], 0.0).astype(np.float32)
    if params["reverse"]:
        along = 1.0 - along
    emission = lit.spread(colour_at(str(params["palette"]), along, float(params["intensity"])))
    # Brightest at the palette's end, dimmer towards its start (smoothstep: no kink).
    falloff = np.float32(params["falloff"])
    level = (1 - falloff) + falloff * along * along * (3 - 2 * along)
    return glow_output(lit, emission, level)


KINDS = (
    LayerKind(
        name="glow-gradient",
        label="Glow gradient",
        group="luminous",
        description="The palette runs up every crown, from the gum line to the biting edge.",
        params=(
            palette_param("gfp-jellyfish"),
            intensity_param(0.7),
            Param("reverse", "bool", False, "run the palette from the edge down to the gum line"),
            Param(
                "falloff",
                "float",
                0.9,
                "how much the glow fades towards the start of the gradient (0 even)",
                minimum=0.0,
                maximum=1.0,
            ),
            GUMS,
        ),
        evaluate=_evaluate,
    ),
)
