"""Fixtures of the app tests: a real QApplication (pytest-qt, under Xvfb via pytest-xvfb)
and a document holding a design with a natural stack and one glow."""

from __future__ import annotations

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
