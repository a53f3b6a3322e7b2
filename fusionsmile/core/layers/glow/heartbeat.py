"""Heartbeat: every tooth throbs with a lub-dub double beat.

The two heart sounds open and close systole; the gap between them shortens as the heart
speeds up, roughly with the square root of the beat period (as Bazett's formula has the
QT interval do): about 0.30 s at 60 bpm, 0.17 s at 180 bpm. The beat can ripple out
from the midline to the back teeth, a little later on each tooth, like a pulse wave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    F32,
    GUMS,
    PHASE_STEPS,
    Lit,
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

_SYSTOLE_AT_60_BPM_S = 0.30  # lub to dub
_LUB_RISE_S = 0.07  # time to peak of each beat (an alpha function)
_DUB_RISE_S = 0.055
_DUB_LEVEL = 0.65  # the second sound is the softer one


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit
    emission: F32
    delay: NDArray[np.int32]  # (k,) steps each sample lags the midline
    beat: F32  # (PHASE_STEPS,) level over one beat


def _beat_period_s(params: Params) -> float:
    """Seconds per beat at speed 1."""
    return 60.0 / float(params["bpm"])


def _alpha(t: F32, rise: float) -> F32:
    """A smooth beat peaking at 1 after `rise` seconds: (t / rise) exp(1 - t / rise)."""
    x = np.maximum(t, 0.0) / rise
    return (x * np.exp(1.0 - x)).astype(np.float32)


def beat_profile(period_s: float) -> F32:
    """(PHASE_STEPS,) level of one lub-dub beat of period_s seconds, in [0, 1]; the tails
    of earlier beats are folded in, so the beat repeats without a seam."""
    gap = _SYSTOLE_AT_60_BPM_S * np.sqrt(period_s / 1.0)
    t = (np.arange(PHASE_STEPS) / PHASE_STEPS * period_s).astype(np.float32)
    level = np.zeros(PHASE_STEPS, dtype=np.float32)
    for earlier in range(int(np.ceil(2.0 / period_s)) + 1):
        shifted = t + np.float32(earlier * period_s)
        level += _alpha(shifted, _LUB_RISE_S) + _DUB_LEVEL * _alpha(shifted - gap, _DUB_RISE_S)
    out: F32 = np.clip(level / level.max(), 0.0, 1.0).astype(np.float32)
    return out


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    # 0 at the midline, 1 at the ends of the arch (s is -1..1 whatever the arch's size).
    spread = np.clip(np.abs(attributes.s[lit.index]), 0.0, 1.0)
    emission = lit.spread(colour_at(str(params["palette"]), spread, float(params["intensity"])))
    period = _beat_period_s(params)
    delay_s = float(params["ripple_ms"]) / 1000.0 * spread
    return _State(
        lit=lit,
        emission=frozen(emission),
        delay=phase_steps(delay_s / period),
        beat=frozen(beat_profile(period)),
    )


def _period(params: Params) -> float:
    return period_of(_beat_period_s(params), float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    now = shift_steps(loop_fraction(t, _beat_period_s(params), float(params["speed"])))
    level = look_up(s.beat, -s.delay, now)
    floor = np.float32(params["floor"])
    return glow_output(s.lit, s.emission, floor + (1 - floor) * level)


KINDS = (
    LayerKind(
        name="heartbeat",
        label="Heartbeat",
        group="luminous",
        description="Every tooth throbs with a lub-dub double beat.",
        params=(
            palette_param("railroad-worm"),
            intensity_param(0.9),
            SPEED,
            Param("bpm", "float", 64.0, "heart rate", minimum=30.0, maximum=180.0, unit="bpm"),
            Param(
                "ripple_ms",
                "float",
                140.0,
                "how much later the beat reaches the back teeth than the front ones",
                minimum=0.0,
                maximum=400.0,
                unit="ms",
            ),
            Param(
                "floor",
                "float",
                0.12,
                "glow left between beats (0 dark, 1 as bright)",
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
