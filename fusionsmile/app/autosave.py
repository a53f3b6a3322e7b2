"""Autosave and crash recovery.

While the design has unsaved changes, the window writes it every minute to
`<user data>/autosave/design.json` (atomically), with `session.json` saying which file it
belongs to and which process wrote it. A clean exit deletes both. If the next start finds
them and the process that wrote them is gone, the app offers to recover the design.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from fusionsmile.core.atomic import write_bytes
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_from_bytes, design_to_json

MAX_SESSION_BYTES = 64 * 1024


def autosave_folder() -> Path:
    """Where autosaves live; FUSIONSMILE_DATA_DIR overrides the user data folder (tests)."""
    root = os.environ.get("FUSIONSMILE_DATA_DIR") or platformdirs.user_data_dir("fusionsmile")
    return Path(root) / "autosave"


@dataclass(frozen=True)
class Recovery:
    """An autosave left behind by a session that did not exit cleanly."""

    design: Design
    original: Path | None  # the file the design was opened from, if any
    saved_at: datetime


class Autosave:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or autosave_folder()
        self.design_file = self.folder / "design.json"
        self.session_file = self.folder / "session.json"

    def save(self, design: Design, original: Path | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_bytes(self.design_file, design_to_json(design).encode("utf-8"))
        session = {
            "pid": os.getpid(),
            "original": str(original) if original else None,
            "saved_at": datetime.now(UTC).isoformat(),
        }
        write_bytes(self.session_file, json.dumps(session).encode("utf-8"))

    def clear(self) -> None:
        """A clean exit or a save: nothing to recover."""
        for path in (self.design_file, self.session_file):
            path.unlink(missing_ok=True)

    def pending(self) -> Recovery | None:
        """The recoverable design, or None (none left, its writer still running, or the
        files are unreadable: an autosave is a courtesy, never a reason to fail)."""
        try:
            session = json.loads(self.session_file.read_bytes()[:MAX_SESSION_BYTES])
            design = design_from_bytes(self.design_file.read_bytes(), str(self.design_file))
            pid = int(session["pid"])
            saved_at = datetime.fromisoformat(session["saved_at"])
        except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):
            return None  # a DesignError is a ValueError too
        if pid != os.getpid() and _alive(pid):
            return None  # another window is running and owns this autosave
        original = session.get("original")
        return Recovery(design, Path(original) if isinstance(original, str) else None, saved_at)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, nor could there be
        return False
    except PermissionError:
        return True
    return True
