"""Surface texture of the enamel: perikymata, craze lines and wear facets.

These change how the surface catches light more than its colour: they write `bump`
(a world-space normal offset) and `roughness`. Relief finer than the samples can carry
(see `anatomy.crown_rows`) fades out rather than aliasing into moire; at the default
mesh resolution about a dozen ridges per crown can show, on an export atlas many more.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.natural.anatomy import (
    F32,
    by_position,
    crown_rows,
    enamel,
    labial_facing,
    mesiodistal,
    rootward_tangent,
    scatter,
    side,
    take,
    u_tangent,
)
from fusionsmile.core.layers.noise import hash01, simplex
from fusionsmile.core.layers.params import SEED, Param
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.shades import lab_colour

# Perikymata crowd towards the cervix: ridge density there is 1 + _CROWDING times the
# density at the incisal edge (dental-data.md section 6).
_CROWDING = 1.0
_PERIKYMATA_SLOPE = 0.12  # normal offset of the ridges at strength 1
_CRAZE_WIDTH = 0.024  # of the crown's mesiodistal width, about 0.2 mm on a central


def _same(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


def _band_limit(cycles_per_crown: F32, rows: F32) -> F32:
    """(n,) 1 for relief the samples resolve, fading to 0 at the Nyquist limit."""
    nyquist = 0.5 * rows
    return 1.0 - smoothstep(0.0, 1.0, (cycles_per_crown / np.maximum(nyquist, 1e-6) - 0.6) / 0.4)


def _perikymata_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    # Clearest over the cervical and middle thirds of the labial face, worn away towards
    # the edge.
    index = np.flatnonzero(
        (attributes.region == Region.ENAMEL)
        & (attributes.v > 0.02)
        & (attributes.v < 0.92)
        & (side(attributes) > -0.5)  # labial_facing(0.5) is 0 below
    )
    part = take(attributes, index)
    v = part.v
    on = (
        labial_facing(part, 0.5)
        * by_position(part, (1.0, 1.0, 1.0, 0.5, 0.5, 0.25))
        * smoothstep(0.02, 0.1, v)
        * (1.0 - smoothstep(0.6, 0.92, v))
    )
    count = float(params["count"])
    strength = float(params["strength"])
    k = _CROWDING
    # Ridge phase from the cervix: density count * (1 + k (1 - v)) / (1 + k / 2).
    phase = count * (v + k * (v - 0.5 * v * v)) / (1 + 0.5 * k)
    density = (count * (1 + k * (1 - v)) / (1 + 0.5 * k)).astype(np.float32)
    # The slope of a ridge profile sin(2 pi phase) tilts the normal along the axis.
    slope = np.cos(2 * np.pi * phase) * _band_limit(density, crown_rows(attributes)[index])
    bump = (strength * _PERIKYMATA_SLOPE * slope)[:, None] * rootward_tangent(part)
    return LayerOutput(
        coverage=scatter(n, index, on),
        bump=scatter(n, index, bump),
        roughness=np.full(n, 0.38 + 0.12 * strength, np.float32),
    )


def _craze_colour(stain: float) -> F32:
    """Linear RGB of a craze line: white where light scatters in the crack (stain 0),
    staying lighter than enamel for light stain, brown where it has taken up stain (1)."""
    return lab_colour((95.0 - 40.0 * stain * stain, 6.0 * stain, 3.0 + 25.0 * stain))


def _craze_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    coverage = np.zeros(n, np.float32)
    bump = np.zeros((n, 3), np.float32)
    albedo = np.broadcast_to(_craze_colour(float(params["stain"])), (n, 3)).astype(np.float32)
    front = (attributes.region == Region.ENAMEL) & (attributes.v > 0.15)
    front &= (by_position(attributes, (1.0, 1.0, 1.0, 0.0)) > 0) & (side(attributes) > -0.5)
    index = np.flatnonzero(front)
    part = take(attributes, index)
    on = labial_facing(part, 0.5) * smoothstep(0.15, 0.25, part.v)
    count = int(params["count"])
    if len(index) == 0 or count == 0:
        return LayerOutput(coverage=coverage, albedo=albedo, bump=bump)

    seed = int(params["seed"])
    tooth = np.asarray(part.tooth, dtype=np.int64)
    x = mesiodistal(part)
    v = part.v
    # A line about one sample of the default mesh wide (as thin as the live view can
    # draw), the same in the view and in a baked atlas: from the sample count it depended
    # on which samples were evaluated together.
    width = _CRAZE_WIDTH
    best = np.zeros(len(index), np.float32)
    signed = np.zeros(len(index), np.float32)
    for line in range(count):
        key = tooth * 64 + line
        present = hash01(key, seed + 1) < 0.75  # not every tooth has every line
        centre = 0.15 + 0.7 * hash01(key, seed + 2)
        start = 0.2 + 0.5 * hash01(key, seed + 3)  # lines run from the edge towards here
        wobble = 0.02 * simplex(
            np.stack([v * 3.0, (key % 997).astype(np.float32) * 7.31], axis=1), 1.0, seed
        )
        offset = (x - centre - wobble) / width
        profile = np.exp(-(offset**2)) * smoothstep(0.0, 1.0, (v - start) / 0.12)
        profile *= (1.0 - smoothstep(0.96, 1.0, v)) * present
        stronger = profile > best
        best = np.where(stronger, profile, best).astype(np.float32)
        signed = np.where(stronger, offset, signed).astype(np.float32)
    coverage[index] = float(params["visibility"]) * best * on
    # A crack is a fine groove: each side tilts towards its middle.
    tilt = -0.35 * signed * np.exp(-(signed**2) / 2)
    bump[index] = tilt[:, None] * u_tangent(part)
    return LayerOutput(coverage=coverage, albedo=albedo, bump=bump)


_FACET_ENAMEL_LAB = (80.0, -0.5, 11.0)  # polished, greyer enamel of a facet
_DENTIN_LAB = (72.0, 3.0, 30.0)  # exposed dentin: yellow-brown


def _wear_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    amount = float(params["amount"])
    depth = 0.03 + 0.12 * amount  # of the crown length, from the edge or cusp tip
    near_top = (
        enamel(attributes) * (attributes.v > 1.0 - 1.3 * depth) * smoothstep(0.0, 0.1, amount)
    )
    index = np.flatnonzero(near_top > 0)
    part = take(attributes, index)
    v = part.v
    ragged = 0.25 * depth * simplex(part.position, 1.0 / 1.5, int(params["seed"]))
    edge = 1.0 - depth + ragged
    facet = smoothstep(0.0, 1.0, (v - edge) / (0.25 * depth))
    facet *= by_position(part, (1.0, 0.9, 1.0, 0.7, 0.7, 0.8)) * near_top[index]
    # Strong wear opens the enamel and shows the yellower dentin in the facet's middle.
    dentin = smoothstep(0.35, 0.9, amount) * smoothstep(
        0.0, 1.0, (v - edge - 0.45 * depth) / (0.3 * depth)
    )
    worn, exposed = lab_colour(_FACET_ENAMEL_LAB), lab_colour(_DENTIN_LAB)
    albedo = np.broadcast_to(worn, (n, 3)).astype(np.float32)
    albedo[index] = worn + dentin[:, None] * (exposed - worn)
    # A facet is flat and faces along the tooth's axis: turn the normal towards it.
    bump = np.zeros((n, 3), np.float32)
    bump[index] = (facet * (0.3 + 0.4 * amount))[:, None] * -rootward_tangent(part)
    coverage = np.zeros(n, np.float32)
    coverage[index] = facet
    roughness = np.full(n, 0.12, np.float32)
    return LayerOutput(coverage=coverage, albedo=albedo, roughness=roughness, bump=bump)


PERIKYMATA = LayerKind(
    name="perikymata",
    label="Perikymata",
    group="natural",
    description="Fine horizontal growth ridges on the labial enamel, closer together "
    "towards the gum; clearest on incisors and canines.",
    params=(
        Param("strength", "float", 0.25, "depth of the ridges", minimum=0.0, maximum=1.0, unit=""),
        Param(
            "count",
            "int",
            10,
            "ridges per crown (finer ones than the mesh can show fade out)",
            minimum=2,
            maximum=300,
            unit="",
        ),
    ),
    prepare=_perikymata_prepare,
    evaluate=_same,
)


CRAZE_LINES = LayerKind(
    name="craze-lines",
    label="Craze lines",
    group="natural",
    description="Fine vertical enamel cracks running up from the edge of front teeth.",
    params=(
        Param("count", "int", 2, "most lines per tooth", minimum=0, maximum=8, unit=""),
        Param(
            "visibility",
            "float",
            0.4,
            "how much the lines show",
            minimum=0.0,
            maximum=1.0,
            unit="",
        ),
        Param(
            "stain",
            "float",
            0.2,
            "0 white lines, 1 stained brown",
            minimum=0.0,
            maximum=1.0,
            unit="",
        ),
        SEED,
    ),
    prepare=_craze_prepare,
    evaluate=_same,
)


WEAR_FACETS = LayerKind(
    name="wear-facets",
    label="Wear facets",
    group="natural",
    description="Flat, glossy facets worn into the incisal edges and cusp tips; with "
    "heavy wear the yellower dentin shows.",
    params=(
        Param("amount", "float", 0.25, "how worn the teeth are", minimum=0.0,
              maximum=1.0, unit=""),
        SEED,
    ),
    prepare=_wear_prepare,
    evaluate=_same,
)  # fmt: skip

KINDS = (PERIKYMATA, CRAZE_LINES, WEAR_FACETS)
