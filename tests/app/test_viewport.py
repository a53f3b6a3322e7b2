"""The 3D view's levels of detail in a real Qt window: the preview mesh while moving or
playing, the full mesh still; the still frame after motion drawn in two halves that add
up to the one-piece frame; the motion resolution adapting to the frame time."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.scene_service import SceneService
from fusionsmile.app.viewport import MOTION_SCALES, SmileView
from fusionsmile.core.layers.compose import is_animated

BUILD_TIMEOUT_MS = 120_000


@pytest.fixture
def service():
    service = SceneService()
    yield service
    service.stop()


@pytest.fixture
def view(qtbot, document: DesignDocument, service: SceneService) -> SmileView:
    view = SmileView(document, service)
    qtbot.addWidget(view)
    view.resize(640, 360)
    view.show()
    service.request(document.design)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=BUILD_TIMEOUT_MS)
    draw(view)
    return view


def draw(view: SmileView) -> None:
    """Paint now (the paint event runs in the event loop's turn that follows)."""
    view.repaint()
    QApplication.processEvents()


def framebuffer(view: SmileView) -> np.ndarray:
    """(h, w, 4) uint8 of what the widget shows now (its framebuffer, not a re-render)."""
    view.makeCurrent()
    assert view.ctx is not None
    target = view.ctx.detect_framebuffer(view.defaultFramebufferObject())
    w, h = target.size
    pixels = np.frombuffer(target.read(components=4, alignment=1), np.uint8).reshape(h, w, 4)
    view.doneCurrent()
    return pixels.copy()


def test_the_service_follows_each_build_with_its_preview_mesh(qtbot, service, design):
    previews = []
    service.preview_built.connect(previews.append)
    request = service.request(design)
    qtbot.waitUntil(lambda: bool(previews), timeout=BUILD_TIMEOUT_MS)
    preview, built = previews[0], service.latest
    assert built is not None and preview.request == built.request == request
    assert preview.design is design
    # The same dentition, coarser: every tooth is there, with far fewer triangles.
    assert set(preview.scene.parts) == set(built.scene.parts)
    assert preview.scene.triangle_count < built.scene.triangle_count / 3


def test_moving_frames_draw_the_preview_and_still_frames_the_full_mesh(qtbot, view):
    view.orbit(5.0, 0.0)
    draw(view)
    assert view.moving and view.drawn_level is view.preview_level
    full_key = view.full_level.uploaded_key
    qtbot.waitUntil(lambda: not view.moving, timeout=5_000)
    qtbot.waitUntil(lambda: view._surface_drawn is None, timeout=5_000)
    draw(view)
    assert view.drawn_level is view.full_level
    assert view.full_level.renderer.scene.triangle_count == view.built.scene.triangle_count
    assert view.full_level.uploaded_key == full_key  # the full mesh was not re-uploaded


def test_the_still_frame_after_motion_comes_in_two_halves_equal_to_one_piece(view):
    view.orbit(5.0, 0.0)
    draw(view)
    reduced = framebuffer(view)
    view._stood_still()
    draw(view)  # first half: the surface pass; the reduced frame stays up
    assert view._surface_drawn is not None
    np.testing.assert_array_equal(framebuffer(view), reduced)
    draw(view)  # second half: bloom and composite
    assert view._surface_drawn is None
    halves = framebuffer(view)
    view.update()
    draw(view)  # the same still frame, now in one piece (no reduced frame before it)
    assert view._surface_drawn is None
    np.testing.assert_array_equal(framebuffer(view), halves)
    # And the still frame is the sharper one: it differs from the stretched reduced one.
    assert np.abs(halves.astype(int) - reduced.astype(int)).mean() > 0.5


def test_playing_animates_the_preview_and_leaves_the_full_mesh_alone(view, document):
    assert is_animated(document.design)
    full_key = view.full_level.uploaded_key
    view.playing = True
    first = None
    for t in (0.4, 0.9):
        view.set_time(t)
        draw(view)
        assert view.drawn_level is view.preview_level
        assert view.preview_level.uploaded_key[1] == t
        first = first if first is not None else framebuffer(view)
    assert not np.array_equal(framebuffer(view), first)  # the glow moved
    assert view.full_level.uploaded_key == full_key
    view.playing = False


def test_the_motion_resolution_steps_towards_the_frame_budget(view):
    low, high = MOTION_SCALES
    for _ in range(40):
        view._adapt_motion_scale(200.0)  # far too slow
    assert view.motion_scale == low
    for _ in range(40):
        view._adapt_motion_scale(2.0)  # far too fast
    assert view.motion_scale == high
    view.adaptive_motion = False
    for _ in range(10):
        view._adapt_motion_scale(200.0)
    assert view.motion_scale == high
