"""What a layer kind is: a pure, vectorised function of the surface attributes and time,
in two steps so that animation is cheap:

    state = kind.prepare(attributes, params)     everything that does not depend on t
    output = kind.evaluate(attributes, params, state, t)

Both must be deterministic for the same inputs (randomness comes from the `seed` param).
`prepare` results are cached by the compositor; `evaluate` of a kind that is not
`animated` is called once per design edit, of an animated kind once per frame.

A kind module declares its kinds as `KINDS`; the registry (`registry.py`) lists the
modules and looks kinds up by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.params import Param, ParamValue, resolve_params

Group = Literal["natural", "luminous"]
Params = Mapping[str, ParamValue]
Prepare = Callable[[SurfaceAttributes, Params], Any]
Evaluate = Callable[[SurfaceAttributes, Params, Any, float], LayerOutput]
Period = Callable[[Params], float | None]


class LayerError(ValueError):
    """A layer that cannot be evaluated (a decal file that is missing or not a sane PNG).
    The message names the layer's parameter or file and what is wrong with it."""


def _no_state(attributes: SurfaceAttributes, params: Params) -> None:
    return None


def _no_period(params: Params) -> float | None:
    return None


@dataclass(frozen=True)
class LayerKind:
    """A kind of layer.

    name : the `kind` stored in designs ("enamel-shade"), lowercase with hyphens
    label : what the app shows ("Enamel shade")
    group : natural (the real tooth) or luminous (the glow); Fusion balances the two
    animated : evaluate depends on t
    period : seconds after which the animation repeats exactly for these params,
             or None when it does not loop (or is not animated)
    """

    name: str
    label: str
    group: Group
    description: str
    params: tuple[Param, ...]
    evaluate: Evaluate
    prepare: Prepare = _no_state
    animated: bool = False
    period: Period = _no_period

    def resolve(self, stored: Params) -> dict[str, ParamValue]:
        return resolve_params(self.params, stored)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.name,
            "label": self.label,
            "group": self.group,
            "description": self.description,
            "animated": self.animated,
            "params": [param.as_json() for param in self.params],
        }
