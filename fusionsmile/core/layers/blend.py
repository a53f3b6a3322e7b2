"""Blend modes: how a layer's colour combines with what is beneath it.

Each mode is f(base, layer) on arrays of the same shape; the compositor then mixes
`base + w * (f(base, layer) - base)` with the layer's weight w (coverage x opacity x mask).
The formulas are the W3C Compositing and Blending Level 1 ones on values in [0, 1].

Emission is HDR (values above 1). `add`, `multiply` and `normal` work on it directly;
`screen`, `overlay` and `soft-light` are defined on [0, 1], so for emission they run on
x / (1 + x), which maps [0, inf) onto [0, 1) and back without losing any brightness.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import NDArray

F32 = NDArray[np.float32]
BlendMode = Literal["normal", "multiply", "screen", "add", "overlay", "soft-light"]
BLEND_MODES: tuple[BlendMode, ...] = ("normal", "multiply", "screen", "add", "overlay",
                                      "soft-light")  # fmt: skip


def _normal(base: F32, layer: F32) -> F32:
    return layer


def _multiply(base: F32, layer: F32) -> F32:
    return base * layer


def _screen(base: F32, layer: F32) -> F32:
    return base + layer - base * layer


def _add(base: F32, layer: F32) -> F32:
    return base + layer


def _overlay(base: F32, layer: F32) -> F32:
    return _hard_light(layer, base)


def _hard_light(base: F32, layer: F32) -> F32:
    return np.where(layer <= 0.5, base * 2 * layer, _screen(base, 2 * layer - 1)).astype(np.float32)


def _soft_light(base: F32, layer: F32) -> F32:
    d = np.where(base <= 0.25, ((16 * base - 12) * base + 4) * base, np.sqrt(base))
    out = np.where(
        layer <= 0.5,
        base - (1 - 2 * layer) * base * (1 - base),
        base + (2 * layer - 1) * (d - base),
    )
    return out.astype(np.float32)


BLEND_FUNCTIONS: dict[str, Callable[[F32, F32], F32]] = {
    "normal": _normal,
    "multiply": _multiply,
    "screen": _screen,
    "add": _add,
    "overlay": _overlay,
    "soft-light": _soft_light,
}
_NEEDS_UNIT_RANGE = frozenset({"screen", "overlay", "soft-light"})


def blend(mode: str, base: F32, layer: F32, weight: F32 | None, hdr: bool = False) -> F32:
    """base mixed towards f(base, layer) by weight ((n,) or None for 1).

    hdr : the values may exceed 1 (emission); see the module docstring.
    With a weight, the result is a new array (never base or layer themselves).
    """
    function = BLEND_FUNCTIONS[mode]
    if hdr and mode in _NEEDS_UNIT_RANGE:
        b, lay = base / (1 + base), layer / (1 + layer)
        squashed = np.clip(function(b, lay), 0.0, 0.999)
        target = squashed / (1 - squashed)
    else:
        target = function(base, layer)
    if weight is None:
        return target.astype(np.float32, copy=False)
    w = weight[:, None] if base.ndim == 2 else weight
    if target.dtype == base.dtype == w.dtype == np.float32:
        # The same sums in float32, in one new array (a fresh one the caller may keep).
        mixed: F32 = np.subtract(target, base)
        mixed *= w
        mixed += base
        return mixed
    return (base + w * (target - base)).astype(np.float32)
