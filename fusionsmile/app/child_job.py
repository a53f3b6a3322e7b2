"""One frozen request run in a spawned child process, with progress and Cancel.

The target is a module-level function `target(request, messages)` that puts
("progress", fraction, text), then ("done", result) or ("error", one line, ...) on the
multiprocessing queue `messages` (see `fusionsmile.export.jobs.run_in_child` and
`fusionsmile.gallery.jobs.run_in_child`). The window's interpreter and OpenGL context stay
free, and Cancel ends the child at once: the writers are atomic.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QObject, QTimer, pyqtSignal


class ChildJob(QObject):
    """Runs target(request, messages) in a child process.

    Signals: progress(fraction: float, text: str), finished(result: object),
    failed(message: str), cancelled().
    """

    progress = pyqtSignal(float, str)
    finished = pyqtSignal(object)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal()

    def __init__(
        self,
        target: Callable[[Any, Any], None],
        request: object,
        parent: QObject | None = None,
        what: str = "the job",
    ) -> None:
        super().__init__(parent)
        self.request = request
        self._what = what
        context = multiprocessing.get_context("spawn")  # no fork of a Qt/GL process
        self._messages = context.Queue()
        self._process = context.Process(target=target, args=(request, self._messages), daemon=True)
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._read)
        self.running = False

    def start(self) -> None:
        self._process.start()
        self.running = True
        self._poll.start()

    def cancel(self) -> None:
        if self.running:
            self._process.terminate()
            self._process.join(timeout=5)
            self._stop()
            self.cancelled.emit()

    def _stop(self) -> None:
        self.running = False
        self._poll.stop()

    def _read(self) -> None:
        while True:
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                break
            if message[0] == "progress":
                self.progress.emit(float(message[1]), str(message[2]))
            elif message[0] == "done":
                self._stop()
                self._process.join(timeout=5)
                self.finished.emit(message[1])
                return
            else:
                self._stop()
                self.failed.emit(str(message[1]))
                return
        if self.running and not self._process.is_alive():
            self._stop()
            self.failed.emit(
                f"{self._what} stopped unexpectedly (exit code {self._process.exitcode})"
            )
