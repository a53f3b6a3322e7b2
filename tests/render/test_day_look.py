"""Enamel as enamel in the studio (day) light, measured on the rendered default mouth:
the picked shade keeps its colour in the body, the incisal third is greyer and darker
(translucent enamel over the dark mouth), and the wet surface shows small sharp
highlights. Pixels of tooth 11 are found by projecting its own surface samples."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import design_scene
from fusionsmile.core.shades import shade
from fusionsmile.core.starter import starter_design
from fusionsmile.render import LIGHTING_PRESETS, camera_for
from fusionsmile.render.renderer import smile_bounds

SIZE = (1280, 720)


@pytest.fixture(scope="module")
def day(renderer):
    """The default design (shade A1) rendered by day, its mouth and its camera."""
    design = starter_design()
    mouth = build(design.geometry)
    scene = design_scene(design, mouth)
    previous = renderer.scene
    renderer.set_scene(scene)
    try:
        enamel = scene.position[scene.region == Region.ENAMEL]
        camera = camera_for("front", smile_bounds(scene), aspect=SIZE[0] / SIZE[1], points=enamel)
        pixels = renderer.render(camera, LIGHTING_PRESETS["day"], SIZE, False)
    finally:
        renderer.set_scene(previous)
    return pixels, mouth, camera


def lab_of(srgb: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour-science on import: matplotlib is absent
        import colour
    return np.asarray(colour.XYZ_to_Lab(colour.sRGB_to_XYZ(srgb / 255.0)))


def pixels_of(day, select, teeth=(11,), half_width: float = 0.09) -> np.ndarray:
    """sRGB bytes (k, 3) under the labial samples of `teeth` (within half_width of u of
    the labial midline) that `select(u, v)` keeps."""
    pixels, mouth, camera = day
    positions = []
    for fdi in teeth:
        a = mouth.part(str(fdi)).attributes
        keep = (a.region == Region.ENAMEL) & (np.abs(a.u - 0.25) < half_width)
        positions.append(a.position[keep & select(a.u, a.v)])
    position = np.concatenate(positions)
    points = np.c_[position, np.ones(len(position))]
    clip = points @ (camera.projection_matrix(SIZE[0] / SIZE[1], 60.0) @ camera.view_matrix()).T
    ndc = clip[:, :2] / clip[:, 3:]
    x = np.clip((ndc[:, 0] + 1) / 2 * SIZE[0], 0, SIZE[0] - 1).astype(int)
    y = np.clip((1 - ndc[:, 1]) / 2 * SIZE[1], 0, SIZE[1] - 1).astype(int)
    return pixels[y, x, :3].astype(np.float64)


def test_the_body_keeps_the_shade_in_day_light(day) -> None:
    # A studio light is not the reference light, but it must not bleach the shade: at
    # exposure 1 the filmic shoulder took A1 to L* 89, b* 6.5 (dE*ab 9 from the tab).
    body = lab_of(np.median(pixels_of(day, lambda u, v: (v > 0.36) & (v < 0.64)), axis=0))
    assert float(np.linalg.norm(body - np.array(shade("A1").lab))) < 6.5


def test_the_incisal_third_is_greyer_and_darker_than_the_body(day) -> None:
    body = lab_of(np.median(pixels_of(day, lambda u, v: (v > 0.4) & (v < 0.6)), axis=0))
    edge = lab_of(np.median(pixels_of(day, lambda u, v: (v > 0.86) & (v < 0.97)), axis=0))
    assert edge[0] < body[0] - 8.0  # darker: light lost into the mouth behind
    assert edge[2] < body[2] - 4.0  # less yellow: no dentin behind it


def test_wet_enamel_shows_small_sharp_highlights(day) -> None:
    # The labial faces of the upper front teeth, wherever the highlights fall on them.
    front = (13, 12, 11, 21, 22, 23)
    face = pixels_of(day, lambda u, v: (v > 0.05) & (v < 0.8), front, half_width=0.2)
    luminance = face @ np.array([0.2126, 0.7152, 0.0722])
    # A saliva film: a few pixels far brighter than the faces around them.
    assert float(np.max(luminance) - np.median(luminance)) > 30.0


def test_the_space_between_teeth_reads_as_depth(day, renderer) -> None:
    # Where the labial face of a central turns into the embrasure, the render with the
    # baked ambient occlusion is darker than the same scene drawn fully open; the middle
    # of the labial face is not.
    _, mouth, camera = day
    design = starter_design()
    scene = design_scene(design, mouth)
    previous = renderer.scene
    renderer.set_scene(replace(scene, ambient=np.ones_like(scene.ambient)))
    try:
        open_pixels = renderer.render(camera, LIGHTING_PRESETS["day"], SIZE, False)
    finally:
        renderer.set_scene(previous)
    opened = (open_pixels, mouth, camera)
    weights = np.array([0.2126, 0.7152, 0.0722])

    def luminance(view, select) -> float:
        return float(np.median(pixels_of(view, select, (11, 21), half_width=0.25) @ weights))

    def embrasure(u, v):
        return ((u < 0.06) | (u > 0.94)) & (v > 0.3) & (v < 0.85)

    def centre(u, v):
        return (np.abs(u - 0.25) < 0.04) & (v > 0.4) & (v < 0.6)

    assert luminance(day, embrasure) < luminance(opened, embrasure) - 12.0
    assert luminance(day, centre) == pytest.approx(luminance(opened, centre), abs=1.0)
    assert luminance(day, embrasure) < luminance(day, centre) - 20.0


def test_the_cervical_third_is_more_chromatic_than_the_body(day) -> None:
    # Dentin shows through the thin enamel at the neck: more chroma and yellower there
    # (dental-data.md section 4), which the render must keep after light and tone mapping.
    cervical = lab_of(
        np.median(pixels_of(day, lambda u, v: (v > 0.1) & (v < 0.25), (11, 21)), axis=0)
    )
    body = lab_of(np.median(pixels_of(day, lambda u, v: (v > 0.4) & (v < 0.6), (11, 21)), axis=0))
    assert np.hypot(cervical[1], cervical[2]) > np.hypot(body[1], body[2]) + 3.5
    assert cervical[2] > body[2] + 3.5
