"""camera_for fits on the convex hull of the points, in the view's axes: the same
camera as the plain fit (a projection of every point at each step) on all of them."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import Scene
from fusionsmile.render import camera as camera_module
from fusionsmile.render.camera import CAMERA_PRESETS, Camera, camera_for
from fusionsmile.render.renderer import smile_bounds


def plain_fit(camera: Camera, corners, aspect, radius, fill) -> Camera:  # type: ignore[no-untyped-def]
    """The reference: bisect on the projection of every corner by the camera's matrices."""
    near_d, far_d = radius * 1.01, radius * 200
    for _ in range(40):
        mid = math.sqrt(near_d * far_d)
        trial = replace(camera, distance_mm=mid)
        if camera_module._screen_extent(trial, corners, aspect, radius, fill) > 1.0:
            near_d = mid
        else:
            far_d = mid
    return replace(camera, distance_mm=far_d)


@pytest.mark.parametrize("view", list(CAMERA_PRESETS))
@pytest.mark.parametrize("aspect", [16 / 9, 1.0, 9 / 16])
def test_the_fast_fit_frames_like_the_plain_fit_on_every_point(
    scene: Scene, view: str, aspect: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    enamel = scene.position[scene.region == Region.ENAMEL]
    bounds = smile_bounds(scene)
    fast = camera_for(view, bounds, aspect, points=enamel)
    monkeypatch.setattr(camera_module, "_extreme_points", lambda points: points)
    monkeypatch.setattr(camera_module, "_fit_distance", plain_fit)
    full = camera_for(view, bounds, aspect, points=enamel)
    assert fast.distance_mm == pytest.approx(full.distance_mm, rel=1e-9)
    np.testing.assert_allclose(fast.target, full.target, rtol=0, atol=1e-9)
    assert (fast.azimuth_deg, fast.elevation_deg, fast.fov_deg, fast.arch) == (
        full.azimuth_deg, full.elevation_deg, full.fov_deg, full.arch)  # fmt: skip


@pytest.mark.parametrize("view", list(CAMERA_PRESETS))
def test_the_fit_fills_the_preset_fill_exactly(scene: Scene, view: str) -> None:
    enamel = scene.position[scene.region == Region.ENAMEL].astype(np.float64)
    lo, hi = smile_bounds(scene).astype(np.float64)
    camera = camera_for(view, smile_bounds(scene), 16 / 9, points=enamel)
    fill = CAMERA_PRESETS[view].fill
    radius = float(np.linalg.norm(hi - lo) / 2)
    shown = enamel[np.all((enamel >= lo) & (enamel <= hi), axis=1)]
    if CAMERA_PRESETS[view].arch != "both":
        return  # the half box is checked by the comparison above
    extent = camera_module._screen_extent(camera, shown, 16 / 9, radius, fill)
    assert extent == pytest.approx(1.0, abs=1e-6)


def test_the_hull_keeps_few_of_the_points_and_all_their_extremes(scene: Scene) -> None:
    enamel = scene.position[scene.region == Region.ENAMEL].astype(np.float64)
    sample = enamel[:: len(enamel) // 4000]
    hull = camera_module._extreme_points(sample)
    assert 8 < len(hull) < len(sample) // 4
    assert set(map(tuple, hull)) <= set(map(tuple, sample))
    rng = np.random.default_rng(3)
    for direction in rng.normal(size=(20, 3)):
        assert (hull @ direction).max() == pytest.approx((sample @ direction).max())


def test_degenerate_points_are_kept_whole() -> None:
    flat = np.array([[x, y, 0.0] for x in range(4) for y in range(4)])
    np.testing.assert_array_equal(camera_module._extreme_points(flat), flat)
    few = np.eye(3)
    np.testing.assert_array_equal(camera_module._extreme_points(few), few)
