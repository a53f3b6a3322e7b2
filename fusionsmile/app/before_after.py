"""The before/after wipe of the portrait view ("compare" mode): left of a vertical line
the photo as it was, right of it the designed smile, the line dragged across the face.

The wipe's place is a share of the photo's width, not a widget x, so it stays on the
same point of the face through zoom, pan and resize.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QImage, QPainter, QPen

LINE_COLOUR = QColor(245, 245, 245)
KNOB_OUTLINE = QColor(20, 20, 24)
KNOB_RADIUS = 11.0  # widget pixels


def wipe_at(x: float, photo_rect: QRectF, wipe: float) -> float:
    """The wipe (share of the photo's width, 0 to 1) under widget x; wipe as it was when
    the photo has no width on screen."""
    if photo_rect.width() <= 0:
        return wipe
    return float(np.clip((x - photo_rect.left()) / photo_rect.width(), 0.0, 1.0))


def wipe_line_x(wipe: float, photo_rect: QRectF) -> float:
    """Widget x of the wipe line."""
    return photo_rect.left() + wipe * photo_rect.width()


def paint_wipe(
    painter: QPainter, photo_rect: QRectF, original: QImage, split: float, view_height: int
) -> None:
    """Over the composite already drawn in photo_rect: the original photo left of split
    (widget x), the line and its knob, and the Before and After labels."""
    painter.save()
    painter.setClipRect(
        QRectF(photo_rect.left(), photo_rect.top(), split - photo_rect.left(), photo_rect.height())
    )
    painter.drawImage(photo_rect, original)
    painter.restore()
    top, bottom = max(0.0, photo_rect.top()), min(float(view_height), photo_rect.bottom())
    painter.setPen(QPen(LINE_COLOUR, 2))
    painter.drawLine(QPointF(split, top), QPointF(split, bottom))
    knob = QPointF(split, (top + bottom) / 2)
    painter.setBrush(LINE_COLOUR)
    painter.setPen(QPen(KNOB_OUTLINE, 1.5))
    painter.drawEllipse(knob, KNOB_RADIUS, KNOB_RADIUS)
    painter.setPen(QPen(KNOB_OUTLINE, 2))
    for sign in (-1, 1):  # two arrowheads: the knob drags sideways
        tip = knob + QPointF(7 * sign, 0)
        painter.drawLine(tip, tip + QPointF(-4 * sign, -4))
        painter.drawLine(tip, tip + QPointF(-4 * sign, 4))
    painter.setPen(LINE_COLOUR)
    for text, x, align in (
        ("Before", split - 10, Qt.AlignmentFlag.AlignRight),
        ("After", split + 10, Qt.AlignmentFlag.AlignLeft),
    ):
        box = QRectF(x - 200 if align == Qt.AlignmentFlag.AlignRight else x, top + 8, 200, 24)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, text)
