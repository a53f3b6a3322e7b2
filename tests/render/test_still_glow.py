"""A still camera's frames redraw only the glow: the same pictures as full renders,
the surface drawn once, and a full redraw whenever anything but the glow changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.scene import design_scene
from fusionsmile.render.camera import camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import smile_bounds
from fusionsmile.render.still_glow import StillGlow

ROOT = Path(__file__).parents[2]
SIZE = (160, 90)


@pytest.fixture(scope="module")
def showcase():  # type: ignore[no-untyped-def]
    design = read_design(ROOT / "presets" / "showcase.json")
    dentition = build(design.geometry)
    _, attributes = dentition.merged()
    scene = design_scene(design, dentition, 0.0)
    moments = [scene] + [scene.with_channels(compose(design, attributes, t)) for t in (2.0, 7.0)]
    enamel = scene.position[scene.region == Region.ENAMEL]
    camera = camera_for("front", smile_bounds(scene), SIZE[0] / SIZE[1], points=enamel)
    return moments, camera


def test_glow_frames_match_full_renders_and_draw_the_surface_once(
    renderer,  # type: ignore[no-untyped-def]
    showcase,  # type: ignore[no-untyped-def]
) -> None:
    moments, camera = showcase
    night = lighting_for("night")
    still = StillGlow(renderer)
    try:
        fast = [still.render(moment, camera, night, SIZE).astype(int) for moment in moments]
        assert still.redrawn == 1
        for moment, picture in zip(moments, fast, strict=True):
            renderer.use_scene(moment)
            full = renderer.render(camera, night, SIZE).astype(int)
            assert np.abs(picture - full).max() <= 2
        # the glow really changed between the moments (else the test proves nothing)
        assert np.abs(fast[1] - fast[2]).max() > 20
    finally:
        still.release()


def test_anything_but_the_glow_changing_redraws_the_surface(
    renderer,  # type: ignore[no-untyped-def]
    showcase,  # type: ignore[no-untyped-def]
) -> None:
    moments, camera = showcase
    night = lighting_for("night")
    still = StillGlow(renderer)
    try:
        still.render(moments[0], camera, night, SIZE)
        turned = replace(camera, azimuth_deg=camera.azimuth_deg + 10)
        still.render(moments[1], turned, night, SIZE)
        still.render(moments[1], turned, lighting_for("day"), SIZE)
        darker = replace(moments[1], albedo=moments[1].albedo * 0.5)  # same surface
        picture = still.render(darker, turned, lighting_for("day"), SIZE).astype(int)
        assert still.redrawn == 4
        renderer.use_scene(darker)
        full = renderer.render(turned, lighting_for("day"), SIZE).astype(int)
        assert np.abs(picture - full).max() <= 2
    finally:
        still.release()


def test_a_films_coarser_bloom_is_the_full_render_with_that_bloom(
    renderer,  # type: ignore[no-untyped-def]
    showcase,  # type: ignore[no-untyped-def]
) -> None:
    moments, camera = showcase
    night = lighting_for("night")
    rows = 45  # SIZE is 160x90: a near level of 45 rows where the renderer's has 90
    still = StillGlow(renderer, bloom_rows=rows)
    try:
        fast = [still.render(moment, camera, night, SIZE).astype(int) for moment in moments]
        assert renderer.bloom_coarsest == 1.0  # given back after each frame
        renderer.bloom_coarsest = SIZE[1] / rows
        try:
            for moment, picture in zip(moments, fast, strict=True):
                renderer.use_scene(moment)
                full = renderer.render(camera, night, SIZE).astype(int)
                assert np.abs(picture - full).max() <= 2
        finally:
            renderer.bloom_coarsest = 1.0
        renderer.use_scene(moments[1])
        reference = renderer.render(camera, night, SIZE).astype(int)
        assert np.abs(fast[1] - reference).max() > 2  # the bloom did change
    finally:
        still.release()
