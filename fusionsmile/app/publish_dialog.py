"""Publish dialog: the design's details (title, author, story, tags, license) checked by
the design's own `Meta` model, then the design added to the gallery in a child process,
which renders its thumbnail (see `fusionsmile.gallery.jobs`).

A design made on a portrait is published without its photo. When the photo is open, a
box (unticked, with a warning) lets its maker share it: only its pixels go.
"""

from __future__ import annotations

import html
from pathlib import Path

from pydantic import ValidationError
from PyQt6.QtCore import QSettings, pyqtSignal
from PyQt6.QtGui import QCloseEvent
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.child_job import ChildJob
from fusionsmile.app.theme import ERROR, WARNING
from fusionsmile.core.design import Design, Meta
from fusionsmile.core.design_io import design_to_json
from fusionsmile.gallery.jobs import Published, PublishRequest, run_in_child

LICENSES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")
AUTHOR_KEY = "gallery/author"


def remembered_author() -> str:
    """The name the user last published under ("" if never)."""
    return str(QSettings("FusionSmile", "FusionSmile").value(AUTHOR_KEY, "") or "")


def remember_author(author: str) -> None:
    QSettings("FusionSmile", "FusionSmile").setValue(AUTHOR_KEY, author)


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones and repeats dropped."""
    return tuple(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


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
        self.title = QLineEdit(meta.title)
        self.author = QLineEdit(remembered_author() or meta.author)
        self.author.setPlaceholderText("your name, as you want to be credited")
        self.story = QPlainTextEdit(meta.story)
        self.story.setPlaceholderText("What is this smile about? (a sentence or two)")
        self.story.setFixedHeight(84)
        self.tags = QLineEdit(", ".join(meta.tags))
        self.tags.setPlaceholderText("comma separated, e.g. joy, aurora, blacklight")
        self.license = QComboBox()
        self.license.setEditable(True)
        self.license.addItems(LICENSES)
        self.license.setCurrentText(meta.license or LICENSES[0])
        self.license.setToolTip("how others may reuse the design; CC-BY-4.0 asks for credit")
        self.mood = QLabel(meta.mood or "none")
        self.mood.setToolTip("set in the Mood && Fusion dock")
        self.mood.setStyleSheet("color: palette(placeholder-text);")

        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "author": self.author,
            "story": self.story,
            "tags": self.tags,
            "license": self.license,
        }
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in self.fields.items():
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            error = QLabel()
            error.setWordWrap(True)
            error.setStyleSheet(f"color: {ERROR}; font-size: 9pt;")
            error.setVisible(False)
            column.addWidget(error)
            self.errors[name] = error
            form.addRow(name.capitalize(), box)
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
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def meta(self) -> Meta:
        """The details as a Meta (ValidationError naming the fields at fault)."""
        old = self.design.meta
        return Meta.model_validate(
            {
                "title": self.title.text().strip(),
                "author": self.author.text().strip(),
                "story": self.story.toPlainText().strip(),
                "tags": split_tags(self.tags.text()),
                "license": self.license.currentText().strip(),
                "mood": old.mood,
                "created": old.created,
                "parents": old.parents,
            }
        )

    def validate(self) -> Design | None:
        """The design with the dialog's details, or None after naming every problem on
        its field."""
        for label in self.errors.values():
            label.setVisible(False)
        problems: dict[str, list[str]] = {}
        try:
            meta = self.meta()
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else "title"
                where = f"tag {int(item['loc'][1]) + 1}: " if len(item["loc"]) > 1 else ""
                problems.setdefault(field, []).append(where + item["msg"])
            meta = None
        if not self.title.text().strip():
            problems.setdefault("title", []).insert(0, "a title is needed to publish")
        if not self.license.currentText().strip():
            problems.setdefault("license", []).insert(0, "choose a license")
        for field, messages in problems.items():
            label = self.errors.get(field, self.errors["title"])
            label.setText("; ".join(messages))
            label.setVisible(True)
        if problems or meta is None:
            first = next(iter(problems), "title")
            self.fields.get(first, self.title).setFocus()
            return None
        return self.design.model_copy(update={"meta": meta})

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
        for widget in (*self.fields.values(), self.share_photo):
            widget.setEnabled(False)
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
        for widget in self.fields.values():
            widget.setEnabled(True)
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
