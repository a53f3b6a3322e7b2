"""What you pick is what you see: an enamel shade, rendered in the neutral reference light,
has the colour it was measured as on the labial middle third of a central incisor, within
the perceptibility threshold (Delta E*ab 3.7). Rendered on the real default mouth with the
whole natural stack, read back as sRGB pixels and converted to CIE L*a*b* (D65)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.scene import design_scene
from fusionsmile.core.shades import shade
from fusionsmile.core.starter import starter_design
from fusionsmile.render import camera_for
from fusionsmile.render.lighting import REFERENCE_LIGHTING, Lighting
from fusionsmile.render.renderer import smile_bounds

SIZE = (640, 360)
PERCEPTIBLE = 3.7  # Delta E*ab, the perceptibility threshold the issue names


def with_shade(name: str) -> Design:
    base = starter_design()
    layers = tuple(
        layer.model_copy(update={"params": {**layer.params, "shade": name}})
        if layer.kind == "enamel-shade"
        else layer
        for layer in base.layers
    )
    return base.model_copy(update={"layers": layers})


@pytest.fixture(scope="module")
def mouth() -> Dentition:
    return build(starter_design().geometry)


def middle_third_lab(renderer, mouth: Dentition, design: Design, lighting: Lighting):
    """Median CIE L*a*b* of the pixels on the labial middle third of tooth 11."""
    scene = design_scene(design, mouth)
    previous = renderer.scene
    renderer.set_scene(scene)
    try:
        enamel = scene.position[scene.region == Region.ENAMEL]
        camera = camera_for("front", smile_bounds(scene), aspect=SIZE[0] / SIZE[1], points=enamel)
        pixels = renderer.render(camera, lighting, SIZE, False)
    finally:
        renderer.set_scene(previous)
    a = mouth.part("11").attributes
    # The labial face's middle: around u = 0.25 (labial midline), v from 1/3 to 2/3.
    middle = (a.region == Region.ENAMEL) & (np.abs(a.u - 0.25) < 0.08)
    middle &= (a.v > 0.36) & (a.v < 0.64)
    points = np.c_[a.position[middle], np.ones(int(middle.sum()))]
    projection = camera.projection_matrix(SIZE[0] / SIZE[1], 60.0) @ camera.view_matrix()
    clip = points @ projection.T
    ndc = clip[:, :2] / clip[:, 3:]
    x = np.clip((ndc[:, 0] + 1) / 2 * SIZE[0], 0, SIZE[0] - 1).astype(int)
    y = np.clip((1 - ndc[:, 1]) / 2 * SIZE[1], 0, SIZE[1] - 1).astype(int)
    srgb = np.median(pixels[y, x, :3].astype(np.float64), axis=0) / 255.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour-science on import: matplotlib is absent
        import colour
    return np.asarray(colour.XYZ_to_Lab(colour.sRGB_to_XYZ(srgb)))


@pytest.mark.parametrize("name", ["A1", "A3", "B1", "C2", "D3", "0M1", "3M2", "4R2.5"])
def test_a_shade_renders_as_measured(renderer, mouth: Dentition, name: str) -> None:
    lab = middle_third_lab(renderer, mouth, with_shade(name), REFERENCE_LIGHTING)
    delta = float(np.linalg.norm(lab - np.array(shade(name).lab)))
    assert delta <= PERCEPTIBLE, f"{name}: rendered L*a*b* {lab.round(1)}, dE*ab {delta:.2f}"


def test_the_check_tells_neighbouring_shades_apart(renderer, mouth: Dentition) -> None:
    # A1 rendered is not A3: the measure is fine enough to fail a wrong colour.
    lab = middle_third_lab(renderer, mouth, with_shade("A1"), REFERENCE_LIGHTING)
    assert float(np.linalg.norm(lab - np.array(shade("A3").lab))) > PERCEPTIBLE


def test_natural_teeth_are_not_black_at_night(renderer, mouth: Dentition) -> None:
    # Moonlight is dim, but the teeth are the most reflective thing in a face: the
    # middle of a central incisor stays above the filmic curve's toe (it was L* 13).
    from fusionsmile.render.lighting import LIGHTING_PRESETS

    lab = middle_third_lab(renderer, mouth, with_shade("A1"), LIGHTING_PRESETS["night"])
    assert lab[0] >= 20.0
