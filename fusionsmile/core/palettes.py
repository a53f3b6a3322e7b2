"""Glow palettes: colours of real bioluminescent emitters, and custom gradients.

Each named palette is a few emission bands from `assets/emitters.json` (peak and width,
with sources). A band's colour is computed, not typed in: a Gaussian spectrum of unit
radiant power is integrated against the CIE 1931 2-degree observer (colour-science),
then converted to linear sRGB. Its luminance is relative to the same power at 555 nm,
so far red (705 nm) comes out at ~0.4% and looks as dim as it is. Colours outside the
sRGB gamut are desaturated towards the white point at the same luminance, which keeps
their dominant wavelength.

A custom gradient is a string of sRGB stops, "#001133 #22ccff #ffffff", evenly spaced.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.assets import asset_path
from fusionsmile.core.colour import hex_to_linear, linear_to_hex

F32 = NDArray[np.float32]
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_STOPS = 16


@dataclass(frozen=True)
class Band:
    """One emission band of an emitter."""

    peak_nm: float
    fwhm_nm: float
    width_source: str


@dataclass(frozen=True)
class Palette:
    """A named palette from a real emitter."""

    name: str
    label: str
    emitter: str
    source: str
    bands: tuple[Band, ...]

    def colours(self) -> F32:
        """(k, 3) linear RGB of the bands, luminance relative to 555 nm of equal power."""
        return np.array([band_colour(b.peak_nm, b.fwhm_nm) for b in self.bands], np.float32)

    def gradient(self) -> Gradient:
        return Gradient(self.colours())

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "emitter": self.emitter,
            "source": self.source,
            "bands": [
                {
                    "peak_nm": band.peak_nm,
                    "fwhm_nm": band.fwhm_nm,
                    "width_source": band.width_source,
                    "linear_rgb": [round(float(c), 5) for c in colour],
                    "srgb": linear_to_hex(colour),
                    "srgb_full_brightness": linear_to_hex(colour / max(float(colour.max()), 1e-9)),
                }
                for band, colour in zip(self.bands, self.colours(), strict=True)
            ],
        }


@dataclass(frozen=True, eq=False)
class Gradient:
    """Colour stops (k, 3) linear RGB, evenly spaced over [0, 1]."""

    stops: F32

    def sample(self, x: NDArray[np.floating]) -> F32:
        """(n,) positions in [0, 1] (clipped) -> (n, 3) linear RGB."""
        k = len(self.stops)
        if k == 1:
            return np.broadcast_to(self.stops[0], (len(x), 3)).astype(np.float32)
        position = np.clip(np.asarray(x, dtype=np.float32), 0.0, 1.0) * (k - 1)
        index = np.minimum(position.astype(np.int32), k - 2)
        frac = (position - index)[:, None]
        mixed: F32 = (self.stops[index] * (1 - frac) + self.stops[index + 1] * frac).astype(
            np.float32
        )
        return mixed

    def mean(self) -> F32:
        return self.stops.mean(axis=0).astype(np.float32)  # type: ignore[no-any-return]


@cache
def palettes() -> dict[str, Palette]:
    """Every named palette, by name, in the order of emitters.json."""
    with open(asset_path("emitters.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    out = {}
    for entry in data["palettes"]:
        bands = tuple(Band(b["peak_nm"], b["fwhm_nm"], b["width_source"]) for b in entry["bands"])
        out[entry["name"]] = Palette(
            entry["name"], entry["label"], entry["emitter"], entry["source"], bands
        )
    return out


def palette_for(value: str) -> Gradient:
    """A palette name or a custom gradient string -> Gradient; ValueError naming the
    problem otherwise (checked without computing any colour)."""
    value = value.strip()
    named = palettes()
    if value in named:
        return _named_gradient(value)
    stops = value.split()
    if not stops or not all(_HEX.match(stop) for stop in stops):
        raise ValueError(
            f"{value[:40]!r} is neither a palette ({', '.join(named)}) "
            "nor a gradient of #rrggbb colours separated by spaces"
        )
    if len(stops) > MAX_STOPS:
        raise ValueError(f"a gradient has at most {MAX_STOPS} colours, not {len(stops)}")
    return Gradient(np.array([hex_to_linear(stop) for stop in stops], dtype=np.float32))


def check_palette(value: str) -> None:
    """Raise ValueError if value is not a palette name or a valid custom gradient."""
    if value.strip() not in palettes():
        palette_for(value)


@cache
def _named_gradient(name: str) -> Gradient:
    return palettes()[name].gradient()


@cache
def _observer() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Wavelengths (nm), CIE 1931 2-degree colour matching functions, XYZ->sRGB matrix."""
    with warnings.catch_warnings():
        # colour-science warns on import that matplotlib (plotting) is absent.
        warnings.simplefilter("ignore")
        import colour

    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    matrix = np.asarray(colour.RGB_COLOURSPACES["sRGB"].matrix_XYZ_to_RGB, dtype=np.float64)
    return np.asarray(cmfs.wavelengths), np.asarray(cmfs.values), matrix


@cache
def band_colour(peak_nm: float, fwhm_nm: float) -> tuple[float, float, float]:
    """Linear sRGB of a Gaussian emission band of unit radiant power.

    Y is relative to a monochromatic 555 nm source of the same power (Y = 1.0).
    """
    wavelengths, cmfs, to_rgb = _observer()
    sigma = fwhm_nm / (2 * np.sqrt(2 * np.log(2)))
    spectrum = np.exp(-0.5 * ((wavelengths - peak_nm) / sigma) ** 2)
    spectrum /= spectrum.sum()
    xyz = spectrum @ cmfs / cmfs[wavelengths == 555][0, 1]
    rgb = to_rgb @ xyz
    luminance = xyz[1]
    if rgb.min() < 0:
        # Desaturate towards the (D65) white of the same luminance until in gamut.
        white = np.full(3, luminance)
        t = rgb.min() / (rgb.min() - luminance)
        rgb = rgb + t * (white - rgb)
    r, g, b = (max(float(c), 0.0) for c in rgb)
    return (r, g, b)
