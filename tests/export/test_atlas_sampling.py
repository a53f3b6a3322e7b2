"""The atlas sampling of a mouth is made once per mouth and size, read-only, and a bake
from a kept sampling is the bake from a fresh one."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from glowing_design import GLOW

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.layers.registry import all_kinds
from fusionsmile.export.atlas import bake
from fusionsmile.export.atlas.bake import atlas_sampling, bake_atlas, forget_sampling

SIZE = 256


@pytest.fixture(autouse=True)
def fresh() -> None:
    forget_sampling()


def test_the_sampling_is_kept_per_mouth_and_size(mouth: Dentition, dentition: Dentition) -> None:
    first = atlas_sampling(mouth, SIZE)
    assert atlas_sampling(mouth, SIZE) is first
    assert atlas_sampling(mouth, SIZE // 2) is not first
    assert atlas_sampling(dentition, SIZE) is not first
    assert atlas_sampling(mouth, SIZE) is not first  # only the last one is kept


def test_a_kept_sampling_dies_with_its_mouth(dentition: Dentition) -> None:
    copy = Dentition(dentition.parts, dentition.placements, dentition.arch_fit)
    atlas_sampling(copy, SIZE)
    assert len(bake._kept) == 1
    del copy
    gc.collect()
    assert len(bake._kept) == 0


def test_large_sizes_are_not_kept(dentition: Dentition, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bake, "KEEP_SIZE", SIZE // 2)
    assert atlas_sampling(dentition, SIZE) is not atlas_sampling(dentition, SIZE)


def test_a_bake_from_the_kept_sampling_is_a_fresh_bake(mouth: Dentition) -> None:
    _, fresh_textures = bake_atlas(GLOW, mouth, SIZE)
    _, kept_textures = bake_atlas(GLOW, mouth, SIZE)
    forget_sampling()
    _, again = bake_atlas(GLOW, mouth, SIZE)
    for name in ("albedo", "alpha", "emission", "roughness"):
        np.testing.assert_array_equal(getattr(kept_textures, name), getattr(fresh_textures, name))
        np.testing.assert_array_equal(getattr(again, name), getattr(fresh_textures, name))


def test_the_sampling_is_read_only_and_every_layer_composes_over_it(mouth: Dentition) -> None:
    sampling = atlas_sampling(mouth, SIZE)
    attributes = sampling.samples.attributes
    with pytest.raises(ValueError):
        attributes.position[0, 0] = 1.0
    with pytest.raises(ValueError):
        sampling.layout.parts[0].uv[0, 0] = 0.5
    before = {name: array.copy() for name, array in vars(attributes).items()}
    for kind in all_kinds().values():
        channels = compose(Design(layers=(Layer(kind=kind.name),)), attributes, 0.5, cache=None)
        assert len(channels) == len(attributes.u)
    for name, array in vars(attributes).items():
        np.testing.assert_array_equal(array, before[name])
