"""Optics of enamel over dentin: the translucent incisal edge, the mamelon lobes seen
through it, and fluorescence under a UV lamp.

Enamel is thick, translucent and opalescent at the incisal edge (bluish in reflected
light, Rayleigh scattering by its 25-90 nm crystals) and thin over the dentin at the
cervix; dentin fluoresces more strongly than enamel, blue-white (the ratio and the
emission peak: assets/tooth-optics.json, Lee 2015). See dental-data.md section 4.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.natural.anatomy import (
    F32,
    by_position,
    enamel,
    gingiva,
    labial_facing,
    mesiodistal,
    scatter,
    take,
)
from fusionsmile.core.layers.params import Param
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.palettes import band_colour
from fusionsmile.core.reference import reference
from fusionsmile.core.shades import lab_colour

# Reflected colours, CIE L*a*b* (D65): the opalescent blue-grey of thick incisal enamel,
# the opaque white of the incisal halo, the dentin of a mamelon lobe seen through enamel.
_OPALESCENT_LAB = (62.0, -2.0, -5.0)
_HALO_LAB = (88.0, 0.0, 9.0)
_LOBE_LAB = (88.0, 0.5, 13.0)
_GAP_LAB = (62.0, -2.0, -4.0)
Floats = NDArray[np.floating[Any]]
_HALO_WIDTH = 0.055  # of the crown length (v)
# How much of the effect each tooth type shows (central .. third molar).
_INCISAL_BY_TYPE = (1.0, 1.0, 0.75, 0.4, 0.4, 0.25)


def _same(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


def _over(weight_a: Floats, value_a: Floats, weight_b: Floats, value_b: Floats) -> tuple[F32, F32]:
    """Coverage and value of b laid over a (both partial): what the compositor would make
    of two layers, folded into one."""
    coverage = 1.0 - (1.0 - weight_a) * (1.0 - weight_b)
    share = (weight_b / np.maximum(coverage, 1e-6)).astype(np.float32)
    if value_a.ndim == 2:
        share = share[:, None]
    return coverage.astype(np.float32), (value_a + share * (value_b - value_a)).astype(np.float32)


def _incisal_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    extent = float(params["extent"])
    near_edge = enamel(attributes) * (attributes.v > 1.0 - extent)
    index = np.flatnonzero(near_edge)
    part = take(attributes, index)
    on = by_position(part, _INCISAL_BY_TYPE)
    v = part.v
    incisal = smoothstep(1.0 - extent, 1.0 - 0.15 * extent, v) * on * float(params["strength"])
    # The halo: a thin opaque rim along the very edge, of a fixed share of the crown
    # (about half a millimetre, two rows of the default mesh) so that the view and a baked
    # atlas draw the same rim: a width from the sample count made it depend on which
    # samples were evaluated together.
    width = _HALO_WIDTH
    halo = smoothstep(0.0, 1.0, (v - (1.0 - width)) / width) * on * float(params["halo"])
    k = len(index)
    blue = np.broadcast_to(lab_colour(_OPALESCENT_LAB), (k, 3))
    white = np.broadcast_to(lab_colour(_HALO_LAB), (k, 3))
    coverage, albedo = _over(incisal, blue, halo, white)
    _, translucency = _over(incisal, np.full(k, 0.6, np.float32), halo, np.full(k, 0.3, np.float32))
    return LayerOutput(
        coverage=scatter(n, index, coverage),
        albedo=scatter(n, index, albedo),
        translucency=scatter(n, index, translucency),
    )


def _mamelon_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    types = (1.0, 1.0, 0.0) if params["incisors_only"] else (1.0, 1.0, 0.8, 0.5, 0.5, 0.3)
    on = enamel(attributes) * by_position(attributes, types) * (attributes.v > 0.55)
    index = np.flatnonzero(on)
    part = take(attributes, index)
    x = mesiodistal(part)
    v = part.v
    # Three lobes centred at 1/6, 1/2 and 5/6 of the width, gaps between them; muted
    # towards the proximal sides.
    wave = np.cos(2 * np.pi * (3 * x - 0.5)).astype(np.float32)
    proximal = np.sqrt(np.clip(np.sin(np.pi * x), 0.0, 1.0))
    lobe = np.clip(wave, 0.0, 1.0) ** 0.7
    gap = np.clip(-wave, 0.0, 1.0) ** 0.7
    # Lobes (dentin) stop short of the edge; the gaps (enamel only) reach it.
    lobe_band = smoothstep(0.55, 0.75, v) * (1.0 - smoothstep(0.88, 0.97, v))
    gap_band = smoothstep(0.62, 0.85, v)
    weight = on[index] * labial_facing(part) * proximal * float(params["strength"])
    lobe_w = (lobe * lobe_band * weight).astype(np.float32)
    gap_w = (gap * gap_band * weight).astype(np.float32)
    coverage = np.clip(lobe_w + gap_w, 0.0, 1.0)  # never both: lobe and gap exclude
    is_lobe = lobe_w >= gap_w
    albedo = np.where(is_lobe[:, None], lab_colour(_LOBE_LAB), lab_colour(_GAP_LAB))
    translucency = np.where(is_lobe, 0.2, 0.55)
    return LayerOutput(
        coverage=scatter(n, index, coverage),
        albedo=scatter(n, index, albedo),
        translucency=scatter(n, index, translucency),
    )


@cache
def _fluorescence_colours() -> tuple[F32, F32]:
    """Blue-white tooth fluorescence (the emission band, which alone is a deep violet-blue
    on screen, mixed with a little white: a modelling choice for the blue-white that
    photographs show) and the faint red of the gums (porphyrins, ~630 nm), each scaled
    to a brightest channel of 1."""
    blue = np.array(band_colour(_FLUORESCENCE_PEAK_NM, 90.0), dtype=np.float32)
    tooth = (1.0 - _WHITE_TAIL) * blue / blue.max() + _WHITE_TAIL
    gum = np.array(band_colour(630.0, 40.0), dtype=np.float32)
    return tooth.astype(np.float32), gum / gum.max()


_DENTIN_TO_ENAMEL = float(reference("dentin_to_enamel_fluorescence").value)
_FLUORESCENCE_PEAK_NM = float(reference("fluorescence_peak").value)
_WHITE_TAIL = 0.12
_BRIGHTEST = 0.6  # fluorescence of dentin-backed enamel at strength 1 (lamp strength 1)
_GUM_FLUORESCENCE = 0.1  # at gums = 1, relative to the brightest dentin


def _fluorescence_prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    tooth_colour, gum_colour = _fluorescence_colours()
    v = attributes.v
    strength = _BRIGHTEST * float(params["strength"])
    # Dentin shows through thin enamel at the cervix and not at all at the incisal edge
    # of incisors (enamel only); under the thick enamel of cusps it is dimmed.
    incisal = by_position(attributes, (1.0, 1.0, 0.8, 0.6, 0.6, 0.5))
    dentin = 1.0 - incisal * smoothstep(0.35, 0.95, v)
    dentin = np.where(attributes.region == Region.ROOT, 1.0, dentin)
    relative = (1.0 + _DENTIN_TO_ENAMEL * dentin) / (1.0 + _DENTIN_TO_ENAMEL)
    tooth = (attributes.region != Region.GINGIVA).astype(np.float32)
    gums = gingiva(attributes) * float(params["gums"]) * _GUM_FLUORESCENCE
    fluorescence = strength * (
        (tooth * relative)[:, None] * tooth_colour[None, :] + gums[:, None] * gum_colour[None, :]
    )
    coverage = np.clip(tooth + (gums > 0), 0.0, 1.0).astype(np.float32)
    return LayerOutput(coverage=coverage, fluorescence=fluorescence.astype(np.float32))


INCISAL_TRANSLUCENCY = LayerKind(
    name="incisal-translucency",
    label="Incisal translucency",
    group="natural",
    description="A bluish, opalescent, translucent incisal third with a brighter halo "
    "along the very edge.",
    params=(
        Param(
            "strength",
            "float",
            0.6,
            "how blue and see-through the incisal enamel is",
            minimum=0.0,
            maximum=1.0,
            unit="",
        ),
        Param(
            "extent",
            "float",
            0.3,
            "how far from the edge it reaches, as a fraction of the crown length",
            minimum=0.05,
            maximum=0.6,
            unit="",
        ),
        Param(
            "halo",
            "float",
            0.5,
            "brightness of the opaque rim along the edge",
            minimum=0.0,
            maximum=1.0,
            unit="",
        ),
    ),
    prepare=_incisal_prepare,
    evaluate=_same,
)


MAMELON_SHADING = LayerKind(
    name="mamelon-shading",
    label="Mamelon shading",
    group="natural",
    description="Three dentin lobes showing through the incisal third as brighter "
    "bands, with translucent, bluer gaps between them.",
    params=(
        Param(
            "strength",
            "float",
            0.5,
            "contrast of the lobes and the gaps",
            minimum=0.0,
            maximum=1.0,
            unit="",
        ),
        Param(
            "incisors_only",
            "bool",
            True,
            "only on incisors (off: canines and premolars too, fainter)",
        ),
    ),
    prepare=_mamelon_prepare,
    evaluate=_same,
)


UV_FLUORESCENCE = LayerKind(
    name="uv-fluorescence",
    label="UV fluorescence",
    group="natural",
    description=f"Blue-white fluorescence under a blacklight ({_FLUORESCENCE_PEAK_NM:g} nm): "
    "strongest where dentin shows through thin enamel, weakest at the translucent edge.",
    params=(
        Param("strength", "float", 1.0, "brightness of the fluorescence under the lamp",
              minimum=0.0, maximum=4.0, unit=""),
        Param("gums", "float", 0.2, "faint red fluorescence of the gums",
              minimum=0.0, maximum=1.0, unit=""),
    ),
    prepare=_fluorescence_prepare,
    evaluate=_same,
)  # fmt: skip

KINDS = (INCISAL_TRANSLUCENCY, MAMELON_SHADING, UV_FLUORESCENCE)
