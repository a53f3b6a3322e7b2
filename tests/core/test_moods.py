"""Moods set up or retune the glow; the starter design is natural with a mood's glow."""

from __future__ import annotations

import pytest

from fusionsmile.core.design import Design, Layer, Mask
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.moods import MOODS, apply_mood, mood_for
from fusionsmile.core.starter import natural_stack, starter_design


def glow_layers(design: Design) -> list[Layer]:
    return [layer for layer in design.layers if kind_for(layer.kind).group == "luminous"]


@pytest.mark.parametrize("name", sorted(MOODS))
def test_every_mood_sets_up_a_valid_glow(name: str) -> None:
    design = apply_mood(Design(layers=natural_stack()), name)
    mood = MOODS[name]
    (glow,) = glow_layers(design)
    params = glow.resolved_params()
    assert glow.kind == mood.pattern and params["palette"] == mood.palette
    default = next(p.default for p in kind_for(mood.pattern).params if p.name == "intensity")
    assert params["intensity"] == pytest.approx(float(default) * mood.intensity, rel=1e-3)
    assert design.meta.mood == name
    assert design.layers[: len(natural_stack())] == natural_stack()  # natural layers kept


def test_a_mood_retunes_existing_glow_and_keeps_pattern_and_mask() -> None:
    veins = Layer(kind="nanobot-veins", mask=Mask(teeth=(11, 21)), params={"cell_mm": 3.0})
    design = apply_mood(Design(layers=(*natural_stack(), veins)), "calm")
    (glow,) = glow_layers(design)
    assert glow.kind == "nanobot-veins" and glow.mask == veins.mask
    assert glow.params["cell_mm"] == 3.0
    assert glow.params["palette"] == "luminous-bacteria" and glow.params["speed"] == 0.35


def test_replace_swaps_the_glow_for_the_mood_s_pattern() -> None:
    design = Design(layers=(Layer(kind="bands"), Layer(kind="sparkle")))
    replaced = apply_mood(design, "love", mode="replace")
    assert [layer.kind for layer in replaced.layers] == ["heartbeat"]


def test_retuning_twice_does_not_compound_brightness() -> None:
    once = apply_mood(Design(), "defiance")
    twice = apply_mood(once, "defiance")
    assert once.layers == twice.layers


def test_unknown_mood_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mood 'ennui'"):
        mood_for("ennui")


def test_starter_design_is_natural_without_a_mood() -> None:
    design = starter_design()
    assert not glow_layers(design) and design.meta.mood is None
    assert starter_design("hope", fusion=0.3).fusion == 0.3
