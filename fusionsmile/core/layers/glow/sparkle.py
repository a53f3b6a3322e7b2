"""Sparkle: tiny flashes all over the teeth, like dinoflagellates in a breaking wave.

A dinoflagellate flash lights within milliseconds and is over in well under a second
(Widder 1983; Latz et al. 2008; the onset, with the source, is in
assets/bioluminescence-timing.json): here a linear rise over `RISE_S` and an exponential
decay. The flashes are scattered through a fixed box of space round the mouth, each at a
random place and a random time of the loop drawn from the seed alone (never from the
samples, so a texel of a baked atlas sees the same flashes as a vertex), at a density
that gives the face of a tooth seen from the front `rate` flashes a second. A flash
lights the surface within `size_mm` of it, measured in the sample's tangent plane, if it
lies within `_SHELL_MM` of that plane: a disc on the surface, however the surface
curves. The loop repeats exactly; a flash near the end of the loop finishes at its
start.
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
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import SEED, SPEED, Param
from fusionsmile.core.reference import reference

RISE_S = float(reference("dinoflagellate_flash_rise").value)  # onset of a flash
LOOP_S = 8.0  # the pattern of flashes repeats after this many seconds at speed 1
# `rate` is what a viewer counts on a tooth: the flashes on its face seen from the front,
# about this many mm^2 (a central incisor's labial face ~90, a premolar's ~55).
_SEEN_MM2 = 65.0
_SHELL_MM = 2.0  # a flash lights surfaces within this distance of it
# Where the flashes are: every crown of an adult mouth, with a margin (mm, world frame).
_BOX_LOW = np.array([-48.0, -30.0, -20.0])
_BOX_HIGH = np.array([48.0, 32.0, 60.0])


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


def _flashes(params: Params) -> tuple[F32, F32, F32]:
    """Centres (f, 3), start times (f,) and hues (f,) of the flashes: params only."""
    rng = np.random.default_rng(int(params["seed"]))
    per_mm3 = float(params["rate"]) * LOOP_S / _SEEN_MM2 / (2 * _SHELL_MM)
    count = rng.poisson(per_mm3 * float(np.prod(_BOX_HIGH - _BOX_LOW)))
    centre = (_BOX_LOW + rng.random((count, 3)) * (_BOX_HIGH - _BOX_LOW)).astype(np.float32)
    start_s = (rng.random(count) * LOOP_S).astype(np.float32)
    hue = rng.random(count).astype(np.float32)
    return centre, start_s, hue


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    centre, start_s, hue = _flashes(params)
    radius = float(params["size_mm"])
    position = attributes.position[lit.index]
    normal = attributes.normal[lit.index]
    # Every (flash, sample) pair within reach, as arrays: a list per sample from
    # query_ball_point cost ~0.5 s of Python for one mouth and held the GIL.
    pairs = cKDTree(centre).sparse_distance_matrix(
        cKDTree(position), float(np.hypot(radius, _SHELL_MM)), output_type="ndarray"
    )
    flash = pairs["i"].astype(np.intp)
    local = pairs["j"].astype(np.intp)
    offset = centre[flash] - position[local]
    height = np.sum(offset * normal[local], axis=1)
    across = np.linalg.norm(offset - height[:, None] * normal[local], axis=1)
    # Smooth to zero at the spot's edge and towards the edge of the shell.
    shape = np.clip(1.0 - (across / radius) ** 2, 0.0, 1.0) ** 2
    shape *= np.clip(1.0 - (height / _SHELL_MM) ** 4, 0.0, 1.0)
    keep = shape > 0
    entry_sample = lit.index[local[keep]]
    entry_flash = flash[keep]
    entry_weight = (shape[keep] * lit.weight[local[keep]]).astype(np.float32)

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


KINDS = (
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
    ),
)
