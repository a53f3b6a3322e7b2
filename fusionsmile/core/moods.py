"""Moods: glow recipes that let the light follow an emotion.

A mood is a palette, a tempo, a pattern family (a luminous layer kind) and an
intensity. Choosing a mood either sets up its glow layer (when the design has none, or
with replace=True) or retunes the design's existing glow layers to the mood's palette,
tempo and intensity, keeping their patterns and masks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.layers.registry import kind_for


@dataclass(frozen=True)
class Mood:
    """A glow recipe.

    tempo : the `speed` of animated layers (1 = the pattern's natural pace)
    intensity : brightness relative to the pattern's default `intensity` (each pattern's
                default is tuned to read well at night, so moods scale it)
    extra : further params of the pattern's kind that give the mood its character
    """

    name: str
    label: str
    feeling: str
    palette: str
    tempo: float
    pattern: str
    intensity: float
    extra: dict[str, ParamValue] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "feeling": self.feeling,
            "palette": self.palette,
            "tempo": self.tempo,
            "pattern": self.pattern,
            "intensity": self.intensity,
            "pattern_params": dict(self.extra),
        }

    def glow_layer(self) -> Layer:
        """The mood's glow layer, set up from scratch."""
        return retune(Layer(kind=self.pattern, name=f"{self.label} glow", params=self.extra), self)


MOODS: dict[str, Mood] = {
    mood.name: mood
    for mood in (
        Mood("joy", "Joy", "bright, quick, scattered sparks of laughter",
             "firefly", 1.4, "sparkle", 1.2),
        Mood("calm", "Calm", "slow tides of steady sea light",
             "luminous-bacteria", 0.35, "flowing-noise", 1.3),
        Mood("love", "Love", "a warm red heartbeat",
             "railroad-worm", 1.0, "heartbeat", 1.2, {"bpm": 66.0}),
        Mood("courage", "Courage", "waves of warm light rising from the centre",
             "firefly", 1.2, "arch-pulse", 0.9, {"direction": "midline-out"}),
        Mood("wonder", "Wonder", "a night sky of deep-sea stars",
             "ostracod", 0.7, "constellation", 1.2),
        Mood("grief", "Grief", "a dim, slow ebb, blue fading into far red",
             "dragonfish", 0.25, "flowing-noise", 1.2),
        Mood("defiance", "Defiance", "electric veins that will not be put out",
             "foxfire", 1.8, "nanobot-veins", 1.5),
        Mood("hope", "Hope", "fireflies flashing together in the dark",
             "gfp-jellyfish", 1.0, "firefly-sync", 2.5),
    )
}  # fmt: skip


def mood_for(name: str) -> Mood:
    if name not in MOODS:
        raise ValueError(f"unknown mood {name!r}; moods: {', '.join(MOODS)}")
    return MOODS[name]


def retune(layer: Layer, mood: Mood) -> Layer:
    """layer with the mood's palette, tempo and intensity, where its kind has them."""
    declared = {param.name: param for param in kind_for(layer.kind).params}
    changes: dict[str, ParamValue] = {}
    if "palette" in declared:
        changes["palette"] = mood.palette
    if "speed" in declared:
        changes["speed"] = mood.tempo
    if "intensity" in declared:
        param = declared["intensity"]
        brightness = float(param.default) * mood.intensity
        changes["intensity"] = round(min(brightness, param.maximum or brightness), 3)
    return layer.with_params(**changes)


def apply_mood(
    design: Design, name: str, mode: Literal["auto", "retune", "replace"] = "auto"
) -> Design:
    """design with its glow following the mood; see the module docstring.

    auto : retune existing glow layers, or add the mood's layer if there are none
    replace : remove every glow layer and add the mood's
    """
    mood = mood_for(name)
    luminous = [kind_for(layer.kind).group == "luminous" for layer in design.layers]
    if mode == "replace" or (mode == "auto" and not any(luminous)):
        kept = [layer for layer, glow in zip(design.layers, luminous, strict=True) if not glow]
        layers = (*kept, mood.glow_layer())
    else:
        layers = tuple(
            retune(layer, mood) if glow else layer
            for layer, glow in zip(design.layers, luminous, strict=True)
        )
    meta = design.meta.model_copy(update={"mood": mood.name})
    return design.model_copy(update={"layers": layers, "meta": meta})
