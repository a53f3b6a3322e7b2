"""Real file systems that refuse writes, for the tests: a small tmpfs mounted on a folder
(needs root, which CI has). Writes past its size fail with ENOSPC from the kernel, as on a
full drive; mounted read-only, every write fails with EROFS, for root too (whom a folder's
permission bits do not stop)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

from needs import missing


@contextlib.contextmanager
def small_filesystem(folder: Path, size_kb: int) -> Iterator[Path]:
    """folder, with a tmpfs of size_kb mounted on it for the duration."""
    with _tmpfs(folder, f"size={size_kb}k"):
        yield folder


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """folder, on a read-only file system for the duration (an empty tmpfs mounted ro)."""
    with _tmpfs(folder, "ro,size=64k"):
        yield folder


@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[None]:
    """A tmpfs with options mounted on folder for the duration; skips the test (fails it
    in CI) where mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        missing(f"cannot mount a tmpfs ({options}) here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
