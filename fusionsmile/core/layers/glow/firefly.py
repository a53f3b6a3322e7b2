"""Firefly sync: every tooth flashes together in the bursts of the synchronous firefly.

Photinus carolinus males flash in bursts of a few flashes, repeated after a dark spell,
and a whole group flashes together, burst and flash (Copeland & Moiseff 1995; the
figures, with the source, are in assets/bioluminescence-timing.json).

Each flash rises along a J (slowly, then steeply) and falls away quickly. The teeth can
drift a little out of step (`jitter_ms`, fixed per tooth by the seed), as real swarms do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
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
from fusionsmile.core.layers.noise import hash01
from fusionsmile.core.layers.params import SEED, SPEED, Param
from fusionsmile.core.reference import reference

# Copeland & Moiseff 1995 (see the module docstring).
FLASHES_PER_BURST: tuple[int, int] = tuple(reference("firefly_flashes_per_burst").value)
BURST_S = float(reference("firefly_burst").value)
CYCLE_S = float(reference("firefly_cycle").value)

_RISE_S = 0.12  # the J-shaped climb to the peak
_FALL_S = 0.06  # time constant of the fall


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit
    emission: F32
    delay: NDArray[np.int32]  # (k,) steps each sample's tooth is late (or early)
    shape: F32  # (k,) the lantern: brighter towards the edge of the crown
    cycle: F32  # (PHASE_STEPS,) level over one cycle of burst and darkness


def flash_level(age_s: F32) -> F32:
    """Level of one flash age_s seconds after it starts: a J up to 1, then down."""
    up = np.clip(age_s / _RISE_S, 0.0, 1.0) ** 3
    down = np.exp(-np.maximum(age_s - _RISE_S, 0.0) / _FALL_S)
    return np.where(age_s >= 0, up * down, 0.0).astype(np.float32)


def burst_cycle(flashes: int, burst_s: float, cycle_s: float) -> F32:
    """(PHASE_STEPS,) level over one cycle: `flashes` flashes spread evenly over burst_s
    from the start of the cycle, then darkness."""
    t = np.arange(PHASE_STEPS) / PHASE_STEPS * cycle_s
    interval = burst_s / flashes
    level = np.zeros(PHASE_STEPS, dtype=np.float32)
    for k in range(flashes):
        # Ages modulo the cycle: the tail of a flash near the end wraps round to the start.
        age = ((t - k * interval) % cycle_s).astype(np.float32)
        level = np.maximum(level, flash_level(age))
    return level


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    cycle_s = float(params["cycle_s"])
    teeth = attributes.tooth[lit.index].astype(np.int64)
    seed = int(params["seed"])
    late_s = (hash01(teeth, seed) - 0.5) * 2.0 * float(params["jitter_ms"]) / 1000.0
    # A hint of each tooth's own colour, as no two fireflies are quite the same.
    hue = float(params["hue"]) + 0.06 * (hash01(teeth, seed + 1) - 0.5)
    emission = lit.spread(colour_at(str(params["palette"]), hue, float(params["intensity"])))
    enamel = attributes.region[lit.index] == Region.ENAMEL
    shape = np.where(enamel, 0.45 + 0.55 * attributes.v[lit.index], 1.0).astype(np.float32)
    cycle = burst_cycle(int(params["flashes"]), float(params["burst_s"]), cycle_s)
    return _State(
        lit=lit,
        emission=frozen(emission),
        delay=phase_steps(late_s / cycle_s),
        shape=frozen(shape),
        cycle=frozen(cycle),
    )


def _period(params: Params) -> float:
    return period_of(float(params["cycle_s"]), float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    now = shift_steps(loop_fraction(t, float(params["cycle_s"]), float(params["speed"])))
    return glow_output(s.lit, s.emission, s.shape * look_up(s.cycle, -s.delay, now))


KINDS = (
    LayerKind(
        name="firefly-sync",
        label="Firefly sync",
        group="luminous",
        description="All the teeth flash together in bursts, like a swarm of synchronous "
        "fireflies (Photinus carolinus).",
        params=(
            palette_param("firefly"),
            intensity_param(1.0),
            SPEED,
            SEED,
            Param(
                "flashes",
                "int",
                6,
                f"flashes in a burst (the firefly makes {FLASHES_PER_BURST[0]} to "
                f"{FLASHES_PER_BURST[1]})",
                minimum=1,
                maximum=12,
            ),
            Param(
                "burst_s",
                "float",
                BURST_S,
                "length of a burst of flashes",
                minimum=1.0,
                maximum=8.0,
                unit="s",
            ),
            Param(
                "cycle_s",
                "float",
                CYCLE_S,
                "time from the start of one burst to the next",
                minimum=4.0,
                maximum=30.0,
                unit="s",
            ),
            Param(
                "jitter_ms",
                "float",
                30.0,
                "how far each tooth may flash out of step",
                minimum=0.0,
                maximum=300.0,
                unit="ms",
            ),
            Param(
                "hue",
                "float",
                0.15,
                "where in the palette the flashes' colour is taken",
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
