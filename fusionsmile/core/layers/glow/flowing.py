"""Flowing noise: soft clouds of light drifting and changing shape over the teeth.

The field is 3D simplex noise carried along by a steady drift and a slow motion through
the noise (along z, which changes the shape of the clouds on the front teeth without
moving them). To loop, two copies of it one loop apart are crossfaded,

    f(t) = ((L - t) g(t) + t g(t - L)) / sqrt((L - t)^2 + t^2),   0 <= t < L

which is g(0) at both ends; the square root keeps the contrast even through the fade.
`prepare` samples f at `KEYFRAMES` times of the loop; a frame interpolates two of them.
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
    frozen,
    intensity_param,
    lit_samples,
    loop_fraction,
    palette_param,
    palette_table,
    period_of,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.noise import simplex
from fusionsmile.core.layers.params import SEED, SPEED, Param

LOOP_S = 12.0  # seconds of the loop at speed 1
KEYFRAMES = 32
_CHURN_SCALES = 2.5  # how far (in feature sizes) the noise moves through z in a loop
_DRIFT = np.array([1.0, 0.3, 0.0])  # direction of the drift: to the left and a little up


@dataclass(frozen=True, eq=False)
class _State:
    keyframes: NDArray[np.uint8]  # (KEYFRAMES, n) the clouds' level x 255, 0 where unlit
    weight: F32  # (n,) the glow weight / 255 (0 where nothing may glow)
    table: F32  # (256, 3) palette x intensity by level x 255


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    lit = lit_samples(attributes, bool(params["gums"]))
    scale = float(params["scale_mm"])
    position = attributes.position[lit.index].astype(np.float64)
    velocity = _DRIFT / np.linalg.norm(_DRIFT) * float(params["drift_mm_s"])
    velocity = velocity + np.array([0.0, 0.0, _CHURN_SCALES * scale / LOOP_S])
    seed = int(params["seed"])
    contrast = float(params["contrast"])

    def field(time_s: float) -> F32:
        moved = (position - velocity * time_s).astype(np.float32)
        return simplex(moved, 1.0 / scale, seed, octaves=2)

    # Levels as bytes over every sample: a frame is then one blend of two keyframes and
    # one table look-up, with nothing to scatter (~4x faster than floats on the subset).
    keyframes = np.zeros((KEYFRAMES, lit.n), dtype=np.uint8)
    for j in range(KEYFRAMES):
        time_s = j / KEYFRAMES * LOOP_S
        a, b = LOOP_S - time_s, time_s
        mixed = a * field(time_s) + (b * field(time_s - LOOP_S) if b > 0 else 0.0)
        level = np.clip(0.5 + 0.5 * contrast * mixed / np.hypot(a, b), 0.0, 1.0)
        level = level * level  # deeper darks between the clouds
        keyframes[j, lit.index] = np.round(level * 255).astype(np.uint8)
    keyframes.flags.writeable = False
    # The colour follows the clouds: dim parts from the start of the palette. Level 0
    # (and every sample that may not glow) gives no light at all.
    table = palette_table(str(params["palette"])) * np.float32(params["intensity"])
    table[0] = 0.0
    return _State(
        keyframes=keyframes,
        weight=frozen(lit.spread(lit.weight / np.float32(255.0))),
        table=frozen(table),
    )


def _period(params: Params) -> float:
    return period_of(LOOP_S, float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    place = loop_fraction(t, LOOP_S, float(params["speed"])) * KEYFRAMES
    j = int(place) % KEYFRAMES
    w = np.float32(place - int(place))
    before = s.keyframes[j].astype(np.float32)
    level = before + w * (s.keyframes[(j + 1) % KEYFRAMES] - before)  # 0..255
    return LayerOutput(emission=s.table[level.astype(np.uint8)], coverage=level * s.weight)


KINDS = (
    LayerKind(
        name="flowing-noise",
        label="Flowing noise",
        group="luminous",
        description="Soft clouds of light drift and change shape over the teeth.",
        params=(
            palette_param("firefly"),
            intensity_param(1.0),
            SPEED,
            SEED,
            Param(
                "scale_mm",
                "float",
                5.0,
                "size of the clouds",
                minimum=0.5,
                maximum=30.0,
                unit="mm",
            ),
            Param(
                "contrast",
                "float",
                2.0,
                "how sharply the clouds stand out from the dark",
                minimum=0.1,
                maximum=5.0,
            ),
            Param(
                "drift_mm_s",
                "float",
                0.8,
                "speed of the drift to the patient's left",
                minimum=0.0,
                maximum=5.0,
                unit="mm/s",
            ),
            GUMS,
        ),
        evaluate=_evaluate,
        prepare=_prepare,
        animated=True,
        period=_period,
    ),
)
