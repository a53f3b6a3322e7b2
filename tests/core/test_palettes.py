"""Glow palettes: colours computed from the emitters' spectra, and custom gradients."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from fusionsmile.core.palettes import band_colour, palette_for, palettes

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science warns that matplotlib is absent
    import colour

D65 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D65"]
BANDS = [(name, band) for name, p in palettes().items() for band in p.bands]


def dominant_wavelength(linear_rgb: tuple[float, float, float]) -> float:
    xyz = colour.RGB_to_XYZ(np.asarray(linear_rgb), "sRGB", apply_cctf_decoding=False)
    return float(colour.dominant_wavelength(colour.XYZ_to_xy(xyz), D65)[0])


def luminance(linear_rgb: tuple[float, float, float]) -> float:
    r, g, b = linear_rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_issue_s_emitters_are_all_there() -> None:
    expected = {"firefly", "gfp-jellyfish", "aequorin", "dinoflagellate", "ostracod",
                "foxfire", "luminous-bacteria", "railroad-worm", "dragonfish",
                "tooth-fluorescence"}  # fmt: skip
    assert expected <= set(palettes())
    for palette in palettes().values():
        assert palette.source and palette.emitter and palette.bands


@pytest.mark.parametrize(("name", "band"), BANDS, ids=[f"{n}-{b.peak_nm}" for n, b in BANDS])
def test_colour_of_the_peak_has_the_peak_s_dominant_wavelength(name: str, band) -> None:
    # The hue of the peak itself (a narrow band) is within a few nm of the source peak.
    # Beyond ~690 nm the spectral locus folds onto one chromaticity, so the dominant
    # wavelength of far red is only defined to within ~10 nm.
    tolerance = 3.0 if band.peak_nm < 690 else 10.0
    assert dominant_wavelength(band_colour(band.peak_nm, 2.0)) == pytest.approx(
        band.peak_nm, abs=tolerance
    )


@pytest.mark.parametrize(("name", "band"), BANDS, ids=[f"{n}-{b.peak_nm}" for n, b in BANDS])
def test_broad_bands_stay_within_their_width_of_the_peak(name: str, band) -> None:
    # A band of real width is seen through the eye's colour matching functions, which
    # weigh its flanks unevenly: far red (705 nm, 60 nm wide) looks like ~655 nm red,
    # because its short-wavelength flank is far brighter to the eye. The shift stays
    # within the band's width, and the bands of the blue-green emitters within 15 nm.
    seen = dominant_wavelength(band_colour(band.peak_nm, band.fwhm_nm))
    assert abs(seen - band.peak_nm) <= band.fwhm_nm, (band.peak_nm, seen)
    if 460 <= band.peak_nm <= 600:
        assert abs(seen - band.peak_nm) <= 15.0, (band.peak_nm, seen)


def test_colours_are_dim_where_the_eye_is_insensitive() -> None:
    green = luminance(band_colour(555, 40))
    assert luminance(band_colour(705, 40)) < 0.02 * green  # far red: ~0.4%
    assert luminance(band_colour(470, 40)) < 0.25 * green
    assert green == pytest.approx(1.0, abs=0.1)  # relative to 555 nm of the same power


def test_custom_gradients_and_sampling() -> None:
    gradient = palette_for("#000000 #ffffff")
    np.testing.assert_allclose(gradient.sample(np.array([0.0, 1.0, 2.0])),
                               [[0, 0, 0], [1, 1, 1], [1, 1, 1]], atol=1e-6)  # fmt: skip
    middle = gradient.sample(np.array([0.5]))[0]
    np.testing.assert_allclose(middle, 0.5, atol=1e-6)  # interpolated in linear light
    assert len(palette_for("firefly").stops) == 3


@pytest.mark.parametrize("bad", ["", "fire fly", "#12345", "#gggggg", "#ffffff " * 17])
def test_bad_palettes_are_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(ValueError, match=r"palette|gradient|colours"):
        palette_for(bad)
