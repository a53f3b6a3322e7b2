"""Screenshot of the main window for the README: the showcase smile glowing at night.

xvfb-run -a -s "-screen 0 1920x1200x24" .venv/bin/python scripts/make_app_screenshot.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fusionsmile.app.main import create_application

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    app = create_application()
    from fusionsmile.app.main_window import MainWindow
    from fusionsmile.app.theme import apply_theme
    from fusionsmile.core.design_io import read_design

    apply_theme(app)
    design = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "presets" / "showcase.json"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "app.png"
    window = MainWindow(read_design(design))
    window.resize(1600, 1000)
    window.show()
    start = time.perf_counter()
    while window.service.latest is None or not window.view.frame_ms:
        app.processEvents()
        time.sleep(0.01)
        if time.perf_counter() - start > 120:
            raise SystemExit("the design did not build within 2 minutes")
    # The top glow layer in the inspector and its curve in the analysis; a bright moment.
    window.document.set_current_layer(len(window.document.design.layers) - 1)
    window.view.set_time(2.0)
    settle = time.perf_counter()
    while time.perf_counter() - settle < 6:
        app.processEvents()
        time.sleep(0.02)
    window.view.repaint()
    app.processEvents()
    window.grab().save(str(out))
    print(f"wrote {out}")
    window.document.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
