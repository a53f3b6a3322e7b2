"""The glow curve: how bright one layer glows over one loop of its animation.

A layer is sampled alone, over plain enamel, with its opacity and mask (fusion ignored),
at a few moments of its loop. The app's Analysis panel draws it; the command line can
print it. Sampling a subset of the surface is enough: layers are per-sample functions,
so every n-th sample gets the same values it would in the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.colour import REC709_LUMINANCE, linear_to_hex
from fusionsmile.core.design import Layer
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.compose import apply_layer, base_channels
from fusionsmile.core.layers.mask import mask_weight
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.palettes import palette_for

# Rec. 709 weights: luminance of linear RGB emission.
TIME_STEPS = 60
# Seconds shown of a layer that moves without looping.
UNLOOPED_SECONDS = 4.0


@dataclass(frozen=True)
class GlowCurve:
    """Mean emission luminance of one layer over time.

    times : (k,) seconds        luminance : (k,) linear, relative (1 = white at full power)
    period : the loop in seconds, or None when the layer does not loop (4 s are shown)
    colour : "#rrggbb", the hue of the layer's palette at its mean; None without a palette
    note : shown instead of a curve ("natural layers do not glow"), or ""
    """

    layer_name: str
    times: NDArray[np.float64]
    luminance: NDArray[np.float64]
    period: float | None
    animated: bool
    colour: str | None
    note: str = ""

    @classmethod
    def empty(cls, layer_name: str, note: str) -> GlowCurve:
        nothing = np.zeros(0)
        return cls(layer_name, nothing, nothing, None, False, None, note)


def every_nth_sample(attributes: SurfaceAttributes, stride: int) -> SurfaceAttributes:
    """Every stride-th sample: layers are per-sample, so a subset gets the same values."""
    values = {field.name: getattr(attributes, field.name) for field in fields(attributes)}
    sliced: dict[str, Any] = {
        name: None if value is None else value[::stride] for name, value in values.items()
    }
    return SurfaceAttributes(**sliced)


def palette_hue(layer: Layer) -> str | None:
    """ "#rrggbb" of the layer's palette at its mean, at full brightness (the mean of a
    palette can be dim, far red; a curve needs its hue, not its level)."""
    palette = resolved_params(layer).get("palette")
    if not isinstance(palette, str):
        return None
    try:
        mean = palette_for(palette).mean()
    except ValueError:
        return None
    return linear_to_hex(mean / max(float(mean.max()), 1e-6))


def glow_curve(layer: Layer, attributes: SurfaceAttributes, steps: int = TIME_STEPS) -> GlowCurve:
    """Sample layer alone at `steps` moments of one loop; one evaluation for a layer
    that does not move."""
    kind = kind_for(layer.kind)
    name = layer.name or kind.label
    if kind.group == "natural":
        return GlowCurve.empty(name, "Natural layers do not glow")
    params = kind.resolve(layer.params)
    period = kind.period(params) if kind.animated else None
    span = period if period and period > 0 else UNLOOPED_SECONDS
    times = np.linspace(0.0, span, steps)
    state = kind.prepare(attributes, params)
    base = base_channels(attributes)
    mask = None if layer.mask.is_everything else mask_weight(layer.mask, attributes)

    def luminance_at(t: float) -> float:
        output = kind.evaluate(attributes, params, state, t)
        emission = apply_layer(base, layer, output, mask, natural=False).emission
        return float((emission @ REC709_LUMINANCE).mean())

    if kind.animated:
        values = np.array([luminance_at(float(t)) for t in times])
    else:
        values = np.full(steps, luminance_at(0.0))
    return GlowCurve(name, times, values, period, kind.animated, palette_hue(layer))
