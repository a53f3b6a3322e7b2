"""The Film dialog's export row: the film's file, size, frame rate and quality, the
progress of a film written in a child process, the status line, and Export film, Show in
folder and Close.

The row shows the storyboard's cross-fade and length too (they are the storyboard's, so
the dialog fills them and edits the cross-fade as any other storyboard edit). The status
line is the dialog's one line for everything it says (`say`), storyboard errors included.
"""

from __future__ import annotations

import html
from pathlib import Path

from PyQt6.QtCore import Qt, QUrl, pyqtSignal
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.child_job import ChildJob
from fusionsmile.app.film_shot_form import spin
from fusionsmile.app.theme import ERROR
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_to_json
from fusionsmile.export.errors import ExportError
from fusionsmile.export.video import check_video
from fusionsmile.film.job import FilmRequest, run_film_in_child
from fusionsmile.film.storyboard import Storyboard, storyboard_to_json

SIZES = ("640x360", "1280x720", "1920x1080", "3840x2160")


class FilmExport(QWidget):
    """Writes a film (`run`) in a child process, `runner` while it runs, with progress and
    Cancel; Export film and Close are the dialog's to connect (`export_button`,
    `cancel_button`).

    Signals: exported(list of paths).
    """

    exported = pyqtSignal(list)

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        """suggested: the design's file or name; the film is named after it (.mp4)."""
        super().__init__(parent)
        self.runner: ChildJob | None = None
        self.path = QLineEdit(str(suggested.with_suffix(".mp4")))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        self.video_size = QComboBox()
        self.video_size.setEditable(True)  # any even size, e.g. 1080x1080
        self.video_size.addItems(SIZES)
        self.video_size.setCurrentText("1280x720")
        self.fps = QSpinBox()
        self.fps.setRange(24, 60)
        self.fps.setValue(30)
        self.fps.setSuffix(" fps")
        self.quality = QComboBox()
        self.quality.addItems(("draft", "standard", "high"))
        self.quality.setCurrentText("standard")
        self.crossfade = spin(0.0, 1.5, 0.25, " s")
        for widget, tip in (
            (self.video_size, "width x height in pixels, both even; type any, e.g. 1080x1080"),
            (self.fps, "frames per second"),
            (self.quality, "the encoder's quality: draft is quick, high the sharpest"),
            (self.crossfade, "how long each shot dissolves into the next"),
        ):
            widget.setToolTip(tip)
        self.length = QLabel("")
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        film_form = QFormLayout()
        film_form.addRow("File", file_row)
        settings = QHBoxLayout()
        fade = QLabel("Cross-fade")
        for widget in (self.video_size, self.fps, self.quality, fade, self.crossfade):
            settings.addWidget(widget)
        settings.addWidget(self.length, 1)
        film_form.addRow("Video", settings)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        # say() escapes every line: read as HTML always (Qt's guess took a name with "&"
        # and no tag for plain text and showed "&amp;").
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export film", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.folder_button = self.buttons.addButton(
            "Show in folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.folder_button.setToolTip("open the folder holding the film just written")
        self.folder_button.setEnabled(False)  # until a film is written
        self.folder_button.clicked.connect(self.show_folder)
        self._film_folder: Path | None = None
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Close")  # the storyboard's edits are kept: nothing to cancel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(film_form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def request(
        self, design: Design, storyboard: Storyboard, photo: Path | None, face: int
    ) -> FilmRequest:
        """The film of storyboard as the row shows it; ValueError for a size that is not WxH."""
        parts = self.video_size.currentText().lower().replace(" ", "").split("x")
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            raise ValueError(f"size {self.video_size.currentText()!r}: give it as 1280x720")
        width, height = int(parts[0]), int(parts[1])
        return FilmRequest(
            design_json=design_to_json(design),
            storyboard_json=storyboard_to_json(storyboard),
            out=self.path.text(),
            size=(width, height),
            fps=float(self.fps.value()),
            quality=self.quality.currentText(),
            photo=None if photo is None else str(photo),
            face=face,
        )

    def checked(self, request: FilmRequest) -> bool:
        """True when request is a film the writer takes; else the status line says why."""
        if Path(request.out).suffix.lower() not in (".mp4", ".webm"):
            self.say("a film is an .mp4 or .webm file", error=True)
            return False
        try:  # said at once, not by a child seconds later
            check_video(request.size, request.fps, request.quality)
        except ExportError as error:
            self.say(str(error), error=True)
            return False
        return True

    def run(self, request: FilmRequest) -> None:
        """Write the film in a child process (once the user chose to replace a film of
        that name)."""
        if not self._may_replace(Path(request.out)):
            return
        self.runner = ChildJob(run_film_in_child, request, self, what="the film")
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.export_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.cancel_button.setText("Cancel export")
        self.bar.setVisible(True)
        self.bar.setValue(0)
        self.say("starting…")
        self.runner.start()

    def _progress(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.say(text)

    def _may_replace(self, out: Path) -> bool:
        """True when out is no file yet, or the user chose to replace it (the film
        there stays until the new one is written whole)."""
        if not out.is_file():
            return True
        answer = QMessageBox.question(
            self,
            "Replace film?",
            # Escaped inside a tag: a name that looks like HTML is shown as a name.
            f"<p>Replace {html.escape(out.name)}?</p>"
            f"<p>A film of that name is already in {html.escape(str(out.parent))}.</p>",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.say(f"not exported: {out.name} is kept")
            return False
        return True

    def show_folder(self) -> None:
        """Open the folder of the last film written in the system's file manager."""
        if self._film_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._film_folder)))

    def _finished(self, files: object) -> None:
        assert isinstance(files, list)
        self.bar.setValue(1000)
        if files:
            self._film_folder = Path(files[0]).parent
        self._idle()
        self.say("wrote " + ", ".join(Path(f).name for f in files))
        self.exported.emit(files)

    def _failed(self, message: str) -> None:
        self._idle()
        self.bar.setVisible(False)
        self.say(f"Export failed: {message}", error=True)

    def cancel(self) -> bool:
        """Cancel the film being written; False when none is."""
        if self.runner is not None and self.runner.running:
            self.runner.cancel()
            self._idle()
            self.bar.setVisible(False)
            self.say("cancelled; no file was written")
            return True
        return False

    def stop(self) -> None:
        """Cancel the film being written, saying nothing (the dialog is going away)."""
        if self.runner is not None and self.runner.running:
            self.runner.cancel()

    def _idle(self) -> None:
        self.export_button.setEnabled(True)
        self.folder_button.setEnabled(self._film_folder is not None)
        self.cancel_button.setText("Close")

    def browse(self) -> None:
        """Choose the film's file in a file dialog."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save film",
            self.path.text(),
            "Video (*.mp4 *.webm)",
            # Export film asks before replacing a film: once, not here and again there.
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path.setText(name)

    def say(self, text: str, error: bool = False) -> None:
        """Show text on the status line (in the error colour when error)."""
        text = html.escape(text)  # file names and lines from files: text, never HTML
        if error:
            text = f"<span style='color:{ERROR}'>{text}</span>"
        self.status.setText(text)
