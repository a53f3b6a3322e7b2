"""Fixtures of the app tests: a real QApplication (pytest-qt, under Xvfb via pytest-xvfb)
and a document holding a design with a natural stack and one glow."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PyQt6")

from fusionsmile.app.document import DesignDocument
from fusionsmile.core.design import Design
from fusionsmile.core.starter import starter_design


@pytest.fixture
def design() -> Design:
    return starter_design("joy", fusion=0.6)


@pytest.fixture
def document(qtbot, design: Design) -> DesignDocument:
    document = DesignDocument()
    document.open(design, None)
    return document


@pytest.fixture(scope="session")
def qapp():
    """The app's own QApplication (shared GL contexts, GL 3.3 core, dark theme), as
    `fusionsmile` creates it, instead of pytest-qt's plain one."""
    from fusionsmile.app.main import create_application
    from fusionsmile.app.theme import apply_theme

    app = create_application(["fusionsmile-tests"])
    apply_theme(app)
    return app


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory, monkeypatch) -> None:
    """Autosaves, settings and caches of the tests never touch the user's own."""
    from PyQt6.QtCore import QSettings

    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("FUSIONSMILE_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("FUSIONSMILE_CACHE_DIR", str(root / "cache"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(root / "cfg"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root / "cfg"))


@pytest.fixture(autouse=True)
def _no_headless_context_on_this_thread() -> None:
    """Tests run before these in the same process (tests/film, tests/export) render
    headless on this thread; their EGL context stays current here and libglvnd then
    refuses Qt's GLX contexts: a window's view never paints. Qt draws on this thread
    only once no EGL context is current on it."""
    from fusionsmile.render.renderer import release_shared_renderer

    release_shared_renderer()


WINDOW_BUILD_TIMEOUT_MS = 120_000


@pytest.fixture
def window(qtbot, design: Design, tmp_path: Path):
    """The main window on design, shown, built and drawn once."""
    from fusionsmile.app.autosave import Autosave
    from fusionsmile.app.main_window import MainWindow

    window = MainWindow(design, Autosave(tmp_path / "autosave"))
    # Not qtbot.addWidget: pytest-qt would close it before this fixture marks it clean,
    # and the "unsaved changes" question would wait for a click forever.
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.service.latest is not None, timeout=WINDOW_BUILD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(window.view.frame_ms), timeout=WINDOW_BUILD_TIMEOUT_MS)
    yield window
    window.document.undo_stack.setClean()  # closing must not ask
    window.close()
