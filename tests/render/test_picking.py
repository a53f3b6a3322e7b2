"""Picking: the ray through a tooth's projected centre finds that tooth."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import Scene, plain_scene
from fusionsmile.render.camera import Camera, camera_for
from fusionsmile.render.picking import camera_ray, pick_tooth
from fusionsmile.render.renderer import smile_bounds

ASPECT = 16 / 9


@pytest.fixture(scope="module")
def mouth() -> Scene:
    return plain_scene(build(Geometry(resolution="preview")))


def _ndc_of(scene: Scene, camera: Camera, fdi: int) -> tuple[float, float]:
    """Where the labial centre of a tooth's crown lands on screen."""
    mask = (scene.tooth == fdi) & (scene.region == Region.ENAMEL)
    point = np.append(scene.position[mask].mean(axis=0), 1.0)
    point[2] = scene.position[mask][:, 2].max()  # the face towards a front camera
    clip = camera.projection_matrix(ASPECT) @ camera.view_matrix() @ point
    return float(clip[0] / clip[3]), float(clip[1] / clip[3])


@pytest.mark.parametrize("fdi", [11, 21, 12, 23, 41, 32])
def test_front_view_picks_the_tooth_under_the_cursor(mouth: Scene, fdi: int) -> None:
    camera = camera_for("front", smile_bounds(mouth), ASPECT)
    assert pick_tooth(mouth, camera, ASPECT, _ndc_of(mouth, camera, fdi)) == fdi


def test_empty_background_picks_nothing(mouth: Scene) -> None:
    camera = camera_for("front", smile_bounds(mouth), ASPECT)
    assert pick_tooth(mouth, camera, ASPECT, (0.98, 0.98)) == 0


def test_occlusal_view_ignores_the_hidden_arch(mouth: Scene) -> None:
    camera = camera_for("occlusal-lower", smile_bounds(mouth), ASPECT)
    picked = {
        pick_tooth(mouth, camera, ASPECT, (x, y)) for x in (-0.3, 0, 0.3) for y in (-0.3, 0.3)
    }
    picked.discard(0)
    assert picked and all(fdi // 10 in (3, 4) for fdi in picked)


def test_centre_ray_points_at_the_target() -> None:
    camera = Camera(30.0, 10.0, 100.0, 25.0, (1.0, 2.0, 3.0))
    origin, direction = camera_ray(camera, ASPECT, (0.0, 0.0))
    to_target = np.asarray(camera.target) - origin
    assert np.allclose(direction, to_target / np.linalg.norm(to_target), atol=1e-9)


@pytest.mark.parametrize("view", ["three-quarter-left", "three-quarter-right", "front"])
@pytest.mark.parametrize("aspect", [16 / 9, 1.39, 0.8])
def test_a_turned_arch_is_centred_and_inside_the_frame(
    mouth: Scene, view: str, aspect: float
) -> None:
    # Regression: the near side of a turned arch projects larger, and the box-centred
    # framing pushed it out of the image on one side.
    enamel = mouth.position[mouth.region == Region.ENAMEL]
    camera = camera_for(view, smile_bounds(mouth), aspect, points=enamel)
    points = np.c_[enamel, np.ones(len(enamel))]
    clip = points @ (camera.projection_matrix(aspect) @ camera.view_matrix()).T
    ndc = clip[:, :2] / clip[:, 3:4]
    assert np.all(np.abs(ndc) <= 0.96)
    assert np.allclose((ndc.max(axis=0) + ndc.min(axis=0)) / 2, 0.0, atol=0.02)
