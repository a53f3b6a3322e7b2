"""The layer framework: blend modes, masks, parameter checks, fusion and caching."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from fusionsmile.core.design import Design, Layer, Mask, NoiseMask
from fusionsmile.core.design_io import design_from_object, dump_design
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.layers.blend import BLEND_MODES, blend
from fusionsmile.core.layers.compose import ComposeCache, base_channels, compose, loop_period
from fusionsmile.core.layers.mask import mask_weight
from fusionsmile.core.layers.validate import resolved_params, validate_design, validate_layer

GLOW = {"palette": "foxfire", "intensity": 3.0}


def f32(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


# -- blend modes against hand-computed values ----------------------------------------------

BASE, TOP = f32(0.2, 0.5, 0.8), f32(0.6, 0.5, 0.3)
EXPECTED = {
    "normal": (0.6, 0.5, 0.3),
    "multiply": (0.12, 0.25, 0.24),
    "screen": (0.68, 0.75, 0.86),  # 1 - (1 - a)(1 - b)
    "add": (0.8, 1.0, 1.1),
    # overlay: base <= 0.5 -> 2ab, else 1 - 2(1 - a)(1 - b)
    "overlay": (0.24, 0.5, 0.72),
    # soft light (W3C): b <= 0.5 -> a - (1 - 2b) a (1 - a); else a + (2b - 1)(D(a) - a)
    # with D(a) = ((16a - 12)a + 4)a for a <= 0.25 (0.448 at 0.2), sqrt(a) above
    "soft-light": (0.2 + 0.2 * (0.448 - 0.2), 0.5, 0.8 - 0.4 * 0.8 * 0.2),
}


@pytest.mark.parametrize("mode", BLEND_MODES)
def test_blend_modes_match_hand_computed_values(mode: str) -> None:
    out = blend(mode, BASE, TOP, None)
    np.testing.assert_allclose(out, EXPECTED[mode], atol=1e-6)


def test_blend_weight_mixes_between_base_and_result() -> None:
    weight = f32(0.0, 0.5, 1.0)
    out = blend("multiply", np.tile(BASE, (3, 1)), np.tile(TOP, (3, 1)), weight)
    np.testing.assert_allclose(out[0], BASE)
    np.testing.assert_allclose(out[2], BASE * TOP, atol=1e-6)
    np.testing.assert_allclose(out[1], (BASE + BASE * TOP) / 2, atol=1e-6)


def test_hdr_screen_keeps_emission_above_one() -> None:
    base, top = f32(4.0), f32(1.0)
    out = blend("screen", base, top, None, hdr=True)
    assert out[0] > 4.0  # screen never darkens, even beyond 1


# -- masks ---------------------------------------------------------------------------------


def test_mask_selects_teeth_quadrants_types_and_regions(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    tooth, region = attributes.tooth, attributes.region
    assert mask_weight(Mask(), attributes) is None
    centrals = mask_weight(Mask(teeth=(11, 21)), attributes)
    assert centrals is not None
    assert set(np.unique(tooth[centrals > 0])) <= {11, 21}
    upper = mask_weight(Mask(quadrants=(1, 2)), attributes)
    assert set(np.unique(tooth[upper > 0] // 10)) <= {1, 2}
    canines = mask_weight(Mask(tooth_types=("canine",)), attributes)
    assert set(np.unique(tooth[canines > 0] % 10)) == {3}
    gums = mask_weight(Mask(regions=("gums",)), attributes)
    assert np.all(gums[region != Region.GINGIVA] == 0) and gums[region == Region.GINGIVA].min() == 1
    incisal = mask_weight(Mask(regions=("incisal",)), attributes)
    assert incisal[(attributes.v < 0.6)].max() == 0 and incisal[attributes.v > 0.72].min() > 0.99
    assert incisal[region == Region.GINGIVA].max() == 0


def test_mask_arch_range_noise_and_invert(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    left = mask_weight(Mask(arch_range=(0.1, 1.0)), attributes)
    assert left[attributes.s < 0.05].max() == 0 and left[attributes.s > 0.15].min() == 1
    inverted = mask_weight(Mask(arch_range=(0.1, 1.0), invert=True), attributes)
    np.testing.assert_allclose(left + inverted, 1.0)
    patches = mask_weight(Mask(noise=NoiseMask(scale_mm=2.0, seed=4)), attributes)
    assert 0.2 < patches.mean() < 0.8  # threshold 0 keeps about half
    again = mask_weight(Mask(noise=NoiseMask(scale_mm=2.0, seed=4)), attributes)
    np.testing.assert_array_equal(patches, again)


def test_mask_rejects_bad_values() -> None:
    with pytest.raises(ValidationError, match="19 is not an FDI"):
        Mask(teeth=(19,))
    with pytest.raises(ValidationError, match="arch_range"):
        Mask(arch_range=(0.5, -0.5))


# -- parameters ------------------------------------------------------------------------------


def test_layer_params_are_checked_against_declarations() -> None:
    with pytest.raises(ValidationError, match="intensity: 99 is above the maximum 20"):
        validate_layer(Layer(kind="solid-glow", params={"intensity": 99}))
    with pytest.raises(ValidationError, match="wobble: unknown parameter"):
        validate_layer(Layer(kind="solid-glow", params={"wobble": 1}))
    with pytest.raises(ValidationError, match="unknown layer kind 'lava'"):
        validate_layer(Layer(kind="lava"))
    with pytest.raises(ValidationError, match="palette"):
        validate_layer(Layer(kind="solid-glow", params={"palette": "#12345"}))
    layer = validate_layer(Layer(kind="solid-glow", params={"palette": "#001133 #22ccff #ffffff"}))
    assert resolved_params(layer)["intensity"] == 2.0  # default filled in


def test_a_design_with_a_bad_layer_is_refused_at_that_layer() -> None:
    good, bad = Layer(kind="solid-glow"), Layer(kind="solid-glow", params={"intensity": -1})
    assert validate_design(Design(layers=(good,))) == Design(layers=(good,))
    with pytest.raises(ValidationError) as caught:
        validate_design(Design(layers=(good, bad, Layer(kind="lava"))))
    assert [problem["loc"] for problem in caught.value.errors()] == [("layers", 1), ("layers", 2)]


def test_bad_layer_in_a_file_names_its_path() -> None:
    from fusionsmile.core.design_io import DesignError

    raw = dump_design(Design(layers=(Layer(kind="solid-glow"),)))
    raw["layers"][0]["params"] = {"intensity": -1}
    with pytest.raises(DesignError) as caught:
        design_from_object(raw, "bad.json")
    assert "layers.0" in caught.value.problems[0] and "intensity" in caught.value.problems[0]


def test_version_1_designs_are_migrated() -> None:
    raw = dump_design(Design())
    raw["version"] = 1
    raw["layers"] = [{"kind": "solid-glow", "name": "", "enabled": True, "opacity": 0.5,
                      "params": {"intensity": 1.0}}]  # fmt: skip
    design = design_from_object(raw)
    assert design.layers[0].blend == "normal" and design.layers[0].mask == Mask()
    assert design.layers[0].opacity == 0.5


# -- compositing and fusion ------------------------------------------------------------------


def glowing(fusion: float, mask: Mask | None = None, opacity: float = 1.0) -> Design:
    layer = Layer(kind="solid-glow", params=GLOW, mask=mask or Mask(), opacity=opacity)
    return Design(layers=(layer,), fusion=fusion)


def test_fusion_zero_has_no_emission_and_one_has_full(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    dark = compose(glowing(0.0), attributes)
    assert not dark.emission.any()
    full = compose(glowing(1.0), attributes)
    half = compose(glowing(0.5), attributes)
    enamel = attributes.region == Region.ENAMEL
    assert full.emission[enamel].sum(axis=1).min() > 0
    np.testing.assert_allclose(half.emission, 0.5 * full.emission, rtol=1e-5, atol=1e-6)


def test_masked_out_teeth_are_unchanged(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    design = glowing(1.0, Mask(teeth=(11,)))
    channels = compose(design, attributes)
    base = base_channels(attributes)
    outside = attributes.tooth != 11
    assert not channels.emission[outside].any()
    np.testing.assert_array_equal(channels.albedo[outside], base.albedo[outside])
    selected = (attributes.tooth == 11) & (attributes.region == Region.ENAMEL)
    assert channels.emission[selected].sum(axis=1).min() > 0


def test_opacity_scales_a_layer(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    full = compose(glowing(1.0), attributes)
    quarter = compose(glowing(1.0, opacity=0.25), attributes)
    np.testing.assert_allclose(quarter.emission, 0.25 * full.emission, rtol=1e-5, atol=1e-6)


def test_disabled_layers_do_nothing(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    layer = Layer(kind="solid-glow", params=GLOW, enabled=False)
    assert not compose(Design(layers=(layer,), fusion=1.0), attributes).emission.any()


def test_cache_gives_the_same_result_as_fresh_evaluation(dentition: Dentition) -> None:
    _, attributes = dentition.merged()
    cache = ComposeCache()
    design = glowing(0.7, Mask(quadrants=(2,)))
    first = compose(design, attributes, cache=cache)
    second = compose(design, attributes, cache=cache)
    fresh = compose(design, attributes, cache=None)
    for name, value in fresh.as_dict().items():
        np.testing.assert_array_equal(getattr(first, name), value)
        np.testing.assert_array_equal(getattr(second, name), value)
    # An edit is a new design: the cached result of the old one must not leak into it.
    edited = compose(glowing(0.7, Mask(quadrants=(3,))), attributes, cache=cache)
    assert not np.array_equal(edited.emission, first.emission)


def test_loop_period_of_a_still_design_is_zero() -> None:
    assert loop_period(glowing(1.0)) == 0.0


def test_what_moves_at_fusion_0_neither_animates_nor_loops() -> None:
    """is_animated and loop_period agree: a luminous layer that fusion 0 hides does not
    animate the design, and does not set its loop (it used to: a still natural smile
    reported the glow's period)."""
    from fusionsmile.core.layers.compose import is_animated

    pulsing = Layer(kind="arch-pulse", params={"period_s": 3.0})
    natural = Design(layers=(pulsing,), fusion=0.0)
    assert not is_animated(natural)
    assert loop_period(natural) == 0.0
    luminous = natural.model_copy(update={"fusion": 0.5})
    assert is_animated(luminous)
    assert loop_period(luminous) == pytest.approx(3.0)
