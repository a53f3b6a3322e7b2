"""The smile measured in the face: where the designed teeth land in the photo against
the person's own midline, eyes and lips, each figure with its published range.

Figures and sources: `assets/smile-reference.json` (the `photo_*` entries).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.analysis import Metric
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import is_upper
from fusionsmile.portrait.face import FacialFrame
from fusionsmile.portrait.fit import Placement, project

# Incisal curves shallower than this read as flat: the smile arc's reference range begins
# there (Sarver 2001, in smile-reference.json).
_ARC_RANGE = reference("photo_smile_arc").range
assert _ARC_RANGE is not None  # the entry has a range
ARC_FLAT_MM = _ARC_RANGE[0]


@dataclass(frozen=True)
class ReferenceLines:
    """Lines to draw over the photo (pixels, x right, y down), as a smile designer does.

    Each line is ((x0, y0), (x1, y1)); the curves are (n, 2) polylines.
    """

    interpupillary: tuple[tuple[float, float], tuple[float, float]]
    facial_midline: tuple[tuple[float, float], tuple[float, float]]
    dental_midline: tuple[tuple[float, float], tuple[float, float]]
    incisal_plane: tuple[tuple[float, float], tuple[float, float]]
    commissures: tuple[tuple[float, float], tuple[float, float]]
    incisal_curve: NDArray[np.float64]
    lower_lip: NDArray[np.float64]


def photo_metrics(frame: FacialFrame, place: Placement, dentition: Dentition) -> dict[str, Metric]:
    """Every photo metric of dentition placed in the face, keyed by name."""
    across, down = frame.mouth_axes
    mm = frame.mm_per_px
    metrics: list[Metric] = []

    def add(name: str, label: str, value: float | None, unit: str | None = None) -> None:
        ref = reference(name)
        assert ref.range is not None, name
        metrics.append(Metric(name, label, value, ref.range, unit or ref.unit, ref.source))

    points = _landmarks(place, dentition)
    upper_lip, lower_lip = frame.lip_midpoints()

    midline = points.get("contact")
    if midline is not None:
        offset = (midline - frame.midline_point) @ np.array(
            [-frame.midline_direction[1], frame.midline_direction[0]]
        )
        add("photo_midline", "Dental midline off the facial midline", abs(float(offset)) * mm)
    else:
        add("photo_midline", "Dental midline off the facial midline", None)

    # Each pair is measured only when both of its points were found.
    canines = [points[f"tip{n}"] for n in (13, 23) if f"tip{n}" in points]
    if len(canines) == 2:
        plane = canines[1] - canines[0]
        eyes = frame.pupils[1] - frame.pupils[0]
        # The 2D cross product by hand: NumPy 2 deprecates np.cross on 2-vectors.
        cross = float(eyes[0] * plane[1] - eyes[1] * plane[0])
        angle = math.degrees(math.atan2(cross, float(eyes @ plane)))
        add("photo_incisal_cant", "Incisal plane cant against the eyes", abs(angle))
    else:
        add("photo_incisal_cant", "Incisal plane cant against the eyes", None)

    centrals = [points[f"tip{n}"] for n in (11, 21) if f"tip{n}" in points]
    arc = None
    if len(centrals) == 2 and len(canines) == 2:
        central_depth = np.mean([p @ down for p in centrals])
        canine_depth = np.mean([p @ down for p in canines])
        arc = float(central_depth - canine_depth) * mm
    add("photo_smile_arc", f"Smile arc ({smile_arc_kind(arc)})", arc)

    add("photo_buccal_corridor", "Buccal corridor", _buccal_corridor(frame, place, dentition))

    zeniths = [points[f"zenith{n}"] for n in (11, 21) if f"zenith{n}" in points]
    display = None
    if len(zeniths) == 2:
        lip = _lip_depth_at(frame, [float(z @ across) for z in zeniths])
        display = float(np.max([zeniths[i] @ down - lip[i] for i in range(2)])) * mm
    add("photo_gingival_display", "Gum shown above the centrals", display)

    width = float(np.linalg.norm(frame.commissures[1] - frame.commissures[0]))
    gap = float(np.linalg.norm(lower_lip - upper_lip))
    add("photo_smile_index", "Smile index (width / opening)", width / gap if gap > 0 else None)
    return {metric.name: metric for metric in metrics}


def smile_arc_kind(arc_mm: float | None) -> str:
    """consonant, flat or reverse (Sarver 2001), from the central edges' drop below the
    canine tips."""
    if arc_mm is None:
        return "not measured"
    if arc_mm > ARC_FLAT_MM:
        return "consonant"
    if arc_mm >= -ARC_FLAT_MM:
        return "flat"
    return "reverse"


def reference_lines(frame: FacialFrame, place: Placement, dentition: Dentition) -> ReferenceLines:
    """The reference lines of the face and of the placed teeth, in photo pixels."""
    across, down = frame.mouth_axes
    pupils = frame.pupils
    reach = float(np.linalg.norm(pupils[1] - pupils[0]))
    top = pupils.mean(axis=0) - down * 0.6 * reach
    bottom = frame.lip_midpoints()[1] + down * 0.9 * reach
    x_top, x_bottom = frame.midline_x_at(float(top[1])), frame.midline_x_at(float(bottom[1]))
    points = _landmarks(place, dentition)
    contact = points.get("contact", np.array([place.box[0] + place.size[0] / 2, place.box[1]]))
    tips = [points[f"tip{n}"] for n in (13, 12, 11, 21, 22, 23) if f"tip{n}" in points]
    curve = np.array(tips) if tips else np.zeros((0, 2))
    plane = (
        _pair(points["tip13"], points["tip23"])
        if "tip13" in points and "tip23" in points
        else _pair(contact, contact)
    )
    half = 0.35 * reach
    return ReferenceLines(
        interpupillary=_pair(pupils[0] - across * 0.4 * reach, pupils[1] + across * 0.4 * reach),
        facial_midline=((x_top, float(top[1])), (x_bottom, float(bottom[1]))),
        dental_midline=_pair(contact - down * half, contact + down * half * 0.6),
        incisal_plane=plane,
        commissures=_pair(frame.commissures[0], frame.commissures[1]),
        incisal_curve=curve,
        lower_lip=frame.lower_inner_lip.copy(),
    )


def _pair(
    a: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[tuple[float, float], tuple[float, float]]:
    return (float(a[0]), float(a[1])), (float(b[0]), float(b[1]))


def _landmarks(place: Placement, dentition: Dentition) -> dict[str, NDArray[np.float64]]:
    """Dental landmarks projected into the photo: incisal points (tipN), zeniths
    (zenithN) and the contact between the upper centrals (contact)."""
    names, points = [], []
    for fdi in (11, 12, 13, 21, 22, 23):
        placement = dentition.placements.get(fdi)
        if placement is None:
            continue
        names += [f"tip{fdi}", f"zenith{fdi}"]
        points += [placement.incisal_point, placement.zenith]
    if 11 in dentition.placements and 21 in dentition.placements:
        names.append("contact")
        points.append(
            (dentition.placements[11].contact_mesial + dentition.placements[21].contact_mesial) / 2
        )
    elif (central := dentition.placements.get(11, dentition.placements.get(21))) is not None:
        names.append("contact")
        points.append(central.contact_mesial)
    if not points:
        return {}
    projected = project(place, np.array(points))
    return dict(zip(names, projected, strict=True))


def _lip_depth_at(frame: FacialFrame, positions: list[float]) -> NDArray[np.float64]:
    """Depth (pixels, along the face's down axis) of the upper inner lip at positions
    across the face."""
    across, down = frame.mouth_axes
    lip = frame.upper_inner_lip
    a, d = lip @ across, lip @ down
    order = np.argsort(a)
    return np.interp(positions, a[order], d[order])


def _buccal_corridor(frame: FacialFrame, place: Placement, dentition: Dentition) -> float | None:
    """Share (%) of the mouth opening's width that no upper tooth fills, beside the
    outermost visible teeth (Moore 2005 measures against the inner commissures)."""
    across, _ = frame.mouth_axes
    enamel = []
    for part in dentition.parts:
        if not part.name.isdigit() or not is_upper(int(part.name)):
            continue
        attributes = part.attributes
        chosen = attributes.position[attributes.region == Region.ENAMEL]
        enamel.append(chosen[:: max(1, len(chosen) // 400)])
    if not enamel:
        return None
    projected = project(place, np.concatenate(enamel))
    inside = _inside(projected, frame.inner_lip)
    if not inside.any():
        return None
    positions = projected[inside] @ across
    lip = frame.inner_lip @ across
    width = float(lip.max() - lip.min())
    if width <= 0:
        return None
    filled = float(positions.max() - positions.min())
    return float(np.clip(1.0 - filled / width, 0.0, 1.0)) * 100.0


def _inside(points: NDArray[np.float64], polygon: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which points ((n, 2)) lie inside polygon ((m, 2)), by the even-odd rule."""
    x, y = points[:, 0:1], points[:, 1:2]
    x0, y0 = polygon[:, 0], polygon[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    odd: NDArray[np.bool_] = np.count_nonzero(crosses & (x < at), axis=1) % 2 == 1
    return odd
