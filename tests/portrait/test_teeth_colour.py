"""Issue 13: the designed teeth in her own shade have her teeth's colour in the portrait.

Measured like with like: the brighter half of the tooth-coloured pixels inside the lips,
in her photo and in the composite.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.shades import linear_to_lab
from fusionsmile.core.starter import starter_design
from fusionsmile.export.colour import srgb_bytes_to_linear
from fusionsmile.portrait.analysis import PhotoFace, fit_of
from fusionsmile.portrait.fit import anchor_mm, placement, project
from fusionsmile.portrait.match import TEETH_GREEN_TO_RED, _polygon_mask
from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade
from fusionsmile.portrait.portrait_image import render_portrait


def bright_teeth_lab(pixels: NDArray[np.uint8], face: PhotoFace) -> NDArray[np.float64]:
    """(3,) mean L*a*b* of the brighter half of the teeth's pixels inside the lips."""
    mouth = ndimage.binary_erosion(
        _polygon_mask(pixels.shape, [face.frame.inner_lip]), iterations=2
    )
    linear = srgb_bytes_to_linear(pixels)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    green_to_red = linear[..., 1] / np.maximum(linear[..., 0], 1e-6)
    teeth = mouth & (luminance > 0.3 * face.look.white_level) & (green_to_red > TEETH_GREEN_TO_RED)
    bright = teeth & (luminance >= np.quantile(luminance[teeth], 0.5))
    return np.asarray(linear_to_lab(linear[bright]).mean(axis=0))


def test_new_teeth_in_her_shade_are_no_pinker_than_hers(
    astronaut_face: PhotoFace, natural_dentition: Dentition
) -> None:
    measured = own_shade(astronaut_face.look)
    assert measured is not None
    design = with_enamel_shade(starter_design(fusion=0.0), measured.name)
    composite = render_portrait(astronaut_face, design, natural_dentition, "day").pixels
    hers = bright_teeth_lab(astronaut_face.photo.pixels, astronaut_face)
    ours = bright_teeth_lab(composite, astronaut_face)
    # Before: a* 4.6 against her 2.6 (the sclera's pink cast on every neutral render).
    assert abs(ours[1] - hers[1]) < 1.0
    assert abs(ours[2] - hers[2]) < 2.5


def test_the_incisal_edge_is_translucent_not_a_grey_blue_band(
    astronaut_face: PhotoFace, natural_dentition: Dentition
) -> None:
    design = starter_design(fusion=0.0)
    composite = render_portrait(astronaut_face, design, natural_dentition, "day").pixels
    place = placement(
        fit_of(design, astronaut_face, natural_dentition),
        astronaut_face.photo.size,
        anchor_mm(natural_dentition),
    )
    linear = srgb_bytes_to_linear(composite)

    def lab_at(tooth: int, share: float) -> NDArray[np.float64]:
        """L*a*b* of 3x3 pixels at share of the way from the zenith to the edge."""
        crown = natural_dentition.placements[tooth]
        point = (1.0 - share) * crown.zenith + share * crown.incisal_point
        ((x, y),) = np.rint(project(place, point[None, :])).astype(int)
        return np.asarray(
            linear_to_lab(linear[y - 1 : y + 2, x - 1 : x + 2].reshape(-1, 3)).mean(0)
        )

    body = np.mean([lab_at(n, s) for n in (11, 21) for s in (0.5, 0.6)], axis=0)
    edge = np.mean([lab_at(n, s) for n in (11, 21) for s in (0.8, 0.9)], axis=0)
    # Before: the edge 6.0 L* darker and 3.7 b* bluer than the body.
    assert 1.0 < body[0] - edge[0] < 4.5  # a little see-through, still
    assert body[2] - edge[2] < 2.5


def embrasure_lab(pixels: NDArray[np.uint8], face: PhotoFace) -> NDArray[np.float64]:
    """(3,) mean L*a*b* of the dark dips between the front crowns (within 12 mm of the
    midline), along three lines across the upper teeth."""
    from scipy import signal

    frame = face.frame
    across, down = frame.mouth_axes
    upper, lower = frame.lip_midpoints()
    opening = float((lower - upper) @ down)
    linear = srgb_bytes_to_linear(pixels)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    offsets = np.arange(-12.0, 12.0, 0.25 * frame.mm_per_px) / frame.mm_per_px
    found = []
    for depth in (0.25, 0.45, 0.65):
        points = upper[None, :] + across * offsets[:, None] + down * depth * opening
        where = [points[:, 1], points[:, 0]]
        profile = ndimage.gaussian_filter1d(ndimage.map_coordinates(luminance, where, order=1), 1.5)
        dips = signal.argrelmin(profile, order=6)[0]
        colours = np.stack(
            [ndimage.map_coordinates(linear[..., c], where, order=1) for c in range(3)], axis=1
        )
        found.append(colours[dips])
    return np.asarray(linear_to_lab(np.concatenate(found)).mean(axis=0))


def test_the_shade_between_the_crowns_is_warm_not_grey(
    astronaut_face: PhotoFace, natural_dentition: Dentition
) -> None:
    measured = own_shade(astronaut_face.look)
    assert measured is not None
    design = with_enamel_shade(starter_design(fusion=0.0), measured.name)
    composite = render_portrait(astronaut_face, design, natural_dentition, "day").pixels
    # Hers: the embrasures b* 4 yellower than her teeth's bright half. Before: no
    # yellower at all (grey lines between the crowns).
    hers = embrasure_lab(astronaut_face.photo.pixels, astronaut_face)
    assert hers[2] > bright_teeth_lab(astronaut_face.photo.pixels, astronaut_face)[2] + 2.0
    ours = embrasure_lab(composite, astronaut_face)
    assert ours[2] > bright_teeth_lab(composite, astronaut_face)[2] + 0.4
