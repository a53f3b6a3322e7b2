"""Steering the 3D view (issue 15) in a real GL widget: the orbit rate follows the view's
size, zoom and pitch stay within limits that keep the smile in view, and the selected
teeth have an outline that reads against a glow of the selection tint's own colour."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.scene_service import SceneService
from fusionsmile.app.steering import CLOSEST, FARTHEST, PITCH_LIMIT_BOTH
from fusionsmile.app.view_state import ViewState
from fusionsmile.app.viewport import SmileView
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.moods import apply_mood
from fusionsmile.core.starter import starter_design
from tests.app.test_view_state import drag

BUILD_TIMEOUT_MS = 120_000


@pytest.fixture
def service():
    service = SceneService()
    yield service
    service.stop()


def shown_view(qtbot, document, service, size=(640, 360), lighting="day") -> SmileView:
    state = ViewState()
    state.set_lighting(lighting)
    view = SmileView(document, service, state)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    service.request(document.design)
    qtbot.waitUntil(lambda: view.built is not None, timeout=BUILD_TIMEOUT_MS)
    view.repaint()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.camera is not None, timeout=BUILD_TIMEOUT_MS)
    return view


def test_a_drag_across_a_share_of_the_view_turns_the_same_in_any_size(
    qtbot, document: DesignDocument, service: SceneService
) -> None:
    turns = []
    for width, height in ((480, 300), (1200, 700)):
        view = shown_view(qtbot, document, service, (width, height))
        before = view.camera.azimuth_deg
        drag(view, (width * 0.3, height / 2), (width * 0.55, height / 2))  # a quarter
        turns.append(before - view.camera.azimuth_deg)
    assert turns[0] == pytest.approx(turns[1], abs=0.5)
    assert 30 <= turns[0] <= 60  # a quarter of the view: ~45°, not 0.4° a pixel


def test_zoom_and_pitch_stop_where_the_smile_stays_in_view(
    qtbot, document: DesignDocument, service: SceneService
) -> None:
    view = shown_view(qtbot, document, service)
    framed = view.camera.distance_mm
    for _ in range(60):
        view.zoom(1 / 0.9)
    assert view.camera.distance_mm == pytest.approx(FARTHEST * framed)
    for _ in range(60):
        view.zoom(0.9)
    assert view.camera.distance_mm == pytest.approx(CLOSEST * framed)
    view.frame()
    view.repaint()
    QApplication.processEvents()
    w, h = view.width(), view.height()
    drag(view, (w / 2, h * 0.1), (w / 2, h * 0.9 + 2000))  # far beyond the top
    assert abs(view.camera.elevation_deg) <= PITCH_LIMIT_BOTH + 1e-6
    drag(view, (w * 0.1, h / 2), (w * 0.9 + 5000, h / 2))  # round to the back
    assert abs(view.camera.azimuth_deg) < 120
    # The smile is still in front of the camera and on screen.
    scene = view._scene
    enamel = scene.position[scene.region == Region.ENAMEL]
    clip = (
        np.c_[enamel, np.ones(len(enamel))]
        @ (view.camera.projection_matrix(view._aspect()) @ view.camera.view_matrix()).T
    )
    ndc = clip[:, :2] / clip[:, 3:4]
    assert (clip[:, 3] > 0).all() and (np.abs(ndc) < 1).mean() > 0.5


def test_the_selection_outline_reads_against_a_cyan_glow(qtbot, service: SceneService) -> None:
    # Hope's jellyfish glow is the cyan-green of the selection tint.
    document = DesignDocument()
    document.open(apply_mood(starter_design("hope", fusion=1.0), "hope"), None)
    view = shown_view(qtbot, document, service, (640, 360), lighting="night")
    plain = view.grab().toImage()
    document.set_selection((11,))
    view.repaint()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: bool(view.outline.outlines), timeout=10_000)
    image = view.grab().toImage()
    (outline,) = view.outline.outlines
    light = dark = 0
    for x, y in outline:
        for dx in range(-3, 4):
            for dy in range(-3, 4):
                px, py = int(x) + dx, int(y) + dy
                if 0 <= px < image.width() and 0 <= py < image.height():
                    lightness = image.pixelColor(px, py).lightness()
                    light += lightness > 235
                    dark += lightness < 40 and plain.pixelColor(px, py).lightness() >= 40
    # A light line with a dark edge: at once brighter and darker than the glow under it.
    assert light >= len(outline) and dark >= len(outline)
