"""The sRGB transfer function and luminance weights, written once (core.colour)."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.colour import (
    REC709_LUMINANCE,
    bytes_to_linear,
    hex_to_linear,
    linear_to_hex,
    linear_to_srgb,
    srgb_to_linear,
)
from fusionsmile.export.colour import linear_to_srgb_bytes, srgb_bytes_to_linear


def test_known_values_of_the_srgb_curve() -> None:
    # IEC 61966-2-1: mid-grey 0.5 encoded is 0.2140 linear; the linear toe below 0.04045.
    assert srgb_to_linear(0.5) == pytest.approx(0.214041, abs=1e-6)
    assert srgb_to_linear(0.02) == pytest.approx(0.02 / 12.92)
    assert linear_to_srgb(0.214041) == pytest.approx(0.5, abs=1e-6)
    assert linear_to_srgb(2.0) == pytest.approx(1.0) and linear_to_srgb(-1.0) == 0.0


def test_every_byte_survives_a_round_trip_through_linear() -> None:
    levels = np.arange(256)
    assert np.array_equal(np.round(linear_to_srgb(srgb_to_linear(levels / 255)) * 255), levels)
    for level in (0, 1, 10, 128, 200, 255):
        text = f"#{level:02x}{255 - level:02x}{level // 2:02x}"
        assert linear_to_hex(hex_to_linear(text)) == text
        assert bytes_to_linear((level, level, level)) == pytest.approx(
            (float(srgb_to_linear(level / 255)),) * 3
        )


def test_the_file_encoders_agree_with_the_curve() -> None:
    levels = np.arange(256, dtype=np.uint8)
    assert np.allclose(srgb_bytes_to_linear(levels), srgb_to_linear(levels / 255), atol=1e-7)
    assert np.array_equal(linear_to_srgb_bytes(srgb_to_linear(levels / 255)), levels)


def test_luminance_weights_sum_to_one() -> None:
    assert float(REC709_LUMINANCE.sum()) == pytest.approx(1.0, abs=1e-6)
    assert not REC709_LUMINANCE.flags.writeable
