"""The one smoothstep the layers and masks shape their edges with."""

from __future__ import annotations

import numpy as np

from fusionsmile.core.layers.ramps import smoothstep


def test_smoothstep_is_the_cubic_between_its_edges() -> None:
    x = np.linspace(-1.0, 2.0, 31, dtype=np.float32)
    t = np.clip(x, 0.0, 1.0)
    out = smoothstep(0.0, 1.0, x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, t * t * (3 - 2 * t), atol=1e-7)
    assert smoothstep(0.2, 0.6, np.float32(0.4)) == np.float32(0.5)


def test_any_float_input_is_taken_as_float32() -> None:
    x = np.linspace(0.0, 1.0, 11)  # float64
    np.testing.assert_array_equal(
        smoothstep(0.1, 0.9, x), smoothstep(0.1, 0.9, x.astype(np.float32))
    )
    assert smoothstep(0.0, 1.0, 2.0).dtype == np.float32


def test_equal_edges_make_a_step() -> None:
    x = np.array([-0.1, 0.0, 0.1], dtype=np.float32)
    np.testing.assert_array_equal(smoothstep(0.0, 0.0, x), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(smoothstep(0.5, 0.2, x), [0.0, 0.0, 0.0])
