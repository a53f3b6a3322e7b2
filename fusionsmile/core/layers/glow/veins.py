"""Nanobot veins: a web of thin bright lines with packets of light flowing along them.

The lines are the borders of 3D Worley cells cut by the tooth surfaces (so every tooth
has its own web); the packets are waves whose phase is a second, smooth noise field, so
they run along the lines from low to high values of that field.
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
from fusionsmile.core.layers.noise import cellular, simplex
from fusionsmile.core.layers.params import SEED, SPEED, Param

# FastNoise's "edges" value rises about 1.2-2 units per unit of distance from a cell
# border (depending on the angle), at 1 cell per unit: this turns it into mm, roughly.
_EDGE_PER_CELL = 1.6
_LOOP_S = 4.0  # seconds for the packets to move one wavelength at speed 1
_FLOW_CELLS = 3.0  # size of the flow field's features, in cells
_PACKET_SHARPNESS = 6.0  # power of the raised cosine that makes a packet


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit  # only the samples on or near a line
    emission: F32
    line: F32  # (k,) how much each sample is on a line
    phase: NDArray[np.int32]  # (k,) where the sample is in the flow, in phase steps
    packet: F32  # (PHASE_STEPS,) level of a packet over one wavelength


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    everything = lit_samples(attributes, bool(params["gums"]))
    seed = int(params["seed"])
    cell_mm = float(params["cell_mm"])
    position = attributes.position[everything.index]
    edges = cellular(position, 1.0 / cell_mm, seed, output="edges")
    distance_mm = edges * cell_mm / _EDGE_PER_CELL
    line = np.exp(-((distance_mm / float(params["thickness_mm"])) ** 2)).astype(np.float32)
    on = line > 0.02
    lit = Lit(index=everything.index[on], weight=everything.weight[on], n=everything.n)
    position, line = position[on], line[on]

    flow = simplex(position, 1.0 / (_FLOW_CELLS * cell_mm), seed + 1)
    phase = phase_steps(flow * float(params["packets"]))
    hue = 0.5 + 0.5 * simplex(position, 1.0 / (2.0 * _FLOW_CELLS * cell_mm), seed + 2)
    emission = lit.spread(colour_at(str(params["palette"]), hue, float(params["intensity"])))
    cycle = np.arange(PHASE_STEPS, dtype=np.float32) / PHASE_STEPS
    packet = (0.5 + 0.5 * np.cos(2 * np.pi * cycle)) ** _PACKET_SHARPNESS
    return _State(
        lit=lit,
        emission=frozen(emission),
        line=frozen(line),
        phase=phase,
        packet=frozen(packet.astype(np.float32)),
    )


def _period(params: Params) -> float:
    return period_of(_LOOP_S, float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    now = shift_steps(loop_fraction(t, _LOOP_S, float(params["speed"])))
    packets = look_up(s.packet, s.phase, -now)
    floor = np.float32(params["floor"])
    return glow_output(s.lit, s.emission, s.line * (floor + (1 - floor) * packets))


KINDS = (
    LayerKind(
        name="nanobot-veins",
        label="Nanobot veins",
        group="luminous",
        description="A web of thin glowing veins with packets of light flowing along them.",
        params=(
            palette_param("luminous-bacteria"),
            intensity_param(2.2),
            SPEED,
            SEED,
            Param(
                "cell_mm",
                "float",
                5.0,
                "size of the meshes of the web",
                minimum=1.0,
                maximum=15.0,
                unit="mm",
            ),
            Param(
                "thickness_mm",
                "float",
                0.22,
                "thickness of a vein",
                minimum=0.1,
                maximum=1.5,
                unit="mm",
            ),
            Param(
                "packets",
                "int",
                3,
                "packets of light on a vein at a time (about)",
                minimum=1,
                maximum=12,
            ),
            Param(
                "floor",
                "float",
                0.3,
                "glow of a vein between packets (0 dark, 1 as bright)",
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
