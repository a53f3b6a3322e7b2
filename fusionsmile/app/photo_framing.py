"""Where the photo sits in the portrait view: how large it is drawn (widget pixels per
photo pixel) and which photo point lies at the view's centre; the face framed when a
photo first shows, zoom about the pointer, pan, and the mapping both ways between photo
and widget pixels.

This is view state, like the 3D view's camera: it never touches the design. The view's
size is read from the widget at each use rather than kept, because a view that has
never been shown is asked for its framing too (the first frame's request wants a scale
before any resize event arrives).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PyQt6.QtCore import QPointF, QRectF
from PyQt6.QtWidgets import QWidget

from fusionsmile.portrait.analysis import PhotoFace

# The face fills about this share of the view when a photo is first shown.
FACE_MARGIN = 1.35
MAX_ZOOM = 12.0  # widget pixels per photo pixel
# Zooming out stops a little below the whole photo in view, so its edges can be seen.
MIN_ZOOM_OF_WHOLE = 0.9


class PhotoFraming:
    """scale: widget pixels per photo pixel, None until a face is framed; center: photo
    pixels ((2,) float) at the widget's centre; zoomed: set by the user's zoom or pan
    (until then a resize frames the face again)."""

    def __init__(self, view: QWidget) -> None:
        self.view = view
        self.scale: float | None = None
        self.center: NDArray[np.float64] = np.zeros(2)
        self.zoomed = False

    @property
    def view_scale(self) -> float:
        """Widget pixels per photo pixel as drawn (1 before the first framing)."""
        return self.scale or 1.0

    def forget(self) -> None:
        """Another photo: its face is framed afresh when it first shows."""
        self.scale = None

    def frame_face(self, face: PhotoFace) -> None:
        """Show the face large, centred (never smaller than the whole photo in view)."""
        points = face.landmarks.points[:, :2]
        low, high = points.min(axis=0), points.max(axis=0)
        size = np.maximum(high - low, 1.0) * FACE_MARGIN
        scale = min(self.view.width() / size[0], self.view.height() / size[1])
        self.scale = float(min(max(scale, self.whole_scale(face)), MAX_ZOOM))
        self.center = (low + high) / 2.0
        self.clamp(face)

    def whole_scale(self, face: PhotoFace) -> float:
        """The scale that shows the whole photo."""
        width, height = face.photo.size
        return min(max(1, self.view.width()) / width, max(1, self.view.height()) / height)

    def clamp(self, face: PhotoFace) -> None:
        """Keep the photo over the view's centre (no panning into empty space)."""
        width, height = face.photo.size
        self.center = np.clip(self.center, [0.0, 0.0], [float(width), float(height)])

    def resized(self, face: PhotoFace) -> None:
        """The view changed size: the framing depends on it unless the user zoomed."""
        if self.scale is None:
            return
        if self.zoomed:
            self.scale = max(self.scale, self.whole_scale(face) * MIN_ZOOM_OF_WHOLE)
        else:
            self.frame_face(face)

    def pan(self, face: PhotoFace, delta: QPointF) -> None:
        """Move the photo by delta widget pixels."""
        self.zoomed = True
        self.center = self.center - np.array([delta.x(), delta.y()]) / self.view_scale
        self.clamp(face)

    def zoom(self, face: PhotoFace, factor: float, around: QPointF) -> None:
        """Zoom by factor keeping the photo point under around (widget) in place; the
        face must be framed already."""
        assert self.scale is not None, "zoom before the face was framed"
        fixed = self.to_photo(around)
        low = self.whole_scale(face) * MIN_ZOOM_OF_WHOLE
        self.zoomed = True
        self.scale = float(min(max(self.scale * factor, low), MAX_ZOOM))
        half = np.array([around.x() - self.view.width() / 2, around.y() - self.view.height() / 2])
        self.center = fixed - half / self.scale
        self.clamp(face)

    def to_widget(self, point: NDArray[np.float64] | tuple[float, float]) -> QPointF:
        """Widget pixels of a photo point."""
        scale = self.view_scale
        x = self.view.width() / 2 + (float(point[0]) - self.center[0]) * scale
        y = self.view.height() / 2 + (float(point[1]) - self.center[1]) * scale
        return QPointF(x, y)

    def to_photo(self, position: QPointF) -> NDArray[np.float64]:
        """Photo pixels ((2,) float) under a widget position."""
        scale = self.view_scale
        return np.array(
            [
                self.center[0] + (position.x() - self.view.width() / 2) / scale,
                self.center[1] + (position.y() - self.view.height() / 2) / scale,
            ]
        )

    def photo_rect(self, face: PhotoFace) -> QRectF:
        """Where the whole photo lands in the widget."""
        width, height = face.photo.size
        return QRectF(self.to_widget((0.0, 0.0)), self.to_widget((float(width), float(height))))
