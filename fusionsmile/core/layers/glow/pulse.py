"""Arch pulse: a pulse of light running along the arch, like a signal down a nerve.

The pulse is a comet: a sharp front and a longer tail behind it. Each loop it enters
from beyond the first tooth and leaves beyond the last, so the loop has no seam. Its
colour changes with the distance it has travelled (the palette runs along its path).
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
    loop_fraction,
    palette_param,
    period_of,
    shift_steps,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import SPEED, Param

DIRECTIONS = ("midline-out", "ends-in", "right-to-left", "left-to-right")
_STEP_MM = 0.02  # resolution of the pulse's profile table
_GONE = 3.5  # a Gaussian is below 0.3% this many sigmas from its centre
_TAIL = 2.0  # the tail is this many times longer than the front


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit
    emission: F32
    place: NDArray[np.int32]  # (k,) distance along the path, in _STEP_MM steps
    profile: F32  # level at offsets -reach .. +reach (steps) from the pulse's centre
    reach: int
    start_mm: float  # where the centre is at the start and end of a loop
    end_mm: float


def _path_mm(attributes: SurfaceAttributes, lit: Lit, direction: str) -> tuple[F32, float]:
    """(k,) distance along the pulse's path, mm, from 0 where it enters, and the path's
    whole length (the arch's nominal length: s is -1..1 from end to end)."""
    arc = arch_mm(attributes)[lit.index]
    if direction in ("midline-out", "ends-in"):
        out = np.abs(arc)
        path = out if direction == "midline-out" else np.float32(ARCH_MM_PER_S) - out
        return path.astype(np.float32), ARCH_MM_PER_S
    if direction == "right-to-left":
        return (arc + np.float32(ARCH_MM_PER_S)).astype(np.float32), 2 * ARCH_MM_PER_S
    return (np.float32(ARCH_MM_PER_S) - arc).astype(np.float32), 2 * ARCH_MM_PER_S


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    path, length = _path_mm(attributes, lit, str(params["direction"]))
    emission = lit.spread(
        colour_at(str(params["palette"]), path / max(length, 1e-6), float(params["intensity"]))
    )
    width = float(params["width_mm"])
    front_sigma = width / 2.355  # the width is the front's full width at half maximum x 2
    tail_sigma = _TAIL * front_sigma
    reach = int(np.ceil((length + _GONE * (front_sigma + tail_sigma)) / _STEP_MM))
    offset = np.arange(-reach, reach + 1) * _STEP_MM  # sample minus centre, mm
    sigma = np.where(offset > 0, front_sigma, tail_sigma)
    profile = np.exp(-0.5 * (offset / sigma) ** 2).astype(np.float32)
    return _State(
        lit=lit,
        emission=frozen(emission),
        place=np.round(path / _STEP_MM).astype(np.int32),
        profile=frozen(profile),
        reach=reach,
        start_mm=-_GONE * front_sigma,
        end_mm=length + _GONE * tail_sigma,
    )


def _period(params: Params) -> float:
    return period_of(float(params["period_s"]), float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    # Whole phase steps: t and t + period give exactly the same centre.
    step = shift_steps(loop_fraction(t, float(params["period_s"]), float(params["speed"])))
    centre = s.start_mm + step / PHASE_STEPS * (s.end_mm - s.start_mm)
    index = s.place - np.int32(round(centre / _STEP_MM)) + np.int32(s.reach)
    pulse = s.profile[np.clip(index, 0, 2 * s.reach)]
    floor = np.float32(params["floor"])
    return glow_output(s.lit, s.emission, floor + (1 - floor) * pulse)


KINDS = (
    LayerKind(
        name="arch-pulse",
        label="Arch pulse",
        group="luminous",
        description="A pulse of light runs along the arch, from the midline out or across.",
        params=(
            palette_param("gfp-jellyfish"),
            intensity_param(1.8),
            SPEED,
            Param(
                "direction",
                "choice",
                "midline-out",
                "where the pulse runs: out from the midline, in from the back teeth, or "
                "across from the patient's right or left",
                choices=DIRECTIONS,
            ),
            Param(
                "width_mm",
                "float",
                8.0,
                "width of the pulse's bright front along the arch",
                minimum=1.0,
                maximum=60.0,
                unit="mm",
            ),
            Param(
                "period_s",
                "float",
                2.5,
                "seconds for one pulse to run its course",
                minimum=0.5,
                maximum=30.0,
                unit="s",
            ),
            Param(
                "floor",
                "float",
                0.06,
                "glow left between pulses (0 dark, 1 as bright)",
                minimum=0.0,
                maximum=1.0,
            ),
            GUMS,
        ),
        evaluate=_evaluate,
        prepare=_prepare,
        animated=True,
        period=_period,
    ),
)
