"""Renders of the synthetic mouth, checked as arrays (no snapshots)."""

from __future__ import annotations

import dataclasses

import moderngl
import numpy as np
import pytest

from fusionsmile.render import (
    CAMERA_PRESETS,
    LIGHTING_PRESETS,
    RenderUnavailable,
    camera_for,
    create_context,
    render_image,
)

SIZE = (320, 180)


def render(renderer, scene, view="front", lighting="day", transparent=False):
    camera = camera_for(view, scene.bounds(), aspect=SIZE[0] / SIZE[1])
    return renderer.render(camera, LIGHTING_PRESETS[lighting], SIZE, transparent)


def centre(image: np.ndarray) -> np.ndarray:
    """The middle of the frame, where the central incisors are in the front view."""
    h, w = image.shape[:2]
    return image[h // 3 : 2 * h // 3, 2 * w // 5 : 3 * w // 5, :3].astype(float)


def test_front_render_shape_and_not_blank(renderer, scene):
    image = render(renderer, scene)
    assert image.shape == (SIZE[1], SIZE[0], 4) and image.dtype == np.uint8
    assert image[..., :3].std() > 10
    assert (image[..., 3] == 255).all()


def test_teeth_are_bright_in_the_middle(renderer, scene):
    image = render(renderer, scene)
    middle = centre(image).mean(axis=2)
    # The incisors are near-white enamel, brighter than the grey studio backdrop.
    assert np.percentile(middle, 75) > 200
    assert middle.mean() > image[:10, :10, :3].mean()


@pytest.mark.parametrize("lighting", sorted(LIGHTING_PRESETS))
def test_background_matches_the_preset(renderer, scene, lighting):
    image = render(renderer, scene, lighting=lighting)
    preset = LIGHTING_PRESETS[lighting]
    np.testing.assert_allclose(image[0, 0, :3], preset.background_top, atol=3)
    np.testing.assert_allclose(image[-1, 0, :3], preset.background_bottom, atol=3)


def test_day_is_brighter_than_night_on_the_teeth(renderer, scene):
    day = centre(render(renderer, scene, lighting="day")).mean()
    night = centre(render(renderer, scene, lighting="night")).mean()
    assert day > night + 80


def test_transparent_corners_are_clear_and_teeth_opaque(renderer, scene):
    image = render(renderer, scene, transparent=True)
    for corner in (image[0, 0], image[0, -1], image[-1, 0], image[-1, -1]):
        assert corner[3] == 0
    h, w = image.shape[:2]
    assert (image[h // 3 : 2 * h // 3, 2 * w // 5 : 3 * w // 5, 3] == 255).mean() > 0.6


def test_renders_are_repeatable(renderer, scene):
    first = render(renderer, scene).astype(int)
    second = render(renderer, scene).astype(int)
    assert np.abs(first - second).max() <= 1


def test_views_differ(renderer, scene):
    front = render(renderer, scene, "front").astype(float)
    upper = render(renderer, scene, "occlusal-upper").astype(float)
    assert np.abs(front - upper).mean() > 10


@pytest.mark.parametrize("view", sorted(CAMERA_PRESETS))
def test_every_view_shows_the_mouth(renderer, scene, view):
    image = render(renderer, scene, view)
    background = np.array(LIGHTING_PRESETS["day"].background_top, float)
    # Some pixels differ clearly from the backdrop, and the mouth is near the middle.
    differs = np.abs(image[..., :3] - background).sum(axis=2) > 60
    assert 0.15 < differs.mean() < 0.9
    rows, cols = np.nonzero(differs)
    assert abs(cols.mean() / SIZE[0] - 0.5) < 0.15
    assert abs(rows.mean() / SIZE[1] - 0.5) < 0.2


def test_occlusal_views_hide_the_other_arch(renderer, scene):
    lighting = LIGHTING_PRESETS["day"]
    for view in ("occlusal-upper", "occlusal-lower"):
        camera = camera_for(view, scene.bounds(), aspect=SIZE[0] / SIZE[1])
        alone = renderer.render(camera, lighting, SIZE).astype(float)
        both = renderer.render(dataclasses.replace(camera, arch="both"), lighting, SIZE)
        # With both arches drawn the near arch's gum hides the far arch's crowns.
        assert np.abs(alone - both)[..., :3].mean() > 5


def test_emission_glows_beyond_the_tooth(renderer, scene):
    glow = np.zeros_like(scene.emission)
    glow[scene.tooth == 11] = (0.0, 4.0, 2.0)
    glowing = dataclasses.replace(scene, emission=glow)
    plain = render(renderer, scene, lighting="night").astype(float)
    renderer.update_channels(glowing)
    try:
        lit = render(renderer, glowing, lighting="night").astype(float)
    finally:
        renderer.update_channels(scene)
    green = lit[..., 1] - plain[..., 1]
    assert green.max() > 100
    # Bloom spreads the glow over more pixels than the tooth covers (the halo is a fixed
    # fraction of the image height, so at 320x180 it is only a few pixels wide).
    assert (green > 5).sum() > 1.3 * (green > 100).sum()


def test_render_image_returns_an_rgba_pil_image(renderer, scene):
    image = render_image(scene, size=(160, 90), view="three-quarter-left", lighting="night")
    assert image.mode == "RGBA" and image.size == (160, 90)


def test_unknown_lighting_lists_the_valid_names(renderer, scene):
    with pytest.raises(ValueError, match="day, night"):
        render_image(scene, size=(16, 9), lighting="disco")


def test_missing_egl_names_the_debian_packages(monkeypatch):
    def no_egl(**kwargs):
        raise Exception("libEGL.so not loaded")

    monkeypatch.setattr(moderngl, "create_standalone_context", no_egl)
    with pytest.raises(RenderUnavailable, match="libegl1 libegl-mesa0 libgl1-mesa-dri"):
        create_context()


def test_msaa_looks_like_supersampling(renderer, scene):
    from fusionsmile.render import Renderer

    msaa = Renderer(renderer.ctx, supersample=1, samples=4)
    try:
        msaa.set_scene(scene)
        camera = camera_for("front", scene.bounds(), aspect=SIZE[0] / SIZE[1])
        lighting = LIGHTING_PRESETS["day"]
        a = msaa.render(camera, lighting, SIZE).astype(float)
        b = renderer.render(camera, lighting, SIZE).astype(float)
    finally:
        msaa.release()
    assert np.abs(a - b).mean() < 3


def test_a_surface_pass_in_bands_of_rows_equals_the_whole_pass(renderer, scene):
    """The live view draws a still frame in parts: bands of rows drawn over what an
    earlier frame left in the targets add up to the one-piece frame, pixel for pixel."""
    camera = camera_for("front", scene.bounds(), aspect=SIZE[0] / SIZE[1])
    night = LIGHTING_PRESETS["night"]
    whole = renderer.render(camera, night, SIZE)
    output = renderer._output_target(SIZE)
    renderer.draw_surface(camera, LIGHTING_PRESETS["day"], SIZE)  # stale content
    for rows in ((0, 61), (61, 120), (120, 180)):
        renderer.draw_surface(camera, night, SIZE, rows)
    renderer.finish_frame(night, SIZE, output)
    data = output.read(components=4, alignment=1)
    parts = np.frombuffer(data, np.uint8).reshape(SIZE[1], SIZE[0], 4)[::-1]
    np.testing.assert_array_equal(parts, whole)
