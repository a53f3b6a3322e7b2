"""Enamel shade: the colour of the crowns from a shade-guide tab, graded along each tooth.

The tab's L*a*b* (approximate, see `fusionsmile.core.shades`) is the body (middle third)
of a central incisor. Offsets in L*a*b* then model what a shade tab does not show:

- along the crown (`gradient`): the cervical third more chromatic and yellower, where
  dentin shows through thin enamel; the incisal third greyer and bluish, where enamel is
  thick and translucent (dental-data.md section 4);
- between tooth types (`type_chroma`): incisors lightest, canines then molars darker and
  more chromatic (Pop-Ciutrila 2015); the lateral offset is the measured natural lateral
  minus the natural central;
- between teeth (`variation`): a small per-tooth offset from the seed, shared for the
  most part by the left and right tooth of a pair.

Colours are converted once per tooth and third (about a hundred L*a*b* values) and
mixed per sample in linear RGB.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.natural.anatomy import enamel, scatter
from fusionsmile.core.layers.noise import hash01
from fusionsmile.core.layers.params import SEED, Param
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.reference import reference
from fusionsmile.core.shades import NATURAL_CENTRAL, NATURAL_LATERAL, SHADE_NAMES, lab_to_linear
from fusionsmile.core.shades import shade as shade_for

F64 = NDArray[np.float64]

# (dL*, da*, db*) at type_chroma = 1, by FDI position 1..8. Lateral: measured natural
# lateral - central; canine: one chroma step of the shade guide (tooth-optics.json); the
# rest follow Pop-Ciutrila 2015's order (modelling values). At the default (1, the data
# as measured; it was 0.6) the canines read yellower than the centrals in a portrait, as
# a real smile's do, where they had looked all one colour.
_LATERAL = tuple(lat - cen for lat, cen in zip(NATURAL_LATERAL, NATURAL_CENTRAL, strict=True))
_CANINE = tuple(float(x) for x in reference("canine_shade_step").value)
_TYPE_OFFSETS = np.array(
    [(0.0, 0.0, 0.0), _LATERAL, _CANINE, (-2.5, 0.6, 3.0), (-2.5, 0.6, 3.0),
     (-4.0, 0.9, 5.5), (-4.0, 0.9, 5.5), (-4.0, 0.9, 5.5)],
    dtype=np.float64,
)  # fmt: skip
# (dL*, da*, db*) at gradient = 1 for the cervical and the incisal third.
_CERVICAL = np.array([-3.0, 2.5, 14.0])  # the day light and the wet coat keep ~60% of it
_INCISAL = np.array([-4.0, -1.0, -9.0])
# Cusp tips of posterior teeth are less translucent than incisal edges.
_INCISAL_BY_TYPE = (1.0, 1.0, 0.8, 0.5, 0.5, 0.4, 0.4, 0.4)
# Per-tooth variation at variation = 1: half-range of dL*, da*, db*.
_VARIATION = np.array([1.5, 0.4, 2.0])


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
        row = which[tooth]
        v = attributes.v[index]
        cervical = 1.0 - smoothstep(0.08, 0.45, v)
        incisal = smoothstep(0.55, 0.95, v)
        body = thirds[:, 1]
        albedo = (
            body[row]
            + cervical[:, None] * (thirds[:, 0] - body)[row]
            + incisal[:, None] * (thirds[:, 2] - body)[row]
        )
    return LayerOutput(coverage=on, albedo=scatter(n, index, np.clip(albedo, 0.0, 1.0)))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


ENAMEL_SHADE = LayerKind(
    name="enamel-shade",
    label="Enamel shade",
    group="natural",
    description="The colour of the enamel from a VITA shade tab (approximate L*a*b*), "
    "warmer at the neck and greyer at the edge of each tooth.",
    params=(
        Param("shade", "choice", "A1", "shade-guide tab (VITA classical, bleach, "
              "3D-Master), approximate colours", choices=SHADE_NAMES),
        Param("gradient", "float", 0.6, "cervical third warmer, incisal third greyer "
              "and bluish", minimum=0.0, maximum=1.0, unit=""),
        Param("type_chroma", "float", 1.0, "canines and molars darker and more "
              "chromatic than incisors", minimum=0.0, maximum=1.0, unit=""),
        Param("variation", "float", 0.3, "subtle differences in colour between teeth",
              minimum=0.0, maximum=1.0, unit=""),
        SEED,
    ),
    prepare=_prepare,
    evaluate=_evaluate,
)  # fmt: skip

KINDS = (ENAMEL_SHADE,)
