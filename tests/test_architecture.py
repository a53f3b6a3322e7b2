"""Qt stays in fusionsmile.app: the core, renderer, exporters and CLI run without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "fusionsmile"
QT = ("PyQt6", "pyqtgraph")


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_outside_app_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "app" not in path.relative_to(PACKAGE).parts[:1] and imported_roots(path) & set(QT)
    ]
    assert offenders == []


def test_the_checker_sees_a_qt_import(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from PyQt6 import QtCore\n")
    assert "PyQt6" in imported_roots(module)


def test_headless_modules_do_not_load_qt_at_run_time() -> None:
    code = (
        "import sys\n"
        "import fusionsmile.cli, fusionsmile.core.geometry.dentition, fusionsmile.core.analysis\n"
        "import fusionsmile.render.renderer, fusionsmile.export.mesh\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PyQt6', 'pyqtgraph')]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_gallery_writes_without_loading_the_exporters() -> None:
    """Listing, adding and bundling need no trimesh: atomic writes live in core.atomic."""
    code = (
        "import sys\n"
        "import fusionsmile.gallery, fusionsmile.gallery.site, fusionsmile.gallery.folder_swap\n"
        "print([m for m in sys.modules if m == 'trimesh' or m.startswith('fusionsmile.export')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
