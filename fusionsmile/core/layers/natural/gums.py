"""Gum colour: healthy gingiva from pale coral pink to deep rose, with physiologic
melanin pigmentation and the orange-peel stippling of the attached gingiva.

On the gums v runs from the margin (0) to the far edge of the shell (1) and u is 0 on
the labial wall, 0.25 over the top, 0.5 on the lingual wall, 0.75 on the crest. The
margin (free gingiva) is a little redder, the attached gingiva paler and stippled, and
beyond the mucogingival junction the thin alveolar mucosa is redder and smooth.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.colour import hex_to_linear
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.natural.anatomy import gingiva, scatter
from fusionsmile.core.layers.noise import hash01, simplex
from fusionsmile.core.layers.params import SEED, Param
from fusionsmile.core.layers.ramps import smoothstep

F32 = NDArray[np.float32]

# sRGB, modelling choices within the healthy range.
_PALE_CORAL = np.array(hex_to_linear("#d4837c"), dtype=np.float32)
_DEEP_ROSE = np.array(hex_to_linear("#a03650"), dtype=np.float32)
_MUCOSA = np.array(hex_to_linear("#b03a4a"), dtype=np.float32)
_MELANIN = np.array(hex_to_linear("#7a4a3c"), dtype=np.float32)
_JUNCTION = 0.5  # v of the mucogingival junction on the labial and lingual walls
_STIPPLE_MM = 1.2


def _same(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


def _tangent_basis(normal: F32) -> tuple[F32, F32]:
    """Two unit tangents perpendicular to each normal and to each other."""
    # normal x (1, 0, 0) = (0, n_z, -n_y), then normal x first, component by component.
    x, y, z = normal[:, 0], normal[:, 1], normal[:, 2]
    first = np.zeros_like(normal)
    first[:, 1] = z
    np.negative(y, out=first[:, 2])
    length = np.sqrt(z * z + y * y)
    first /= np.maximum(length, 1e-6)[:, None]
    a, b, c = first[:, 0], first[:, 1], first[:, 2]
    second = np.empty_like(first)
    np.subtract(y * c, z * b, out=second[:, 0])
    np.subtract(z * a, x * c, out=second[:, 1])
    np.subtract(x * b, y * a, out=second[:, 2])
    return first.astype(np.float32), second.astype(np.float32)


def _stipple_bump(position: F32, normal: F32, seed: int) -> F32:
    """(k, 3) normal offset of an orange-peel relief: the normal tilts against the slope
    of a noise height field along the surface (finite differences over 0.2 features)."""
    first, second = _tangent_basis(normal.astype(np.float32))
    frequency, step = 1.0 / _STIPPLE_MM, 0.2 * _STIPPLE_MM
    height = simplex(position, frequency, seed)
    slope_a = simplex(position + step * first, frequency, seed) - height
    slope_b = simplex(position + step * second, frequency, seed) - height
    bump: F32 = -(slope_a[:, None] * first + slope_b[:, None] * second)
    return bump


def _prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    index = np.flatnonzero(gingiva(attributes))
    v, u, arch = attributes.v[index], attributes.u[index], attributes.s[index]
    seed = int(params["seed"])
    tone = float(params["tone"])
    attached = _PALE_CORAL + tone * (_DEEP_ROSE - _PALE_CORAL)

    # Walls (labial, lingual) carry margin -> attached -> mucosa; the top of the shell
    # is mucosa, the crest (between teeth, hidden) attached gingiva. The junction wanders.
    wall = (np.abs(u - 0.25) > 0.2) & (np.abs(u - 0.75) > 0.2)
    phase = 2 * np.pi * hash01(np.arange(2), seed + 4)
    wander = 0.05 * np.sin(9.0 * arch + phase[0]) + 0.03 * np.sin(23.0 * arch + phase[1])
    junction = _JUNCTION + wander
    mucosa = np.where(wall, smoothstep(-0.12, 0.15, v - junction),
                      (np.abs(u - 0.25) <= 0.2).astype(np.float32))  # fmt: skip
    margin = np.where(wall, 1.0 - smoothstep(0.02, 0.18, v), 0.0).astype(np.float32)
    albedo = np.broadcast_to(attached, (len(index), 3)).astype(np.float32)
    # The free gingiva at the margin is a little redder and darker.
    albedo = albedo * (1.0 - margin[:, None] * np.array([0.08, 0.2, 0.15], np.float32))
    albedo = albedo + (0.45 * mucosa)[:, None] * (_MUCOSA - albedo)

    melanin = float(params["melanin"])
    if melanin > 0:
        # Physiologic pigmentation: soft patches, merging into a ribbon along the attached
        # gingiva as melanin rises.
        band = np.where(wall, smoothstep(0.03, 0.14, v) * (1 - smoothstep(0.4, 0.65, v)), 0.0)
        inside = np.flatnonzero(band > 0)
        position = attributes.position[index[inside]]
        field = simplex(position, 1.0 / 4.0, seed, octaves=2) * 0.5 + 0.5
        threshold = 0.75 - 0.6 * melanin
        pigment = smoothstep(threshold, threshold + 0.25, field) * band[inside]
        pigment *= 0.35 + 0.45 * melanin
        albedo[inside] += pigment[:, None] * (_MELANIN - albedo[inside])

    # Stippling: an orange-peel relief over the attached gingiva only.
    stippled = (1.0 - mucosa) * (1.0 - margin) * float(params["stippling"])
    bump = np.zeros((len(index), 3), np.float32)
    rough = np.flatnonzero(stippled > 0)
    if len(rough):
        at = index[rough]
        relief = _stipple_bump(attributes.position[at], attributes.normal[at], seed + 1)
        bump[rough] = (0.15 * stippled[rough])[:, None] * relief
    roughness = 0.4 + 0.1 * (1.0 - mucosa) * (1.0 - margin) + 0.05 * stippled
    return LayerOutput(
        coverage=scatter(n, index, np.ones(len(index), np.float32)),
        albedo=scatter(n, index, np.clip(albedo, 0.0, 1.0)),
        roughness=scatter(n, index, np.clip(roughness, 0.0, 1.0)),
        bump=scatter(n, index, bump),
    )


GUM_COLOUR = LayerKind(
    name="gum-colour",
    label="Gum colour",
    group="natural",
    description="Healthy gum tone from pale coral pink to deep rose, with optional "
    "melanin pigmentation and the stippling of the attached gingiva.",
    params=(
        Param("tone", "float", 0.35, "0 pale coral pink .. 1 deep rose", minimum=0.0,
              maximum=1.0, unit=""),
        Param("melanin", "float", 0.0, "physiologic brown pigmentation", minimum=0.0,
              maximum=1.0, unit=""),
        Param("stippling", "float", 0.4, "orange-peel texture of the attached gum",
              minimum=0.0, maximum=1.0, unit=""),
        SEED,
    ),
    prepare=_prepare,
    evaluate=_same,
)  # fmt: skip

KINDS = (GUM_COLOUR,)
