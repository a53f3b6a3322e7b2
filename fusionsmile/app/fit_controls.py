"""The fit's controls on screen, in the portrait view: the handles drawn over the smile,
sized in widget pixels so they stay grabbable at any zoom, and the keys that nudge the
fit. Where each handle sits and what a drag on it does to the fit is `fit_handles`'
geometry, in photo pixels; this module is its screen side.
"""

from __future__ import annotations

from collections.abc import Collection

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QPainter, QPen, QPolygonF

from fusionsmile.app.fit_handles import ARM_MM, FitHandles
from fusionsmile.core.design import PhotoFit
from fusionsmile.portrait.analysis import PhotoFace

HANDLE_COLOUR = QColor(90, 200, 255)
HANDLE_OUTLINE = QColor(12, 14, 18, 230)
ACTIVE_FILL = QColor(255, 255, 255)  # the handle under the pointer or being dragged
HANDLE_RADIUS = 7.0  # widget pixels
GRAB_REACH = 13.0  # widget pixels around a handle that grab it
MIN_ARM = 70.0  # widget pixels: rotate and scale handles at least this far out


def screen_handles(face: PhotoFace, fit: PhotoFit, view_scale: float) -> FitHandles:
    """The handles of fit on face's photo, their arms at least MIN_ARM widget pixels long
    at view_scale (widget pixels per photo pixel): on a small face the canines' reach
    would put them on top of each other."""
    px_per_mm = face.photo.size[0] / fit.width_mm
    arm = max(ARM_MM * px_per_mm, MIN_ARM / view_scale)
    across, _ = face.frame.mouth_axes
    return FitHandles(fit, face.photo.size, across, arm)


def grab_reach(view_scale: float) -> float:
    """Photo pixels around a handle that grab it, at view_scale."""
    return GRAB_REACH / view_scale


def key_nudge(key: Qt.Key, big: bool, view_scale: float) -> dict[str, float] | None:
    """The `nudged` arguments a key asks for (arrows move, [ ] rotate, + - scale), or
    None for any other key. big (Shift) takes ten times the step; a move is a widget
    pixel, whatever the zoom."""
    step = (10.0 if big else 1.0) / view_scale
    turn = 2.0 if big else 0.25
    grow = 1.05 if big else 1.01
    return {
        Qt.Key.Key_Left: {"dx_px": -step},
        Qt.Key.Key_Right: {"dx_px": step},
        Qt.Key.Key_Up: {"dy_px": -step},
        Qt.Key.Key_Down: {"dy_px": step},
        Qt.Key.Key_BracketLeft: {"droll_deg": turn},
        Qt.Key.Key_BracketRight: {"droll_deg": -turn},
        Qt.Key.Key_Plus: {"scale": grow},
        Qt.Key.Key_Equal: {"scale": grow},  # + without Shift on most keyboards
        Qt.Key.Key_Minus: {"scale": 1 / grow},
    }.get(key)


def paint_handles(painter: QPainter, points: dict[str, QPointF], active: Collection[str]) -> None:
    """The handles at points (widget pixels, by name) and the dashed arms between them;
    the active ones white and a little larger. Each has its own shape, so they tell apart
    without colour: move a crosshair, rotate a ring, scale a square, midline a diamond."""
    painter.setPen(QPen(HANDLE_COLOUR, 1.4, Qt.PenStyle.DashLine))
    painter.drawLine(points["scale"], points["rotate"])
    painter.drawLine(points["move"], points["midline"])
    outline = QPen(HANDLE_OUTLINE, 1.5)
    for name, point in points.items():
        fill = ACTIVE_FILL if name in active else HANDLE_COLOUR
        painter.setPen(outline)
        painter.setBrush(fill)
        r = HANDLE_RADIUS + (1.5 if name in active else 0.0)
        if name == "move":
            painter.drawEllipse(point, r, r)
            painter.drawLine(point - QPointF(r - 2, 0), point + QPointF(r - 2, 0))
            painter.drawLine(point - QPointF(0, r - 2), point + QPointF(0, r - 2))
        elif name == "rotate":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(fill, 3.0))
            painter.drawEllipse(point, r, r)
        elif name == "scale":
            painter.drawRect(QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r))
        else:
            painter.drawPolygon(
                QPolygonF(
                    [
                        point + QPointF(0, -r - 1),
                        point + QPointF(r + 1, 0),
                        point + QPointF(0, r + 1),
                        point + QPointF(-r - 1, 0),
                    ]
                )
            )
