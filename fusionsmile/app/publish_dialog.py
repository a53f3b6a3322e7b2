"""Publish dialog: the design's details (title, author, story, tags, license) checked by
the design's own `Meta` model, then the design added to the gallery in a child process,
which renders its thumbnail (see `fusionsmile.gallery.jobs`).

A design made on a portrait is published without its photo. When the photo is open, a
box (unticked, with a warning) lets its maker share it: only its pixels go.
"""

from __future__ import annotations

import html
from pathlib import Path

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QCloseEvent
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.child_job import ChildJob
from fusionsmile.app.details_form import DetailsForm, remember_author, remembered_author
from fusionsmile.app.theme import ERROR, WARNING
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_to_json
from fusionsmile.gallery.jobs import Published, PublishRequest, run_in_child


class PublishDialog(QDialog):
    """Details of design, then a progress bar while it is added to the gallery at root.

    Signals: published(result: Published, design: Design) once the entry exists (new or
    already there); the dialog closes itself only when the entry is new, so "already in
    your gallery" stays readable.
    """

    published = pyqtSignal(object, object)

    def __init__(
        self,
        design: Design,
        root: Path,
        parent: QWidget | None = None,
        photo_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.design, self.root = design, Path(root)
        self.photo_path = photo_path
        self.job: ChildJob | None = None
        self.setWindowTitle("Publish to my gallery")
        self.setMinimumWidth(440)
        meta = design.meta
        # Whoever publishes is credited: the name they last published under comes first.
        self.form = DetailsForm(meta, remembered_author() or meta.author, with_license=True)
        self.mood = QLabel(meta.mood or "none")
        self.mood.setTextFormat(Qt.TextFormat.PlainText)  # the design's, maybe a stranger's
        self.mood.setToolTip("set in the Mood && Fusion dock")
        self.mood.setStyleSheet("color: palette(placeholder-text);")
        form = self.form.rows
        form.addRow("Mood", self.mood)
        self.share_photo = QCheckBox("Share my portrait photo with this smile")
        self.photo_warning = QLabel(
            "Anyone who gets your gallery, its bundles or its web site will see the face in"
            " it. Only its pixels go: no location, camera data or file name."
        )
        self.photo_warning.setWordWrap(True)
        self.photo_warning.setStyleSheet(f"color: {WARNING}; font-size: 9pt;")
        self.photo_warning.setVisible(False)
        self.share_photo.toggled.connect(self.photo_warning.setVisible)
        if design.photo is not None:
            if photo_path is None:
                self.share_photo.setEnabled(False)
                self.share_photo.setToolTip("open the photo first to share it")
            form.addRow("Photo", self.share_photo)
            form.addRow("", self.photo_warning)
        else:
            self.share_photo.setVisible(False)

        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # the render reports no steps: a busy bar
        self.bar.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        publish = self.buttons.addButton("Publish", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert publish is not None and cancel is not None
        self.publish_button, self.cancel_button = publish, cancel
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def validate(self) -> Design | None:
        """The design with the dialog's details, or None after naming every problem on
        its field."""
        required: dict[str, str] = {}
        if not self.form.title.text().strip():
            required["title"] = "a title is needed to publish"
        if self.form.license is not None and not self.form.license.currentText().strip():
            required["license"] = "choose a license"
        meta = self.form.checked_meta(self.design.meta, required)
        return None if meta is None else self.design.model_copy(update={"meta": meta})

    def start(self) -> None:
        design = self.validate()
        if design is None:
            return
        remember_author(design.meta.author)
        self.design = design
        shared = self.photo_path if self.share_photo.isChecked() else None
        request = PublishRequest(
            design_to_json(design), str(self.root), str(shared) if shared else None
        )
        self.job = ChildJob(run_in_child, request, self, what="publishing")
        self.job.progress.connect(lambda _, text: self.status.setText(text))
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.form.setEnabled(False)  # the photo's box too: it is one of the form's rows
        self.publish_button.setEnabled(False)
        self.bar.setVisible(True)
        self.status.setText("starting…")
        self.job.start()

    def _finished(self, result: Published) -> None:
        self.bar.setVisible(False)
        self.published.emit(result, self.design)
        if result.added:
            self.status.setText(f"Added “{html.escape(result.title)}” to your gallery.")
            self.accept()
            return
        self.status.setText(
            f"“{html.escape(result.title)}” is already in your gallery: nothing was added."
        )
        self.publish_button.setVisible(False)
        self.cancel_button.setText("Close")

    def _failed(self, message: str) -> None:
        self.form.setEnabled(True)
        self.publish_button.setEnabled(True)
        self.bar.setVisible(False)
        self.status.setText(
            f"<span style='color:{ERROR}'>Publishing failed: {html.escape(message)}</span>"
        )

    def _cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # the entry folder is renamed into place last: nothing half-made
            self._failed("cancelled")
            return
        self.reject()

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
        super().closeEvent(event)
