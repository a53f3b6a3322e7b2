"""Moods set up or retune the glow; the starter design is natural with a mood's glow."""

from __future__ import annotations

import pytest

from fusionsmile.core.design import Design, Layer, Mask
from fusionsmile.core.layers.compose import loop_period
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.moods import LOOP_LADDER_S, MOODS, apply_mood, hand_built_glows, mood_for
from fusionsmile.core.starter import natural_stack, starter_design


def glow_layers(design: Design) -> list[Layer]:
    return [layer for layer in design.layers if kind_for(layer.kind).group == "luminous"]


@pytest.mark.parametrize("name", sorted(MOODS))
def test_every_mood_sets_up_a_valid_glow(name: str) -> None:
    design = apply_mood(Design(layers=natural_stack()), name)
    mood = MOODS[name]
    (glow,) = glow_layers(design)
    params = resolved_params(glow)
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
    assert glow.params["palette"] == "luminous-bacteria"
    assert kind_for(glow.kind).period(resolved_params(glow)) in LOOP_LADDER_S
    assert hand_built_glows(design) == [glow]  # the user's: kept, said so


def test_a_mood_replaces_the_glow_another_mood_set_up() -> None:
    calm = apply_mood(starter_design("joy"), "calm")
    (glow,) = glow_layers(calm)
    assert glow.kind == "flowing-noise" and glow.name == "Calm glow"
    assert hand_built_glows(calm) == []


def test_a_glow_tuned_by_hand_is_kept_and_renamed_for_what_it_is() -> None:
    joy = starter_design("joy")
    tuned = joy.layers[-1].with_params(rate=resolved_params(joy.layers[-1])["rate"] * 2)
    calm = apply_mood(joy.model_copy(update={"layers": (*joy.layers[:-1], tuned)}), "calm")
    (glow,) = glow_layers(calm)
    assert glow.kind == "sparkle" and glow.name == "Calm sparkle"
    assert glow.params["palette"] == "luminous-bacteria"


def test_moods_pick_loops_that_divide_each_other() -> None:
    for earlier in MOODS:
        for later in MOODS:
            layers = (*natural_stack(), Layer(kind="bands"), Layer(kind=MOODS[earlier].pattern))
            design = apply_mood(Design(layers=layers), later, mode="retune")
            periods = [
                kind_for(layer.kind).period(resolved_params(layer)) for layer in glow_layers(design)
            ]
            assert loop_period(design) == max(periods), (earlier, later)


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
