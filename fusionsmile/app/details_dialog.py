"""Edit > Title and Story: name the design, say who made it and what it is about, at any
time. Before, the only place was the Publish dialog, so a smile made for a friend was
saved as "my-fusion-smile.json" under "My Fusion Smile". The details are one undo step
("Design details"); a value the model refuses is named in the dialog, which stays open.
"""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.publish_dialog import remembered_author, split_tags


class DetailsDialog(QDialog):
    """Title, author, story and tags of the open design."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Title and Story")
        self._document = document
        meta = document.design.meta
        self.title = QLineEdit(meta.title)
        self.author = QLineEdit(meta.author or remembered_author())
        self.author.setPlaceholderText("your name, as you want to be credited")
        self.story = QPlainTextEdit(meta.story)
        self.story.setPlaceholderText("What is this smile about? (a sentence or two)")
        self.story.setMaximumHeight(110)
        self.tags = QLineEdit(", ".join(meta.tags))
        self.tags.setPlaceholderText("comma separated, e.g. sea, calm, gift")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #f0a33a;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Author", self.author)
        form.addRow("Story", self.story)
        form.addRow("Tags", self.tags)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def apply(self) -> None:
        """The details into the design as one undo step, or the problem shown."""
        meta = self._document.design.meta.model_copy(
            update={
                "title": self.title.text().strip(),
                "author": self.author.text().strip(),
                "story": self.story.toPlainText().strip(),
                "tags": split_tags(self.tags.text()),
            }
        )
        problem = self._document.update("Design details", meta=meta)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.accept()
