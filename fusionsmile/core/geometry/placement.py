"""Where each tooth stands: along its arch, at its height, with its inclinations.

Teeth are laid along the arch curve in contact, from the midline outwards, each taking
its mesiodistal width of arc (plus any spacing). The difference between the arc they
need and the arc the curve offers is the crowding (+) or spacing (-) of the arch.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from fusionsmile.core.design import Geometry, ToothOverride
from fusionsmile.core.geometry.arch import ArchCurve, arch_curve
from fusionsmile.core.geometry.surface import ArchFit
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import (
    ArchName,
    ToothType,
    all_fdi,
    arch_of,
    side_sign,
    tooth_type,
    wheeler_size,
)

# Height of each tooth's incisal edge or buccal cusp tip above the occlusal plane, mm.
# Modelling defaults shaped on the lateral step (lateral edges shorter than centrals:
# smile-reference.json, Simoes 2019; canines between) and a gently rising posterior
# occlusal plane; lower teeth sit 2.5-3 mm higher, so the upper incisors overlap them
# (overbite) and the cusps interdigitate.
_LATERAL_STEP = float(reference("lateral_step").value)
_TIP_HEIGHT: dict[ArchName, dict[ToothType, float]] = {
    "upper": dict(zip(ToothType, (0.0, _LATERAL_STEP, 0.9, 0.9, 1.1, 1.4, 1.9, 2.4), strict=True)),
    "lower": dict(zip(ToothType, (2.6, 2.6, 2.6, 2.6, 2.8, 3.1, 3.5, 3.9), strict=True)),
}

# Default inclinations, degrees: mesial crown tip (the upper front teeth's from Andrews
# 1972, smile-reference.json; the rest modelling defaults) and labial crown inclination
# of the long axis (incisors proclined, lower molars leaning lingually: curve of Wilson).
_FRONT_TIP = reference("axial_inclination").value
_UPPER_TIP = (_FRONT_TIP["central"], _FRONT_TIP["lateral"], _FRONT_TIP["canine"], 3, 3, 5, 5, 5)
_TIP_DEG: dict[ArchName, dict[ToothType, float]] = {
    "upper": dict(zip(ToothType, map(float, _UPPER_TIP), strict=True)),
    "lower": dict(zip(ToothType, (2.0, 2.0, 5.0, 2.0, 2.0, 2.0, 2.0, 2.0), strict=True)),
}
_TORQUE_DEG: dict[ArchName, dict[ToothType, float]] = {
    "upper": dict(zip(ToothType, (16.0, 13.0, 15.0, -2.0, -3.0, -6.0, -8.0, -10.0), strict=True)),
    "lower": dict(zip(ToothType, (10.0, 9.0, 4.0, -6.0, -9.0, -13.0, -16.0, -18.0), strict=True)),
}

# Default rotation about the long axis, degrees, mesial face labially (+). The arch turns
# at the canine: its mesial half faces forward with the laterals and its distal half
# follows the buccal segment, so from the front it shows much less than its width (Levin's
# golden proportion, Ward's RED: canine/lateral apparent width 0.62-0.8). The laterals
# turn slightly the other way to hold the front's line into the corner. Modelling values,
# tuned on the smile analysis (analysis.py).
_ROTATION_DEG: dict[ArchName, dict[ToothType, float]] = {
    "upper": dict(zip(ToothType, (0.0, -4.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0), strict=True)),
    "lower": dict.fromkeys(ToothType, 0.0),
}
# Which contact a default turn pivots about: +1 the mesial, -1 the distal one. The canine
# turns about its contact with the lateral (its distal half tucks into the corner rather
# than its mesial edge standing out); the lateral about its contact with the canine.
_PIVOT: dict[ToothType, float] = {ToothType.LATERAL: -1.0}
# Default labial offset of the crown from the arch, mm (+ labial). The lower incisors sit
# a little inside the curve, behind the uppers' edges, for a normal overjet of 2-3 mm
# (assets/smile-reference.json, "overjet"; measured by core/occlusion.py).
_LABIAL_MM: dict[ArchName, dict[ToothType, float]] = {
    "upper": dict.fromkeys(ToothType, 0.0),
    "lower": {
        **dict.fromkeys(ToothType, 0.0),
        ToothType.CENTRAL: -0.7,
        ToothType.LATERAL: -0.7,
        ToothType.CANINE: -0.5,
    },
}

# The lower jaw opens about the condyles, roughly this far behind and above the origin.
_HINGE_Y_MM, _HINGE_Z_MM = 28.0, -52.0


@dataclass(frozen=True, eq=False)
class ToothPose:
    """The placement of one tooth (present or missing).

    frame : (3, 3) columns mesial, axial (cervical -> incisal), labial; unit, orthonormal
    origin : (3,) world position of the crown's local origin (cervical line, labial
             midpoint height, on the long axis), mm
    contacts : (2, 3) mesial and distal contact points on the arch at contact height, mm
    arc_center : signed arc length of the tooth's centre from the midline, mm
    """

    fdi: int
    missing: bool
    frame: NDArray[np.float64]
    origin: NDArray[np.float64]
    contacts: NDArray[np.float64]
    arc_center: float
    md_width: float
    crown_length: float


@dataclass(frozen=True)
class ToothSizeInput:
    """What placement needs to know of each tooth's crown."""

    md_width: float
    crown_length: float
    # How far labially of the crown's middle its contacts lie (crown_anatomy contact_z).
    contact_labial_mm: float = 0.0


def arch_curves(geometry: Geometry) -> dict[ArchName, ArchCurve]:
    front = {
        arch: sum(_front_width(arch, t) for t in (1, 2, 3)) * geometry.tooth_size
        for arch in ("upper", "lower")
    }
    shapes = {"upper": geometry.upper_arch, "lower": geometry.lower_arch}
    return {
        arch: arch_curve(
            geometry.arch_form, shapes[arch].width_mm, shapes[arch].depth_mm, front[arch]
        )
        for arch in ("upper", "lower")
    }


def _front_width(arch: ArchName, position: int) -> float:
    return wheeler_size((1 if arch == "upper" else 4) * 10 + position).md_crown


def jitter(geometry: Geometry) -> dict[int, NDArray[np.float64]]:
    """Seeded per-tooth random draws for natural asymmetry and crowding.

    Every tooth always gets its draws in a fixed order, so switching a tooth or the third
    molars on or off never reshuffles the others: the same seed gives the same mouth.
    """
    return dict(_draws(geometry.seed))


@lru_cache(maxsize=16)
def _draws(seed: int) -> dict[int, NDArray[np.float64]]:
    # Cached per seed (each build asks twice, and every rebuild again); read-only, shared.
    rng = np.random.default_rng(seed)
    draws = np.clip(rng.standard_normal((32, 9)), -2.0, 2.0)
    draws.flags.writeable = False
    return {fdi: draws[i] for i, fdi in enumerate(all_fdi(third_molars=True))}


def clear_caches() -> None:
    """Forget cached poses, draws and arch curves (for timing a build from cold)."""
    for cache in (_cached_pose, _open_jaw, _draws, hinge_rotation, arch_curve):
        cache.cache_clear()


def place_teeth(
    geometry: Geometry, sizes: dict[int, ToothSizeInput]
) -> tuple[dict[int, ToothPose], dict[str, ArchFit], dict[ArchName, ArchCurve]]:
    """Poses of every tooth in `sizes` (keyed by FDI), the fit of each arch, and the
    arch curves."""
    curves = arch_curves(geometry)
    draws = jitter(geometry)
    poses: dict[int, ToothPose] = {}
    fits: dict[str, ArchFit] = {}
    for arch, curve in curves.items():
        shift = geometry.arch_value("midline_shift", arch)
        spacing = geometry.arch_value("spacing", arch)
        required = {}
        for quadrant_side in (-1, 1):
            fdis = sorted(f for f in sizes if arch_of(f) == arch and side_sign(f) == quadrant_side)
            cursor = geometry.diastema_for(arch) / 2.0
            for fdi in fdis:
                width = sizes[fdi].md_width
                overlap = 0.6 * geometry.crowding if tooth_type(fdi).is_anterior else 0.0
                mesial, distal = cursor, cursor + width - overlap
                cursor = distal + spacing
                poses[fdi], pulled = _pose(
                    fdi,
                    geometry,
                    curve,
                    sizes[fdi],
                    quadrant_side,
                    mesial,
                    distal,
                    shift,
                    draws[fdi],
                )
                # A default turn that swings the distal contact mesially (the canine into
                # its corner) brings the next tooth along, so the contact stays closed.
                cursor -= pulled
            last_molar = 7 if not geometry.third_molars else 8
            inside = [f for f in fdis if f % 10 <= last_molar]
            required[quadrant_side] = (
                geometry.diastema_for(arch) / 2.0
                + sum(sizes[f].md_width + spacing for f in inside)
                - spacing
            )
        need = required[-1] + required[1]
        fits[arch] = ArchFit(
            arch=arch,
            available_mm=round(2.0 * curve.half_length, 3),
            required_mm=round(need, 3),
            discrepancy_mm=round(need - 2.0 * curve.half_length, 3),
        )
    if geometry.bite_opening_mm > 0:
        poses = {
            f: _open_jaw(p, geometry.bite_opening_mm) if arch_of(f) == "lower" else p
            for f, p in poses.items()
        }
    return poses, fits, curves


def _pose(
    fdi: int,
    geometry: Geometry,
    curve: ArchCurve,
    size: ToothSizeInput,
    side: int,
    mesial_arc: float,
    distal_arc: float,
    shift: float,
    draw: NDArray[np.float64],
) -> tuple[ToothPose, float]:
    """The pose of one tooth, and how far (mm, along the arch) its default turn pulled
    its distal contact mesially."""
    return _cached_pose(
        fdi,
        geometry.override(fdi),
        _PoseDesign(geometry.asymmetry, geometry.crowding, geometry.smile_arc_mm),
        curve,
        size,
        side,
        mesial_arc,
        distal_arc,
        shift,
        tuple(draw.tolist()),
    )


@dataclass(frozen=True)
class _PoseDesign:
    """The design-wide values a tooth's pose depends on."""

    asymmetry: float
    crowding: float
    smile_arc_mm: float


# A pose is a pure function of these inputs, and a one-tooth edit leaves almost all of
# them as they were: the rebuild after a slider step finds the other teeth here. Arch
# curves are cached (arch.arch_curve), so the same curve object comes back while the arch
# is unchanged. The arrays of a cached pose are read-only, as they are shared.
@lru_cache(maxsize=512)
def _cached_pose(
    fdi: int,
    edit: ToothOverride,
    design: _PoseDesign,
    curve: ArchCurve,
    size: ToothSizeInput,
    side: int,
    mesial_arc: float,
    distal_arc: float,
    shift: float,
    draw: tuple[float, ...],
) -> tuple[ToothPose, float]:
    arch, kind = arch_of(fdi), tooth_type(fdi)
    along = np.array([side * mesial_arc + shift, side * distal_arc + shift])
    contact_xz = curve.point_at(along)
    centre_arc = float(along.mean())
    mesial = np.array(
        [contact_xz[0, 0] - contact_xz[1, 0], 0.0, contact_xz[0, 1] - contact_xz[1, 1]]
    )
    mesial /= np.linalg.norm(mesial)
    outward = curve.outward_at(np.array([centre_arc]))[0]
    labial = np.array([outward[0], 0.0, outward[1]])
    labial -= mesial * float(labial @ mesial)
    labial /= np.linalg.norm(labial)
    axial = np.array([0.0, -1.0 if arch == "upper" else 1.0, 0.0])

    a = design.asymmetry
    c = design.crowding if kind.is_anterior else 0.0
    # Crowded front teeth turn and step in and out, alternately, more in the lower arch.
    crowd_sign = 1.0 if (fdi % 10) % 2 else -1.0
    crowd = c * (1.3 if arch == "lower" else 1.0)
    turn = _ROTATION_DEG[arch][kind]
    rotation = (
        turn
        + edit.rotation_deg
        + 4.0 * a * draw[0]
        + crowd * (14.0 + 8.0 * abs(draw[6])) * (1.0 if draw[6] >= 0 else -1.0)
    )
    tip = _TIP_DEG[arch][kind] + edit.tip_deg + 2.5 * a * draw[1]
    torque = _TORQUE_DEG[arch][kind] + edit.torque_deg + 2.5 * a * draw[2]
    tipped = _tipped(mesial, axial, labial, tip, torque)
    frame = _turned(*tipped, rotation)
    # The default turn pivots about a contact (the point on the arch, as far labially as
    # the crown's contacts lie), so the neighbour on that side stays touching.
    unturned = _turned(*tipped, rotation - turn)
    hinge = _PIVOT.get(kind, 1.0) * size.md_width / 2
    pivot = (unturned[:, 0] - frame[:, 0]) * hinge
    pivot += (unturned[:, 2] - frame[:, 2]) * size.contact_labial_mm
    distal_contact = np.array([-size.md_width / 2, 0.0, size.contact_labial_mm])
    moved = (frame - unturned) @ distal_contact + pivot
    pulled = float(moved @ mesial)

    tip_y = _TIP_HEIGHT[arch][kind]
    if arch == "upper" and kind.position <= 6:
        # Consonant smile arc: edges rise away from the centrals, most by the canines.
        tip_y += design.smile_arc_mm * min((abs(centre_arc - shift) / 20.0) ** 2, 1.3)
    extrusion = edit.extrusion_mm + 0.35 * a * draw[3]
    mean_xz = contact_xz.mean(axis=0)
    centre = np.array([mean_xz[0], 0.0, mean_xz[1]])
    vertical = tip_y + size.crown_length if arch == "upper" else tip_y - size.crown_length
    origin = centre + np.array([0.0, vertical, 0.0])
    # Tilting pivots about the middle of the crown, so contacts stay near the arch.
    middle = origin + axial * (size.crown_length / 2.0)
    origin = middle - frame[:, 1] * (size.crown_length / 2.0)
    origin = origin + frame[:, 1] * extrusion + pivot
    labial_offset = (
        _LABIAL_MM[arch][kind]
        + edit.offset_labial_mm
        + 0.3 * a * draw[4]
        + crowd * 1.0 * crowd_sign * abs(draw[7] + 1.0) / 2
    )
    origin = (
        origin
        + frame[:, 0] * (edit.offset_mesial_mm + 0.2 * a * draw[5])
        + frame[:, 2] * labial_offset
    )
    contact_height = size.crown_length * (0.75 if kind.is_anterior else 0.6)
    contacts = np.array(
        [
            [contact_xz[0, 0], 0.0, contact_xz[0, 1]],
            [contact_xz[1, 0], 0.0, contact_xz[1, 1]],
        ]
    ) + (origin + frame[:, 1] * contact_height) * np.array([0.0, 1.0, 0.0])
    for array in (frame, origin, contacts):
        array.flags.writeable = False
    pose = ToothPose(
        fdi=fdi,
        missing=edit.missing,
        frame=frame,
        origin=origin,
        contacts=contacts,
        arc_center=centre_arc,
        md_width=size.md_width,
        crown_length=size.crown_length,
    )
    return pose, pulled


def _tipped(
    mes: NDArray[np.float64],
    axi: NDArray[np.float64],
    lab: NDArray[np.float64],
    tip: float,
    torque: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The mesial, axial and labial axes after mesial tip, then labial torque."""
    t = np.radians(tip)
    axi, mes = axi * np.cos(t) + mes * np.sin(t), mes * np.cos(t) - axi * np.sin(t)
    q = np.radians(torque)
    axi, lab = axi * np.cos(q) + lab * np.sin(q), lab * np.cos(q) - axi * np.sin(q)
    return mes, axi, lab


def _turned(
    mes: NDArray[np.float64], axi: NDArray[np.float64], lab: NDArray[np.float64], rotation: float
) -> NDArray[np.float64]:
    """The frame (3, 3), columns mesial, axial, labial, after rotation about the long axis."""
    r = np.radians(rotation)
    mes, lab = mes * np.cos(r) + lab * np.sin(r), lab * np.cos(r) - mes * np.sin(r)
    frame = np.empty((3, 3))
    frame[:, 0], frame[:, 1], frame[:, 2] = mes, axi, lab
    return frame


@lru_cache(maxsize=16)
def hinge_rotation(opening_mm: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Rotation matrix (3, 3) and pivot (3,) that open the lower jaw by `opening_mm` at the
    incisors, about a hinge axis through the condyles. Cached (a root search, asked once
    per lower tooth); the arrays are read-only."""
    pivot = np.array([0.0, _HINGE_Y_MM, _HINGE_Z_MM])
    # The lower incisal edges (about y = 3, z = 41) drop by exactly opening_mm.
    dy, dz = 3.0 - _HINGE_Y_MM, 41.0 - _HINGE_Z_MM
    angle = brentq(lambda a: dy * (1 - np.cos(a)) + dz * np.sin(a) - opening_mm, 0.0, 1.2)
    c, s = np.cos(angle), np.sin(angle)
    # Rotation about +x: positive angle swings points in front of the hinge downwards.
    matrix = np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    matrix.flags.writeable = False
    pivot.flags.writeable = False
    return matrix, pivot


@lru_cache(maxsize=256)
def _open_jaw(pose: ToothPose, opening_mm: float) -> ToothPose:
    # Cached like the closed pose it swings, so an opened jaw's teeth keep their identity
    # from one build to the next too.
    matrix, pivot = hinge_rotation(opening_mm)
    opened = ToothPose(
        fdi=pose.fdi,
        missing=pose.missing,
        frame=matrix @ pose.frame,
        origin=matrix @ (pose.origin - pivot) + pivot,
        contacts=(pose.contacts - pivot) @ matrix.T + pivot,
        arc_center=pose.arc_center,
        md_width=pose.md_width,
        crown_length=pose.crown_length,
    )
    for array in (opened.frame, opened.origin, opened.contacts):
        array.flags.writeable = False
    return opened
