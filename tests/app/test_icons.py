"""Icons of the app: every name in fusionsmile.app.icons draws from the font qtawesome
ships, every toolbar button of the real window shows one, checked actions look checked,
and tooltips still name the action and its shortcut."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import QSize, Qt
from PyQt6.QtGui import QIcon, QImage, QKeySequence
from PyQt6.QtWidgets import QToolBar, QToolButton

from fusionsmile.app import theme
from fusionsmile.app.icons import ICONS, icon
from fusionsmile.app.main_window import MainWindow
from fusionsmile.core.design import Design

BUILD_TIMEOUT_MS = 120_000
SIZE = QSize(24, 24)


def _rgba(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    pointer = image.constBits()
    assert pointer is not None
    pointer.setsize(image.sizeInBytes())
    rows = np.frombuffer(pointer, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def _pixels(drawn: QIcon, mode=QIcon.Mode.Normal, state=QIcon.State.Off) -> np.ndarray:
    return _rgba(drawn.pixmap(SIZE, mode, state).toImage())


def _ink(pixels: np.ndarray) -> int:
    """How many pixels the glyph covers (mostly opaque)."""
    return int((pixels[..., 3] > 128).sum())


def _main_colour(pixels: np.ndarray) -> tuple[int, int, int]:
    solid = pixels[pixels[..., 3] > 200]
    assert len(solid), "the icon drew nothing opaque"
    return tuple(int(c) for c in np.median(solid[:, :3], axis=0))


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_qtawesome_draws_through_pyqt6_from_its_own_fonts(qapp) -> None:
    import qtawesome
    import qtpy

    assert qtpy.API_NAME == "PyQt6"
    # Bundled in the wheel, not fetched when the app runs.
    fonts = Path(qtawesome.__file__).parent / "fonts"
    assert list(fonts.glob("materialdesignicons6-webfont-*.ttf"))


@pytest.mark.parametrize("name", sorted(ICONS))
def test_every_icon_name_resolves_and_draws(qapp, name: str) -> None:
    assert ICONS[name].startswith("mdi6."), "one icon font for the whole app"
    drawn = icon(name)
    assert not drawn.isNull()
    pixels = _pixels(drawn)
    # A real glyph: some ink, and not a filled square (what a missing glyph looks like).
    assert 15 < _ink(pixels) < SIZE.width() * SIZE.height() * 0.8
    assert _main_colour(pixels) == _hex(theme.TEXT)


def test_icon_names_are_unique(qapp) -> None:
    glyphs = [glyph for glyph in ICONS.values()]
    assert len(set(glyphs)) == len(glyphs), "two things drawn the same"


def test_an_unknown_icon_name_is_an_error(qapp) -> None:
    with pytest.raises(KeyError):
        icon("no-such-action")


def test_checked_and_disabled_icons_are_drawn_in_the_theme(qapp) -> None:
    drawn = icon("bloom")
    off, on = _pixels(drawn), _pixels(drawn, state=QIcon.State.On)
    assert not np.array_equal(off, on)
    assert _main_colour(off) == _hex(theme.TEXT)
    assert _main_colour(on) == _hex(theme.ACCENT)
    assert _main_colour(_pixels(drawn, QIcon.Mode.Disabled)) == _hex(theme.DISABLED)


def test_play_shows_pause_while_playing(qapp) -> None:
    drawn = icon("play", on="pause")
    playing = _pixels(drawn, state=QIcon.State.On)
    assert np.array_equal(playing[..., 3] > 128, _pixels(icon("pause"))[..., 3] > 128)
    assert not np.array_equal(playing[..., 3] > 128, _pixels(drawn)[..., 3] > 128)


def test_every_toolbar_button_shows_an_icon(window: MainWindow) -> None:
    toolbars = window.findChildren(QToolBar)
    assert len(toolbars) >= 2
    for toolbar in toolbars:
        assert toolbar.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonTextOnly
        for action in toolbar.actions():
            if action.isSeparator():
                continue
            name = action.text().replace("&", "")
            assert not action.icon().isNull(), name
            assert _ink(_pixels(action.icon())) > 15, name
            button = toolbar.widgetForAction(action)
            assert isinstance(button, QToolButton) and button.isVisible(), name
            style = button.toolButtonStyle()
            assert style != Qt.ToolButtonStyle.ToolButtonTextOnly, name
            # Tooltips name the action and its shortcut; icon-only buttons rely on them.
            assert name.removesuffix("…").split(" ")[0] in action.toolTip(), name
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if shortcut:
                assert f"({shortcut})" in action.toolTip(), name


def test_checked_toolbar_actions_look_checked(window: MainWindow) -> None:
    checked = window.bloom_action
    assert checked.isChecked()
    button = window.view_toolbar.widgetForAction(checked)
    assert isinstance(button, QToolButton)
    accent = np.array(_hex(theme.ACCENT))

    def accent_pixels() -> int:
        pixels = _rgba(button.grab().toImage())[..., :3].astype(int)
        return int((np.abs(pixels - accent).sum(axis=-1) < 40).sum())

    on = accent_pixels()
    checked.setChecked(False)
    off = accent_pixels()
    checked.setChecked(True)
    assert on > 40 and off == 0, (on, off)


def test_menus_show_the_icons(window: MainWindow) -> None:
    bar = window.menuBar()
    assert bar is not None
    without = []
    for menu_action in bar.actions():
        menu = menu_action.menu()
        assert menu is not None
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue  # Open Recent and Panels are submenus
            if action.icon().isNull():
                without.append(action.text())
    assert not without, without


def test_undo_tooltip_follows_the_step(window: MainWindow, design: Design) -> None:
    window.document.edit(design.model_copy(update={"layers": design.layers[:-1]}), "Trim")
    assert window.undo_action.toolTip() == "Undo Trim (Ctrl+Z)"
    window.document.undo_stack.undo()
    assert window.undo_action.toolTip().startswith("Undo (")


def test_timeline_buttons_have_icons(window: MainWindow) -> None:
    timeline = window.timeline
    for button in (timeline.play, timeline.loop):
        assert not button.icon().isNull()
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    window.view.set_playing(True)
    assert timeline.play.isChecked() and timeline.play.text() == "Pause"
    window.view.set_playing(False)
    assert timeline.play.text() == "Play"


def test_layer_buttons_have_icons(window: MainWindow) -> None:
    panel = window.panels["layers"]
    for button in (panel.add_button, panel.up_button, panel.down_button,
                   panel.duplicate_button, panel.remove_button):  # fmt: skip
        assert not button.icon().isNull()
