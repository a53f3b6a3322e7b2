"""Bands: stripes of light sliding across the smile.

Stripes are laid in the smile's own flat frame: height (y, mm) for horizontal stripes,
distance along the arch (mm) for vertical ones, and both for diagonal ones, so they stay
evenly spaced round the curve of the arch. The palette is laid across the same way and
stays put while the stripes move through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    ARCH_MM_PER_S,
    F32,
    GUMS,
    PHASE_STEPS,
    Lit,
    arch_mm,
    colour_at,
    frozen,
    glow_output,
    intensity_param,
    lit_samples,
    look_up,
    loop_fraction,
    palette_param,
    period_of,
    phase_steps,
    shift_steps,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import SPEED, Param
from fusionsmile.core.layers.ramps import smoothstep

ORIENTATIONS = ("horizontal", "vertical", "diagonal")
_LOOP_S = 2.0  # seconds for the stripes to move by one stripe at speed 1
# The smile seen from the front, in the stripes' frame, on an adult mouth: the crowns
# that face the viewer span these heights (lower incisal edges to upper cervical lines),
# and reach along the arch to about the second molars. Fixed numbers, not the extent
# of the samples, so that every sample's stripe is its own.
_SMILE_HEIGHT_MM = (-8.5, 11.0)
_SMILE_ARCH_MM = 0.93 * ARCH_MM_PER_S


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit
    emission: F32
    phase: NDArray[np.int32]  # (k,) position across the stripes, phase steps
    stripe: F32  # (PHASE_STEPS,) level across one stripe and its gap


def _across_mm(attributes: SurfaceAttributes, orientation: str) -> F32:
    """(n,) position across the stripes, mm."""
    height = attributes.position[:, 1]
    if orientation == "horizontal":
        return height
    along = arch_mm(attributes)
    if orientation == "vertical":
        return along
    diagonal: F32 = ((along + height) / np.sqrt(2.0)).astype(np.float32)
    return diagonal


def _smile_extent(orientation: str) -> tuple[float, float]:
    """(low, high) of the smile seen from the front, mm across the stripes."""
    bottom, top = _SMILE_HEIGHT_MM
    if orientation == "horizontal":
        return bottom, top
    if orientation == "vertical":
        return -_SMILE_ARCH_MM, _SMILE_ARCH_MM
    root2 = float(np.sqrt(2.0))
    return (bottom - _SMILE_ARCH_MM) / root2, (top + _SMILE_ARCH_MM) / root2


def stripe_profile(width: float, softness: float) -> F32:
    """(PHASE_STEPS,) one stripe (lit fraction `width`, centred at half a cycle) and its
    gap; softness 0 gives hard edges, 1 edges as soft as the stripe or gap allows."""
    x = np.arange(PHASE_STEPS, dtype=np.float32) / PHASE_STEPS
    from_centre = np.abs(x - 0.5)
    half = width / 2
    edge = softness * min(width, 1.0 - width) / 2
    return (1.0 - smoothstep(half - edge, half + edge, from_centre)).astype(np.float32)


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    across = _across_mm(attributes, str(params["orientation"]))
    # Spacing from the extent of the smile (the teeth seen from the front), so adding the
    # gums keeps the stripes and "count" is what the viewer counts.
    low, high = _smile_extent(str(params["orientation"]))
    extent = high - low
    spacing = extent / int(params["count"])
    across = across[lit.index]
    place = np.clip((across - low) / extent, 0.0, 1.0)
    emission = lit.spread(colour_at(str(params["palette"]), place, float(params["intensity"])))
    return _State(
        lit=lit,
        emission=frozen(emission),
        phase=phase_steps((across - low) / spacing),
        stripe=frozen(stripe_profile(float(params["width"]), float(params["softness"]))),
    )


def _period(params: Params) -> float:
    return period_of(_LOOP_S, float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    now = shift_steps(loop_fraction(t, _LOOP_S, float(params["speed"])))
    level = look_up(s.stripe, s.phase, now if params["reverse"] else -now)
    return glow_output(s.lit, s.emission, level)


KINDS = (
    LayerKind(
        name="bands",
        label="Bands",
        group="luminous",
        description="Stripes of light slide across the smile.",
        params=(
            palette_param("gfp-jellyfish"),
            intensity_param(1.4),
            SPEED,
            Param(
                "orientation",
                "choice",
                "diagonal",
                "horizontal stripes move up, vertical ones along the arch to the patient's "
                "left, diagonal ones both",
                choices=ORIENTATIONS,
            ),
            Param("count", "int", 8, "stripes across the smile", minimum=1, maximum=40),
            Param(
                "width",
                "float",
                0.35,
                "lit part of each stripe (the rest is the gap)",
                minimum=0.05,
                maximum=0.95,
            ),
            Param(
                "softness",
                "float",
                0.5,
                "softness of the stripes' edges (0 hard)",
                minimum=0.0,
                maximum=1.0,
            ),
            Param("reverse", "bool", False, "the stripes move the other way"),
            GUMS,
        ),
        evaluate=_evaluate,
        prepare=_prepare,
        animated=True,
        period=_period,
    ),
)
