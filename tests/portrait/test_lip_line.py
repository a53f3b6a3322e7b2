"""Issue 13: where the person's lip hides her gums, the designed smile shows none either.

On the sample portrait her upper lip covers her gums down to her teeth. Drawn with the
occlusal plane level and the incisal edge just above the lower lip, the designed smile
showed a pink band over the canines and premolars and papilla tips between the crowns.
"""

from __future__ import annotations

import numpy as np

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.starter import starter_design
from fusionsmile.export.colour import srgb_bytes_to_linear
from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.portrait.fit import auto_fit, gum_below_lip_mm
from fusionsmile.portrait.match import _polygon_mask
from fusionsmile.portrait.portrait_image import render_portrait


def _gum_pixels(pixels: np.ndarray, face: PhotoFace) -> int:
    """Bright pink pixels inside the inner-lip contour: gums (and the lip's own edge)."""
    mouth = _polygon_mask(pixels.shape, [face.frame.inner_lip])
    linear = srgb_bytes_to_linear(pixels[mouth])
    green_to_red = linear[:, 1] / np.maximum(linear[:, 0], 1e-6)
    bright = linear @ np.array([0.2126, 0.7152, 0.0722]) > 0.08
    return int(((green_to_red < 0.5) & bright).sum())


def test_the_automatic_fit_puts_the_gums_behind_the_upper_lip(
    astronaut_face: PhotoFace, natural_dentition: Dentition
) -> None:
    fit = auto_fit(astronaut_face.frame, astronaut_face.photo.size, natural_dentition)
    # Before: 5.3 mm of gum below the lip (papillae and the band over the premolars).
    # The measure counts the gum tucked behind the crowns' edges too, and the composite's
    # lip overlap hides a millimetre: 1.5 mm leaves no gum to see.
    gum = gum_below_lip_mm(astronaut_face.frame, fit, astronaut_face.photo.size, natural_dentition)
    assert gum < 1.6


def test_no_more_gum_shows_in_the_composite_than_in_her_photo(
    astronaut_face: PhotoFace, natural_dentition: Dentition
) -> None:
    design = starter_design(fusion=0.0)
    composite = render_portrait(astronaut_face, design, natural_dentition, "day").pixels
    own = _gum_pixels(astronaut_face.photo.pixels, astronaut_face)
    # Before: 466 pink pixels against her 351 (the lip's edge counts in both).
    assert _gum_pixels(composite, astronaut_face) <= own
