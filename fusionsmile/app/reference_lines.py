"""The reference lines a smile designer draws over a portrait (View › Reference Lines):
the face's lines in cyan, the teeth's in amber, the lower lip in pink, so a midline off
the face's or an incisal plane canted against the eyes shows at a glance. The lines
themselves are measured in `fusionsmile.portrait.metrics`, in photo pixels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QColor, QPainter, QPen, QPolygonF

from fusionsmile.portrait.metrics import ReferenceLines

FACE_LINE = QColor(80, 220, 255, 220)  # eyes, facial midline, commissures
TEETH_LINE = QColor(255, 190, 60, 230)  # dental midline, incisal plane and curve
LIP_LINE = QColor(255, 110, 150, 220)  # lower lip
LINE_WIDTH = 1.6  # widget pixels

ToWidget = Callable[[NDArray[np.float64] | tuple[float, float]], QPointF]


def paint_reference_lines(painter: QPainter, lines: ReferenceLines, to_widget: ToWidget) -> None:
    """lines drawn with to_widget mapping photo pixels to the painter's."""
    for pair, colour in (
        (lines.interpupillary, FACE_LINE),
        (lines.facial_midline, FACE_LINE),
        (lines.commissures, FACE_LINE),
        (lines.dental_midline, TEETH_LINE),
        (lines.incisal_plane, TEETH_LINE),
    ):
        painter.setPen(QPen(colour, LINE_WIDTH))
        painter.drawLine(to_widget(pair[0]), to_widget(pair[1]))
    for curve, colour in ((lines.incisal_curve, TEETH_LINE), (lines.lower_lip, LIP_LINE)):
        if len(curve) >= 2:
            painter.setPen(QPen(colour, LINE_WIDTH))
            painter.drawPolyline(QPolygonF([to_widget(p) for p in curve]))
