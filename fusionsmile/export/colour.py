"""Colour encodings for files: linear RGB to the sRGB bytes images and vertex colours hold."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def linear_to_srgb_bytes(linear: NDArray[np.floating]) -> NDArray[np.uint8]:
    """Linear RGB in [0, 1] (any shape) -> sRGB-encoded uint8."""
    c = np.clip(linear, 0.0, 1.0)
    srgb = np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1 / 2.4) - 0.055)
    encoded: NDArray[np.uint8] = np.round(srgb * 255).astype(np.uint8)
    return encoded
