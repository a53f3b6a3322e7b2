"""Colour encodings for files: linear RGB to the sRGB bytes images and vertex colours hold."""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.colour import linear_to_srgb, srgb_to_linear

_LUT_STEPS = 1 << 16  # linear steps of 1.5e-5: 0.05 of an sRGB level where it is steepest


@cache
def _srgb_table() -> NDArray[np.uint8]:
    table = np.round(linear_to_srgb(np.linspace(0.0, 1.0, _LUT_STEPS)) * 255).astype(np.uint8)
    table.flags.writeable = False
    return table


def linear_to_srgb_bytes(linear: NDArray[np.floating]) -> NDArray[np.uint8]:
    """Linear RGB in [0, 1] (any shape) -> sRGB-encoded uint8.

    Through a table of 65536 linear steps (a whole atlas costs a few passes instead of a
    power per texel); a value within 1e-5 of a rounding boundary may land one level off.
    """
    index = np.clip(linear, 0.0, 1.0) * np.float32(_LUT_STEPS - 1) + np.float32(0.5)
    encoded: NDArray[np.uint8] = _srgb_table()[index.astype(np.uint16)]
    return encoded


@cache
def _linear_table() -> NDArray[np.float32]:
    linear = srgb_to_linear(np.arange(256, dtype=np.float64) / 255.0).astype(np.float32)
    linear.flags.writeable = False
    return linear


def srgb_bytes_to_linear(encoded: NDArray[np.uint8]) -> NDArray[np.float32]:
    """sRGB-encoded uint8 (any shape) -> linear float32 in [0, 1], exactly (a table of 256)."""
    linear: NDArray[np.float32] = _linear_table()[encoded]
    return linear
