"""The dental chart: all 32 teeth drawn as a dentist reads them, and clicked to select.

Upper teeth 18..11 21..28 on top and lower 48..41 31..38 below, so the patient's right is
on the viewer's left. Each crown is as wide and as long as Wheeler's average for its type
(molars wide, incisors narrow and long), on a gentle curve like an open mouth, and the
whole chart scales to the widget. Missing teeth are dashed outlines, selected teeth take
the accent colour, third molars are greyed while the design leaves them out, and a tooth
with edits carries a small dot.

Click selects one tooth, Ctrl-click toggles one in or out of the selection, a click
beside the teeth clears it. The selection is the document's; the chart only shows it.
"""

from __future__ import annotations

from PyQt6.QtCore import QPointF, QRectF, QSize, Qt
from PyQt6.QtGui import (
    QColor,
    QFont,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTransform,
)
from PyQt6.QtWidgets import QSizePolicy, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.core.design import Design
from fusionsmile.core.teeth import ToothType, arch_of, tooth_type, universal_number, wheeler_size

UPPER_ROW = (*range(18, 10, -1), *range(21, 29))
LOWER_ROW = (*range(48, 40, -1), *range(31, 39))

TYPE_NAMES = {
    ToothType.CENTRAL: "central incisor",
    ToothType.LATERAL: "lateral incisor",
    ToothType.CANINE: "canine",
    ToothType.PREMOLAR1: "first premolar",
    ToothType.PREMOLAR2: "second premolar",
    ToothType.MOLAR1: "first molar",
    ToothType.MOLAR2: "second molar",
    ToothType.MOLAR3: "third molar",
}

# Layout in chart units (mm of Wheeler's crowns): gaps, label bands and the arch curve.
GAP = 0.7
MIDLINE_GAP = 1.6
LABEL_BAND = 5.0
BITE_GAP = 3.0
CURVE = 3.0  # how far the last molars sit from the occlusal line, like an open mouth
MARGIN = 2.0

ENAMEL_CERVICAL = QColor("#d8ccb0")
ENAMEL_INCISAL = QColor("#f6f2ea")
EDITED_DOT = QColor("#ffb347")


def tooth_name(fdi: int) -> str:
    """'upper right central incisor' (the patient's right)."""
    side = "right" if fdi // 10 in (1, 4) else "left"
    return f"{arch_of(fdi)} {side} {TYPE_NAMES[tooth_type(fdi)]}"


def crown_outline(kind: ToothType) -> QPainterPath:
    """The crown in a unit box, cervical line at y=0 and the biting edge at y=1."""
    posterior = not kind.is_anterior
    neck = 0.14 if posterior else 0.17  # how much narrower the cervix is than the crown
    corner = 0.28 if posterior else 0.12
    path = QPainterPath()
    path.moveTo(neck, 0.1)
    path.quadTo(0.5, -0.1, 1 - neck, 0.1)  # the cervical line arches towards the root
    path.cubicTo(1 - neck / 2, 0.3, 1.0, 0.45, 1.0, 0.7)
    path.lineTo(1.0, 1 - corner)
    if kind is ToothType.CANINE:
        path.quadTo(0.9, 0.98, 0.5, 1.06)  # the cusp tip
        path.quadTo(0.1, 0.98, 0.0, 1 - corner)
    elif posterior:
        path.quadTo(1.0, 1.0, 1 - corner, 1.0)
        path.quadTo(0.5, 0.93, corner, 1.0)  # a shallow fossa between the cusps
        path.quadTo(0.0, 1.0, 0.0, 1 - corner)
    else:
        path.quadTo(1.0, 1.0, 1 - corner, 1.0)
        path.lineTo(corner, 1.0)
        path.quadTo(0.0, 1.0, 0.0, 1 - corner)
    path.lineTo(0.0, 0.7)
    path.cubicTo(0.0, 0.45, neck / 2, 0.3, neck, 0.1)
    path.closeSubpath()
    return path


def _chart_boxes() -> tuple[dict[int, QRectF], QRectF]:
    """Each crown's box in chart units, and the whole chart's bounds."""
    boxes: dict[int, QRectF] = {}
    tallest = max(wheeler_size(fdi).crown_length for fdi in UPPER_ROW + LOWER_ROW)
    occlusal_upper = MARGIN + LABEL_BAND + CURVE + tallest
    occlusal_lower = occlusal_upper + BITE_GAP
    width = 0.0
    for row in (UPPER_ROW, LOWER_ROW):
        x = MARGIN
        for index, fdi in enumerate(row):
            if index == 8:
                x += MIDLINE_GAP - GAP
            size = wheeler_size(fdi)
            boxes[fdi] = QRectF(x, 0.0, size.md_crown, size.crown_length)
            x += size.md_crown + GAP
        width = max(width, x - GAP + MARGIN)
    middle = width / 2
    for fdi, box in boxes.items():
        lift = CURVE * ((box.center().x() - middle) / (middle - MARGIN)) ** 2
        if arch_of(fdi) == "upper":
            box.moveBottom(occlusal_upper - lift)
        else:
            box.moveTop(occlusal_lower + lift)
    height = occlusal_lower + CURVE + tallest + LABEL_BAND + MARGIN
    return boxes, QRectF(0.0, 0.0, width, height)


class TeethChart(QWidget):
    """A painted chart of the 32 teeth bound to the document's selection."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._universal = False
        self._hover: int | None = None
        self._boxes, self._bounds = _chart_boxes()
        self._outlines = {kind: crown_outline(kind) for kind in ToothType}
        self.setMouseTracking(True)
        self.setMinimumSize(240, 110)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        document.changed.connect(self._design_changed)
        document.opened.connect(lambda _path: self.update())
        document.selection_changed.connect(lambda _teeth: self.update())

    def sizeHint(self) -> QSize:
        return QSize(420, 180)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Keep the chart's proportions, so a narrow dock does not leave bands of nothing.
        return max(
            self.minimumHeight(), round(width * self._bounds.height() / self._bounds.width())
        )

    # -- numbering -----------------------------------------------------------------------

    @property
    def universal(self) -> bool:
        return self._universal

    def set_universal(self, universal: bool) -> None:
        """Label teeth with Universal numbers (1-32) instead of FDI."""
        self._universal = universal
        self.update()

    def label_for(self, fdi: int) -> str:
        return str(universal_number(fdi) if self._universal else fdi)

    # -- geometry of the drawing ---------------------------------------------------------

    def _to_widget(self) -> QTransform:
        """Chart units -> widget pixels: uniform scale, centred."""
        scale = min(self.width() / self._bounds.width(), self.height() / self._bounds.height())
        dx = (self.width() - self._bounds.width() * scale) / 2
        dy = (self.height() - self._bounds.height() * scale) / 2
        return QTransform(scale, 0, 0, scale, dx, dy)

    def tooth_rect(self, fdi: int) -> QRectF:
        """The crown's box in widget pixels."""
        return self._to_widget().mapRect(self._boxes[fdi])

    def tooth_at(self, point: QPointF) -> int | None:
        """The tooth under a widget point, None beside the teeth."""
        inverse, _ = self._to_widget().inverted()
        at = inverse.map(point)
        for fdi, box in self._boxes.items():
            # A little slack between teeth, so narrow incisors are easy to hit.
            if box.adjusted(-GAP / 2, -1.0, GAP / 2, 1.0).contains(at):
                return fdi
        return None

    # -- input ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton:
            return
        fdi = self.tooth_at(event.position())
        selection = set(self.document.selection)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if fdi is not None:
                selection ^= {fdi}
        else:
            selection = {fdi} if fdi is not None else set()
        self.document.set_selection(selection)

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        fdi = self.tooth_at(event.position())
        if fdi != self._hover:
            self._hover = fdi
            self.setToolTip(self._describe(fdi) if fdi is not None else "")
            self.update()

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()

    def _describe(self, fdi: int) -> str:
        numbers = f"FDI {fdi} · Universal {universal_number(fdi)}"
        override = self.document.design.geometry.override(fdi)
        state = " · missing" if override.missing else ""
        return f"{tooth_name(fdi).capitalize()}{state}\n{numbers}"

    def _design_changed(self, old: Design, new: Design) -> None:
        if old.geometry != new.geometry:
            self.update()

    # -- drawing -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        to_widget = self._to_widget()
        scale = to_widget.m11()
        geometry = self.document.design.geometry
        selection = set(self.document.selection)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        text = palette.color(QPalette.ColorRole.WindowText)
        dim = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        self._draw_midline(painter, to_widget, dim)
        font = QFont(self.font())
        font.setPixelSize(max(8, round(2.9 * scale)))
        painter.setFont(font)
        for fdi, box in self._boxes.items():
            rect = to_widget.mapRect(box)
            override = geometry.override(fdi)
            absent = fdi % 10 == 8 and not geometry.third_molars
            selected = fdi in selection
            self._draw_crown(painter, fdi, rect, override.missing, absent, selected, accent)
            label_color = accent if selected else (dim if absent else text)
            self._draw_label(painter, fdi, rect, scale, label_color)
            if str(fdi) in geometry.teeth and not override.missing:
                self._draw_edited_dot(painter, fdi, rect, scale)
        painter.end()

    def _draw_midline(self, painter: QPainter, to_widget: QTransform, color: QColor) -> None:
        x = (self._boxes[11].right() + self._boxes[21].left()) / 2
        pen = QPen(color, 1.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        top = to_widget.map(QPointF(x, MARGIN + LABEL_BAND))
        bottom = to_widget.map(QPointF(x, self._bounds.height() - MARGIN - LABEL_BAND))
        painter.drawLine(top, bottom)
        # The patient's sides, where a dentist expects them.
        middle_y = (self._boxes[11].bottom() + self._boxes[41].top()) / 2
        font = QFont(self.font())
        font.setPixelSize(max(8, round(2.4 * to_widget.m11())))
        painter.setFont(font)
        painter.setPen(color)
        for label, x_units, align in (
            ("R", MARGIN, Qt.AlignmentFlag.AlignLeft),
            ("L", self._bounds.width() - MARGIN, Qt.AlignmentFlag.AlignRight),
        ):
            at = to_widget.map(QPointF(x_units, middle_y))
            box = QRectF(
                at.x() - 30 if align == Qt.AlignmentFlag.AlignRight else at.x(), at.y() - 10, 30, 20
            )
            painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, label)

    def _draw_crown(
        self,
        painter: QPainter,
        fdi: int,
        rect: QRectF,
        missing: bool,
        absent: bool,
        selected: bool,
        accent: QColor,
    ) -> None:
        upper = arch_of(fdi) == "upper"
        # Unit box -> rect, flipped for the lower arch so every cervical line faces its gum.
        shape = QTransform()
        if upper:
            shape.translate(rect.left(), rect.top())
            shape.scale(rect.width(), rect.height())
        else:
            shape.translate(rect.left(), rect.bottom())
            shape.scale(rect.width(), -rect.height())
        path = shape.map(self._outlines[tooth_type(fdi)])
        hovered = fdi == self._hover
        if missing:
            pen = QPen(accent if selected else QColor(150, 150, 155), 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(
                QColor(accent.red(), accent.green(), accent.blue(), 40)
                if selected
                else Qt.BrushStyle.NoBrush
            )
            painter.drawPath(path)
            return
        gradient = QLinearGradient(
            QPointF(rect.center().x(), rect.top() if upper else rect.bottom()),
            QPointF(rect.center().x(), rect.bottom() if upper else rect.top()),
        )
        if absent:
            gradient.setColorAt(0.0, QColor(70, 70, 74))
            gradient.setColorAt(1.0, QColor(88, 88, 92))
        elif selected:
            gradient.setColorAt(0.0, accent.darker(115))
            gradient.setColorAt(1.0, accent.lighter(135))
        else:
            gradient.setColorAt(0.0, ENAMEL_CERVICAL)
            gradient.setColorAt(1.0, ENAMEL_INCISAL)
        painter.setBrush(gradient)
        if selected:
            painter.setPen(QPen(accent.lighter(160), 1.6))
        elif hovered:
            painter.setPen(QPen(accent, 1.4))
        else:
            painter.setPen(QPen(QColor(0, 0, 0, 110), 1.0))
        painter.drawPath(path)

    def _draw_label(
        self, painter: QPainter, fdi: int, rect: QRectF, scale: float, color: QColor
    ) -> None:
        band = LABEL_BAND * scale
        if arch_of(fdi) == "upper":
            box = QRectF(rect.left() - 4, rect.top() - band, rect.width() + 8, band)
            align = Qt.AlignmentFlag.AlignBottom
        else:
            box = QRectF(rect.left() - 4, rect.bottom(), rect.width() + 8, band)
            align = Qt.AlignmentFlag.AlignTop
        painter.setPen(color)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignHCenter, self.label_for(fdi))

    def _draw_edited_dot(self, painter: QPainter, fdi: int, rect: QRectF, scale: float) -> None:
        radius = max(2.0, 0.7 * scale)
        y = rect.top() + 3 * radius if arch_of(fdi) == "upper" else rect.bottom() - 3 * radius
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(EDITED_DOT)
        painter.drawEllipse(QPointF(rect.center().x(), y), radius, radius)
