"""The fit puts the teeth where it says, and the composite changes only the mouth."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import PhotoFit
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import design_scene
from fusionsmile.core.starter import starter_design
from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.portrait.composite import (
    PortraitLook,
    composite_portrait,
    mouth_scene,
    mouth_shading,
)
from fusionsmile.portrait.fit import anchor_mm, auto_fit, placement, project
from fusionsmile.portrait.metrics import photo_metrics, smile_arc_kind


@pytest.fixture(scope="module")
def fit(astronaut_face: PhotoFace, natural_dentition: Dentition) -> PhotoFit:
    return auto_fit(astronaut_face.frame, astronaut_face.photo.size, natural_dentition)


def test_the_anchor_projects_exactly_where_the_fit_says(
    astronaut_face: PhotoFace, natural_dentition: Dentition, fit: PhotoFit
) -> None:
    size = astronaut_face.photo.size
    anchor = anchor_mm(natural_dentition)
    for shifted in (fit, fit.model_copy(update={"x": fit.x + 0.00031, "roll_deg": 9.0})):
        place = placement(shifted, size, anchor)
        ((x, y),) = project(place, anchor[None, :])
        assert x == pytest.approx(shifted.x * size[0], abs=1e-6)
        assert y == pytest.approx(shifted.y * size[1], abs=1e-6)


def test_roll_and_scale_carry_into_the_photo(
    astronaut_face: PhotoFace, natural_dentition: Dentition, fit: PhotoFit
) -> None:
    size = astronaut_face.photo.size
    anchor = anchor_mm(natural_dentition)
    tips = np.array([natural_dentition.placements[n].incisal_point for n in (13, 23)])
    level = fit.model_copy(update={"roll_deg": 0.0, "yaw_deg": 0.0, "pitch_deg": 0.0})
    for roll in (0.0, 10.0, -7.0):
        place = placement(level.model_copy(update={"roll_deg": roll}), size, anchor)
        a, b = project(place, tips)
        # Image y runs down: counter-clockwise as seen is a negative image slope.
        assert np.degrees(np.arctan2(-(b[1] - a[1]), b[0] - a[0])) == pytest.approx(roll, abs=0.3)
        span_mm = np.linalg.norm(b - a) / place.px_per_mm
        assert span_mm == pytest.approx(abs(tips[1, 0] - tips[0, 0]), rel=0.03)


def test_automatic_fit_sits_on_the_face(
    astronaut_face: PhotoFace, natural_dentition: Dentition, fit: PhotoFit
) -> None:
    place = placement(fit, astronaut_face.photo.size, anchor_mm(natural_dentition))
    metrics = photo_metrics(astronaut_face.frame, place, natural_dentition)
    assert metrics["photo_midline"].value < 0.3
    assert metrics["photo_incisal_cant"].value < 1.0
    # The incisal edge rests between the lips.
    upper, lower = astronaut_face.frame.lip_midpoints()
    anchor_y = fit.y * astronaut_face.photo.size[1]
    assert upper[1] < anchor_y < lower[1]
    # A midline moved 2 mm to the side is measured as 2 mm.
    moved = fit.model_copy(update={"x": fit.x + 2.0 / fit.width_mm})
    moved_place = placement(moved, astronaut_face.photo.size, anchor_mm(natural_dentition))
    moved_metrics = photo_metrics(astronaut_face.frame, moved_place, natural_dentition)
    assert moved_metrics["photo_midline"].value == pytest.approx(2.0, abs=0.3)
    tilted = placement(
        fit.model_copy(update={"roll_deg": fit.roll_deg + 5}),
        astronaut_face.photo.size,
        anchor_mm(natural_dentition),
    )
    cant = photo_metrics(astronaut_face.frame, tilted, natural_dentition)["photo_incisal_cant"]
    assert cant.value == pytest.approx(5.0, abs=0.5)
    assert not cant.ok or cant.range[1] >= 5.0


def test_smile_arc_kinds() -> None:
    assert smile_arc_kind(1.2) == "consonant"
    assert smile_arc_kind(0.1) == "flat"
    assert smile_arc_kind(-1.0) == "reverse"


def test_day_composite_changes_only_the_mouth(
    astronaut_face: PhotoFace, natural_dentition: Dentition, fit: PhotoFit
) -> None:
    photo = astronaut_face.photo.pixels
    design = starter_design(fusion=0.0)
    scene = mouth_scene(design_scene(design, natural_dentition))
    anchor = anchor_mm(natural_dentition)
    out = composite_portrait(photo, astronaut_face.frame, astronaut_face.look, fit, scene, anchor)
    assert out.shape == photo.shape and out.dtype == np.uint8
    place = placement(fit, astronaut_face.photo.size, anchor)
    matte = np.zeros(photo.shape[:2], np.float32)
    left, top, right, bottom = place.box
    matte[top:bottom, left:right] = mouth_shading(astronaut_face.frame, place).matte
    outside = matte == 0.0
    assert outside.mean() > 0.95
    assert np.array_equal(out[outside], photo[outside])  # byte for byte
    inside = matte > 0.9
    changed = np.abs(out[inside].astype(int) - photo[inside].astype(int)).mean()
    assert changed > 5.0  # new teeth, not the photo's own


def test_night_darkens_the_photo_and_the_glow_lights_the_lips(
    astronaut_face: PhotoFace, natural_dentition: Dentition, fit: PhotoFit
) -> None:
    photo = astronaut_face.photo.pixels
    anchor = anchor_mm(natural_dentition)
    frame, look = astronaut_face.frame, astronaut_face.look

    def night(mood: str | None, fusion: float) -> np.ndarray:
        design = starter_design(mood=mood, fusion=fusion)
        scene = mouth_scene(design_scene(design, natural_dentition, 0.5))
        return composite_portrait(photo, frame, look, fit, scene, anchor, PortraitLook("night"))

    dark, glowing = night(None, 0.0), night("calm", 1.0)  # calm: a steady tide of light
    assert dark.mean() < 0.5 * photo.mean()
    # The lower lip, below the mouth opening: lit by the glow only when there is one.
    lower = frame.lip_midpoints()[1]
    x, y = int(lower[0]), int(lower[1] + 3.0 / frame.mm_per_px)
    patch = (slice(y - 4, y + 4), slice(x - 8, x + 8))
    assert glowing[patch].astype(float).mean() > dark[patch].astype(float).mean() + 20
    # Far from the mouth (the forehead), the glow adds nothing.
    fx, fy = (int(v) for v in frame.pupils.mean(axis=0) - [0, 60])
    forehead = (slice(fy - 4, fy + 4), slice(fx - 4, fx + 4))
    assert np.abs(glowing[forehead].astype(int) - dark[forehead].astype(int)).max() <= 1


def test_gums_in_a_portrait_are_a_light_pink_not_crimson(natural_dentition: Dentition) -> None:
    # Next to real lips the studio model's deep red read crimson (issue 13): in the mouth
    # the gums are lighter and pinker, and the teeth keep their colour.
    import warnings

    from fusionsmile.core.geometry.surface import Region

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour

    design = starter_design(fusion=0.0)
    studio = design_scene(design, natural_dentition)
    mouth = mouth_scene(studio)
    gums = studio.region == Region.GINGIVA

    def lab(albedo: np.ndarray) -> np.ndarray:
        rgb = colour.RGB_COLOURSPACES["sRGB"]
        return colour.XYZ_to_Lab(colour.RGB_to_XYZ(np.median(albedo, axis=0), rgb))

    before, after = lab(studio.albedo[gums]), lab(mouth.albedo[gums])
    assert after[0] > before[0] + 6.0  # lighter (the old shade made them darker)
    hue = np.degrees(np.arctan2(after[2], after[1]))
    assert 10.0 < hue < 30.0  # pink, not orange; and not the purple of a grey-blue mix
    # The teeth keep their colour, but for the incisal edge's grey-blue, toned down, and
    # the shade between the crowns, warmer at the same luminance.
    body = ~gums & (studio.translucency <= studio.translucency[~gums].min() + 0.01)
    open_ = body & (studio.ambient >= 0.99)
    assert open_.any() and np.allclose(mouth.albedo[open_], studio.albedo[open_], atol=0.01)
    luminance = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    assert np.allclose(mouth.albedo[body] @ luminance, studio.albedo[body] @ luminance, atol=2e-3)
