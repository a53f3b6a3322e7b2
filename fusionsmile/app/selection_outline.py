"""The outline of the selected teeth over the 3D view.

A tint alone vanished where the glow has the tint's colour (a cyan selection under a
cyan glow), so the selection is also drawn as a two-tone line, light over a dark edge,
which reads against day light and against any glow. It is a transparent widget over the
GL view: Qt composites it, and the renderer stays the one that exports draw with.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PyQt6.QtWidgets import QWidget
from scipy.spatial import ConvexHull, QhullError

from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import Scene
from fusionsmile.render.camera import Camera

LIGHT = QColor(255, 255, 255)
DARK = QColor(10, 10, 14, 220)
# Points of a tooth the hull is taken over: plenty for an outline, cheap every frame.
_MAX_POINTS = 1500


def tooth_outlines(
    scene: Scene,
    camera: Camera,
    size: tuple[int, int],
    selection: tuple[int, ...],
) -> list[NDArray[np.float64]]:
    """(k, 2) widget pixels around each selected tooth that the camera shows (its
    enamel's projected convex hull); teeth of an arch the view hides have none."""
    width, height = size
    aspect = max(1, width) / max(1, height)
    matrix = camera.projection_matrix(aspect) @ camera.view_matrix()
    shown_quadrants = {"upper": (1, 2), "lower": (3, 4)}.get(camera.arch, (1, 2, 3, 4))
    outlines = []
    enamel = scene.region == Region.ENAMEL
    for fdi in selection:
        if fdi // 10 not in shown_quadrants:
            continue
        points = scene.position[enamel & (scene.tooth == fdi)]
        if len(points) < 3:
            continue
        points = points[:: max(1, len(points) // _MAX_POINTS)]
        clip = np.c_[points, np.ones(len(points))] @ matrix.T
        in_front = clip[:, 3] > 1e-6
        if in_front.sum() < 3:
            continue
        ndc = clip[in_front, :2] / clip[in_front, 3:4]
        pixels = np.c_[(ndc[:, 0] + 1) / 2 * width, (1 - ndc[:, 1]) / 2 * height]
        try:
            hull = ConvexHull(pixels)
        except QhullError:
            continue  # a tooth seen edge-on: no area to outline
        outlines.append(pixels[hull.vertices])
    return outlines


class SelectionOutline(QWidget):
    """Draws the outlines it is given; clicks go through to the view."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.outlines: list[NDArray[np.float64]] = []

    def set_outlines(self, outlines: list[NDArray[np.float64]]) -> None:
        same = len(outlines) == len(self.outlines) and all(
            a.shape == b.shape and np.allclose(a, b, atol=0.25)
            for a, b in zip(outlines, self.outlines, strict=True)
        )
        if not same:
            self.outlines = outlines
            self.update()

    def paintEvent(self, event: QPaintEvent | None) -> None:
        if not self.outlines:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        polygons = [QPolygonF([QPointF(x, y) for x, y in outline]) for outline in self.outlines]
        for colour, width in ((DARK, 5.0), (LIGHT, 2.0)):
            painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))  # fmt: skip
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for polygon in polygons:
                painter.drawPolygon(polygon)
        painter.end()
