"""The window a designer works in (issue 15), in a real window under Xvfb: usable at
1280x720, its layout restored between runs and reset on demand, its shortcuts working
after a dialog, its recent files showing their folder."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSize, Qt
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QApplication, QMessageBox, QScrollArea

from fusionsmile.app import main_window
from fusionsmile.app.autosave import Autosave
from fusionsmile.app.main_window import MainWindow
from fusionsmile.core.design_io import design_to_json

BUILD_TIMEOUT_MS = 120_000
# A 1366x768 laptop less a title bar and a panel, and a 1280x720 screen less a title bar.
SMALL = (1280, 690)


def test_the_window_fits_and_works_at_1280x720(qtbot, window: MainWindow) -> None:
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= SMALL[0] and minimum.height() <= SMALL[1]
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == SMALL, timeout=5000)
    QApplication.processEvents()
    # Every toolbar button is on the bar (none pushed into an overflow menu).
    for toolbar in (window.file_toolbar, window.view_toolbar):
        for action in toolbar.actions():
            if not action.isSeparator():
                button = toolbar.widgetForAction(action)
                assert button is not None and button.isVisible(), action.text()
                right = button.mapTo(window, button.rect().topRight()).x()
                assert right <= window.width(), action.text()
    # Mood names are whole ("Courage", not "Co…ge").
    for button in window.mood_panel.mood_buttons.values():
        assert button.width() >= button.sizeHint().width(), button.text()
    # The Geometry values are read without scrolling sideways, also after the window
    # was larger (Qt takes a shrinking window's width from the docks too).
    for size in ((1600, 1000), SMALL):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=5000)
        QApplication.processEvents()
    for key in ("geometry", "mood"):
        scroll = window.docks[key].widget()
        assert isinstance(scroll, QScrollArea)
        assert scroll.horizontalScrollBar().maximum() == 0, key
    # No dock is laid over another (the columns' and the bottom docks' minimum widths
    # together fit the window).
    shown = [d for d in window.docks.values() if d.isVisible() and not d.visibleRegion().isEmpty()]
    for i, dock in enumerate(shown):
        for other in shown[i + 1 :]:
            overlap = dock.geometry().intersected(other.geometry())
            assert overlap.isEmpty(), (dock.objectName(), other.objectName())
    # The view keeps a useful size, and the Inspector shows more than a row.
    assert window.view.width() >= 480 and window.view.height() >= 300
    assert window.docks["inspector"].widget().height() >= 120


def test_the_row_under_the_view_keeps_its_modes_and_slider_at_1280(
    qtbot, window: MainWindow
) -> None:
    """At 1280 px "Before / After" dropped out of the row and the time slider shrank to
    a dot; the modes now turn to icons there, and show their names on a wider window."""
    for size, named in ((SMALL, False), ((1600, 1000), True)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=5000)
        QApplication.processEvents()
        row_right = window.timeline.mapTo(window, window.timeline.rect().topRight()).x()
        for action in window.mode_toolbar.actions():
            button = window.mode_toolbar.widgetForAction(action)
            assert button is not None and button.isVisible(), (size, action.text())
            right = button.mapTo(window, button.rect().topRight()).x()
            assert right <= row_right, (size, action.text())
        shows_text = window.mode_toolbar.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly
        assert shows_text == named, size
        assert window.timeline.scrubber.width() >= 140, size


def test_a_first_run_on_a_small_screen_opens_a_window_that_fits_it(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A 1280x720 screen used to get the 1600x1000 window, its right docks (Mood, Layers,
    Inspector) and its status bar off the screen."""
    monkeypatch.setattr(main_window, "available_size", lambda: QSize(1280, 720))
    window = MainWindow(None, Autosave(tmp_path / "autosave"))
    qtbot.addWidget(window)
    assert window.width() <= 1280 - 16 and window.height() <= 720 - 40
    assert window.width() >= 1200 and window.height() >= 640  # as much as fits
    assert main_window.first_size(QSize(2560, 1400)) == main_window.PREFERRED_SIZE
    assert main_window.first_size(QSize(800, 500)) == main_window.MINIMUM_SIZE
    window.close()


def test_the_layout_is_restored_between_runs_and_reset_on_demand(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1300, 800)
    window.docks["inspector"].hide()
    window.docks["teeth"].raise_()
    window.document.undo_stack.setClean()
    window.close()
    later = MainWindow(None, Autosave(tmp_path / "autosave-later"))
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: later.service.latest is not None, timeout=BUILD_TIMEOUT_MS)
    assert (later.width(), later.height()) == (1300, 800)
    assert not later.docks["inspector"].isVisible()
    assert later.docks["teeth"].visibleRegion().isEmpty() is False
    later.reset_layout_action.trigger()
    assert later.docks["inspector"].isVisible()
    assert not later.docks["geometry"].visibleRegion().isEmpty()
    later.document.undo_stack.setClean()
    later.close()


def test_shortcuts_work_window_wide_after_a_dialog(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    box = QMessageBox(QMessageBox.Icon.Information, "About", "a dialog", parent=window)
    box.open()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is box.windowHandle(), timeout=5000)
    box.accept()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=5000)
    # The key goes where a person's key would go: to the window that has the focus.
    QTest.keyClick(QGuiApplication.focusWindow(), Qt.Key.Key_B)
    assert window.view_state.lighting == "blacklight"
    QTest.keyClick(QGuiApplication.focusWindow(), Qt.Key.Key_D)
    assert window.view_state.lighting == "day"


def test_recent_files_show_their_folder(window: MainWindow, tmp_path: Path) -> None:
    paths = []
    for folder in ("clinic", "friends"):
        path = tmp_path / folder / "smile.json"
        path.parent.mkdir()
        path.write_text(design_to_json(window.document.design), encoding="utf-8")
        assert window.open_path(path, ask=False)
        paths.append(path)
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0].startswith("smile.json") and "friends" in texts[0]
    assert texts[1].startswith("smile.json") and "clinic" in texts[1]
    assert window.recent_menu.actions()[0].toolTip() == str(paths[1].resolve())
