"""Enamel shade: the colour of the crowns from a shade-guide tab, graded along each tooth.

The tab's L*a*b* (approximate, see `fusionsmile.core.shades`) is the body (middle third)
of a central incisor. Offsets in L*a*b* then model what a shade tab does not show:

- along the crown (`gradient`): the cervical third more chromatic and yellower, where
  dentin shows through thin enamel; the incisal third greyer and bluish, where enamel is
  thick and translucent (dental-data.md section 4);
- between tooth types (`type_chroma`): incisors lightest, canines then molars darker and
  more chromatic (Pop-Ciutrila 2015); the lateral offset is the measured natural lateral
  minus the natural central;
- between teeth (`variation`): a small per-tooth offset and a faint low-frequency
  mottle, from the seed.

Colours are converted once per tooth and third (about a hundred L*a*b* values) and
mixed per sample in linear RGB.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.natural.anatomy import enamel, ramp, scatter
from fusionsmile.core.layers.noise import hash01
from fusionsmile.core.layers.params import SEED, Param
from fusionsmile.core.layers.registry import LayerKind, Params, register
from fusionsmile.core.shades import NATURAL_CENTRAL, NATURAL_LATERAL, SHADE_NAMES, lab_to_linear
from fusionsmile.core.shades import shade as shade_for

F64 = NDArray[np.float64]

# (dL*, da*, db*) at type_chroma = 1, by FDI position 1..8. Lateral: measured natural
# lateral - central; the rest follow Pop-Ciutrila 2015's order (modelling values).
_LATERAL = tuple(lat - cen for lat, cen in zip(NATURAL_LATERAL, NATURAL_CENTRAL, strict=True))
_TYPE_OFFSETS = np.array(
    [(0.0, 0.0, 0.0), _LATERAL, (-3.5, 0.9, 4.5), (-2.5, 0.6, 3.0), (-2.5, 0.6, 3.0),
     (-4.0, 0.9, 5.5), (-4.0, 0.9, 5.5), (-4.0, 0.9, 5.5)],
    dtype=np.float64,
)  # fmt: skip
# (dL*, da*, db*) at gradient = 1 for the cervical and the incisal third.
_CERVICAL = np.array([-2.5, 1.5, 6.0])
_INCISAL = np.array([-4.0, -1.0, -9.0])
# Cusp tips of posterior teeth are less translucent than incisal edges.
_INCISAL_BY_TYPE = (1.0, 1.0, 0.8, 0.5, 0.5, 0.4, 0.4, 0.4)
# Per-tooth variation at variation = 1: half-range of dL*, da*, db*.
_VARIATION = np.array([1.5, 0.4, 2.0])
_MOTTLE = 0.04  # relative change of albedo at variation = 1
_MOTTLE_MM = 3.0


def _tooth_labs(teeth: NDArray[np.int64], params: Params) -> F64:
    """(k, 3, 3) L*a*b* of the cervical, body and incisal thirds of each tooth."""
    body = np.array(shade_for(str(params["shade"])).lab, dtype=np.float64)
    position = np.clip(teeth % 10, 1, 8) - 1
    seed = int(params["seed"])
    # Contralateral teeth share most of their offset: real pairs are alike.
    pair = teeth % 10 + 10 * np.isin(teeth // 10, (3, 4))
    draws = np.stack(
        [0.6 * hash01(pair, seed + 17 * i) + 0.4 * hash01(teeth, seed + 17 * i + 5)
         for i in range(3)],
        axis=1,
    )  # fmt: skip
    labs = (
        body
        + float(params["type_chroma"]) * _TYPE_OFFSETS[position]
        + float(params["variation"]) * _VARIATION * (2.0 * draws - 1.0)
    )
    gradient = float(params["gradient"])
    incisal = np.array(_INCISAL_BY_TYPE)[position][:, None]
    return np.stack(
        [labs + gradient * _CERVICAL, labs, labs + gradient * incisal * _INCISAL], axis=1
    )


def _mottle(position: NDArray[np.float32], seed: int) -> NDArray[np.float32]:
    """(k,) a faint, smooth variation in about [-1, 1] over _MOTTLE_MM: a few plane
    waves in seeded directions (cheaper than noise at this low frequency)."""
    rng = np.random.default_rng(seed)
    directions = rng.normal(size=(3, 3))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    wavenumbers = 2 * np.pi / _MOTTLE_MM * rng.uniform(0.7, 1.3, size=(3, 1))
    phases = rng.uniform(0, 2 * np.pi, size=3).astype(np.float32)
    waves = position @ (directions * wavenumbers).T.astype(np.float32) + phases
    out: NDArray[np.float32] = (np.sin(waves).sum(axis=1) / 1.7).astype(np.float32)
    return out


def _prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    n = len(attributes)
    on = enamel(attributes)
    index = np.flatnonzero(on)
    tooth = np.clip(np.asarray(attributes.tooth[index], dtype=np.int64), 0, 99)
    teeth = np.flatnonzero(np.bincount(tooth, minlength=100))
    albedo = np.zeros((len(index), 3), dtype=np.float32)
    if len(teeth):
        thirds = lab_to_linear(_tooth_labs(teeth, params).reshape(-1, 3)).reshape(-1, 3, 3)
        which = np.zeros(100, np.int64)
        which[teeth] = np.arange(len(teeth))
        table = thirds[which[tooth]]  # (k, 3 thirds, 3)
        v = attributes.v[index]
        cervical = 1.0 - ramp(0.08, 0.45, v)
        incisal = ramp(0.55, 0.95, v)
        weights = np.stack([cervical, 1.0 - cervical - incisal, incisal], axis=1)
        albedo = np.einsum("kt,ktc->kc", weights, table)
        variation = float(params["variation"])
        if variation > 0:
            mottle = _mottle(attributes.position[index], int(params["seed"]))
            albedo *= (1.0 + _MOTTLE * variation * mottle)[:, None]
    return LayerOutput(coverage=on, albedo=scatter(n, index, np.clip(albedo, 0.0, 1.0)))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


register(
    LayerKind(
        name="enamel-shade",
        label="Enamel shade",
        group="natural",
        description="The colour of the enamel from a VITA shade tab (approximate L*a*b*), "
        "warmer at the neck and greyer at the edge of each tooth.",
        params=(
            Param("shade", "choice", "A1", "shade-guide tab (VITA classical, bleach, "
                  "3D-Master), approximate colours", choices=SHADE_NAMES),
            Param("gradient", "float", 0.6, "cervical third warmer, incisal third greyer "
                  "and bluish", minimum=0.0, maximum=1.0),
            Param("type_chroma", "float", 0.6, "canines and molars darker and more "
                  "chromatic than incisors", minimum=0.0, maximum=1.0),
            Param("variation", "float", 0.3, "subtle differences between teeth and a "
                  "faint mottle", minimum=0.0, maximum=1.0),
            SEED,
        ),
        prepare=_prepare,
        evaluate=_evaluate,
    )
)  # fmt: skip
