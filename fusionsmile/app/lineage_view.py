"""Credits and lineage of a design, shown: the lineage tree dialog and the credits strip
under the gallery grid. Naming the parents and walking the lineage is gallery work
(`gallery.credits`); this module only shows it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.gallery.credits import SHORT_ID, Known
from fusionsmile.gallery.lineage import LineageNode


def fill_tree(
    tree: QTreeWidget,
    node: LineageNode,
    presets: Mapping[str, Known],
    root_title: str | None = None,
) -> QTreeWidgetItem:
    """Add node and its ancestors to tree as items (children are the parents); the root
    item is returned. root_title names a root that is not in the gallery."""
    tree.clear()
    root = _item(node, presets, root_title)
    tree.addTopLevelItem(root)
    tree.expandAll()
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
        tree.setColumnWidth(column, tree.columnWidth(column) + 18)  # air between columns
    return root


def _item(node: LineageNode, presets: Mapping[str, Known], title: str | None) -> QTreeWidgetItem:
    known = (
        Known(node.entry.title, node.entry.author, "gallery")
        if node.entry is not None
        else presets.get(node.id)
    )
    if known is not None:
        text = known.title + (f" by {known.author}" if known.author else "")
        where = "My gallery" if known.where == "gallery" else "Presets"
    elif title is not None:
        text, where = title, "open design"
    else:
        text, where = "not in your gallery", "—"
    if node.repeated:
        text += "  (see above)"
    item = QTreeWidgetItem([text, where, node.id[:SHORT_ID]])
    item.setToolTip(2, node.id)
    item.setData(0, Qt.ItemDataRole.UserRole, node.id)
    for parent in node.parents:
        item.addChild(_item(parent, presets, None))
    return item


class LineageDialog(QDialog):
    """The tree of designs one design came from: the design at the top, its parents below."""

    def __init__(
        self,
        node: LineageNode,
        presets: Mapping[str, Known],
        root_title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lineage")
        self.resize(520, 280)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Design", "From", "Id"])
        self.tree.setAlternatingRowColors(True)
        self.root = fill_tree(self.tree, node, presets, root_title)
        note = QLabel("Each design is shown with the designs it was remixed or blended from.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


class CreditsStrip(QWidget):
    """A quiet line under the grid crediting the open design's parents, with Lineage….

    Signals: lineage_requested()
    """

    lineage_requested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credits")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#credits { background: palette(alternate-base); border-radius: 6px; }")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # titles come from strangers
        self.label.setWordWrap(True)
        self.button = QToolButton()
        self.button.setText("Lineage…")
        self.button.setToolTip("The tree of designs the open design came from")
        self.button.clicked.connect(self.lineage_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        # Escaped: a tooltip that looks like HTML is HTML (its <img src> reads any file).
        self.label.setToolTip(html.escape(text))
        self.setVisible(bool(text))
