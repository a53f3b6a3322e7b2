"""The bloom's blur: a Gaussian read in bilinear pairs is still that Gaussian."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.render.bloom import bilinear_taps, gaussian_weights


def kernel_of_taps(offsets: np.ndarray, weights: np.ndarray, radius: int) -> np.ndarray:
    """(radius + 1,) one-sided texel weights that the bilinear taps add up to."""
    kernel = np.zeros(radius + 2)
    kernel[0] = weights[0]
    for offset, weight in zip(offsets[1:], weights[1:], strict=True):
        texel = int(np.floor(offset))
        fraction = offset - texel
        kernel[texel] += weight * (1 - fraction)
        kernel[texel + 1] += weight * fraction
    return kernel[: radius + 1]


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.5, 3.7, 5.33, 40.0])
def test_bilinear_taps_spread_back_into_the_gaussian(sigma):
    exact = gaussian_weights(sigma)
    offsets, weights = bilinear_taps(sigma)
    assert len(weights) == len(exact) // 2 + 1  # about half the reads
    np.testing.assert_allclose(kernel_of_taps(offsets, weights, len(exact) - 1), exact, atol=1e-6)
    assert weights[0] + 2 * weights[1:].sum() == pytest.approx(1.0, abs=1e-5)


def test_the_blur_of_a_point_is_the_gaussian(renderer):
    """On the GPU: one bright texel blurred horizontally spreads as the exact kernel."""
    bloom = renderer.bloom
    bloom.resize((1280, 720))
    level = bloom.levels[0]
    w, h = level.size
    image = np.zeros((h, w, 3), np.float32)
    image[h // 2, w // 2] = 1.0
    level.textures[0].write(image.astype(np.float16).tobytes())
    sigma = 2.5
    bloom._blur(level, sigma, horizontal=True)
    out = np.frombuffer(level.textures[1].read(), np.float16).reshape(h, w, 3)
    row = out[h // 2, :, 0].astype(np.float64)
    exact = gaussian_weights(sigma)
    radius = len(exact) - 1
    expected = np.concatenate([exact[:0:-1], exact])
    got = row[w // 2 - radius : w // 2 + radius + 1]
    np.testing.assert_allclose(got, expected, atol=2e-3)
    assert row.sum() == pytest.approx(1.0, abs=5e-3)
    assert np.abs(out[h // 2 + 1]).max() == 0  # horizontal only
