"""The design's details as a form: title, author, story, tags and, when publishing, the
license. Edit › Title and Story and the Publish dialog both show it, so the fields, their
hints and how their text becomes `Meta` values are declared once, here; before, each
dialog built its own copy and the two had drifted (other hints, other heights, one
error line for the whole form in one and a line under each field in the other).

What the `Meta` model refuses is named under the field at fault.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PyQt6.QtCore import QSettings
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.theme import ERROR
from fusionsmile.core.design import Meta

LICENSES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")
AUTHOR_KEY = "gallery/author"
STORY_HEIGHT = 96  # pixels: a few lines; the form stays compact above the dialog's buttons


def remembered_author() -> str:
    """The name the user last published under ("" if never)."""
    return str(QSettings("FusionSmile", "FusionSmile").value(AUTHOR_KEY, "") or "")


def remember_author(author: str) -> None:
    QSettings("FusionSmile", "FusionSmile").setValue(AUTHOR_KEY, author)


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones and repeats dropped."""
    return tuple(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


def field_problems(error: ValidationError) -> dict[str, list[str]]:
    """What a Meta validation refused, by field ("tag 2: ..." for one of the tags)."""
    problems: dict[str, list[str]] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "title"
        where = f"tag {int(item['loc'][1]) + 1}: " if len(item["loc"]) > 1 else ""
        problems.setdefault(field, []).append(where + item["msg"])
    return problems


class DetailsForm(QWidget):
    """The fields of meta, author filled with author (the dialogs differ on whose name
    comes first); with_license adds the license. `fields` and `errors` hold each field's
    widget and the line under it, by Meta field name; `rows` is the form's layout, for
    rows a dialog adds below (the Publish dialog's mood and photo)."""

    def __init__(
        self,
        meta: Meta,
        author: str,
        with_license: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = QLineEdit(meta.title)
        self.author = QLineEdit(author)
        self.author.setPlaceholderText("your name, as you want to be credited")
        self.story = QPlainTextEdit(meta.story)
        self.story.setPlaceholderText("What is this smile about? (a sentence or two)")
        self.story.setFixedHeight(STORY_HEIGHT)
        self.tags = QLineEdit(", ".join(meta.tags))
        self.tags.setPlaceholderText("comma separated, e.g. sea, calm, gift")
        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "author": self.author,
            "story": self.story,
            "tags": self.tags,
        }
        self.license: QComboBox | None = None
        if with_license:
            self.license = QComboBox()
            self.license.setEditable(True)  # any license name the model takes
            self.license.addItems(LICENSES)
            self.license.setCurrentText(meta.license or LICENSES[0])
            self.license.setToolTip("how others may reuse the design; CC-BY-4.0 asks for credit")
            self.fields["license"] = self.license
        self.errors: dict[str, QLabel] = {}
        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
            self.rows.addRow(name.capitalize(), box)

    def values(self) -> dict[str, Any]:
        """The fields as Meta values: text trimmed, tags split."""
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "author": self.author.text().strip(),
            "story": self.story.toPlainText().strip(),
            "tags": split_tags(self.tags.text()),
        }
        if self.license is not None:
            values["license"] = self.license.currentText().strip()
        return values

    def meta(self, old: Meta) -> Meta:
        """old with the form's values (ValidationError naming the fields at fault)."""
        return Meta.model_validate({**old.model_dump(), **self.values()})

    def checked_meta(self, old: Meta, required: dict[str, str] | None = None) -> Meta | None:
        """old with the form's values, or None after naming every problem under its
        field (the first one focused); required: a dialog's own rule by field, its
        message shown first ("a title is needed to publish")."""
        for label in self.errors.values():
            label.setVisible(False)
        problems: dict[str, list[str]] = {}
        meta: Meta | None
        try:
            meta = self.meta(old)
        except ValidationError as error:
            problems = field_problems(error)
            meta = None
        for field, message in (required or {}).items():
            problems.setdefault(field, []).insert(0, message)
        for field, messages in problems.items():
            label = self.errors.get(field, self.errors["title"])
            label.setText("; ".join(messages))
            label.setVisible(True)
        if problems or meta is None:
            first = next(iter(problems), "title")
            self.fields.get(first, self.title).setFocus()
            return None
        return meta
