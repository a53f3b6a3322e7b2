"""Placing the dentition in a portrait: the automatic fit and the camera it implies.

The fit (`core.design.PhotoFit`) is data. `auto_fit` finds a starting point from the
facial frame: the dental midline on the facial midline, the incisal plane parallel to
the interpupillary line, the head's turn and nod, the size from the iris, the incisal
edge just above the lower lip, and no gum below the upper lip's inner edge (the gingival
margins and papillae sit at or just behind it). `placement` turns a fit into the camera
that draws the dentition over the photo in perspective, with the occlusal plane canted
in the head as in a real face (rising towards the molars, Downs 1948).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import PhotoFit
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import is_upper, wheeler_size
from fusionsmile.portrait.face import FacialFrame
from fusionsmile.render.camera import Camera

# A phone or portrait camera stands about this far from the face; the perspective of the
# arch (how fast the canines and premolars turn away) follows from it.
CAMERA_DISTANCE_MM = 600.0
INCISAL_CLEARANCE_MM = 0.5  # the upper incisal edge rests just above the lower lip
GINGIVAL_DISPLAY_MM = 0.0  # a wide-open smile shows the papillae, no band of gum
LIP_COVER_MM = 2.5  # unless the mouth opens wide, the upper lip hides the cervical crown
# The occlusal plane is not level in the head: against the Frankfort horizontal (the
# head's level, what the nod is measured from) it rises towards the molars by ~9 degrees.
# Drawn level, the premolars' and canines' gingival margins came out 3-6 mm below a
# smiling upper lip on the sample portrait, a pink band no photo of her shows.
OCCLUSAL_CANT_DEG = float(reference("occlusal_plane_cant").value)
# Where the person's gums do not show, the designed gum hides behind the upper lip: no
# gingival margin or papilla tip lower than this below the lip's inner edge (the
# composite's lip overlap, 0.8 mm, and its inset cover it), moving the teeth up at most
# LIP_LINE_MAX_MM for it: more (2 mm) parted the incisal edges from the lower lip and
# showed the lower incisors, which her photo doesn't. Measured over the front teeth (out
# to FRONT_SHARE of the half-smile); the teeth behind fall into the buccal corridor's
# shade.
GUM_BELOW_LIP_MM = 0.5
LIP_LINE_MAX_MM = 1.5
FRONT_SHARE = 0.6
LIP_LINE_BIN_MM = 0.5


def anchor_mm(dentition: Dentition) -> NDArray[np.float64]:
    """(3,) mm: the incisal point between the upper centrals (the fit's anchor), or the
    front of the upper arch when a central is missing."""
    points = [dentition.placements[n].incisal_point for n in (11, 21) if n in dentition.placements]
    if not points:
        upper = [p for n, p in dentition.placements.items() if is_upper(n)]
        if not upper:
            return np.zeros(3)
        front = max(upper, key=lambda p: p.incisal_point[2])
        return np.array([0.0, front.incisal_point[1], front.incisal_point[2]])
    point = np.mean(points, axis=0)
    return np.array([0.0, point[1], point[2]])


def central_length_mm(dentition: Dentition) -> float:
    lengths = [dentition.placements[n].crown_length for n in (11, 21) if n in dentition.placements]
    return float(np.mean(lengths)) if lengths else wheeler_size(11).crown_length


def auto_fit(
    frame: FacialFrame,
    photo_size: tuple[int, int],
    dentition: Dentition,
    midline_offset_mm: float = 0.0,
) -> PhotoFit:
    """The automatic fit of dentition to the face in a photo of photo_size (w, h) px.

    midline_offset_mm : where the dental midline goes, across the face from the facial
        midline (+ towards the person's left): 0 centres it (a designer's correction),
        the person's own (`own_midline`) keeps their teeth where they are
    """
    width, height = photo_size
    upper, _ = frame.lip_midpoints()
    across, down = frame.mouth_axes
    opening = frame.opening_mm()
    # How far below the upper lip the incisal edge sits: just above the lower lip, but
    # never more than the crown and a millimetre of gum.
    crown = central_length_mm(dentition)
    edge_mm = float(
        np.clip(opening - INCISAL_CLEARANCE_MM, 0.4 * opening, crown + GINGIVAL_DISPLAY_MM)
    )
    anchor = upper + (across * midline_offset_mm + down * edge_mm) / frame.mm_per_px
    fit = PhotoFit(
        x=float(np.clip(anchor[0] / width, -0.5, 1.5)),
        y=float(np.clip(anchor[1] / height, -0.5, 1.5)),
        width_mm=float(np.clip(width * frame.mm_per_px, 10.0, 20000.0)),
        roll_deg=float(np.clip(frame.roll_deg, -60, 60)),
        yaw_deg=float(np.clip(frame.yaw_deg, -45, 45)),
        pitch_deg=float(np.clip(frame.pitch_deg, -30, 30)),
    )
    gum = gum_below_lip_mm(frame, fit, photo_size, dentition)
    if gum <= GUM_BELOW_LIP_MM:
        return fit
    # Up the face: the gum goes up behind the lip, the incisal edge a little off the
    # lower lip.
    shift = -min(gum - GUM_BELOW_LIP_MM, LIP_LINE_MAX_MM) / frame.mm_per_px * down
    return fit.model_copy(
        update={
            "x": float(np.clip(fit.x + shift[0] / width, -0.5, 1.5)),
            "y": float(np.clip(fit.y + shift[1] / height, -0.5, 1.5)),
        }
    )


def gum_below_lip_mm(
    frame: FacialFrame, fit: PhotoFit, photo_size: tuple[int, int], dentition: Dentition
) -> float:
    """How far (mm, down the face) the upper gum shows below the upper lip's inner edge
    over the front teeth with dentition placed by fit: column by column (LIP_LINE_BIN_MM
    wide), the lowest point of the labial gum (its margin on the crowns, a papilla's tip
    between them) below the lip; the largest. <= 0: the lip hides the gum."""
    _, attributes = dentition.merged()
    gum = (attributes.region == Region.GINGIVA) & np.isin(
        attributes.tooth, [n for n in dentition.placements if is_upper(n)]
    )
    place = placement(fit, photo_size, anchor_mm(dentition))
    # Only the gum turned to the camera: the palate's side is behind the crowns.
    towards = place.camera.rotation().T @ np.array([0.0, 0.0, 1.0])
    gum &= attributes.normal @ towards > 0.2
    if not gum.any():
        return 0.0
    points = project(place, attributes.position[gum])
    across, down = frame.mouth_axes
    origin = frame.commissures.mean(axis=0)
    mm = frame.mm_per_px
    point_a, point_d = (points - origin) @ across * mm, (points - origin) @ down * mm
    lip = frame.upper_inner_lip - origin
    lip_a, lip_d = lip @ across * mm, lip @ down * mm
    half = 0.5 * float(abs((frame.commissures[1] - frame.commissures[0]) @ across)) * mm
    reach = FRONT_SHARE * half
    keep = (point_a >= -reach) & (point_a < reach)
    if not keep.any():
        return 0.0
    count = int(np.ceil(2 * reach / LIP_LINE_BIN_MM))
    bins = np.minimum(((point_a[keep] + reach) / LIP_LINE_BIN_MM).astype(np.int64), count - 1)
    lowest = np.full(count, -np.inf)
    np.maximum.at(lowest, bins, point_d[keep])
    seen = np.isfinite(lowest)
    centres = -reach + (np.arange(count) + 0.5) * LIP_LINE_BIN_MM
    order = np.argsort(lip_a)
    lip_at = np.interp(centres[seen], lip_a[order], lip_d[order])
    return float(np.max(lowest[seen] - lip_at))


@dataclass(frozen=True)
class PhotoCamera(Camera):
    """A camera in front of a posed head: the dentition turned by the fit's yaw, pitch
    and roll about the anchor (the target), seen from distance_mm along -z."""

    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    shift_ndc: tuple[float, float] = (0.0, 0.0)  # where the target projects, in NDC

    def projection_matrix(self, aspect: float, radius_mm: float = 60.0) -> NDArray[np.float64]:
        projection = super().projection_matrix(aspect, radius_mm)
        # clip.w = -z, so these terms add shift_ndc to every projected point.
        projection[0, 2] -= self.shift_ndc[0]
        projection[1, 2] -= self.shift_ndc[1]
        return projection

    def rotation(self) -> NDArray[np.float64]:
        """(3, 3) the head's rotation: dentition frame -> camera frame."""
        yaw, pitch, roll = (math.radians(a) for a in (self.yaw_deg, self.pitch_deg, self.roll_deg))
        # Turning towards the person's left (+x) brings their left side away from us.
        ry = np.array(
            [[math.cos(yaw), 0, -math.sin(yaw)], [0, 1, 0], [math.sin(yaw), 0, math.cos(yaw)]],
            dtype=np.float64,
        )
        # Chin up: the lower face comes towards the camera.
        rx = np.array(
            [
                [1, 0, 0],
                [0, math.cos(pitch), math.sin(pitch)],
                [0, -math.sin(pitch), math.cos(pitch)],
            ],
            dtype=np.float64,
        )
        rz = np.array(
            [[math.cos(roll), -math.sin(roll), 0], [math.sin(roll), math.cos(roll), 0], [0, 0, 1]],
            dtype=np.float64,
        )
        return rz @ rx @ ry

    def position(self) -> NDArray[np.float64]:
        # The eye in the dentition's frame: in front of the rotated face.
        target = np.asarray(self.target, dtype=np.float64)
        return target + self.rotation().T @ np.array([0.0, 0.0, self.distance_mm], dtype=np.float64)

    def up(self) -> NDArray[np.float64]:
        return self.rotation().T @ np.array([0.0, 1.0, 0.0], dtype=np.float64)

    def view_matrix(self) -> NDArray[np.float64]:
        view = np.eye(4)
        rotation = self.rotation()
        view[:3, :3] = rotation
        view[:3, 3] = -rotation @ np.asarray(self.target, dtype=np.float64) + np.array(
            [0.0, 0.0, -self.distance_mm]
        )
        return view


@dataclass(frozen=True)
class Placement:
    """Where a render of the dentition goes in the photo.

    box : (left, top, right, bottom) pixels of the photo the render covers; the anchor
          projects to its centre
    camera : draws the dentition for a render of the box's size
    px_per_mm : the scale at the anchor
    """

    box: tuple[int, int, int, int]
    camera: PhotoCamera
    px_per_mm: float

    @property
    def size(self) -> tuple[int, int]:
        return self.box[2] - self.box[0], self.box[3] - self.box[1]


def placement(
    fit: PhotoFit,
    photo_size: tuple[int, int],
    dentition_anchor: NDArray[np.float64],
    half_extent_mm: tuple[float, float] = (45.0, 32.0),
) -> Placement:
    """The render box and camera for fit in a photo of photo_size (w, h) pixels.

    half_extent_mm : how far around the anchor the render reaches (the dentition and
                     the glow's halo), mm across and down the face
    """
    width, height = photo_size
    px_per_mm = width / fit.width_mm
    cx, cy = fit.x * width, fit.y * height
    # A box around the anchor (the camera looks at it), in whole pixels; the anchor's
    # fraction of a pixel is carried by a shift of the projection.
    half_w = max(8, math.ceil(half_extent_mm[0] * px_per_mm))
    half_h = max(8, math.ceil(half_extent_mm[1] * px_per_mm))
    left, top = round(cx) - half_w, round(cy) - half_h
    box = (left, top, left + 2 * half_w, top + 2 * half_h)
    fov = math.degrees(2 * math.atan(half_h / px_per_mm / CAMERA_DISTANCE_MM))
    camera = PhotoCamera(
        azimuth_deg=0.0,
        elevation_deg=0.0,
        distance_mm=CAMERA_DISTANCE_MM,
        fov_deg=fov,
        target=(float(dentition_anchor[0]), float(dentition_anchor[1]), float(dentition_anchor[2])),
        yaw_deg=fit.yaw_deg,
        # The fit's pitch is the head's nod; the occlusal plane is canted in the head.
        pitch_deg=fit.pitch_deg - OCCLUSAL_CANT_DEG,
        roll_deg=fit.roll_deg,
        shift_ndc=((cx - round(cx)) / half_w, -(cy - round(cy)) / half_h),
    )
    return Placement(box, camera, px_per_mm)


def project(place: Placement, points_mm: NDArray[np.floating]) -> NDArray[np.float64]:
    """(n, 2) photo pixels (x right, y down) where points_mm ((n, 3) dentition mm) land."""
    width, height = place.size
    camera = place.camera
    points = np.asarray(points_mm, dtype=np.float64).reshape(-1, 3)
    clip = (
        np.c_[points, np.ones(len(points))]
        @ (camera.projection_matrix(width / height) @ camera.view_matrix()).T
    )
    ndc = clip[:, :2] / clip[:, 3:4]
    x = place.box[0] + (ndc[:, 0] + 1.0) / 2.0 * width
    y = place.box[1] + (1.0 - ndc[:, 1]) / 2.0 * height
    return np.stack([x, y], axis=1)
