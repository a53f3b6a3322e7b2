"""Export dialogs: image, animation and mesh, each run in a child process with a progress
bar and Cancel (`ChildJob` over `fusionsmile.export.jobs.run_in_child`)."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.child_job import ChildJob
from fusionsmile.app.theme import ERROR
from fusionsmile.core.design import LIGHTING_NAMES, Design, View
from fusionsmile.core.design_io import design_to_json
from fusionsmile.core.layers.compose import loop_period
from fusionsmile.core.loops import LONGEST_S, loops_seamlessly, seamless_lengths
from fusionsmile.export.animation import FORMATS as ANIMATION_FORMATS
from fusionsmile.export.jobs import ExportRequest, JobKind, run_in_child
from fusionsmile.export.mesh import EXPORTERS, MESH_FORMATS
from fusionsmile.export.video import CODECS, MIN_FPS
from fusionsmile.render.camera import CAMERA_PRESETS

SIZES = ("1280x720", "1920x1080", "2560x1440", "3840x2160", "7680x4320", "1080x1080", "640x360")
FORMATS: dict[JobKind, tuple[str, ...]] = {
    "image": ("png",),
    "animation": ANIMATION_FORMATS,
    "mesh": MESH_FORMATS,
}
TITLES: dict[JobKind, str] = {
    "image": "Export image",
    "animation": "Export animation",
    "mesh": "Export mesh",
}


class ExportDialog(QDialog):
    """Options for one kind of export, then a progress bar until it is done."""

    exported = pyqtSignal(list)
    runner_started = pyqtSignal()

    def __init__(
        self,
        kind: JobKind,
        design: Design,
        suggested: Path,
        time: float = 0.0,
        parent: QWidget | None = None,
        view: View | None = None,
    ) -> None:
        """view: the camera and lighting to start from (the design's preferred view
        when None); the window passes what it shows."""
        super().__init__(parent)
        self.kind, self.design = kind, design
        view = view or design.view
        self.setWindowTitle(TITLES[kind])
        self.setMinimumWidth(460)
        self.runner: ChildJob | None = None
        form = QFormLayout()
        self.path = QLineEdit(str(suggested.with_suffix("." + FORMATS[kind][0])))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.format = QComboBox()
        self.format.addItems(FORMATS[kind])
        self.format.currentTextChanged.connect(self._format_changed)
        form.addRow("Format", self.format)
        self.size = QComboBox()
        self.size.setEditable(True)
        self.size.addItems(SIZES if kind == "image" else ("640x360", "960x540", "1280x720"))
        self.view = QComboBox()
        self.view.addItems(CAMERA_PRESETS)
        self.view.setCurrentText(view.camera)
        self.lighting = QComboBox()
        self.lighting.addItems(LIGHTING_NAMES)
        self.lighting.setCurrentText(view.lighting)
        self.time = QDoubleSpinBox()
        self.time.setRange(0.0, 600.0)
        self.time.setSuffix(" s")
        self.time.setValue(time)
        self.time.setToolTip("the moment of the glow's animation")
        if kind in ("image", "animation"):
            form.addRow("Size", self.size)
            form.addRow("View", self.view)
            form.addRow("Lighting", self.lighting)
        if kind in ("image", "mesh"):
            form.addRow("Time", self.time)
        self.transparent = QCheckBox("Transparent background")
        self.card = QCheckBox("Smile card (title, author, mood, palette)")
        if kind == "image":
            form.addRow("", self.transparent)
            form.addRow("", self.card)
        self.period = loop_period(design)
        self.loop_lengths = seamless_lengths(self.period)
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(0.1, LONGEST_S)
        self.seconds.setSuffix(" s")
        self.seconds.setToolTip("how long the file plays before it repeats")
        # One seamless loop and its repeats, or a length of one's own (warned about
        # when the file would jump as it repeats).
        self.length_choice = QComboBox()
        for turns, length in enumerate(self.loop_lengths, start=1):
            name = "One seamless loop" if turns == 1 else f"{turns} seamless loops"
            self.length_choice.addItem(f"{name} ({length:g} s)", length)
        self.length_choice.addItem("Custom length", None)
        self.length_choice.currentIndexChanged.connect(self._length_chosen)
        self.seconds.valueChanged.connect(self._length_changed)
        self.loop_note = QLabel("")
        self.loop_note.setWordWrap(True)
        self.seconds.setValue(self.loop_lengths[0] if self.loop_lengths else 3.0)
        self._length_changed(self.seconds.value())
        self.fps = QSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(24)
        self.fps.setSuffix(" fps")
        self.turntable = QCheckBox("Turntable (the camera circles the arch)")
        if kind == "animation":
            lengths = QHBoxLayout()
            lengths.addWidget(self.length_choice, 1)
            lengths.addWidget(self.seconds)
            form.addRow("Length", lengths)
            form.addRow("", self.loop_note)
            form.addRow("Frame rate", self.fps)
            form.addRow("", self.turntable)
        self.texture = QComboBox()
        self.texture.addItems(["512", "1024", "2048"])
        self.texture.setCurrentText("1024")
        self.split = QComboBox()
        self.split.addItems(EXPORTERS["stl"].splits)
        self.split.setToolTip("STL for 3D printing: one file, one per arch or one per tooth")
        if kind == "mesh":
            form.addRow("Texture size", self.texture)
            form.addRow("Split (STL)", self.split)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._format_changed(self.format.currentText())

    def _length_chosen(self, index: int) -> None:
        length = self.length_choice.itemData(index)
        if length is not None:
            self.seconds.setValue(length)

    def _length_changed(self, seconds: float) -> None:
        """Show the matching choice, and warn when the length will not loop."""
        match = next(
            (i for i, length in enumerate(self.loop_lengths) if abs(length - seconds) < 0.005),
            self.length_choice.count() - 1,
        )
        self.length_choice.blockSignals(True)
        self.length_choice.setCurrentIndex(match)
        self.length_choice.blockSignals(False)
        warning = self.loop_warning(seconds)
        self.loop_note.setText(warning)
        self.loop_note.setVisible(bool(warning))  # no empty gap under a seamless length

    def loop_warning(self, seconds: float) -> str:
        """What is wrong with a length of `seconds` for a looping file ('' if nothing)."""
        if loops_seamlessly(seconds, self.period):
            return ""
        if self.period is None:
            return (
                f"<span style='color:{ERROR}'>This glow does not repeat within "
                f"{LONGEST_S:g} s: the file will jump when it starts again.</span>"
            )
        choices = " or ".join(f"{length:g} s" for length in self.loop_lengths[:2])
        return (
            f"<span style='color:{ERROR}'>{seconds:g} s will jump when it repeats: the glow "
            f"repeats every {self.period:g} s. For a seamless loop choose {choices}.</span>"
        )

    def _splits(self, fmt: str) -> bool:
        """Whether the mesh format splits over files (STL: per arch or tooth)."""
        return self.kind == "mesh" and len(EXPORTERS[fmt].splits) > 1

    def _format_changed(self, fmt: str) -> None:
        # Phones and browsers play video at 24-60 fps; GIF and APNG may be slower.
        self.fps.setMinimum(int(MIN_FPS) if fmt in CODECS else 1)
        self.path.setText(str(Path(self.path.text()).with_suffix("." + fmt)))
        self.split.setEnabled(self._splits(fmt))

    def _browse(self) -> None:
        fmt = self.format.currentText()
        chosen, _ = QFileDialog.getSaveFileName(
            self, TITLES[self.kind], self.path.text(), f"{fmt.upper()} (*.{fmt})"
        )
        if chosen:
            self.path.setText(chosen)

    def request(self) -> ExportRequest:
        """The request the options describe (ValueError naming a bad option)."""
        try:
            width, height = (int(v) for v in self.size.currentText().lower().split("x"))
        except ValueError:
            raise ValueError(f"size {self.size.currentText()!r}: use WIDTHxHEIGHT") from None
        limit = (7680, 4320) if self.kind == "image" else (1920, 1080)
        if not (16 <= width <= limit[0] and 16 <= height <= limit[1]):
            raise ValueError(f"size {width}x{height}: at most {limit[0]}x{limit[1]} pixels")
        out = Path(self.path.text()).expanduser()
        if not out.parent.is_dir():
            raise ValueError(f"folder {out.parent} does not exist")
        request = ExportRequest(
            kind=self.kind, design_json=design_to_json(self.design), out=str(out)
        )
        return replace(
            request,
            size=(width, height),
            view=self.view.currentText(),
            lighting=self.lighting.currentText(),
            time=self.time.value(),
            transparent=self.transparent.isChecked(),
            card=self.card.isChecked(),
            seconds=self.seconds.value(),
            fps=float(self.fps.value()),
            turntable=self.turntable.isChecked(),
            texture_size=int(self.texture.currentText()),
            split=self.split.currentText() if self._splits(self.format.currentText()) else "none",
        )

    def start(self) -> None:
        try:
            request = self.request()
        except ValueError as error:
            self.status.setText(f"<span style='color:{ERROR}'>{html.escape(str(error))}</span>")
            return
        self.runner = ChildJob(run_in_child, request, self, what="the export")
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.export_button.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setValue(0)
        self.status.setText("starting…")
        self.runner.start()
        self.runner_started.emit()

    def _progress(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.status.setText(text)

    def _finished(self, files: object) -> None:
        assert isinstance(files, list)
        self.bar.setValue(1000)
        self.status.setText("wrote " + ", ".join(Path(f).name for f in files))
        self.exported.emit(files)
        self.accept()

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.bar.setVisible(False)
        self.status.setText(
            f"<span style='color:{ERROR}'>Export failed: {html.escape(message)}</span>"
        )

    def _cancel(self) -> None:
        if self.runner is not None and self.runner.running:
            self.runner.cancel()
            self.export_button.setEnabled(True)
            self.bar.setVisible(False)
            self.status.setText("cancelled; no file was written")
            return
        self.reject()

    def closeEvent(self, event) -> None:
        if self.runner is not None and self.runner.running:
            self.runner.cancel()
        super().closeEvent(event)
