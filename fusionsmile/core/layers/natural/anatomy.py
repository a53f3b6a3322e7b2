"""Where a sample lies on the tooth, in the terms the natural layers use.

All functions take SurfaceAttributes (n samples) and return per-sample arrays:
tissue masks, tooth-type lookups, faces of the crown, tangent directions, and an
estimate of how finely the crown is sampled (so that fine relief fades out instead of
aliasing at the mesh's resolution).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.teeth import UPPER_QUADRANTS

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]
_UPPER_QUADRANT = np.isin(np.arange(10), UPPER_QUADRANTS)  # by quadrant number


def take(attributes: SurfaceAttributes, index: NDArray[np.intp]) -> SurfaceAttributes:
    """The samples at index: the expensive parts of a layer run only where it applies."""
    return SurfaceAttributes(
        tooth=attributes.tooth[index],
        u=attributes.u[index],
        v=attributes.v[index],
        region=attributes.region[index],
        s=attributes.s[index],
        position=attributes.position[index],
        normal=attributes.normal[index],
    )


def scatter(n: int, index: NDArray[np.intp], values: ArrayLike) -> F32:
    """(n, ...) float32 array holding values at index and 0 elsewhere (where a layer's
    coverage is 0, so what it holds there does not matter)."""
    values = np.asarray(values, dtype=np.float32)
    out = np.zeros((n, *values.shape[1:]), np.float32)
    out[index] = values
    return out


def enamel(attributes: SurfaceAttributes) -> F32:
    """(n,) 1 on enamel, 0 elsewhere."""
    out: F32 = (attributes.region == Region.ENAMEL).astype(np.float32)
    return out


def gingiva(attributes: SurfaceAttributes) -> F32:
    """(n,) 1 on the gums, 0 elsewhere."""
    out: F32 = (attributes.region == Region.GINGIVA).astype(np.float32)
    return out


def position_digit(attributes: SurfaceAttributes) -> I64:
    """(n,) FDI position, 1 central incisor .. 8 third molar (0 where no tooth)."""
    tooth = np.asarray(attributes.tooth)
    if tooth.dtype.kind != "i":
        tooth = tooth.astype(np.int64)
    digit: I64 = (tooth % 10).astype(np.int64)  # in the teeth's own (narrow) type: faster
    return digit


def by_position(attributes: SurfaceAttributes, table: Sequence[float]) -> F32:
    """(n,) a value per tooth type: table[0] for central incisors .. table[7] for third
    molars (shorter tables repeat their last entry); 0 where no tooth."""
    values = np.zeros(10, dtype=np.float32)
    for position in range(1, 9):
        values[position] = table[min(position, len(table)) - 1]
    return values[position_digit(attributes)]


def upper(attributes: SurfaceAttributes) -> NDArray[np.bool_]:
    """(n,) the sample belongs to an upper tooth (quadrants 1 and 2, 5 and 6)."""
    quadrant = np.clip(np.asarray(attributes.tooth) // 10, 0, 9)
    out: NDArray[np.bool_] = _UPPER_QUADRANT[quadrant]
    return out


def side(attributes: SurfaceAttributes) -> F32:
    """(n,) sin of the angle around the crown: 1 labial, 0 mesial and distal, -1 lingual."""
    out: F32 = np.sin(2 * np.pi * attributes.u).astype(np.float32)
    return out


def labial_facing(attributes: SurfaceAttributes, feather: float = 0.35) -> F32:
    """(n,) 1 on the labial (buccal) face of a crown, 0 on the lingual face, fading over
    the mesial and distal sides (feather: in sin of the angle around the crown)."""
    return smoothstep(-feather, feather, side(attributes))


def mesiodistal(attributes: SurfaceAttributes) -> F32:
    """(n,) position across a face of the crown: 0 mesial .. 1 distal, on the labial and
    the lingual face alike."""
    u = attributes.u
    return np.where(u < 0.5, 2 * u, 2 * (1 - u)).astype(np.float32)


def rootward_tangent(attributes: SurfaceAttributes) -> F32:
    """(n, 3) unit tangent pointing from the incisal edge towards the root: the tooth's
    axis approximated as +y for upper teeth and -y for lower, projected onto the tangent
    plane (zero where the surface faces straight along the axis)."""
    normal = attributes.normal.astype(np.float32, copy=False)
    sign = np.where(upper(attributes), 1.0, -1.0).astype(np.float32)
    along = -(sign * normal[:, 1])[:, None] * normal
    along[:, 1] += sign
    # |axis - (axis . n) n| for a unit axis and unit normal
    length = np.sqrt(np.maximum(1.0 - normal[:, 1] ** 2, 0.0))
    out: F32 = (along / np.maximum(length, 1e-6)[:, None]).astype(np.float32)
    return out


def u_tangent(attributes: SurfaceAttributes) -> F32:
    """(n, 3) unit tangent towards increasing u: distally on the labial face, mesially on
    the lingual face (perpendicular to the rootward tangent)."""
    # Distal is -x in quadrants 1 and 4 (the patient's right), +x in 2 and 3; the sign
    # makes rootward x normal point that way on the labial face.
    quadrant = (np.asarray(attributes.tooth) // 10 - 1) % 4
    sign = np.array([-1.0, 1.0, -1.0, 1.0], dtype=np.float32)[quadrant]
    cross = np.cross(rootward_tangent(attributes), attributes.normal)
    out: F32 = (sign[:, None] * cross).astype(np.float32)
    return out


def crown_rows(attributes: SurfaceAttributes) -> F32:
    """(n,) about how many samples span each crown from the cervical line to the edge.

    Estimated from the samples per tooth, taking a crown to be sampled about twice as
    densely around as along (u spans about twice the crown length). Relief finer than
    half this many cycles per crown cannot be drawn at these samples and should fade.
    """
    tooth = np.clip(np.asarray(attributes.tooth, dtype=np.int64), 0, 99)
    counts = np.bincount(tooth[attributes.region == Region.ENAMEL], minlength=100)
    rows: F32 = np.sqrt(counts / 2.0).astype(np.float32)
    return rows[tooth]
