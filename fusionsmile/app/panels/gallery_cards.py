"""Cards of the Gallery dock: what a design shows in the grid (title, picture, tags),
where cards come from (the shipped presets, the user's gallery), how a card is drawn and
how search and the tag filter pick cards."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import (
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PyQt6.QtGui import (
    QColor,
    QFont,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PyQt6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from fusionsmile.assets import presets_folder
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.gallery.entry import DESIGN_FILE, Entry, design_id
from fusionsmile.gallery.store import Gallery

TILE = QSize(192, 108)  # 16:9, like the renders
MIN_TILE_WIDTH = 150  # narrower and the title no longer fits; wider cards fill the row
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
    id: str = ""  # content id: the entry's, or the SHA-256 of a preset's design

    @property
    def in_gallery(self) -> bool:
        """An entry of the user's gallery (presets are files, not entries)."""
        return self.design.name == DESIGN_FILE and self.design.parent.parent.name == "entries"

    def search_text(self) -> str:
        """Everything search looks in, lowercase."""
        fields = (self.title, self.author, " ".join(self.tags), self.mood or "", self.story)
        return "\n".join(fields).lower()


def preset_cards(folder: Path | None = None) -> list[Card]:
    """A card per preset design file, by title; a file that does not load is skipped."""
    cards = []
    for path in sorted((folder or presets_folder()).glob("*.json")):
        try:
            design = read_design(path)
        except (DesignError, OSError):
            continue  # a broken preset must not take the gallery down with it
        meta = design.meta
        # Presets have no gallery entry: their content id lets remixes credit them.
        cards.append(
            Card(meta.title, meta.author, meta.tags, meta.mood, meta.story, path,
                 id=design_id(design))
        )  # fmt: skip
    return sorted(cards, key=lambda card: card.title.lower())


def my_gallery_cards(gallery: Gallery) -> list[Card]:
    """A card per entry of gallery, newest first (thumbnails come with them)."""
    return [_entry_card(entry) for entry in gallery.entries()]


def load_card(card: Card) -> tuple[Design, str]:
    """The card's design and its content id (raises DesignError or OSError)."""
    design = read_design(card.design)
    return design, card.id or design_id(design)


def _entry_card(entry: Entry) -> Card:
    thumbnail = entry.thumbnail if entry.thumbnail.is_file() else None
    return Card(
        entry.title, entry.author, tuple(entry.tags), entry.mood, entry.story,
        entry.folder / DESIGN_FILE, thumbnail, entry.id,
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


class CardDelegate(QStyledItemDelegate):
    """A card: the picture with rounded corners, the title, and author and mood below."""

    PAD = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tile = QSize(TILE)  # the picture's size: set by the panel to fill the row

    def fit(self, width: int, spacing: int) -> bool:
        """Size the cards so whole columns fill width pixels; True if the size changed."""
        card = MIN_TILE_WIDTH + 2 * self.PAD + 2 * spacing
        columns = max(1, width // card)
        tile_width = max(MIN_TILE_WIDTH, width // columns - 2 * self.PAD - 2 * spacing)
        tile = QSize(tile_width, round(tile_width * 9 / 16))
        changed = tile != self.tile
        self.tile = tile
        return changed

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(self.tile.width() + 2 * self.PAD, self.tile.height() + 2 * self.PAD + 38)

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

        tile = self.tile
        picture = QRectF(rect.left() + self.PAD - 2, rect.top() + self.PAD - 2, tile.width(), 0)
        picture.setHeight(tile.height())
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        clip = QPainterPath()
        clip.addRoundedRect(picture, 6, 6)
        painter.setClipPath(clip)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            painter.drawPixmap(picture, pixmap, _cover(pixmap.size(), tile))
        painter.setClipping(False)

        text = QRectF(picture.left(), picture.bottom() + 5, picture.width(), 18)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(palette.color(palette.ColorRole.Text))
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight, tile.width()
        )
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        small = QFont(option.font)
        small.setPointSizeF(max(small.pointSizeF() - 1.0, 7.0))
        painter.setFont(small)
        painter.setPen(palette.color(palette.ColorRole.PlaceholderText))
        subtitle = painter.fontMetrics().elidedText(
            str(index.data(SUBTITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, tile.width()
        )
        painter.drawText(text.translated(0, 17), Qt.AlignmentFlag.AlignLeft, subtitle)
        painter.restore()


def _cover(source: QSize, target: QSize) -> QRectF:
    """The part of a picture of size source that fills target's shape (centre crop)."""
    scale = max(target.width() / source.width(), target.height() / source.height())
    width, height = target.width() / scale, target.height() / scale
    return QRectF((source.width() - width) / 2, (source.height() - height) / 2, width, height)


class CardFilter(QSortFilterProxyModel):
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
