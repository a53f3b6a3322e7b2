"""Masks: where on the mouth a layer applies, as a weight per sample in [0, 1].

Edges are feathered a little (thirds, faces, arch range) so a masked layer does not
end in a hard, aliased line at the mesh's resolution.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Mask
from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.noise import simplex
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.teeth import ToothType

F32 = NDArray[np.float32]
_THIRD_FEATHER = 0.04  # in v (fraction of the crown length)
_FACE_FEATHER = 0.2  # in cos(angle around the crown)
_ARCH_FEATHER = 0.02  # in s
_TYPES = list(ToothType)


def _tooth_selection(mask: Mask, tooth: NDArray[np.int16]) -> F32 | None:
    if not (mask.teeth or mask.quadrants or mask.tooth_types):
        return None
    table = np.ones(100, dtype=bool)
    numbers = np.arange(100)
    if mask.teeth:
        table &= np.isin(numbers, mask.teeth)
    if mask.quadrants:
        table &= np.isin(numbers // 10, mask.quadrants)
    if mask.tooth_types:
        positions = [_TYPES.index(ToothType(name)) + 1 for name in mask.tooth_types]
        table &= np.isin(numbers % 10, positions)
    return table[np.clip(tooth, 0, 99)].astype(np.float32)


def _labial_cosine(attributes: SurfaceAttributes) -> F32:
    """cos of the angle from the labial midpoint around the crown (gums: u=0 is labial)."""
    enamel_u = attributes.u - np.float32(0.25)
    u = np.where(attributes.region == Region.GINGIVA, attributes.u, enamel_u)
    return np.cos(2 * np.pi * u).astype(np.float32)


def _region_selection(mask: Mask, attributes: SurfaceAttributes) -> F32 | None:
    regions = set(mask.regions)
    if not regions:
        return None
    region = attributes.region
    tooth_tissue = (region != Region.GINGIVA).astype(np.float32)
    gum_tissue = 1.0 - tooth_tissue
    thirds = regions & {"cervical", "middle", "incisal"}
    faces = regions & {"labial", "lingual"}
    tissues = regions & {"teeth", "gums"}

    face_weight = np.ones(len(attributes), dtype=np.float32)
    if faces and faces != {"labial", "lingual"}:
        cosine = _labial_cosine(attributes)
        if "labial" not in faces:
            cosine = -cosine
        face_weight = smoothstep(-_FACE_FEATHER, _FACE_FEATHER, cosine)

    third_weight = np.ones(len(attributes), dtype=np.float32)
    if thirds:
        v, f = attributes.v, _THIRD_FEATHER
        above_cervical = smoothstep(1 / 3 - f, 1 / 3 + f, v)
        incisal = smoothstep(2 / 3 - f, 2 / 3 + f, v)
        bands = {
            "cervical": 1 - above_cervical,
            "middle": above_cervical * (1 - incisal),
            "incisal": incisal,
        }
        third_weight = np.clip(sum(bands[name] for name in thirds), 0.0, 1.0)

    # Thirds apply to crowns; gums take part only when named (or when only faces are).
    teeth_on = bool(thirds) or "teeth" in tissues or (not tissues and bool(faces))
    gums_on = "gums" in tissues or (not tissues and not thirds and bool(faces))
    weight = np.zeros(len(attributes), dtype=np.float32)
    if teeth_on:
        weight += tooth_tissue * third_weight * face_weight
    if gums_on:
        weight += gum_tissue * face_weight
    return weight


def mask_weight(mask: Mask, attributes: SurfaceAttributes) -> F32 | None:
    """(n,) float32 weight in [0, 1] of mask at the samples, or None for 'everywhere'."""
    if mask.is_everything:
        return None
    weight = np.ones(len(attributes), dtype=np.float32)
    for part in (_tooth_selection(mask, attributes.tooth), _region_selection(mask, attributes)):
        if part is not None:
            weight *= part
    low, high = mask.arch_range
    if (low, high) != (-1.0, 1.0):
        s = attributes.s
        weight *= smoothstep(low - _ARCH_FEATHER, low + _ARCH_FEATHER, s) if low > -1 else 1.0
        weight *= 1 - smoothstep(high - _ARCH_FEATHER, high + _ARCH_FEATHER, s) if high < 1 else 1.0
    if mask.noise is not None:
        noise = mask.noise
        field = simplex(attributes.position, 1.0 / noise.scale_mm, noise.seed)
        half = noise.softness / 2
        weight *= smoothstep(noise.threshold - half, noise.threshold + half, field)
    if mask.invert:
        weight = 1.0 - weight
    return weight.astype(np.float32, copy=False)
