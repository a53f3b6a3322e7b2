"""Temporaries left behind by a process that died (kill -9, a power cut), cleaned up
by the next writer.

Writers name their temporaries after their process id (`.<name>.pid<pid>-<random>.part`),
so a later process can tell a dead one's leftovers from a live writer's work in
progress: only temporaries whose process no longer runs are removed. Each folder is
looked at once per process, not on every write.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

PART_SUFFIX = ".part"
_PART = re.compile(r"^\..+\.pid(\d+)-[^.]+\.part$")
_cleaned: set[str] = set()


def part_prefix(target_name: str) -> str:
    """The mkstemp prefix of a temporary for target_name, naming this process."""
    return f".{target_name}.pid{os.getpid()}-"


def is_running(pid: int) -> bool:
    """Whether a process with this id runs on this machine (ours included)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def remove_dead_parts(folder: Path) -> None:
    """Remove the temporaries in folder written by processes that no longer run (once
    per folder per process)."""
    key = os.path.realpath(folder)
    if key in _cleaned:
        return
    _cleaned.add(key)
    with contextlib.suppress(OSError), os.scandir(folder) as items:
        for item in items:
            match = _PART.match(item.name)
            if match and item.is_file(follow_symlinks=False) and not is_running(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(item.path)
