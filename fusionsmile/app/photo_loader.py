"""Reading a portrait photo and finding its face, off the UI thread.

`load(path)` reads the photo and analyses its face on a worker thread (the first
analysis imports MediaPipe, about a second); `loaded(job, PhotoFace)` or
`refused(job, message)` arrives on the UI thread, with the job that asked. A job may
expect a photo by its hash (the photo a design names): a file with other content is
reported by `mismatched(job, Photo)` before any face is looked for.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal

from fusionsmile.portrait.analysis import analyse_photo
from fusionsmile.portrait.face import FaceError
from fusionsmile.portrait.landmarks import LandmarksUnavailable
from fusionsmile.portrait.photo import PhotoError, read_photo

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
PHOTO_FILTER = "Photos (" + " ".join(f"*{s}" for s in PHOTO_SUFFIXES) + ")"


@dataclass(frozen=True)
class PhotoJob:
    """One photo to read. expected_sha256 : the hash a design names, or None (any photo);
    reason : what the photo is for ("open", "design"), for whoever handles the answer."""

    path: Path
    face: int = 0
    expected_sha256: str | None = None
    reason: str = "open"


class PhotoLoader(QObject):
    """loaded(PhotoJob, PhotoFace), refused(PhotoJob, str), mismatched(PhotoJob, Photo),
    busy_changed(bool)."""

    loaded = pyqtSignal(object, object)
    refused = pyqtSignal(object, str)
    mismatched = pyqtSignal(object, object)
    busy_changed = pyqtSignal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._running = 0

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running > 0

    def load(self, job: PhotoJob) -> None:
        with self._lock:
            self._running += 1
            first = self._running == 1
        if first:
            self.busy_changed.emit(True)
        threading.Thread(target=self._work, args=(job,), name="photo-reader", daemon=True).start()

    def _work(self, job: PhotoJob) -> None:
        try:
            self._answer(job)
        except RuntimeError:
            return  # the window closed while the photo was read
        finally:
            with self._lock:
                self._running -= 1
                last = self._running == 0
            if last:
                with contextlib.suppress(RuntimeError):
                    self.busy_changed.emit(False)

    def _answer(self, job: PhotoJob) -> None:
        try:
            photo = read_photo(job.path)
            if job.expected_sha256 is not None and photo.sha256 != job.expected_sha256:
                self.mismatched.emit(job, photo)
                return
            face = analyse_photo(photo, job.face)
        except (PhotoError, FaceError, LandmarksUnavailable) as error:
            self.refused.emit(job, str(error))
            return
        except Exception as error:  # a bug in reading must not look like a hang
            self.refused.emit(job, f"{job.path.name}: {type(error).__name__}: {error}")
            return
        self.loaded.emit(job, face)
