"""Start the desktop app: `fusionsmile` with no arguments, or `fusionsmile open FILE`."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, Qt
from PyQt6.QtGui import QIcon, QSurfaceFormat
from PyQt6.QtWidgets import QApplication

from fusionsmile.app.viewport import surface_format


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with what must be set before it exists: shared GL contexts
    (pyqtgraph and the 3D view each have one) and the GL 3.3 core default format."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    QSurfaceFormat.setDefaultFormat(surface_format())
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("FusionSmile")
    app.setOrganizationName("FusionSmile")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The smile mark, the same drawing as the web gallery's (one file, in the package)."""
    icon = files("fusionsmile.gallery") / "site_assets" / "icon.svg"
    return QIcon(str(icon))


def run(path: Path | None = None) -> int:
    app = create_application()
    from fusionsmile.app.main_window import MainWindow
    from fusionsmile.app.theme import apply_theme

    apply_theme(app)
    window = MainWindow()
    window.show()
    recovered = window.offer_recovery()
    if path is not None and not recovered:
        window.open_path(path, ask=False)
    return app.exec()
