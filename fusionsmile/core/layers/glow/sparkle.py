"""Sparkle: tiny flashes all over the teeth, like dinoflagellates in a breaking wave.

A dinoflagellate flash lights within about 15 ms and is over in well under a second
(Widder 1983; Latz et al. 2008, J Exp Biol 211:2865; dental-data.md section 5):
here a linear rise over `RISE_S` and an exponential decay. Each tooth gets `rate` flashes
a second, each at a random spot and a random time of the loop, both drawn from the seed
and the flash's number, so the loop repeats exactly; a flash near the end of the loop
finishes at its start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    F32,
    GUMS,
    colour_at,
    frozen,
    intensity_param,
    lit_samples,
    loop_fraction,
    palette_param,
    period_of,
)
from fusionsmile.core.layers.params import SEED, SPEED, Param
from fusionsmile.core.layers.registry import LayerKind, Params, register

RISE_S = 0.015  # onset of a dinoflagellate flash, 12-15 ms (Latz et al. 2008)
LOOP_S = 8.0  # the pattern of flashes repeats after this many seconds at speed 1


@dataclass(frozen=True, eq=False)
class _State:
    n: int
    emission: F32
    start_s: F32  # (f,) when each flash starts in the loop, seconds at speed 1
    entry_sample: NDArray[np.intp]  # (e,) the samples each flash lights...
    entry_flash: NDArray[np.intp]  # (e,) ...which flash...
    entry_weight: F32  # (e,) ...and how much (spot shape x glow weight)


def flash_level(age_s: F32, decay_s: float) -> F32:
    """Level of a flash age_s seconds after it starts (0 before): up in RISE_S, then
    exponentially down with time constant decay_s."""
    rise = np.clip(age_s / RISE_S, 0.0, 1.0)
    fall = np.exp(-np.maximum(age_s - RISE_S, 0.0) / decay_s)
    return np.where(age_s >= 0, rise * fall, 0.0).astype(np.float32)


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    rng = np.random.default_rng(int(params["seed"]))
    per_tooth = round(float(params["rate"]) * LOOP_S)
    teeth = attributes.tooth[lit.index]
    centres = []
    for number in np.unique(teeth):
        candidates = lit.index[teeth == number]
        centres.append(rng.choice(candidates, size=per_tooth, replace=True))
    centre = np.concatenate(centres) if centres else np.zeros(0, np.intp)
    start_s = (rng.random(len(centre)) * LOOP_S).astype(np.float32)
    hue = rng.random(len(centre)).astype(np.float32)

    radius = float(params["size_mm"])
    position = attributes.position[lit.index]
    tree = cKDTree(position)
    near = tree.query_ball_point(attributes.position[centre], r=radius)
    counts = np.array([len(found) for found in near], dtype=np.intp)
    local = np.concatenate([np.asarray(found, np.intp) for found in near] + [np.zeros(0, np.intp)])
    entry_flash = np.repeat(np.arange(len(centre)), counts)
    entry_sample = lit.index[local]
    distance = np.linalg.norm(position[local] - attributes.position[centre[entry_flash]], axis=1)
    shape = (1.0 - (distance / radius) ** 2) ** 2  # smooth to zero at the spot's edge
    entry_weight = (shape * lit.weight[local]).astype(np.float32)

    # Each sample takes the colour of the flash that lights it most.
    emission = np.zeros((lit.n, 3), dtype=np.float32)
    if len(entry_sample):
        order = np.lexsort((entry_weight, entry_sample))
        last = np.r_[entry_sample[order][1:] != entry_sample[order][:-1], True]
        strongest = order[last]
        colours = colour_at(str(params["palette"]), hue, float(params["intensity"]))
        emission[entry_sample[strongest]] = colours[entry_flash[strongest]]
    return _State(
        n=lit.n,
        emission=frozen(emission),
        start_s=frozen(start_s),
        entry_sample=entry_sample,
        entry_flash=entry_flash,
        entry_weight=frozen(entry_weight),
    )


def _period(params: Params) -> float:
    return period_of(LOOP_S, float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    now = loop_fraction(t, LOOP_S, float(params["speed"])) * LOOP_S
    age = (np.float32(now) - s.start_s) % np.float32(LOOP_S)
    level = flash_level(age, float(params["decay_s"]))
    lit_now = level > 1e-3
    if not lit_now.any():
        return LayerOutput(emission=s.emission, coverage=np.zeros(s.n, dtype=np.float32))
    weights = level[s.entry_flash] * s.entry_weight
    coverage = np.bincount(s.entry_sample, weights=weights, minlength=s.n)
    return LayerOutput(emission=s.emission, coverage=np.minimum(coverage, 1.0).astype(np.float32))


register(
    LayerKind(
        name="sparkle",
        label="Sparkle",
        group="luminous",
        description="Tiny sudden flashes all over the teeth, like plankton in a breaking wave.",
        params=(
            palette_param("dinoflagellate"),
            intensity_param(8.0),
            SPEED,
            SEED,
            Param(
                "rate",
                "float",
                6.0,
                "flashes on each tooth per second",
                minimum=0.1,
                maximum=20.0,
                unit="Hz",
            ),
            Param(
                "size_mm",
                "float",
                1.0,
                "radius of a flash",
                minimum=0.2,
                maximum=3.0,
                unit="mm",
            ),
            Param(
                "decay_s",
                "float",
                0.15,
                "time for a flash to fade to a third; a flash is over within a second",
                minimum=0.03,
                maximum=0.2,
                unit="s",
            ),
            GUMS,
        ),
        evaluate=_evaluate,
        prepare=_prepare,
        animated=True,
        period=_period,
    )
)
