"""Thumbnails of design files, rendered by FusionSmile in a separate process and cached.

A thumbnail is drawn by `python -m fusionsmile render` in a QProcess, never in the app:
the viewport owns a Qt OpenGL context and the headless renderer makes its own EGL one,
and keeping them in different processes keeps them from ever meeting. Renders are slow
(~3 s each on llvmpipe) and the machines we target have two cores, so only a couple run
at once and the rest wait in a queue.

The cache is keyed by the SHA-256 of the design file's bytes: an edited preset gets a
new thumbnail, an unchanged one is never rendered twice.

    <cache>/<sha256 of the file>.png       320x180, carrying the design
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import deque
from pathlib import Path

from PyQt6.QtCore import QObject, QProcess, QTimer, pyqtSignal

CACHE_ENVIRONMENT = "FUSIONSMILE_CACHE_DIR"
THUMBNAIL_SIZE = (320, 180)


def thumbnail_cache() -> Path:
    """Where thumbnails are kept: $FUSIONSMILE_CACHE_DIR/thumbnails if set (tests), else
    the user's cache folder."""
    override = os.environ.get(CACHE_ENVIRONMENT)
    if override:
        return Path(override) / "thumbnails"
    from platformdirs import user_cache_path

    return user_cache_path("fusionsmile", appauthor=False) / "thumbnails"


def cache_key(design: Path) -> str:
    """The SHA-256 of the file's bytes, as hex."""
    return hashlib.sha256(design.read_bytes()).hexdigest()


class ThumbnailRenderer(QObject):
    """Renders thumbnails of design files in a few background processes.

    Signals
    -------
    ready(design: Path, png: Path)    a thumbnail was rendered (or found in the cache)
    failed(design: Path, message: str)
    """

    ready = pyqtSignal(object, object)
    failed = pyqtSignal(object, str)

    def __init__(
        self, cache: Path | None = None, concurrent: int = 2, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.cache = cache if cache is not None else thumbnail_cache()
        self.concurrent = concurrent
        self._queue: deque[tuple[Path, Path]] = deque()
        self._running: dict[QProcess, tuple[Path, Path]] = {}

    def cached(self, design: Path) -> Path | None:
        """The cached thumbnail of design, or None if it has not been rendered yet."""
        try:
            png = self.cache / f"{cache_key(design)}.png"
        except OSError:
            return None
        return png if png.is_file() else None

    def request(self, design: Path) -> Path | None:
        """The cached thumbnail now, or None and `ready` later (queued behind others)."""
        try:
            png = self.cache / f"{cache_key(design)}.png"
        except OSError as error:
            self.failed.emit(design, f"{design}: {error.strerror}")
            return None
        if png.is_file():
            return png
        waiting = {out for _, out in self._queue} | {out for _, out in self._running.values()}
        if png not in waiting:
            self._queue.append((design, png))
            # Started from the event loop: a panel filling its grid is not held up by
            # process launches, and a queue dropped at once (stop) launches nothing.
            QTimer.singleShot(0, self._start_next)
        return None

    def pending(self) -> int:
        """Renders queued or running."""
        return len(self._queue) + len(self._running)

    def stop(self) -> None:
        """Forget the queue and end the running renders (nothing half-written is left:
        the renderer writes through a temporary file)."""
        self._queue.clear()
        for process in list(self._running):
            process.finished.disconnect()
            process.kill()
            process.waitForFinished(3000)
            process.deleteLater()
        self._running.clear()

    def _start_next(self) -> None:
        while self._queue and len(self._running) < self.concurrent:
            design, png = self._queue.popleft()
            self.cache.mkdir(parents=True, exist_ok=True)
            process = QProcess(self)
            width, height = THUMBNAIL_SIZE
            arguments = ["-m", "fusionsmile", "render", str(design), "-o", str(png)]
            process.setArguments([*arguments, "--size", f"{width}x{height}"])
            process.setProgram(sys.executable)
            process.finished.connect(lambda code, status, p=process: self._finished(p, code))
            self._running[process] = (design, png)
            process.start()

    def _finished(self, process: QProcess, code: int) -> None:
        design, png = self._running.pop(process)
        if code == 0 and png.is_file():
            self.ready.emit(design, png)
        else:
            error = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            lines = [line for line in error.strip().splitlines() if line.strip()]
            self.failed.emit(design, lines[-1] if lines else f"render exited with {code}")
        process.deleteLater()
        self._start_next()
