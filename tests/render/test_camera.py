import numpy as np
import pytest

from fusionsmile.render.camera import CAMERA_PRESETS, Camera, camera_for

BOUNDS = np.array([[-30.0, -18.0, -24.0], [30.0, 18.0, 24.0]])


def project(camera: Camera, points, aspect=16 / 9):
    clip = (
        np.c_[points, np.ones(len(points))]
        @ (camera.projection_matrix(aspect) @ camera.view_matrix()).T
    )
    return clip[:, :2] / clip[:, 3:4]


def test_view_matrix_maps_camera_to_origin_looking_down_minus_z():
    camera = Camera(30.0, 20.0, 150.0, 25.0, (1.0, 2.0, 3.0))
    view = camera.view_matrix()
    eye = view @ np.r_[camera.position(), 1.0]
    target = view @ np.r_[camera.target, 1.0]
    np.testing.assert_allclose(eye[:3], 0.0, atol=1e-9)
    np.testing.assert_allclose(target[:3], [0.0, 0.0, -150.0], atol=1e-9)


def test_front_view_puts_patients_left_on_the_right():
    camera = camera_for("front", BOUNDS)
    left, right = project(camera, np.array([[20.0, 0, 0], [-20.0, 0, 0]]))
    assert left[0] > 0 > right[0]


def test_front_view_fills_about_eighty_percent_of_the_width():
    camera = camera_for("front", BOUNDS)
    corners = np.array(
        [[x, y, z] for x in BOUNDS[:, 0] for y in BOUNDS[:, 1] for z in BOUNDS[:, 2]]
    )
    ndc = project(camera, corners)
    assert (ndc[:, 0].max() - ndc[:, 0].min()) / 2 == pytest.approx(0.8, abs=0.02)


@pytest.mark.parametrize(
    ("view", "incisors_up"), [("occlusal-upper", True), ("occlusal-lower", False)]
)
def test_occlusal_views_orient_the_incisors(view, incisors_up):
    camera = camera_for(view, BOUNDS)
    incisor, molar = project(camera, np.array([[0.0, 0, 20.0], [0.0, 0, -20.0]]))
    assert (incisor[1] > molar[1]) == incisors_up


def test_every_preset_frames_the_bounds():
    for name in CAMERA_PRESETS:
        camera = camera_for(name, BOUNDS)
        assert camera.distance_mm > 0
        assert np.isfinite(camera.view_matrix()).all()


def test_unknown_view_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"front.*occlusal-lower"):
        camera_for("profile", BOUNDS)
