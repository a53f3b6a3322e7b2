"""The command line, run as a user runs it: the installed `fusionsmile` in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SHOWCASE = ROOT / "presets" / "showcase.json"
EXE = shutil.which("fusionsmile", path=str(Path(sys.executable).parent)) or "fusionsmile"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=os.environ.copy()
    )
