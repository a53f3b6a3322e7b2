"""Edit > Title and Story: name the design, say who made it and what it is about, at any
time. Before, the only place was the Publish dialog, so a smile made for a friend was
saved as "my-fusion-smile.json" under "My Fusion Smile". The details are one undo step
("Design details"); a value the model refuses is named in the dialog, which stays open.
"""

from __future__ import annotations

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from fusionsmile.app.details_form import DetailsForm, remembered_author
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.theme import ERROR


class DetailsDialog(QDialog):
    """Title, author, story and tags of the open design (`form`)."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Title and Story")
        self._document = document
        meta = document.design.meta
        # The design's own author first: this names the design, not who publishes it.
        self.form = DetailsForm(meta, meta.author or remembered_author())
        # What the design as a whole refuses (the form names what its fields refuse).
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR};")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def apply(self) -> None:
        """The details into the design as one undo step, or the problem shown."""
        self.problem.hide()
        meta = self.form.checked_meta(self._document.design.meta)
        if meta is None:
            return
        problem = self._document.update("Design details", meta=meta)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.accept()
