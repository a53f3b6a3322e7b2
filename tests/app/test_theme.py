"""The dark theme keeps its controls visible: an unchecked check box or radio button
shows an outline against the panel, and a checked box its accent and check mark."""

from __future__ import annotations

import numpy as np
from PyQt6.QtGui import QImage
from PyQt6.QtWidgets import QCheckBox, QRadioButton, QVBoxLayout, QWidget

from fusionsmile.app import theme


def _rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    pointer = image.constBits()
    assert pointer is not None
    pointer.setsize(image.sizeInBytes())
    rows = np.frombuffer(pointer, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _hex(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def _indicator(qapp, button) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Pixels of the button's indicator (the square left of its text) on a panel."""
    holder = QWidget()
    QVBoxLayout(holder).addWidget(button)
    holder.resize(200, 40)
    holder.show()
    qapp.processEvents()
    pixels = _rgb(button.grab().toImage())
    holder.close()
    side = pixels.shape[0]
    return pixels[:, :side]


def test_unchecked_boxes_and_radio_buttons_stand_out_from_the_panel(qapp) -> None:  # type: ignore[no-untyped-def]
    panel = _hex(theme.PANEL)
    for button in (QCheckBox("Third molars"), QRadioButton("Replace all glow")):
        pixels = _indicator(qapp, button)
        # Fusion's own box differed from the panel by at most ~12 levels: unseen.
        assert np.abs(pixels - panel).max(axis=2).max() >= 60, type(button).__name__


def test_a_checked_box_shows_the_accent_and_a_dark_check_mark(qapp) -> None:  # type: ignore[no-untyped-def]
    box = QCheckBox("Enabled")
    box.setChecked(True)
    pixels = _indicator(qapp, box)
    accent = np.abs(pixels - _hex(theme.ACCENT)).max(axis=2) <= 12
    dark = pixels.max(axis=2) <= 40
    assert accent.sum() >= 40  # the filled box
    # The check mark inside it (the SVG drawn): dark pixels surrounded by accent.
    rows, cols = np.nonzero(accent)
    inside = dark[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    assert inside.sum() >= 6
