"""The Layers panel: the stack of the design, to pick, add, remove, duplicate and reorder.

Order: the top of the list is the top of the stack, the layer drawn last, as in
Photoshop and Figma. `Design.layers` is stored bottom first (the compositor applies it in
order), so row r shows layer n - 1 - r; every conversion goes through
`LayerStackModel.layer_index` and `row_of` so the flip lives in one place. "Move up"
means up the list, which is up the stack (drawn later).

The list model is a view of `document.design`: it never holds layers of its own, and a
user's edit in the list (a tick, a rename, a drop) becomes one document command, after
which the model redraws from the new design like every other panel.
"""

from __future__ import annotations

from PyQt6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PyQt6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.icons import icon
from fusionsmile.core.design import Layer
from fusionsmile.core.layers.registry import LayerKind, all_kinds, kind_for

GROUP_COLOURS = {"natural": "#d8c3a0", "luminous": "#3fd0c9"}
GROUP_TITLES = {"natural": "Natural", "luminous": "Luminous"}
ANIMATED_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_MIME = "application/x-fusionsmile-layer-row"
ANIMATED_MARK = "∿"

Index = QModelIndex | QPersistentModelIndex


def group_dot(group: str, size: int = 12) -> QIcon:
    """A round swatch of the group's colour; luminous ones get a faint halo."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(GROUP_COLOURS[group])
    painter.setPen(Qt.PenStyle.NoPen)
    if group == "luminous":
        halo = QColor(colour)
        halo.setAlpha(70)
        painter.setBrush(halo)
        painter.drawEllipse(0, 0, size, size)
    painter.setBrush(colour)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


def layer_title(layer: Layer) -> str:
    return layer.name or kind_for(layer.kind).label


def unique_name(label: str, layers: tuple[Layer, ...]) -> str:
    """label, or "label 2", "label 3"... so that two layers of a kind can be told apart."""
    taken = {layer.name for layer in layers}
    if label not in taken:
        return label
    number = 2
    while f"{label} {number}" in taken:
        number += 1
    return f"{label} {number}"


class LayerStackModel(QAbstractListModel):
    """The layers of the document's design, top of the stack first."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._layers = document.design.layers

    # -- the order flip -----------------------------------------------------------------

    def layer_index(self, row: int) -> int:
        return len(self._layers) - 1 - row

    def row_of(self, layer_index: int) -> int:
        return len(self._layers) - 1 - layer_index

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw from the document; a reset only when the rows themselves changed."""
        new = self.document.design.layers
        same_rows = [layer.kind for layer in new] == [layer.kind for layer in self._layers]
        if same_rows:
            self._layers = new
            if new:
                self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
        else:
            self.beginResetModel()
            self._layers = new
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._layers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        layer = self._layers[self.layer_index(index.row())]
        kind = kind_for(layer.kind)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return layer.name or kind.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if layer.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return group_dot(kind.group)
        if role == Qt.ItemDataRole.ToolTipRole:
            animated = ", animated" if kind.animated else ""
            return f"{kind.label} ({kind.group}{animated})\n{kind.description}"
        if role == Qt.ItemDataRole.ForegroundRole and not layer.enabled:
            return QColor(128, 128, 128)
        if role == ANIMATED_ROLE:
            return kind.animated
        if role == KIND_LABEL_ROLE:
            return kind.label
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops go between rows, never onto one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # -- editing ------------------------------------------------------------------------

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        position = self.layer_index(index.row())
        layer = self._layers[position]
        if role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked
            edited = layer.model_copy(update={"enabled": on})
            label = f"{'Show' if on else 'Hide'} {layer_title(layer)}"
        elif role == Qt.ItemDataRole.EditRole:
            name = str(value).strip()[:200]
            if name == layer_title(layer):
                return False
            edited = layer.model_copy(update={"name": name})
            label = f"Rename {layer_title(layer)} to {name or kind_for(layer.kind).label}"
        else:
            return False
        return self.document.set_layer(position, edited, label) is None

    def move_layer(self, source: int, target: int) -> None:
        """Move the layer at stack index source to stack index target, one undo step."""
        layers = list(self.document.design.layers)
        if source == target or not (0 <= source < len(layers) and 0 <= target < len(layers)):
            return
        layer = layers.pop(source)
        layers.insert(target, layer)
        direction = "up" if target > source else "down"
        self.document.set_layers(layers, f"Move {layer_title(layer)} {direction}")
        self.document.set_current_layer(target)

    def _move_row(self, source_row: int, before_row: int) -> bool:
        """A drop: the row at source_row goes before the row before_row (list order)."""
        if before_row in (source_row, source_row + 1):
            return False
        target_row = before_row - 1 if before_row > source_row else before_row
        self.move_layer(self.layer_index(source_row), self.layer_index(target_row))
        return True

    # -- drag and drop (internal move) -------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = [index.row() for index in indexes if index.isValid()]
        data.setData(ROW_MIME, QByteArray(str(rows[0] if rows else -1).encode()))
        return data

    def dropMimeData(
        self,
        data: QMimeData | None,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        if data is None or not data.hasFormat(ROW_MIME) or action != Qt.DropAction.MoveAction:
            return False
        try:
            source_row = int(bytes(data.data(ROW_MIME).data()).decode("ascii"))
        except ValueError:  # not a row of ours: any program may drag this type
            return False
        if not 0 <= source_row < len(self._layers):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._layers)
        # The document redraws the list itself; returning False stops the view from
        # also deleting the dragged row as if it had been copied elsewhere.
        self._move_row(source_row, row)
        return False

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        # QListView's internal move asks for this; it is the same edit as a drop.
        if count != 1 or source_parent.isValid() or destination_parent.isValid():
            return False
        return self._move_row(source_row, destination_child)


class LayerRowDelegate(QStyledItemDelegate):
    """A row: tick, group dot, name; at the right the kind (when renamed) and ∿ if animated."""

    ROW_HEIGHT = 26

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self.ROW_HEIGHT))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        metrics = view_option.fontMetrics
        kind_label = index.data(KIND_LABEL_ROLE)
        extra = kind_label if kind_label != view_option.text else ""
        mark = ANIMATED_MARK if index.data(ANIMATED_ROLE) else ""
        right = view_option.rect.right() - 8
        mark_width = metrics.horizontalAdvance(ANIMATED_MARK) + 6
        extra_width = metrics.horizontalAdvance(extra) + 8 if extra else 0
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view_option, widget)
        room = right - mark_width - extra_width - text_rect.left()
        view_option.text = metrics.elidedText(view_option.text, Qt.TextElideMode.ElideRight, room)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        painter.save()
        top, height = view_option.rect.top(), view_option.rect.height()
        if mark:
            painter.setPen(QColor("#c9a7ff"))
            painter.drawText(
                QRect(right - mark_width, top, mark_width, height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                mark,
            )
        if extra:
            painter.setPen(QColor(140, 140, 150))
            painter.drawText(
                QRect(right - mark_width - extra_width, top, extra_width, height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                extra,
            )
        painter.restore()


def _tool(icon_name: str, tooltip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setToolTip(tooltip)
    button.setAutoRaise(True)
    button.setFixedSize(26, 24)
    return button


class LayersPanel(QWidget):
    """The layer stack of the document, top of the stack first."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._showing = False
        self.model = LayerStackModel(document, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(LayerRowDelegate(self.view))
        self.view.setIconSize(QSize(12, 12))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )

        self.add_button = QToolButton()
        self.add_button.setIcon(icon("layer_add"))
        self.add_button.setText("Add layer")
        self.add_button.setToolTip("Add a layer above the selected one")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_menu, self.add_actions = self._build_add_menu()
        self.add_button.setMenu(self.add_menu)
        self.duplicate_button = _tool("layer_duplicate", "Duplicate the layer (Ctrl+D)")
        self.up_button = _tool("layer_up", "Move the layer up the stack (drawn later)")
        self.down_button = _tool("layer_down", "Move the layer down the stack (drawn earlier)")
        self.remove_button = _tool("layer_remove", "Remove the layer (Delete)")

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 4)
        bar.setSpacing(2)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        for button in (self.up_button, self.down_button, self.duplicate_button,
                       self.remove_button):  # fmt: skip
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)

        self.duplicate_button.clicked.connect(self.duplicate_layer)
        self.up_button.clicked.connect(lambda: self.move_current(+1))
        self.down_button.clicked.connect(lambda: self.move_current(-1))
        self.remove_button.clicked.connect(self.remove_layer)
        for shortcut, slot in ((QKeySequence.StandardKey.Delete, self.remove_layer),
                               ("Ctrl+D", self.duplicate_layer)):  # fmt: skip
            action = QAction(self.view)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

        selection = self.view.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(self._row_chosen)
        document.changed.connect(lambda _old, _new: self._design_changed())
        document.opened.connect(lambda _path: self._design_changed())
        document.current_layer_changed.connect(lambda _index: self._show_current())
        self._design_changed()

    def _build_add_menu(self) -> tuple[QMenu, dict[str, QAction]]:
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        actions: dict[str, QAction] = {}
        kinds = list(all_kinds().values())
        for group in ("natural", "luminous"):
            menu.addSection(GROUP_TITLES[group])
            for kind in (k for k in kinds if k.group == group):
                action = menu.addAction(group_dot(group), self._menu_text(kind))
                assert action is not None
                action.setToolTip(kind.description[:1].upper() + kind.description[1:])
                action.triggered.connect(lambda _=False, name=kind.name: self.add_layer(name))
                actions[kind.name] = action
        return menu, actions

    @staticmethod
    def _menu_text(kind: LayerKind) -> str:
        return f"{kind.label}   {ANIMATED_MARK}" if kind.animated else kind.label

    # -- showing ------------------------------------------------------------------------

    def _design_changed(self) -> None:
        self.model.refresh()
        self._show_current()

    def _show_current(self) -> None:
        """Select the document's current layer without writing it back."""
        self._showing = True
        try:
            index = self.document.current_layer
            selection = self.view.selectionModel()
            assert selection is not None
            if index < 0:
                selection.clearSelection()
            else:
                row = self.model.index(self.model.row_of(index))
                selection.setCurrentIndex(row, selection.SelectionFlag.ClearAndSelect)
                self.view.scrollTo(row)
        finally:
            self._showing = False
        count = len(self.document.design.layers)
        chosen = 0 <= index < count
        self.remove_button.setEnabled(chosen)
        self.duplicate_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and index < count - 1)
        self.down_button.setEnabled(chosen and index > 0)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._showing and current.isValid():
            self.document.set_current_layer(self.model.layer_index(current.row()))

    # -- editing the stack --------------------------------------------------------------

    def _insert(self, layer: Layer, label: str) -> None:
        design = self.document.design
        current = self.document.current_layer
        position = current + 1 if current >= 0 else len(design.layers)
        layers = list(design.layers)
        layers.insert(position, layer)
        if self.document.set_layers(layers, label) is None:
            self.document.set_current_layer(position)

    def add_layer(self, kind_name: str) -> None:
        """Add a layer of a kind, with its defaults, above the current layer."""
        kind = kind_for(kind_name)
        name = unique_name(kind.label, self.document.design.layers)
        self._insert(Layer(kind=kind.name, name=name), f"Add {name}")

    def duplicate_layer(self) -> None:
        index = self.document.current_layer
        if index < 0:
            return
        layer = self.document.design.layers[index]
        copy = layer.model_copy(
            update={"name": unique_name(f"{layer_title(layer)} copy", self.document.design.layers)}
        )
        self._insert(copy, f"Duplicate {layer_title(layer)}")

    def remove_layer(self) -> None:
        index = self.document.current_layer
        if index < 0:
            return
        layers = list(self.document.design.layers)
        removed = layers.pop(index)
        self.document.set_layers(layers, f"Remove {layer_title(removed)}")
        # As in Photoshop, the layer beneath the removed one becomes current.
        self.document.set_current_layer(max(index - 1, 0) if layers else -1)

    def move_current(self, step: int) -> None:
        """Move the current layer up (+1, drawn later) or down (-1) the stack."""
        index = self.document.current_layer
        if index >= 0:
            self.model.move_layer(index, index + step)
