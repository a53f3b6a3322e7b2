"""Gums: one closed shell per arch whose margin follows every tooth's cervical line.

The shell is swept along the arch curve. Each cross-section (in the plane of the arch's
outward normal and the vertical) is a closed loop: up the labial face from the gum
margin to the vestibule, over the top, down the lingual face, and back across the crest.
Where a tooth stands, the crest lies inside the crown and the margin hugs it; between
teeth the margin rises into papillae that fill the embrasures; where a tooth is missing,
the crest shows as a healed, rounded ridge.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import gaussian_filter1d, maximum_filter1d, minimum_filter1d

from fusionsmile.core.geometry.arch import ArchCurve
from fusionsmile.core.geometry.normals import FaceIncidence
from fusionsmile.core.geometry.surface import MeshPart, Region, SurfaceAttributes
from fusionsmile.core.teeth import ArchName

# The healthy gum margin covers the enamel by about 1 mm (biologic width above the CEJ)
# and stands a little proud of the tooth surface, so its rolled edge shows.
_MARGIN_COVER_MM = 0.6
_MARGIN_PROUD_MM = 0.35
# Papillae rise towards the contact points beyond the interproximal cervical line (upper,
# lower arch). Not in the upper arch: the cervical line's curvature alone (Wheeler's CEJ
# 3.5 mm mesially on a central) puts the tip between the upper centrals ~4.2 mm below the
# zeniths, ~40% of the crown, the papilla proportion Chu et al. measured (Int J
# Periodontics Restorative Dent 2009;29:385); with 0.4 mm more it was 44%, and in a
# portrait the papillae hung long under the lip.
_PAPILLA_EXTRA_MM = (0.0, 0.4)
_PAPILLA_RECESS_MM = 0.1
# How far along the arch the margin is eased (Gaussian sigma, mm): everywhere, against
# creases; at papilla tips only, against pointed tents (upper, lower arch).
_MARGIN_EASE_MM = 0.35
_PAPILLA_ROUND_MM = (0.6, 1.0)
# A healed ridge after an extraction sits lower and is narrower on the labial side.
_RIDGE_DROP_MM = 2.2
_RIDGE_LABIAL_LOSS_MM = 1.2
# ... and slopes into its neighbours' margins over a few mm (Gaussian sigma), rather than
# stepping down at the edge of the old tooth: a step showed as a square notch.
_RIDGE_SLOPE_MM = 1.0


@dataclass(frozen=True, eq=False)
class MarginSource:
    """One tooth's cervical line as the gum sees it.

    cervical_line : (k, 3) world points ordered by u (mesial, labial, distal, lingual)
    """

    fdi: int
    missing: bool
    cervical_line: NDArray[np.float64]
    zenith_offset_mm: float  # labial zenith shift distally of the tooth axis (Chu 2009)
    side: int  # -1 patient's right, +1 left
    axial: NDArray[np.float64]  # (3,) the tooth's long axis, cervical -> incisal


@dataclass(frozen=True)
class GumResolution:
    columns_per_mm: float
    profile: int  # points on each labial / lingual wall


PREVIEW = GumResolution(columns_per_mm=1.4, profile=5)
DEFAULT = GumResolution(columns_per_mm=4.5, profile=12)


@dataclass(frozen=True, eq=False)
class Gum:
    part: MeshPart
    zeniths: dict[int, NDArray[np.float64]]  # fdi -> (3,) most apical labial margin point


def build_gingiva(
    arch: ArchName,
    curve: ArchCurve,
    sources: list[MarginSource],
    arc_range: tuple[float, float],
    resolution: GumResolution = DEFAULT,
    vertical_offset: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
) -> Gum:
    """The gum of one arch.

    arc_range : signed arc lengths (mm) of the distal ends of the last teeth
    vertical_offset : optional (rotation (3, 3), pivot (3,)) applied to the finished shell,
                      used to open the lower jaw with its teeth
    """
    apical = 1.0 if arch == "upper" else -1.0
    start, stop = arc_range[0] - 2.5, arc_range[1] + 2.5
    columns = max(24, int((stop - start) * resolution.columns_per_mm))
    arc = np.linspace(start, stop, columns)
    base = curve.point_at(arc)
    outward = curve.outward_at(arc)

    margin = _margin_profile(arc, curve, sources, apical)
    labial_r, lingual_r, margin_y, owner = margin
    # Gum thickness grows apically: alveolar bone over the roots.
    wall = np.linspace(0.0, 1.0, resolution.profile)
    height = 1.0 + 7.0 * wall**1.3  # mm apical of the margin
    labial_bulge = 0.35 + 1.3 * np.sin(np.minimum(wall * 1.6, 1.0) * np.pi / 2)
    lingual_bulge = 0.35 + 1.8 * np.sin(np.minimum(wall * 1.3, 1.0) * np.pi / 2)

    # Above the margin the gum forgets the teeth: heights and depths blend from the
    # scalloped margin into profiles smoothed along the arch (the alveolar process).
    sigma = 3.0 * columns / (stop - start)
    smooth_y = gaussian_filter1d(margin_y, sigma * 1.5, mode="nearest")
    apical_line = smooth_y + apical * 0.5 * np.abs(margin_y - smooth_y).max()
    # Papillae fill the embrasures out to the envelope of the neighbouring teeth's faces,
    # covering the proximal corners of the crowns instead of following the narrow
    # interproximal cervical line inwards.
    window = max(3, int(3.0 * columns / (stop - start)))
    labial_r = np.maximum(
        labial_r, maximum_filter1d(labial_r, window, mode="nearest") - _PAPILLA_RECESS_MM
    )
    lingual_r = np.minimum(
        lingual_r, minimum_filter1d(lingual_r, window, mode="nearest") + _PAPILLA_RECESS_MM
    )
    labial_r = gaussian_filter1d(labial_r, 0.25 * sigma, mode="nearest")
    lingual_r = gaussian_filter1d(lingual_r, 0.25 * sigma, mode="nearest")
    smooth_labial = gaussian_filter1d(labial_r, sigma, mode="nearest")
    smooth_lingual = gaussian_filter1d(lingual_r, sigma, mode="nearest")

    def level(w: float) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        blend = min(1.0, 1.6 * w + 0.25)
        y = (1 - blend) * margin_y + blend * apical_line
        return (
            (1 - blend) * labial_r + blend * smooth_labial,
            (1 - blend) * lingual_r + blend * smooth_lingual,
            y,
        )

    # Loop of (r, y, u, v) per column: labial wall (margin -> top), top, lingual wall
    # (top -> margin), crest (lingual -> labial).
    rows_r: list[NDArray[np.float64]] = []
    rows_y: list[NDArray[np.float64]] = []
    rows_u: list[float] = []
    rows_v: list[float] = []

    def add_row(r: NDArray[np.float64], y: NDArray[np.float64], u: float, v: float) -> None:
        rows_r.append(r)
        rows_y.append(y)
        rows_u.append(u)
        rows_v.append(v)

    add_row(labial_r, margin_y, 0.0, 0.0)
    for w, h, bulge in zip(wall, height, labial_bulge, strict=True):
        lab, _, y = level(float(w))
        add_row(lab + bulge, y + apical * h, 0.0, float(w))
    lab, ling, y = level(1.0)
    top = 0.5 * (lab + ling)
    add_row(top + 0.3 * (lab - top), y + apical * (height[-1] + 2.5), 0.25, 1.0)
    for w, h, bulge in zip(wall[::-1], height[::-1], lingual_bulge[::-1], strict=True):
        _, ling, y = level(float(w))
        add_row(ling - bulge, y + apical * h, 0.5, float(w))
    add_row(lingual_r, margin_y, 0.5, 0.0)
    for t in (0.25, 0.5, 0.75):
        # The crest bulges coronally a little: a rounded ridge where no tooth stands.
        crest = lingual_r + t * (labial_r - lingual_r)
        add_row(crest, margin_y - apical * 0.7 * np.sin(np.pi * t), 0.75, 0.0)

    r = np.stack(rows_r)  # (rows, columns)
    rows = r.shape[0]
    x = base[None, :, 0] + r * outward[None, :, 0]
    z = base[None, :, 1] + r * outward[None, :, 1]
    y = np.stack(rows_y)
    grid = np.stack([x, y, z], axis=-1).reshape(-1, 3)  # row-major: index = row * columns + col

    faces = _shell_faces(rows, columns)
    ends = []
    for col, direction in ((0, -1.0), (columns - 1, 1.0)):
        ring = grid[np.arange(rows) * columns + col]
        tangent = curve.tangent_at(np.array([arc[col]]))[0]
        centre = ring.mean(axis=0) + direction * 0.8 * np.array([tangent[0], 0.0, tangent[1]])
        ends.append(centre)
    vertices = np.concatenate([grid, np.array(ends)])
    winds_out = _signed_volume(vertices, faces) >= 0
    if not winds_out:
        faces = faces[:, ::-1]
    if vertical_offset is not None:
        matrix, pivot = vertical_offset
        vertices = (vertices - pivot) @ matrix.T + pivot

    n = len(vertices)
    u = np.concatenate([np.repeat(np.array(rows_u, dtype=np.float32), columns), [0.0, 0.0]])
    v = np.concatenate([np.repeat(np.array(rows_v, dtype=np.float32), columns), [1.0, 1.0]])
    tooth = np.concatenate([np.tile(owner, rows), [owner[0], owner[-1]]]).astype(np.int16)
    s_col = np.clip(arc / curve.half_length, -1.0, 1.0)
    s = np.concatenate([np.tile(s_col, rows), [s_col[0], s_col[-1]]]).astype(np.float32)
    attributes = SurfaceAttributes(
        tooth=tooth,
        u=u.astype(np.float32),
        v=v.astype(np.float32),
        region=np.full(n, Region.GINGIVA, dtype=np.uint8),
        s=s,
        position=vertices.astype(np.float32),
        normal=_shell_incidence(rows, columns, winds_out).normals(vertices),
    )
    part = MeshPart(
        name=f"gingiva-{arch}",
        fdi=0,
        faces=faces.astype(np.int32),
        attributes=attributes,
        chart=_chart(rows, columns),
    )
    labial_margin = grid[:columns]
    zeniths = {}
    for source in sources:
        if source.missing:
            continue
        candidates = np.flatnonzero(owner == source.fdi)
        if not len(candidates):
            # A displaced tooth (crowded, tipped, moved) can lie wholly inside a
            # neighbour's span and own no column; every standing tooth still has a zenith,
            # on the margin over its own cervical line.
            candidates = _columns_under(arc, curve, source.cervical_line)
        if len(candidates):
            # Most apical along the tooth's own axis, not the world vertical: a tipped
            # tooth's zenith is judged relative to its long axis (Chu 2009).
            best = candidates[np.argmin(labial_margin[candidates] @ source.axial)]
            zeniths[source.fdi] = vertices[best]
    return Gum(part=part, zeniths=zeniths)


def _columns_under(
    arc: NDArray[np.float64], curve: ArchCurve, cervical_line: NDArray[np.float64]
) -> NDArray[np.intp]:
    """Indices of the columns within the arc span of a cervical line (k, 3), or the one
    column nearest its middle when the span falls between columns."""
    span, _ = curve.project(cervical_line[:, [0, 2]])
    lo, hi = float(span.min()), float(span.max())
    inside = np.flatnonzero((arc >= lo) & (arc <= hi))
    if len(inside):
        return inside
    return np.array([int(np.argmin(np.abs(arc - 0.5 * (lo + hi))))])


def _margin_profile(
    arc: NDArray[np.float64], curve: ArchCurve, sources: list[MarginSource], apical: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int16]]:
    """Per column: outward distance of the labial and lingual margins, margin height, and
    the FDI number of the tooth the column belongs to.

    The cervical lines all have the same number of points (the crowns share a
    resolution), so the teeth are handled together as rows of (teeth, k) arrays.
    """
    missing = {source.fdi for source in sources if source.missing}
    lines = np.stack([source.cervical_line for source in sources])  # (teeth, k, 3)
    count, k = lines.shape[:2]
    all_arc, all_r = curve.project(lines.reshape(-1, 3)[:, [0, 2]])
    a, r = all_arc.reshape(count, k), all_r.reshape(count, k)
    u = np.arange(k) / k
    y = lines[:, :, 1] - apical * _MARGIN_COVER_MM
    on_labial = (u > 0.0) & (u < 0.5)
    r_labial = r + _MARGIN_PROUD_MM
    r_lingual = r - _MARGIN_PROUD_MM
    absent = np.array([source.missing for source in sources])
    for row in np.flatnonzero(absent):
        centre_y = float(np.median(y[row, on_labial]))
        y[row] = centre_y + apical * _RIDGE_DROP_MM
        r_labial[row] = r_labial[row] - _RIDGE_LABIAL_LOSS_MM
        r_lingual[row] = r_lingual[row] + 0.5 * _RIDGE_LABIAL_LOSS_MM
    standing = ~absent
    if np.any(standing):
        # Skew the labial scallop distally so its zenith sits off the tooth axis.
        # Centred on the labial apex of the cervical line (u = 0.25), which lies on
        # the tooth axis; the lingual half projects unevenly onto a curved arch.
        a_st = a[standing]
        mid = a_st[:, k // 4, None]
        half = np.maximum(np.ptp(a_st[:, on_labial], axis=1) / 2.0, 1e-6)[:, None]
        weight = np.clip(1.0 - np.abs(a_st - mid) / half, 0.0, 1.0)
        # Distal is away from the midline: the sign of the side in arc coordinates.
        shift = np.array([s.side * s.zenith_offset_mm for s in sources])[standing, None]
        a[standing] = a_st + shift * weight * on_labial
    labial_pts = [np.stack([a[:, on_labial], r_labial[:, on_labial], y[:, on_labial]], axis=-1)]
    lingual_pts = [
        np.stack([a[:, ~on_labial], r_lingual[:, ~on_labial], y[:, ~on_labial]], axis=-1)
    ]
    owners = list(
        zip(a.min(axis=1).tolist(), a.max(axis=1).tolist(), [s.fdi for s in sources], strict=True)
    )

    def resample(
        points: list[NDArray[np.float64]],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        merged = np.concatenate(points).reshape(-1, 3)
        merged = merged[np.argsort(merged[:, 0])]
        return np.interp(arc, merged[:, 0], merged[:, 1]), np.interp(
            arc, merged[:, 0], merged[:, 2]
        )

    labial_r, labial_y = resample(labial_pts)
    lingual_r, _ = resample(lingual_pts)
    # A turned tooth's proximal cervical line runs almost along the arch, so its height
    # changes over a fraction of a millimetre of arc: eased over a few tenths of a mm, the
    # margin rolls over there instead of creasing (the canine's distal papilla).
    per_mm = (len(arc) - 1) / max(float(arc[-1] - arc[0]), 1e-6)
    labial_y = gaussian_filter1d(labial_y, _MARGIN_EASE_MM * per_mm, mode="nearest")
    if missing:
        labial_y, labial_r, lingual_r = _sloped_ridges(
            arc,
            [(lo, hi) for lo, hi, fdi in owners if fdi in missing],
            labial_y,
            labial_r,
            lingual_r,
        )
    margin_y = labial_y
    # Papillae: between neighbouring teeth the margin climbs towards the contact.
    owner = np.zeros(len(arc), dtype=np.int16)
    spans = sorted(owners)
    # The columns' arcs ascend, so a span's columns are one slice.
    for lo, hi, fdi in spans:
        owner[np.searchsorted(arc, lo, "left") : np.searchsorted(arc, hi, "right")] = fdi
    extra = _PAPILLA_EXTRA_MM[0 if apical > 0 else 1]
    for (lo1, hi1, f1), (lo2, hi2, f2) in itertools.pairwise(spans):
        missing_pair = f1 in missing or f2 in missing
        if missing_pair or extra == 0.0:
            continue  # no rise: subtracting a zero bump leaves the margin as it is
        gap_centre = 0.5 * (hi1 + lo2)
        width = max(0.5 * ((hi1 - lo1) + (hi2 - lo2)) * 0.22, 0.8)
        bump = np.exp(-(((arc - gap_centre) / width) ** 2))
        margin_y = margin_y - apical * extra * bump
    # Papillae end in a rounded tip, not a tent: where the two cervical lines meet in a V,
    # the margin takes its eased self wherever that lies apically (tips only; the zeniths
    # between them keep their place). Narrow lower incisors need the wider rounding.
    round_mm = _PAPILLA_ROUND_MM[0 if apical > 0 else 1]
    eased = gaussian_filter1d(margin_y, round_mm * per_mm, mode="nearest")
    margin_y = np.where(apical * (eased - margin_y) > 0, eased, margin_y)
    first = np.flatnonzero(owner)
    if len(first):
        # Columns between spans belong to the last tooth before them, those before the
        # first span to the first tooth.
        last_owned = np.maximum.accumulate(np.where(owner != 0, np.arange(len(owner)), 0))
        owner = owner[np.maximum(last_owned, first[0])]
    return labial_r, lingual_r, margin_y, owner


def _sloped_ridges(
    arc: NDArray[np.float64], gaps: list[tuple[float, float]], *profiles: NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """profiles (per column) with each step at the edge of a gap (lo, hi arc, mm) eased
    into a slope: near an edge a profile blends into its Gaussian-smoothed self."""
    inside = np.zeros(len(arc))
    for lo, hi in gaps:
        inside[(arc >= lo) & (arc <= hi)] = 1.0
    sigma = _RIDGE_SLOPE_MM * (len(arc) - 1) / max(float(arc[-1] - arc[0]), 1e-6)
    soft = gaussian_filter1d(inside, 2.0 * sigma, mode="nearest")
    near_edge = np.clip(4.0 * soft * (1.0 - soft), 0.0, 1.0)  # 1 at an edge, 0 far away
    return [
        (1 - near_edge) * p + near_edge * gaussian_filter1d(p, sigma, mode="nearest")
        for p in profiles
    ]


@lru_cache(maxsize=16)
def _shell_faces(rows: int, columns: int) -> NDArray[np.int32]:
    """The tube's faces then its two end caps' (centres after the grid), as built: a
    topology of the shell's size alone, so the same while a tooth is edited. Read-only."""
    faces = np.concatenate([_tube_faces(rows, columns), _cap_faces(rows, columns, rows * columns)])
    faces.flags.writeable = False
    return faces


@lru_cache(maxsize=16)
def _shell_incidence(rows: int, columns: int, winds_out: bool) -> FaceIncidence:
    """The shell's topology for its vertex normals, faces as built or reversed."""
    faces = _shell_faces(rows, columns)
    return FaceIncidence(faces if winds_out else faces[:, ::-1], rows * columns + 2)


def clear_caches() -> None:
    """Forget the cached shell topologies (for timing a build from cold)."""
    _shell_faces.cache_clear()
    _shell_incidence.cache_clear()


def _chart(rows: int, columns: int) -> NDArray[np.float32]:
    """(rows * columns + 2, 2) grid coordinates of the shell's vertices: column along the
    arch, (col + 1) / (columns + 1), with the end caps' centres at columns 0 and 1 (they
    have no row: NaN); row = index around the band / rows, wrapping at 1 where the crest
    closes the loop back onto the labial margin (row 0)."""
    column = np.tile((np.arange(columns) + 1) / (columns + 1), rows)
    row = np.repeat(np.arange(rows) / rows, columns)
    grid = np.stack([column, row], axis=-1)
    caps = np.array([[0.0, np.nan], [1.0, np.nan]])
    return np.concatenate([grid, caps]).astype(np.float32)


def _tube_faces(rows: int, columns: int) -> NDArray[np.int32]:
    """Quads between consecutive rows (the loop is closed) and columns, as triangles."""
    row = np.arange(rows)[:, None]
    col = np.arange(columns - 1)[None, :]
    a = row * columns + col
    b = ((row + 1) % rows) * columns + col
    quads = np.stack([a, a + 1, b + 1, b], axis=-1).reshape(-1, 4)
    return np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]).astype(np.int32)


def _cap_faces(rows: int, columns: int, first_centre: int) -> NDArray[np.int32]:
    ring = np.arange(rows)
    start = ring * columns
    end = ring * columns + columns - 1
    # Each cap triangle runs along its ring edge opposite to the tube's triangle there.
    left = np.stack([np.full(rows, first_centre), start, np.roll(start, -1)], axis=1)
    right = np.stack([np.full(rows, first_centre + 1), np.roll(end, -1), end], axis=1)
    return np.concatenate([left, right]).astype(np.int32)


def _signed_volume(vertices: NDArray[np.float64], faces: NDArray[np.int32]) -> float:
    """Volume enclosed by the faces, mm^3: positive if they wind outward. Only its sign is
    used, so the sum runs one contiguous row per axis, in whatever order is quickest."""
    axes = np.ascontiguousarray(vertices.T)
    p0, p1, p2 = (axes.take(faces[:, corner], axis=1) for corner in range(3))
    cross = (
        p1[1] * p2[2] - p1[2] * p2[1],
        p1[2] * p2[0] - p1[0] * p2[2],
        p1[0] * p2[1] - p1[1] * p2[0],
    )
    return float((p0[0] * cross[0] + p0[1] * cross[1] + p0[2] * cross[2]).sum() / 6.0)
