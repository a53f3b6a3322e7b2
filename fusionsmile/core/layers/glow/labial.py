"""Where each tooth's labial (buccal) face is, found from positions and normals.

The face is where the normals look away from the middle of the arch, and its frame is
built from what is true of every mouth: up is up, across is horizontal along that face.
Nothing here relies on which value of u the labial midpoint has (the procedural crowns
and the test mouth have not always agreed on it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.teeth import LOWER_QUADRANTS, UPPER_QUADRANTS, arch_of

F32 = NDArray[np.float32]
_UP = np.array([0.0, 1.0, 0.0])
_LOOKS_OUT = 0.3  # a sample is on the outer face if its normal . outward exceeds this


def _horizontal_unit(vectors: NDArray[np.float64]) -> NDArray[np.float64]:
    flat = vectors * np.array([1.0, 0.0, 1.0])
    length = np.linalg.norm(flat, axis=-1, keepdims=True)
    return flat / np.maximum(length, 1e-9)  # type: ignore[no-any-return]


def outward_directions(attributes: SurfaceAttributes) -> NDArray[np.float64]:
    """(100, 3) per FDI number, the horizontal unit direction the tooth's outer face
    looks (zero for teeth that are absent).

    First guess: from the middle of the arch's crowns to the tooth's centre. Then the
    mean normal of the samples that look that way, which follows the real face.
    """
    enamel = attributes.region == Region.ENAMEL
    tooth = attributes.tooth[enamel].astype(np.intp)
    # float32 here: bincount sums (and einsum takes products) in float64 all the same.
    position = attributes.position[enamel]
    normal = attributes.normal[enamel]
    counts = np.bincount(tooth, minlength=100).astype(np.float64)
    sums = np.stack([np.bincount(tooth, position[:, i], minlength=100) for i in range(3)], 1)
    centres = sums / np.maximum(counts, 1)[:, None]
    guess = np.zeros((100, 3))
    present = counts > 0
    for quadrants in (UPPER_QUADRANTS, LOWER_QUADRANTS):
        arch = present & np.isin(np.arange(100) // 10, quadrants)
        if arch.any():
            middle = sums[arch].sum(axis=0) / counts[arch].sum()
            guess[arch] = _horizontal_unit(centres[arch] - middle)
    looks_out = np.einsum("ij,ij->i", normal, guess[tooth]) > _LOOKS_OUT
    refined = np.stack(
        [np.bincount(tooth[looks_out], normal[looks_out, i], minlength=100) for i in range(3)],
        axis=1,
    ).astype(np.float64)
    found = np.linalg.norm(refined * np.array([1.0, 0.0, 1.0]), axis=1) > 1e-6
    return np.where(found[:, None], _horizontal_unit(refined), guess)


def facing_out(attributes: SurfaceAttributes, index: NDArray[np.intp]) -> F32:
    """(k,) normal . outward direction of each sample's tooth: 1 looking straight out of
    the labial face, negative on the lingual side."""
    outward = outward_directions(attributes)
    tooth = attributes.tooth[index].astype(np.intp)
    normal = attributes.normal[index].astype(np.float64)
    dot: F32 = np.einsum("ij,ij->i", normal, outward[tooth]).astype(np.float32)
    return dot


@dataclass(frozen=True, eq=False)
class LabialFrame:
    """A tooth's labial face: its centre (3,), mm; unit axes x (across the face, to the
    right of someone looking at it), y (along the crown's long axis, upwards) and out
    (x cross y, out of the face); and the face's width along x, mm."""

    centre: F32
    x: F32
    y: F32
    out: F32
    width_mm: float


def labial_frame(
    attributes: SurfaceAttributes,
    index: NDArray[np.intp],
    outwards: NDArray[np.float64] | None = None,
) -> LabialFrame | None:
    """The labial frame of one tooth, from its enamel samples `index`; None if too few of
    them look out of the face to tell.

    outwards : outward_directions(attributes), when known (several teeth's frames)."""
    fdi = int(attributes.tooth[index[0]])
    outward = (outward_directions(attributes) if outwards is None else outwards)[fdi]
    position = attributes.position[index].astype(np.float64)
    v = attributes.v[index].astype(np.float64)
    face = (attributes.normal[index] @ outward > 0.5) & (v > 0.1) & (v < 0.95)
    if face.sum() < 8:
        return None
    x = np.cross(_UP, outward)
    # The crown's own long axis (d position / d v), pointing up in the world, so that the
    # picture follows the tooth's inclination but never stands on its head.
    design = np.column_stack([np.ones(int(face.sum())), v[face]])
    axis = np.linalg.lstsq(design, position[face], rcond=None)[0][1]
    y = axis * (-1.0 if arch_of(fdi) == "upper" else 1.0)
    y = y - (y @ x) * x
    norm = float(np.linalg.norm(y))
    y = y / norm if norm > 1e-9 else _UP
    out = np.cross(x, y)
    across = position[face] @ x
    low, high = np.percentile(across, [2, 98])
    middle = face & (np.abs(v - 0.5) < 0.15)
    centre = position[middle if middle.any() else face].mean(axis=0)
    centre = centre + ((low + high) / 2 - centre @ x) * x
    return LabialFrame(
        centre=centre.astype(np.float32),
        x=x.astype(np.float32),
        y=y.astype(np.float32),
        out=out.astype(np.float32),
        width_mm=max(float(high - low), 1e-3),
    )
