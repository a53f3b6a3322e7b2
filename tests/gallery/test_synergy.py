"""Remix and blend: new designs that remember their parents."""

from __future__ import annotations

import pytest
from gallery_fixtures import preset

from fusionsmile.core.design import Design
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.gallery import blend, design_id, remix
from fusionsmile.gallery.synergy import blend_geometry, blend_layers

A_ID, B_ID = "a" * 64, "b" * 64


@pytest.fixture(scope="module")
def a() -> Design:
    return preset("authentic-gap")  # gaps, worn and missing teeth, sparkle


@pytest.fixture(scope="module")
def b() -> Design:
    return preset("showcase")  # gradient, pulse and sparkle


def test_remix_has_its_source_as_parent(a: Design) -> None:
    mixed = remix(a, A_ID, title="My gap", author="Me")
    assert mixed.meta.parents == (A_ID,)
    assert (mixed.meta.title, mixed.meta.author) == ("My gap", "Me")
    assert mixed.meta.created is not None
    assert mixed.geometry == a.geometry and mixed.layers == a.layers
    assert design_id(mixed) != design_id(a)
    assert remix(a, A_ID).meta.title == f"Remix of {a.meta.title}"


def test_numeric_geometry_is_interpolated(a: Design, b: Design) -> None:
    g = blend(a, b, 0.25, A_ID, B_ID).geometry
    for name in ("diastema_mm", "spacing_mm", "asymmetry", "smile_arc_mm", "tooth_size"):
        expected = getattr(a.geometry, name) * 0.75 + getattr(b.geometry, name) * 0.25
        assert getattr(g, name) == pytest.approx(expected), name
    width = a.geometry.upper_arch.width_mm * 0.75 + b.geometry.upper_arch.width_mm * 0.25
    assert g.upper_arch.width_mm == pytest.approx(width)
    assert g.seed == a.geometry.seed and g.arch_form == a.geometry.arch_form


def test_per_tooth_overrides_are_merged(a: Design, b: Design) -> None:
    b = b.model_copy(update={"geometry": b.geometry.with_tooth(16, scale=1.2)})
    g = blend_geometry(a.geometry, b.geometry, 0.4)
    assert set(g.teeth) == set(a.geometry.teeth) | {"16"}
    assert g.override(16).scale == pytest.approx(1.0 * 0.6 + 1.2 * 0.4)
    for key, tooth in a.geometry.teeth.items():
        expected = tooth.wear_mm * 0.6
        assert g.teeth[key].wear_mm == pytest.approx(expected)
        assert g.teeth[key].missing == tooth.missing  # switches at the halfway point
    late = blend_geometry(a.geometry, b.geometry, 0.6)
    assert not any(tooth.missing for tooth in late.teeth.values())


def test_blend_at_zero_is_a_and_at_one_is_b(a: Design, b: Design) -> None:
    start = blend(a, b, 0.0, A_ID, B_ID)
    assert start.geometry == a.geometry
    assert start.layers == a.layers and start.fusion == a.fusion
    end = blend(a, b, 1.0, A_ID, B_ID)
    assert end.geometry == b.geometry and end.layers == b.layers


def test_layer_stacks_cross_fade(a: Design, b: Design) -> None:
    t = 0.3
    layers = blend_layers(a.layers, b.layers, t)
    kinds_a = [layer.kind for layer in a.layers]
    kinds_b = [layer.kind for layer in b.layers]
    by_kind = {layer.kind: layer for layer in layers}
    # Shared kinds: one layer, parameters interpolated.
    sa = resolved_params(next(layer for layer in a.layers if layer.kind == "sparkle"))
    sb = resolved_params(next(layer for layer in b.layers if layer.kind == "sparkle"))
    mixed = resolved_params(by_kind["sparkle"])
    numeric = [k for k, v in sa.items() if isinstance(v, float) and sa[k] != sb[k]]
    assert numeric
    for name in numeric:
        assert mixed[name] == pytest.approx(sa[name] * (1 - t) + sb[name] * t), name
    assert mixed["palette"] == sa["palette"]  # choices from the nearer design
    # Kinds only one design has: faded by opacity.
    only_a = next(layer for layer in a.layers if layer.kind not in kinds_b)
    only_b = next(layer for layer in b.layers if layer.kind not in kinds_a)
    assert by_kind[only_a.kind].opacity == pytest.approx(only_a.opacity * (1 - t))
    assert by_kind[only_b.kind].opacity == pytest.approx(only_b.opacity * t)
    assert len(layers) == len(set(kinds_a) | set(kinds_b))


def test_blend_has_both_parents_and_is_valid(a: Design, b: Design) -> None:
    mixed = blend(a, b, 0.5, A_ID, B_ID)
    assert mixed.meta.parents == (A_ID, B_ID)
    assert "blend" in mixed.meta.tags
    assert Design.model_validate(mixed.model_dump()) == mixed
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend(a, b, 1.5, A_ID, B_ID)
