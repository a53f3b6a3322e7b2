"""Moods: glow recipes that let the light follow an emotion.

A mood is a palette, a tempo, a pattern family (a luminous layer kind) and an
intensity. Choosing a mood gives the design that mood's glow: glow layers a mood set up
are replaced by the new mood's own pattern (a person who picks Calm expects calm tides,
not Joy's sparkles recoloured). Glow layers the user built or tuned by hand are kept and
retuned to the mood's palette, tempo and intensity, keeping their patterns and masks;
`hand_built_glows` names them so the app can say so.

Tempo is a pace, but the loop a mood gives a layer is one of LOOP_LADDER_S, whose
entries divide each other: a design whose glows moods tuned repeats after its longest
glow loop, not after the least common multiple of odd periods (a calm design once took
34 s to repeat, and a 3 s GIF of it jumped).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import validate_layer


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

    @property
    def glow_name(self) -> str:
        return f"{self.label} glow"

    def glow_layer(self) -> Layer:
        """The mood's glow layer, set up from scratch."""
        return retune(Layer(kind=self.pattern, name=self.glow_name, params=self.extra), self)


# Seconds a mood's glow may take to loop; each divides the next.
LOOP_LADDER_S = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


MOODS: dict[str, Mood] = {
    mood.name: mood
    for mood in (
        Mood("joy", "Joy", "bright, quick, scattered sparks of laughter",
             "firefly", 1.4, "sparkle", 1.2),
        Mood("calm", "Calm", "slow tides of steady sea light",
             "luminous-bacteria", 0.7, "flowing-noise", 1.3),
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


def loop_speed(layer: Layer, tempo: float) -> float:
    """The `speed` that gives layer the loop of LOOP_LADDER_S nearest (in ratio) to its
    loop at `tempo`; tempo itself when the layer's kind has no loop."""
    kind = kind_for(layer.kind)
    natural = kind.period(kind.resolve({**layer.params, "speed": 1.0}))
    if not natural or natural <= 0 or tempo <= 0:
        return tempo
    wanted = natural / tempo
    period = min(LOOP_LADDER_S, key=lambda p: abs(math.log(p / wanted)))
    speed = round(natural / period, 6)
    declared = next(p for p in kind.params if p.name == "speed")
    low = float(declared.minimum) if declared.minimum is not None else speed
    high = float(declared.maximum) if declared.maximum is not None else speed
    return min(high, max(low, speed))


def retune(layer: Layer, mood: Mood) -> Layer:
    """layer with the mood's palette, tempo and intensity, where its kind has them; a
    layer named for another mood ("Joy glow") is renamed for what it now is ("Calm
    sparkle"), a name the user gave is kept."""
    kind = kind_for(layer.kind)
    declared = {param.name: param for param in kind.params}
    changes: dict[str, ParamValue] = {}
    if "palette" in declared:
        changes["palette"] = mood.palette
    if "speed" in declared:
        changes["speed"] = loop_speed(layer, mood.tempo)
    if "intensity" in declared:
        param = declared["intensity"]
        brightness = float(param.default) * mood.intensity
        changes["intensity"] = round(min(brightness, param.maximum or brightness), 3)
    layer = validate_layer(layer.with_params(**changes))
    mood_names = {other.glow_name for other in MOODS.values()} | _retuned_names(kind.label)
    if layer.name in mood_names and layer.kind != mood.pattern:
        layer = layer.model_copy(update={"name": f"{mood.label} {kind.label.lower()}"})
    elif layer.name in mood_names:
        layer = layer.model_copy(update={"name": mood.glow_name})
    return layer


def _retuned_names(kind_label: str) -> set[str]:
    return {f"{mood.label} {kind_label.lower()}" for mood in MOODS.values()}


# Tempi moods had before they picked loop periods, to recognise the glows they made then.
_EARLIER_TEMPI = {"calm": (0.35,)}


def made_by_mood(layer: Layer) -> bool:
    """Whether layer is a glow as a mood set it up (whichever mood retuned it since),
    under the name the mood gave it: one the user has not built, tuned or named."""
    kind = kind_for(layer.kind)
    names = {mood.glow_name for mood in MOODS.values()} | _retuned_names(kind.label)
    if layer.name not in names:
        return False
    for maker in MOODS.values():
        if layer.kind != maker.pattern:
            continue
        for tuner in MOODS.values():
            made = retune(maker.glow_layer(), tuner)
            speeds = (made.params.get("speed"), tuner.tempo, *_EARLIER_TEMPI.get(tuner.name, ()))
            for speed in speeds if "speed" in made.params else (None,):
                candidate = made if speed is None else made.with_params(speed=speed)
                if layer.model_copy(update={"name": candidate.name}) == candidate:
                    return True
    return False


def hand_built_glows(design: Design) -> list[Layer]:
    """The glow layers of design that choosing a mood keeps (and retunes)."""
    return [
        layer
        for layer in design.layers
        if kind_for(layer.kind).group == "luminous" and not made_by_mood(layer)
    ]


def apply_mood(
    design: Design, name: str, mode: Literal["auto", "retune", "replace"] = "auto"
) -> Design:
    """design with its glow following the mood; see the module docstring.

    auto : glow layers a mood set up make way for the mood's own (added when there are
           none); glow layers built or tuned by hand are kept and retuned
    retune : every glow layer is kept and retuned (the mood's is added when there is none)
    replace : every glow layer makes way for the mood's
    """
    mood = mood_for(name)
    luminous = [kind_for(layer.kind).group == "luminous" for layer in design.layers]
    if mode == "replace":
        replaced = luminous
    elif mode == "retune":
        replaced = [False] * len(luminous)
    else:
        replaced = [
            glow and made_by_mood(layer)
            for layer, glow in zip(design.layers, luminous, strict=True)
        ]
    kept = [
        retune(layer, mood) if glow else layer
        for layer, glow, gone in zip(design.layers, luminous, replaced, strict=True)
        if not gone
    ]
    if any(replaced) or not any(luminous):
        # The mood's glow takes the place of the first glow it replaces (on top if none).
        where = replaced.index(True) if any(replaced) else len(kept)
        where = sum(1 for gone in replaced[:where] if not gone)
        kept.insert(where, mood.glow_layer())
    layers = tuple(kept)
    meta = design.meta.model_copy(update={"mood": mood.name})
    return design.model_copy(update={"layers": layers, "meta": meta})
