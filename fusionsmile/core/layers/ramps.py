"""The small ramps every layer and mask shapes its edges with (a leaf: numpy only)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

F32 = NDArray[np.float32]


def smoothstep(edge0: float, edge1: float, x: ArrayLike) -> F32:
    """(n,) float32: 0 at and below edge0, 1 at and above edge1, a smooth cubic between
    (a hard step at edge0 when edge1 <= edge0). x: an array of any float type, or a
    scalar; it is taken as float32."""
    x = np.asarray(x, dtype=np.float32)
    if edge1 <= edge0:
        return (x >= edge0).astype(np.float32)
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    out: F32 = (t * t * (3 - 2 * t)).astype(np.float32)
    return out
