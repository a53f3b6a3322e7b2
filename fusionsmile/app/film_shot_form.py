"""The Film dialog's form of the selected shot: its length, then the rows of its kind (a
smile shot's camera, move, lighting, moment, own fusion, change and caption; a card's
heading and lines; a portrait shot's effect, lighting and caption).

The form shows a shot (`show_shot`) and says what the user asked for as
`edited(fields, merge)` and `change_edited(kind or None, fields)`; the dialog asks
`film.editing` for the new storyboard and shows the shot it holds again. The form never
builds a shot.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.film_change_editor import ChangeEditor
from fusionsmile.core.design import CAMERA_NAMES, LIGHTING_NAMES, Design
from fusionsmile.film.storyboard import CardShot, FusionChange, PhotoShot, SmileShot

MOVES = ("still", "orbit", "dolly", "turntable")


class ShotForm(QWidget):
    """The widgets of one shot, a page of `kind_forms` for each kind of shot.

    Signals: edited(fields: dict, merge: str or None), e.g. ({"caption": "dawn"},
    "caption"): edits with the same merge key in a row are undone as one;
    change_edited(kind: str | None, fields: dict), the change editor's (film_change_editor).
    folder: where a typed relative path of a blend's design is relative to.
    """

    edited = pyqtSignal(dict, object)
    change_edited = pyqtSignal(object, dict)

    def __init__(self, design: Design, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False  # widgets filled from a shot say nothing

        self.seconds = spin(0.5, 20.0, 0.5, " s")
        self.seconds.valueChanged.connect(lambda v: self._edit("seconds", seconds=v))
        self.camera = QComboBox()
        self.camera.addItems(CAMERA_NAMES)
        self.camera.currentTextChanged.connect(lambda v: self._edit(camera=v))
        self.camera_move = QComboBox()
        self.camera_move.addItems(MOVES)
        self.camera_move.currentTextChanged.connect(lambda v: self._edit(move=v))
        self.lighting = QComboBox()
        self.lighting.addItems(LIGHTING_NAMES)
        self.lighting.currentTextChanged.connect(lambda v: self._edit(lighting=v))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("words shown under the shot")
        self.caption.textEdited.connect(lambda v: self._edit("caption", caption=v))
        self.heading = QLineEdit()
        self.heading.textEdited.connect(lambda v: self._edit("heading", heading=v))
        self.lines = QPlainTextEdit()
        self.lines.setPlaceholderText("one line of the card per line")
        self.lines.textChanged.connect(self._lines_edited)
        self.time = spin(0.0, 3600.0, 0.5, " s")
        self.time.setToolTip("the moment of the design's animation the shot starts at")
        self.time.valueChanged.connect(lambda v: self._edit("time", time=v))
        self.own_fusion = QCheckBox("own")
        self.own_fusion.setToolTip("the shot's own fusion, not the design's")
        self.own_fusion.toggled.connect(self._own_fusion_toggled)
        self.fusion = spin(0.0, 1.0, 0.05)
        self.fusion.setToolTip("natural 0 .. luminous 1")
        self.fusion.valueChanged.connect(lambda v: self._edit("fusion", fusion=v))
        fusion_row = QHBoxLayout()
        fusion_row.addWidget(self.own_fusion)
        fusion_row.addWidget(self.fusion, 1)
        self.change_editor = ChangeEditor(design, folder, self)
        self.change_editor.edited.connect(self._change_edited)
        smile_form = QFormLayout()
        smile_form.addRow("Camera", self.camera)
        smile_form.addRow("Move", self.camera_move)
        smile_form.addRow("Lighting", self.lighting)
        smile_form.addRow("Time", self.time)
        smile_form.addRow("Fusion", fusion_row)
        self.change_editor.add_rows(smile_form)
        smile_form.addRow("Caption", self.caption)
        self.effect = QComboBox()
        self.effect.addItems(("wipe", "glow"))
        self.effect.setToolTip(
            "wipe: from your own smile to the design; glow: the glow on your face"
        )
        self.effect.currentTextChanged.connect(lambda v: self._edit(effect=v))
        self.photo_lighting = QComboBox()
        self.photo_lighting.addItems(LIGHTING_NAMES)
        self.photo_lighting.currentTextChanged.connect(lambda v: self._edit(lighting=v))
        self.photo_caption = QLineEdit()
        self.photo_caption.textEdited.connect(lambda v: self._edit("caption", caption=v))
        photo_form = QFormLayout()
        photo_form.addRow("Effect", self.effect)
        photo_form.addRow("Lighting", self.photo_lighting)
        photo_form.addRow("Caption", self.photo_caption)
        card_form = QFormLayout()
        card_form.addRow("Heading", self.heading)
        card_form.addRow("Lines", self.lines)
        self.kind_forms = QStackedWidget()
        for form in (smile_form, card_form, photo_form):
            form.setContentsMargins(0, 0, 0, 0)
            page = QWidget()
            page.setLayout(form)
            self.kind_forms.addWidget(page)
        shot_form = QFormLayout()
        shot_form.addRow("Length", self.seconds)
        _align_labels(shot_form, smile_form, card_form, photo_form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(shot_form)
        layout.addWidget(self.kind_forms, 1)

    def show_shot(self, shot: SmileShot | CardShot | PhotoShot, design: Design) -> None:
        """Fill the widgets from shot (a smile shot with no own fusion shows the design's)
        and show the page of its kind; nothing is said as edited."""
        self.change_editor.set_design(design)
        self._showing = True
        try:
            self.seconds.setValue(shot.seconds)
            if isinstance(shot, PhotoShot):
                self.kind_forms.setCurrentIndex(2)
                self.effect.setCurrentText(shot.effect)
                self.photo_lighting.setCurrentText(shot.lighting)
                if self.photo_caption.text() != shot.caption:
                    self.photo_caption.setText(shot.caption)
                    self.photo_caption.home(False)  # a long one shows its beginning
            elif isinstance(shot, SmileShot):
                self.kind_forms.setCurrentIndex(0)
                self.camera.setCurrentText(shot.camera)
                self.camera_move.setCurrentText(shot.move)
                self.lighting.setCurrentText(shot.lighting)
                self.time.setValue(shot.time)
                self.own_fusion.setChecked(shot.fusion is not None)
                # A fusion change sets the fusion of every frame: a shot with one has no
                # own fusion (the storyboard refuses both).
                moved = isinstance(shot.change, FusionChange)
                self.own_fusion.setEnabled(not moved)
                self.own_fusion.setToolTip(
                    "the shot's change moves the fusion"
                    if moved
                    else "the shot's own fusion, not the design's"
                )
                self.fusion.setEnabled(shot.fusion is not None and not moved)
                self.fusion.setValue(design.fusion if shot.fusion is None else shot.fusion)
                self.change_editor.show(shot.change)
                if self.caption.text() != shot.caption:
                    self.caption.setText(shot.caption)
                    self.caption.home(False)  # a long one shows its beginning
            else:
                self.kind_forms.setCurrentIndex(1)
                if self.heading.text() != shot.heading:
                    self.heading.setText(shot.heading)
                    self.heading.home(False)  # a long one shows its beginning
                if tuple(self.lines.toPlainText().split("\n")) != (shot.lines or ("",)):
                    self.lines.setPlainText("\n".join(shot.lines))
        finally:
            self._showing = False

    def _edit(self, merge: str | None = None, **fields: object) -> None:
        if not self._showing:
            self.edited.emit(fields, merge)

    def _own_fusion_toggled(self, on: bool) -> None:
        self.fusion.setEnabled(on)
        self._edit(fusion=self.fusion.value() if on else None)

    def _change_edited(self, kind: str | None, fields: dict[str, object]) -> None:
        if not self._showing:
            self.change_edited.emit(kind, fields)

    def _lines_edited(self) -> None:
        lines = tuple(self.lines.toPlainText().split("\n"))
        self._edit(lines=lines if lines != ("",) else ())


def _align_labels(*forms: QFormLayout) -> None:
    """One label column for forms stacked one above the other (the shot's length, then
    the rows of its kind): their fields start at the same x."""
    labels = [
        label
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and (label := item.widget()) is not None
    ]
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


def spin(low: float, high: float, step: float, suffix: str = "") -> QDoubleSpinBox:
    """A spin box of seconds or a fraction (the dialog's cross-fade is one too)."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    return box
