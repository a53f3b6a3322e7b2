"""The Gallery dock: designs to start from, as a grid of thumbnails with search.

Designs come from sources: the presets shipped with FusionSmile and the user's own
gallery (`fusionsmile.gallery.store`). A source is a function returning cards, so a new
one (a shared repository, a folder) is one more entry in `GalleryPanel.sources`.
Presets have no pictures of their own and are rendered by `ThumbnailRenderer` in the
background; gallery entries carry theirs. Double-clicking a card asks the main window to
open it (`open_requested(path)`): the window decides about unsaved changes.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import (
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import (
    QColor,
    QFont,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.thumbnails import ThumbnailRenderer
from fusionsmile.assets import presets_folder
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.gallery.entry import DESIGN_FILE, Entry
from fusionsmile.gallery.store import Gallery

TILE = QSize(192, 108)  # 16:9, like the renders
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
TAGS_ROLE = Qt.ItemDataRole.UserRole + 3
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 4
RENDERED_ROLE = Qt.ItemDataRole.UserRole + 5  # the design's own picture, not a placeholder
ALL_TAGS = "All tags"


@dataclass(frozen=True)
class Card:
    """One design in the grid. thumbnail: a PNG to show, or None to render one."""

    title: str
    author: str
    tags: tuple[str, ...]
    mood: str | None
    story: str
    design: Path
    thumbnail: Path | None = None

    def search_text(self) -> str:
        """Everything search looks in, lowercase."""
        fields = (self.title, self.author, " ".join(self.tags), self.mood or "", self.story)
        return "\n".join(fields).lower()


def preset_cards(folder: Path | None = None) -> list[Card]:
    """A card per preset design file, by title; a file that does not load is skipped."""
    cards = []
    for path in sorted((folder or presets_folder()).glob("*.json")):
        try:
            meta = read_design(path).meta
        except (DesignError, OSError):
            continue  # a broken preset must not take the gallery down with it
        cards.append(Card(meta.title, meta.author, meta.tags, meta.mood, meta.story, path))
    return sorted(cards, key=lambda card: card.title.lower())


def my_gallery_cards() -> list[Card]:
    """A card per entry of the user's gallery, newest first (thumbnails come with them)."""
    gallery = Gallery.default()
    try:
        return [_entry_card(entry) for entry in gallery.entries()]
    finally:
        gallery.close()


def _entry_card(entry: Entry) -> Card:
    thumbnail = entry.thumbnail if entry.thumbnail.is_file() else None
    return Card(
        entry.title, entry.author, tuple(entry.tags), entry.mood, entry.story,
        entry.folder / DESIGN_FILE, thumbnail,
    )  # fmt: skip


def placeholder(title: str, size: QSize = TILE) -> QPixmap:
    """A soft gradient tile with the title: shown until the thumbnail is rendered. Its
    hue comes from the title, so the grid is not a wall of identical grey."""
    hue = hashlib.sha256(title.encode("utf-8")).digest()[0] * 360 // 256
    pixmap = QPixmap(size)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, size.width(), size.height())
    gradient.setColorAt(0.0, QColor.fromHsv(hue, 120, 70))
    gradient.setColorAt(1.0, QColor.fromHsv((hue + 40) % 360, 160, 28))
    painter.fillRect(pixmap.rect(), gradient)
    painter.setPen(QColor(255, 255, 255, 150))
    font = QFont(painter.font())
    font.setPointSizeF(9.5)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(pixmap.rect().adjusted(14, 10, -14, -10), flags, title)
    painter.end()
    return pixmap


class _CardDelegate(QStyledItemDelegate):
    """A card: the picture with rounded corners, the title, and author and mood below."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(TILE.width() + 2 * self.PAD, TILE.height() + 2 * self.PAD + 38)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        palette = option.palette
        state = option.state
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            back = QColor(palette.color(palette.ColorRole.AlternateBase))
            painter.setPen(
                QPen(palette.color(palette.ColorRole.Highlight), 1.5)
                if selected
                else Qt.PenStyle.NoPen
            )
            painter.setBrush(back)
            painter.drawRoundedRect(rect, 8, 8)

        picture = QRectF(rect.left() + self.PAD - 2, rect.top() + self.PAD - 2, TILE.width(), 0)
        picture.setHeight(TILE.height())
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        clip = QPainterPath()
        clip.addRoundedRect(picture, 6, 6)
        painter.setClipPath(clip)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            painter.drawPixmap(picture, pixmap, _cover(pixmap.size(), TILE))
        painter.setClipping(False)

        text = QRectF(picture.left(), picture.bottom() + 5, picture.width(), 18)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(palette.color(palette.ColorRole.Text))
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight, TILE.width()
        )
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        small = QFont(option.font)
        small.setPointSizeF(max(small.pointSizeF() - 1.0, 7.0))
        painter.setFont(small)
        painter.setPen(palette.color(palette.ColorRole.PlaceholderText))
        subtitle = painter.fontMetrics().elidedText(
            str(index.data(SUBTITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, TILE.width()
        )
        painter.drawText(text.translated(0, 17), Qt.AlignmentFlag.AlignLeft, subtitle)
        painter.restore()


def _cover(source: QSize, target: QSize) -> QRectF:
    """The part of a picture of size source that fills target's shape (centre crop)."""
    scale = max(target.width() / source.width(), target.height() / source.height())
    width, height = target.width() / scale, target.height() / scale
    return QRectF((source.width() - width) / 2, (source.height() - height) / 2, width, height)


class _CardFilter(QSortFilterProxyModel):
    """Cards whose text holds every word typed, with the chosen tag."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._tag: str | None = None

    def set_text(self, text: str) -> None:
        self._words = text.lower().split()
        self.invalidateRowsFilter()

    def set_tag(self, tag: str | None) -> None:
        self._tag = tag
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self._tag is not None and self._tag not in (index.data(TAGS_ROLE) or ()):
            return False
        haystack = index.data(SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)


class GalleryPanel(QWidget):
    """Presets and the user's gallery as a searchable grid of thumbnails.

    sources : name -> function returning its cards, in the order of the source box
              (default: the presets and the user's gallery)

    Signals
    -------
    open_requested(path: Path)   the user double-clicked (or pressed Enter on) a design
    """

    open_requested = pyqtSignal(object)

    def __init__(
        self,
        document: DesignDocument,
        parent: QWidget | None = None,
        *,
        sources: dict[str, Callable[[], list[Card]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        # A new source (a shared repository, a folder) is one more entry here.
        self.sources = sources or {"Presets": preset_cards, "My gallery": my_gallery_cards}
        self.thumbnails = ThumbnailRenderer(parent=self)
        self.thumbnails.ready.connect(self._thumbnail_ready)
        self.thumbnails.failed.connect(self._thumbnail_failed)
        self._items: dict[Path, QStandardItem] = {}

        self.source_box = QComboBox()
        self.source_box.addItems(list(self.sources))
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search title, tags, author, mood, story…")
        self.search_box.setClearButtonEnabled(True)
        self.tag_box = QComboBox()
        self.tag_box.setMinimumContentsLength(8)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(placeholder-text); padding: 0 4px;")

        self.model = QStandardItemModel(self)
        self.proxy = _CardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setMouseTracking(True)
        self.view.setItemDelegate(_CardDelegate(self.view))
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setFrameShape(QListView.Shape.NoFrame)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.source_box)
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.tag_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.search_box.textChanged.connect(self._filter_changed)
        self.tag_box.currentIndexChanged.connect(self._filter_changed)
        self.source_box.currentTextChanged.connect(self.refresh)
        self.view.activated.connect(self._activated)
        document.opened.connect(self._select_open_design)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.thumbnails.stop)
        self.refresh()

    # -- what the window calls -------------------------------------------------------

    def refresh(self) -> None:
        """Reload the chosen source (after a design was added to the gallery)."""
        source = self.source_box.currentText() or "Presets"
        try:
            cards = self.sources[source]()
        except Exception as error:  # a broken gallery is shown, not raised into Qt
            cards = []
            self.count_label.setText(f"{source}: {error}")
        self.thumbnails.stop()
        self.model.clear()
        self._items = {}
        for card in cards:
            self.model.appendRow(self._item(card))
        tags = sorted({tag for card in cards for tag in card.tags}, key=str.lower)
        chosen = self.tag_box.currentText()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItems([ALL_TAGS, *tags])
        self.tag_box.setCurrentIndex(max(self.tag_box.findText(chosen), 0))
        self.tag_box.blockSignals(False)
        self._filter_changed()
        self._select_open_design(self._document.path)

    def visible_paths(self) -> list[Path]:
        """The design files of the cards shown, in order."""
        return [self.proxy.index(row, 0).data(PATH_ROLE) for row in range(self.proxy.rowCount())]

    def index_of(self, path: Path) -> QModelIndex:
        """The view's index of the card for path (invalid if it is filtered out)."""
        item = self._items.get(path)
        if item is None:
            return QModelIndex()
        return self.proxy.mapFromSource(item.index())

    # -- building the grid -----------------------------------------------------------

    def _item(self, card: Card) -> QStandardItem:
        item = QStandardItem(card.title)
        item.setEditable(False)
        item.setData(card.design, PATH_ROLE)
        item.setData(card.search_text(), SEARCH_ROLE)
        item.setData(card.tags, TAGS_ROLE)
        item.setData(" · ".join(part for part in (card.author, card.mood) if part), SUBTITLE_ROLE)
        # Titles and stories come from strangers: escaped, never read as markup.
        tip = f"<b>{html.escape(card.title)}</b>"
        if card.author:
            tip += f"<br>by {html.escape(card.author)}"
        if card.story:
            tip += f"<p style='max-width: 320px'>{html.escape(card.story)}</p>"
        if card.tags:
            tip += f"<i>{html.escape(', '.join(card.tags))}</i>"
        item.setToolTip(tip)
        # Rendering waits until the grid is on screen: a hidden dock costs nothing.
        thumbnail = card.thumbnail or (
            self.thumbnails.request(card.design)
            if self.isVisible()
            else self.thumbnails.cached(card.design)
        )
        picture = QPixmap(str(thumbnail)) if thumbnail else QPixmap()
        item.setData(
            picture if not picture.isNull() else placeholder(card.title),
            Qt.ItemDataRole.DecorationRole,
        )
        item.setData(not picture.isNull(), RENDERED_ROLE)
        self._items[card.design] = item
        return item

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        for path, item in self._items.items():
            if not item.data(RENDERED_ROLE):
                png = self.thumbnails.request(path)
                if png is not None:
                    self._thumbnail_ready(path, png)

    def has_thumbnail(self, path: Path) -> bool:
        """Whether the card for path shows its rendered picture (not the placeholder)."""
        item = self._items.get(path)
        return bool(item and item.data(RENDERED_ROLE))

    def _thumbnail_ready(self, design: Path, png: Path) -> None:
        item = self._items.get(design)
        picture = QPixmap(str(png))
        if item is not None and not picture.isNull():
            item.setData(picture, Qt.ItemDataRole.DecorationRole)
            item.setData(True, RENDERED_ROLE)

    def _thumbnail_failed(self, design: Path, message: str) -> None:
        item = self._items.get(design)
        if item is not None:
            item.setToolTip(f"{item.toolTip()}<br><span style='color:#f0a33a'>{message}</span>")

    # -- filtering and opening -------------------------------------------------------

    def _filter_changed(self, *_: object) -> None:
        tag = self.tag_box.currentText()
        self.proxy.set_tag(None if tag in ("", ALL_TAGS) else tag)
        self.proxy.set_text(self.search_box.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "design" if total == 1 else "designs"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        )

    def _activated(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path is not None:
            self.open_requested.emit(Path(path))

    def _select_open_design(self, path: object) -> None:
        index = self.index_of(path) if isinstance(path, Path) else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.clearSelection()
