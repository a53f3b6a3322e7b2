"""Character of real enamel: chalky white spots and brown extrinsic stains.

Both are organic shapes from procedural noise (`fusionsmile.core.layers.noise`) on the
world positions, so they keep their shape when the mesh is resampled. Coverage is
limited to the spots and stains: the rest of the tooth is left as it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fusionsmile.core.colour import hex_to_linear
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.natural.anatomy import (
    F32,
    by_position,
    enamel,
    labial_facing,
    position_digit,
    scatter,
    take,
    upper,
)
from fusionsmile.core.layers.noise import hash01, simplex
from fusionsmile.core.layers.params import SEED, Param
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.shades import lab_colour

_CHALK_LAB = (93.0, 0.0, 4.0)  # opaque, chalky white of demineralised enamel


def _same(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


def _white_spots_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    amount = float(params["amount"])
    size = float(params["size_mm"])
    seed = int(params["seed"])
    where = (
        enamel(attributes)
        * labial_facing(attributes, 0.5)
        * by_position(attributes, (1.0, 1.0, 1.0, 0.8, 0.8, 0.5))
        # smooth surfaces of the cervical and middle thirds, where enamel demineralises
        * (1.0 - smoothstep(0.7, 0.92, attributes.v))
        * smoothstep(0.0, 0.05, amount)
    )
    # Not every tooth: at a small amount only a few carry spots.
    tooth = np.asarray(attributes.tooth, dtype=np.int64)
    where *= hash01(tooth, seed + 7) < 0.25 + 0.75 * amount
    index = np.flatnonzero(where > 0)
    position = attributes.position[index]
    # Noise features are about half a wavelength across: a spot of about size_mm.
    threshold = 0.8 - 0.5 * amount
    spots = smoothstep(threshold, threshold + 0.15, simplex(position, 0.5 / size, seed))
    # Frosted inside, not flat paint.
    inside = np.flatnonzero(spots > 0)
    frost = np.ones(len(index), np.float32)
    frost[inside] = 0.8 + 0.2 * simplex(position[inside], 3.0 / size, seed + 1)
    coverage = scatter(n, index, np.clip(0.9 * spots * frost * where[index], 0.0, 1.0))
    return LayerOutput(
        coverage=coverage,
        albedo=np.broadcast_to(lab_colour(_CHALK_LAB), (n, 3)).astype(np.float32),
        translucency=np.full(n, 0.03, np.float32),
        roughness=np.full(n, 0.65, np.float32),
    )


def _cervical_stain(part: SurfaceAttributes, amount: float, size: float, seed: int) -> F32:
    """Along the gum margin: a band of irregular height, broken into patches."""
    band = 0.03 + 0.12 * amount
    edge = band * (1.0 + 0.6 * simplex(part.position, 1.0 / (2.0 * size), seed))
    cervical = 1.0 - smoothstep(0.0, 1.0, (part.v - edge) / 0.04)
    lo, hi = 0.35 - 0.5 * amount, 0.6 - 0.5 * amount
    patches = smoothstep(lo, hi, simplex(part.position, 1.0 / size, seed + 1, octaves=2))
    return 0.8 * cervical * patches


def _fissure_stain(part: SurfaceAttributes, amount: float, size: float, seed: int) -> F32:
    """Fissures of premolars and molars. Near the top of a crown u is the direction from
    the middle of the occlusal surface, so the grooves between the cusps lie along fixed
    u: mesiodistal (u = 0, 0.5) on premolars, a cross on molars."""
    axis = np.where(upper(part), -1.0, 1.0).astype(np.float32)
    facing = smoothstep(0.4, 0.75, part.normal[:, 1] * axis) * smoothstep(0.62, 0.75, part.v)
    wobbly = part.u + 0.015 * simplex(part.position, 1.0 / 1.5, seed + 2)
    spacing = np.where(position_digit(part) >= 6, 0.25, 0.5)
    turns = np.abs((wobbly / spacing + 0.5) % 1.0 - 0.5) * spacing  # to the nearest groove
    grooves = 1.0 - smoothstep(0.0, 0.015 + 0.02 * amount, turns)
    noise = simplex(part.position, 1.0 / (2.0 * size), seed + 3)
    patchy = smoothstep(-0.6, 0.0, noise + amount - 0.3)
    return grooves * facing * patchy * smoothstep(0.0, 0.3, amount)


def _brown_stains_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    amount = float(params["amount"])
    size = float(params["size_mm"])
    seed = int(params["seed"])
    v = attributes.v
    on = enamel(attributes) * smoothstep(0.0, 0.05, amount)

    near_margin = np.flatnonzero(on * (v < 1.6 * (0.03 + 0.12 * amount) + 0.05))
    cervical = _cervical_stain(take(attributes, near_margin), amount, size, seed)
    axis = np.where(upper(attributes), -1.0, 1.0)
    occlusal = on * by_position(attributes, (0.0, 0.0, 0.0, 1.0)) * (v > 0.62)
    occlusal *= attributes.normal[:, 1] * axis > 0.4
    in_fissures = np.flatnonzero(occlusal)
    fissures = _fissure_stain(take(attributes, in_fissures), amount, size, seed)

    coverage = np.zeros(n, np.float32)
    coverage[near_margin] = cervical
    coverage[in_fissures] = np.maximum(coverage[in_fissures], fissures)
    # Deeper in the fissures the stain is darker.
    darker = np.ones(n, np.float32)
    darker[in_fissures] = np.where(fissures > coverage[in_fissures] - 1e-6, 0.65, 1.0)
    colour = np.array(hex_to_linear(str(params["colour"])), dtype=np.float32)
    return LayerOutput(
        coverage=np.clip(coverage * on, 0.0, 1.0),
        albedo=np.clip(colour[None, :] * darker[:, None], 0.0, 1.0),
        roughness=np.full(n, 0.5, np.float32),
    )


WHITE_SPOTS = LayerKind(
    name="white-spots",
    label="White spots",
    group="natural",
    description="Chalky, opaque white spots on the smooth enamel (early "
    "demineralisation or mild fluorosis).",
    params=(
        Param("amount", "float", 0.2, "how many spots", minimum=0.0, maximum=1.0, unit=""),
        Param(
            "size_mm",
            "float",
            1.5,
            "typical size of a spot",
            minimum=0.3,
            maximum=6.0,
            unit="mm",
        ),
        SEED,
    ),
    prepare=_white_spots_prepare,
    evaluate=_same,
)


BROWN_STAINS = LayerKind(
    name="brown-stains",
    label="Brown stains",
    group="natural",
    description="Extrinsic brown stain (coffee, tea, tobacco) along the gum margin and "
    "in the fissures of back teeth.",
    params=(
        Param("amount", "float", 0.3, "how much stain", minimum=0.0, maximum=1.0,
              unit=""),
        Param("size_mm", "float", 1.0, "size of the stain patches", minimum=0.3,
              maximum=5.0, unit="mm"),
        Param("colour", "colour", "#7a5233", "colour of the stain (sRGB)"),
        SEED,
    ),
    prepare=_brown_stains_prepare,
    evaluate=_same,
)  # fmt: skip

KINDS = (WHITE_SPOTS, BROWN_STAINS)
