"""The glow curve in the core, without Qt: what the Analysis panel draws, any tool can
compute."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry, Layer
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.glow_curve import UNLOOPED_SECONDS, every_nth_sample, glow_curve
from fusionsmile.core.layers.registry import kind_for


@pytest.fixture(scope="module")
def attributes():
    return every_nth_sample(build(Geometry(resolution="preview")).merged()[1], 20)


def test_an_animated_glow_varies_over_one_loop(attributes) -> None:
    layer = Layer(kind="sparkle")
    kind = kind_for(layer.kind)
    curve = glow_curve(layer, attributes)
    assert curve.times[-1] == pytest.approx(kind.period(kind.resolve(layer.params)))
    assert np.ptp(curve.luminance) > 0 and curve.colour and curve.colour.startswith("#")


def test_a_natural_layer_has_a_note_not_a_curve(attributes) -> None:
    curve = glow_curve(Layer(kind="enamel-shade"), attributes)
    assert len(curve.times) == 0 and "do not glow" in curve.note
    assert UNLOOPED_SECONDS > 0
