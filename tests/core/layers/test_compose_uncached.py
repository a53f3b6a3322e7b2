"""An uncached compose (a bake) evaluates layers on worker threads: it must give what
the cached, one-layer-at-a-time compose gives, bit for bit, and pass errors on."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from fusionsmile.core.design import Design, Geometry, Layer, Mask
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers import compose as compose_module
from fusionsmile.core.layers.blend import blend
from fusionsmile.core.layers.compose import ComposeCache, compose
from fusionsmile.core.layers.registry import LayerError, all_kinds


@pytest.fixture(scope="module")
def preview() -> SurfaceAttributes:
    return build(Geometry(resolution="preview")).merged()[1]


def every_kind(fusion: float) -> Design:
    kinds = sorted(all_kinds().values(), key=lambda kind: (kind.group != "natural", kind.name))
    layers = [Layer(kind=kind.name) for kind in kinds]
    layers[-1] = layers[-1].model_copy(update={"opacity": 0.6, "blend": "screen"})
    layers[-2] = layers[-2].model_copy(update={"mask": Mask(teeth=(11, 21))})
    return Design(layers=tuple(layers), fusion=fusion)


@pytest.mark.parametrize("fusion", [0.0, 0.55, 1.0])
def test_uncached_compose_matches_the_cached_one(preview: SurfaceAttributes, fusion: float):
    design = every_kind(fusion)
    for t in (0.0, 1.3):
        cached = compose(design, preview, t, cache=ComposeCache())
        uncached = compose(design, preview, t, cache=None)
        for name, array in cached.as_dict().items():
            np.testing.assert_array_equal(getattr(uncached, name), array, err_msg=name)


@pytest.mark.parametrize("budget", [1, 3 * 15884])
def test_fewer_or_no_outputs_ahead_on_many_samples_give_the_same_channels(
    preview: SurfaceAttributes, budget: int, monkeypatch: pytest.MonkeyPatch
):
    design = every_kind(0.7)
    expected = compose(design, preview, 0.4, cache=None)
    monkeypatch.setattr(compose_module, "_AHEAD_SAMPLES", budget)
    again = compose(design, preview, 0.4, cache=None)
    for name, array in expected.as_dict().items():
        np.testing.assert_array_equal(getattr(again, name), array, err_msg=name)


def test_uncached_compose_passes_a_layer_error_on(preview: SurfaceAttributes):
    layers = (*every_kind(1.0).layers[:3], Layer(kind="decal", params={"image": "no-such.png"}))
    with pytest.raises(LayerError):
        compose(Design(layers=layers, fusion=1.0), preview, 0.0, cache=None)
    workers = [thread for thread in threading.enumerate() if thread.name.startswith("compose")]
    assert not workers  # none left running


def test_a_weighted_blend_is_a_new_array_the_caller_may_change():
    base = np.full((4, 3), 0.25, np.float32)
    layer = np.full((4, 3), 0.75, np.float32)
    weight = np.array([0.0, 0.5, 1.0, 1.0], np.float32)
    for mode in ("normal", "screen"):
        out = blend(mode, base, layer, weight, hdr=True)
        assert out is not base and out is not layer
        assert not np.shares_memory(out, base) and not np.shares_memory(out, layer)
    assert compose_module._AHEAD >= 1 and compose_module._WORKERS >= 1
