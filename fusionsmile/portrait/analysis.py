"""A photo read and its face analysed: what every portrait command starts from."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from fusionsmile.core.design import Design, PhotoFit, PhotoRef
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.portrait.face import FaceError, FacialFrame, facial_frame
from fusionsmile.portrait.fit import anchor_mm, auto_fit
from fusionsmile.portrait.landmarks import FaceLandmarks, detect_faces
from fusionsmile.portrait.match import PhotoLook, measure_look
from fusionsmile.portrait.photo import Photo


@dataclass(frozen=True)
class PhotoFace:
    """One face of a photo, ready to carry a smile.

    face_count : how many faces the photo has (face_index is one of them, largest first)
    """

    photo: Photo
    face_index: int
    face_count: int
    landmarks: FaceLandmarks
    frame: FacialFrame
    look: PhotoLook

    def reference(self, fit: PhotoFit | None = None) -> PhotoRef:
        """How a design names this photo (hash and file name, never the pixels)."""
        return PhotoRef(
            sha256=self.photo.sha256, file_name=self.photo.file_name, face=self.face_index, fit=fit
        )

    def at_scale(self, factor: float) -> tuple[NDArray[np.uint8], FacialFrame, PhotoLook]:
        """The photo resized by factor (e.g. to a view's size) with its frame and look in
        the new pixels: interactive views composite on a display-size copy."""
        if abs(factor - 1.0) < 1e-9:
            return self.photo.pixels, self.frame, self.look
        width, height = self.photo.size
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        image = Image.fromarray(self.photo.pixels).resize(size, Image.Resampling.LANCZOS)
        # Pixel coordinates scale with the picture's width and height separately.
        sx, sy = size[0] / width, size[1] / height
        scale = np.array([sx, sy])
        frame = replace(
            self.frame,
            pupils=self.frame.pupils * scale,
            midline_point=self.frame.midline_point * scale,
            midline_direction=_unit(self.frame.midline_direction * scale),
            inner_lip=self.frame.inner_lip * scale,
            outer_lip=self.frame.outer_lip * scale,
            commissures=self.frame.commissures * scale,
            mm_per_px=self.frame.mm_per_px / sx,
            mm_per_px_sd=self.frame.mm_per_px_sd / sx,
        )
        look = replace(self.look, blur_px=max(0.3, self.look.blur_px * sx))
        return np.asarray(image), frame, look


def _unit(vector: NDArray[np.float64]) -> NDArray[np.float64]:
    return vector / float(np.linalg.norm(vector))


def analyse_photo(photo: Photo, face_index: int = 0) -> PhotoFace:
    """Find the faces of photo and analyse face_index (0: the largest), or FaceError."""
    faces = detect_faces(photo.pixels)
    if not faces:
        raise FaceError(f"{photo.file_name}: no face found (use a frontal photo of a face)")
    if not 0 <= face_index < len(faces):
        raise FaceError(
            f"{photo.file_name}: face {face_index} asked for, but the photo has "
            f"{len(faces)} face{'s' if len(faces) != 1 else ''} (0 is the largest)"
        )
    landmarks = faces[face_index]
    try:
        frame = facial_frame(landmarks)
    except FaceError as error:
        raise FaceError(f"{photo.file_name}: {error}") from None
    look = measure_look(photo.pixels, landmarks, frame)
    return PhotoFace(photo, face_index, len(faces), landmarks, frame, look)


def fit_of(design: Design, photo_face: PhotoFace, dentition: Dentition) -> PhotoFit:
    """The design's own fit when it was made on this photo and face, else the automatic
    fit (a fit made for another photo means nothing here)."""
    ref = design.photo
    if (
        ref is not None
        and ref.fit is not None
        and ref.sha256 == photo_face.photo.sha256
        and ref.face == photo_face.face_index
    ):
        return ref.fit
    return auto_fit(photo_face.frame, photo_face.photo.size, dentition)


__all__ = ["PhotoFace", "analyse_photo", "anchor_mm", "fit_of"]
