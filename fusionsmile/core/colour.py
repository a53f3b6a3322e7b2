"""sRGB and linear RGB: the one place the sRGB transfer function and the Rec. 709
luminance weights are written (IEC 61966-2-1; ITU-R BT.709).

Everything the renderer, the layers and the compositor compute is linear RGB; sRGB is
what files, colour pickers and hex strings hold.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Luminance Y of linear RGB with the Rec. 709 / sRGB primaries.
REC709_LUMINANCE = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
REC709_LUMINANCE.flags.writeable = False


def srgb_to_linear(encoded: ArrayLike) -> NDArray[np.float64]:
    """sRGB-encoded values in [0, 1] (any shape) -> linear."""
    c = np.asarray(encoded, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: ArrayLike) -> NDArray[np.float64]:
    """Linear values (any shape; clipped to [0, 1]) -> sRGB-encoded in [0, 1]."""
    c = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1 / 2.4) - 0.055)


def hex_to_linear(value: str) -> tuple[float, float, float]:
    """'#rrggbb' (sRGB) -> linear RGB in [0, 1]."""
    r, g, b = (
        float(c) for c in srgb_to_linear([int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    )
    return (r, g, b)


def bytes_to_linear(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB bytes (0-255) -> linear RGB in [0, 1]."""
    r, g, b = (float(c) for c in srgb_to_linear([x / 255 for x in rgb]))
    return (r, g, b)


def linear_to_hex(rgb: ArrayLike) -> str:
    """Linear RGB (clipped to [0, 1]) -> '#rrggbb' sRGB."""
    return "#" + "".join(f"{round(float(x) * 255):02x}" for x in linear_to_srgb(rgb))
