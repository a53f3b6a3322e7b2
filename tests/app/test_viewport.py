"""The 3D view's levels of detail in a real Qt window: the preview mesh first and while
moving or playing, the full mesh still; the still frame after motion drawn in parts that
add up to the one-piece frame; the motion resolution adapting to the frame time."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.scene_service import SceneService
from fusionsmile.app.viewport import MOTION_SCALES, STILL_BANDS, SmileView
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
    qtbot.waitUntil(lambda: view.built is not None, timeout=BUILD_TIMEOUT_MS)
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


def test_the_service_builds_the_preview_mesh_first_then_the_full_one(qtbot, service, design):
    arrivals = []
    service.preview_built.connect(lambda preview: arrivals.append(("preview", preview)))
    service.built.connect(lambda built: arrivals.append(("full", built)))
    request = service.request(design)
    qtbot.waitUntil(lambda: len(arrivals) == 2, timeout=BUILD_TIMEOUT_MS)
    assert [kind for kind, _ in arrivals] == ["preview", "full"]
    preview, built = arrivals[0][1], arrivals[1][1]
    assert preview.request == built.request == request
    assert preview.design is design
    # The same dentition, coarser: every tooth is there, with far fewer triangles.
    assert set(preview.scene.parts) == set(built.scene.parts)
    assert preview.scene.triangle_count < built.scene.triangle_count / 3


def test_a_drag_builds_previews_and_one_full_build_when_it_rests(qtbot, service, design):
    """Requests that pile up while one is built are skipped (newest wins), and a full
    build runs only when no newer request waits: the last request always gets one."""
    previews, fulls = [], []
    service.preview_built.connect(lambda preview: previews.append(preview.request))
    service.built.connect(lambda built: fulls.append(built.request))
    requests = []
    for step in range(12):
        geometry = design.geometry.model_copy(update={"spacing_mm": 0.1 * step})
        requests.append(service.request(design.model_copy(update={"geometry": geometry})))
        qtbot.wait(15)
    qtbot.waitUntil(lambda: bool(fulls) and fulls[-1] == requests[-1], timeout=BUILD_TIMEOUT_MS)
    qtbot.waitUntil(service.idle, timeout=BUILD_TIMEOUT_MS)
    assert previews[-1] == requests[-1] and previews == sorted(previews)
    assert len(fulls) < len(previews) <= len(requests)


def test_the_newest_preview_is_drawn_until_its_full_build_arrives(qtbot, view, document):
    geometry = document.design.geometry.model_copy(update={"spacing_mm": 0.8})
    design = document.design.model_copy(update={"geometry": geometry})
    seen = []
    view.service.preview_built.connect(lambda _: seen.append(view.preview.request))
    request = view.service.request(design)
    qtbot.waitUntil(lambda: view.preview.request == request, timeout=BUILD_TIMEOUT_MS)
    if view.built.request < request:  # the full build is still on its way
        draw(view)
        assert view.drawn_level is view.preview_level
    qtbot.waitUntil(lambda: view.built.request == request, timeout=BUILD_TIMEOUT_MS)
    view._stood_still()
    qtbot.waitUntil(lambda: not view.refining, timeout=5_000)
    draw(view)
    assert view.drawn_level is view.full_level
    assert view.full_level.source.design.geometry.spacing_mm == 0.8


def test_moving_frames_draw_the_preview_and_still_frames_the_full_mesh(qtbot, view):
    view.orbit(5.0, 0.0)
    draw(view)
    assert view.moving and view.drawn_level is view.preview_level
    full_key = view.full_level.uploaded_key
    qtbot.waitUntil(lambda: not view.moving, timeout=5_000)
    qtbot.waitUntil(lambda: not view.refining, timeout=5_000)
    draw(view)
    assert view.drawn_level is view.full_level
    assert view.full_level.renderer.scene.triangle_count == view.built.scene.triangle_count
    assert view.full_level.uploaded_key == full_key  # the full mesh was not re-uploaded


def test_the_still_frame_after_motion_comes_in_parts_equal_to_one_piece(view):
    view.orbit(5.0, 0.0)
    draw(view)
    reduced = framebuffer(view)
    view._stood_still()
    for _ in range(STILL_BANDS):
        draw(view)  # a band of the surface pass; the reduced frame stays up
        assert view.refining
        np.testing.assert_array_equal(framebuffer(view), reduced)
    draw(view)  # bloom and composite
    assert not view.refining
    parts = framebuffer(view)
    view.update()
    draw(view)  # the same still frame, now in one piece (no reduced frame before it)
    assert not view.refining
    np.testing.assert_array_equal(framebuffer(view), parts)
    # And the still frame is the sharper one: it differs from the stretched reduced one.
    assert np.abs(parts.astype(int) - reduced.astype(int)).mean() > 0.5


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
