"""Crown anatomy per tooth type: side-wall profiles, cross-sections and occlusal heights.

Lengths are mm in the crown's local frame (see crown.py): +x mesial, +y axial (0 at the
labial cervical point), +z labial/buccal. The side wall is parametrised by
t in [0, 1] (0 on the cervical line, 1 on the rim where the incisal edge or occlusal table
begins) and by theta = 2 pi u (0 mesial, pi/2 labial, pi distal, 3 pi/2 lingual).
Above the rim, the top cap is a height field over the rim outline.

Shapes follow Ash & Nelson, Wheeler's Dental Anatomy (sizes in assets/tooth-sizes-wheeler.csv,
surface anatomy summarised in shared/reference/dental-data.md section 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.teeth import ToothType

F64 = NDArray[np.float64]


@lru_cache(maxsize=4096)
def _pchip_table(knots: tuple[tuple[float, float], ...]) -> tuple[F64, F64, F64, F64]:
    """Inner knots (k-2,), segment starts (k-1,), widths (k-1,) and power-basis
    coefficients (k-1, 4) of the Fritsch-Carlson monotone cubic through the knots."""
    kx = [k[0] for k in knots]
    ky = [k[1] for k in knots]
    h = [kx[i + 1] - kx[i] for i in range(len(kx) - 1)]
    delta = [(ky[i + 1] - ky[i]) / h[i] for i in range(len(h))]
    m = (
        [delta[0]]
        + [
            (3 * (h[i - 1] + h[i]))
            / ((2 * h[i] + h[i - 1]) / delta[i - 1] + (h[i] + 2 * h[i - 1]) / delta[i])
            if delta[i - 1] * delta[i] > 0
            else 0.0
            for i in range(1, len(h))
        ]
        + [delta[-1]]
    )
    # Power basis in the segment's local s in [0, 1]: y = c0 + s (c1 + s (c2 + s c3)).
    coef = [
        [
            ky[i],
            h[i] * m[i],
            3 * (ky[i + 1] - ky[i]) - h[i] * (2 * m[i] + m[i + 1]),
            2 * (ky[i] - ky[i + 1]) + h[i] * (m[i] + m[i + 1]),
        ]
        for i in range(len(h))
    ]
    return np.array(kx[1:-1]), np.array(kx[:-1]), np.array(h), np.array(coef)


def pchip(x: F64, knots: tuple[tuple[float, float], ...]) -> F64:
    """Monotone cubic (Fritsch-Carlson) through (x, y) knots, evaluated at x in [x0, xn].

    Monotone so that a width profile peaks exactly at its knot (the contact area) and never
    overshoots it, which keeps the measured crown widths equal to the table.
    """
    out: F64 = pchips(x, (knots,))[0]
    return out


def pchips(x: F64, knot_sets: tuple[tuple[tuple[float, float], ...], ...]) -> F64:
    """Several monotone cubics (see pchip) at the same x: (len(knot_sets), *x.shape).

    One evaluation for all of a wall's profiles (a crown's seven took seven rounds of
    small NumPy calls); each value comes from its own cubic's segment and coefficients,
    exactly as if evaluated alone.
    """
    inner, start, width, coef, segments = _pchip_tables(knot_sets)
    count = len(knot_sets)
    # searchsorted(inner, x, "right") is the number of inner knots at or below x (the
    # padding is +inf, never below).
    below = x[None, ..., None] >= inner.reshape(count, *([1] * x.ndim), -1)
    flat = below.sum(axis=-1) + segments * np.arange(count).reshape((-1,) + (1,) * x.ndim)
    s = (x - start[flat]) / width[flat]
    c0, c1, c2, c3 = (column[flat] for column in coef)
    out: F64 = c0 + s * (c1 + s * (c2 + s * c3))
    return out


@lru_cache(maxsize=4096)
def _pchip_tables(
    knot_sets: tuple[tuple[tuple[float, float], ...], ...],
) -> tuple[F64, F64, F64, F64, int]:
    """The _pchip_table of each knot set, padded to the most segments: inner knots
    (sets, segments - 1) padded with +inf; segment starts and widths (sets * segments,);
    coefficients (4, sets * segments); the number of segments."""
    tables = [_pchip_table(knots) for knots in knot_sets]
    segments = max(len(table[1]) for table in tables)
    inner = np.full((len(tables), segments - 1), np.inf)
    start = np.zeros((len(tables), segments))
    width = np.ones((len(tables), segments))
    coef = np.zeros((len(tables), segments, 4))
    for row, (knots_in, starts, widths, coefs) in enumerate(tables):
        inner[row, : len(knots_in)] = knots_in
        start[row, : len(starts)] = starts
        width[row, : len(widths)] = widths
        coef[row, : len(coefs)] = coefs
    columns = np.ascontiguousarray(coef.reshape(-1, 4).T)
    for array in (inner, start, width, columns):
        array.flags.writeable = False
    return inner, start.ravel(), width.ravel(), columns, segments


@dataclass(frozen=True)
class Cusp:
    """A cusp as a rounded cone in the occlusal height field.

    xi, zeta : tip position as a fraction of the rim half-width (+1 mesial / buccal rim)
    drop : mm below the highest cusp tip
    slope : steepness of the cusp inclines (mm rise per mm)
    rho : mm, radius of the rounded tip
    """

    xi: float
    zeta: float
    drop: float
    slope: float = 1.05
    rho: float = 0.75


@dataclass(frozen=True)
class Recipe:
    """Per-type shape constants, relative to the tooth's own table sizes."""

    anterior: bool
    t_contact_m: float  # contact areas (greatest md width) as wall height fraction
    t_contact_d: float
    t_contour_lab: float  # labial/buccal height of contour
    t_contour_lin: float  # lingual height of contour (cingulum on anteriors)
    exponent: float  # cross-section superellipse exponent: 1 ellipse, < 1 boxier
    # anterior
    edge_z: float = 0.0  # mm, centre of the incisal edge over the root axis (+ labial)
    edge_half: float = 0.5  # mm, half the labiolingual thickness at the edge
    edge_round: float = 0.35  # mm the edge crest rises above the rim
    corner_m: float = 0.5  # mm, radius of the mesio-incisal angle
    corner_d: float = 1.4
    edge_m: float = 0.985  # half width at the incisal angles / the contact half width
    edge_d: float = 0.95
    fossa: float = 0.35  # lingual fossa depth as a fraction of the half thickness
    labial_ridge: float = 0.0  # mm
    lingual_ridge: float = 0.0  # mm
    cusp_x: float = 0.0  # canine cusp tip, fraction of the half width (+ mesial)
    cusp_drop_m: float = 0.0  # mm the rim drops from the tip to the mesial / distal angle
    cusp_drop_d: float = 0.0
    # Where the greatest mesiodistal width (the contacts) lies between the lingual (-1) and
    # labial (+1) outlines: the canine's incisal outline is a blunt triangle whose base is
    # labial, the lingual half tapering to the cingulum (Wheeler, incisal aspect).
    contact_z: float = 0.0
    # posterior
    rim_a: float = 0.92  # rim (occlusal outline) half width / crown half width
    rim_b: float = 0.8
    rim_round: float = 0.9  # mm, radius rounding the cusp ridges over into the wall
    table_shift: float = 0.0  # occlusal table centre, fraction of half ll (+ buccal)
    skew: float = 0.0  # rhomboid shear, x += skew * z
    cusps: tuple[Cusp, ...] = ()
    ridge_drop: float = 1.1  # marginal ridges, mm below the highest cusp
    fossa_drop: float = 2.6  # floor of the central fossa, mm below the highest cusp


_UPPER_ANTERIOR = {
    ToothType.CENTRAL: Recipe(True, 0.82, 0.66, 0.2, 0.18, 0.82, edge_z=-0.15),
    ToothType.LATERAL: Recipe(
        True, 0.72, 0.55, 0.2, 0.18, 0.85, edge_z=-0.1, corner_m=0.9, corner_d=1.6, fossa=0.45
    ),
    ToothType.CANINE: Recipe(
        True, 0.7, 0.52, 0.22, 0.2, 0.9, edge_z=0.05, edge_half=0.8, edge_round=0.3,
        corner_m=1.0, corner_d=1.3, fossa=0.35, labial_ridge=0.35, lingual_ridge=0.45,
        cusp_x=0.08, cusp_drop_m=1.6, cusp_drop_d=2.6, contact_z=0.6,
    ),
}  # fmt: skip
_LOWER_ANTERIOR = {
    # Lower incisors: narrow chisels, the mesial and distal sides nearly parallel in the
    # incisal half (contacts low, the edge almost as wide), then fanning in to the cervix.
    ToothType.CENTRAL: Recipe(
        True, 0.62, 0.6, 0.15, 0.15, 0.8, edge_z=-0.3, edge_half=0.45, corner_m=0.3,
        corner_d=0.35, fossa=0.25, edge_m=0.995, edge_d=0.99,
    ),
    ToothType.LATERAL: Recipe(
        True, 0.62, 0.58, 0.15, 0.15, 0.8, edge_z=-0.3, edge_half=0.45, corner_m=0.3,
        corner_d=0.5, fossa=0.25, edge_m=0.995, edge_d=0.98,
    ),
    ToothType.CANINE: Recipe(
        True, 0.78, 0.6, 0.18, 0.2, 0.9, edge_z=-0.2, edge_half=0.7, edge_round=0.3,
        corner_m=0.8, corner_d=1.2, fossa=0.25, labial_ridge=0.25, lingual_ridge=0.3,
        cusp_x=0.15, cusp_drop_m=1.2, cusp_drop_d=2.2,
    ),
}  # fmt: skip

# Cusp layouts (xi + mesial, zeta + buccal), from the occlusal outlines in Wheeler.
_UPPER_POSTERIOR = {
    ToothType.PREMOLAR1: Recipe(
        False, 0.62, 0.58, 0.2, 0.45, 0.8,
        cusps=(Cusp(0.05, 0.85, 0.0, 1.1), Cusp(0.02, -0.8, 1.0, 1.1)),
        ridge_drop=1.3, fossa_drop=2.4,
    ),
    ToothType.PREMOLAR2: Recipe(
        False, 0.6, 0.58, 0.2, 0.45, 0.78,
        cusps=(Cusp(0.0, 0.85, 0.0, 1.0), Cusp(0.0, -0.82, 0.3, 1.0)),
        ridge_drop=1.2, fossa_drop=2.2,
    ),
    ToothType.MOLAR1: Recipe(
        False, 0.62, 0.55, 0.2, 0.45, 0.72, skew=0.12,
        cusps=(
            Cusp(0.48, 0.58, 0.3), Cusp(-0.42, 0.6, 0.55),
            Cusp(0.38, -0.5, 0.0, 0.85, 1.1), Cusp(-0.55, -0.55, 1.3, 1.0, 0.7),
        ),
    ),
    ToothType.MOLAR2: Recipe(
        False, 0.6, 0.55, 0.2, 0.45, 0.72, skew=0.16,
        cusps=(
            Cusp(0.45, 0.58, 0.3), Cusp(-0.42, 0.6, 0.7),
            Cusp(0.32, -0.48, 0.0, 0.85, 1.1), Cusp(-0.6, -0.5, 1.8, 1.0, 0.6),
        ),
    ),
    ToothType.MOLAR3: Recipe(
        False, 0.6, 0.55, 0.2, 0.45, 0.75, skew=0.12,
        cusps=(Cusp(0.42, 0.55, 0.3), Cusp(-0.45, 0.55, 0.8), Cusp(0.1, -0.5, 0.0, 0.9, 1.1)),
    ),
}  # fmt: skip
_LOWER_POSTERIOR = {
    ToothType.PREMOLAR1: Recipe(
        False, 0.62, 0.58, 0.2, 0.5, 0.85, table_shift=-0.15,
        cusps=(Cusp(0.02, 0.5, 0.0, 1.3), Cusp(0.0, -0.75, 1.4, 1.2, 0.6)),
        ridge_drop=1.8, fossa_drop=3.0,
    ),
    ToothType.PREMOLAR2: Recipe(
        False, 0.6, 0.58, 0.2, 0.5, 0.78, table_shift=-0.1,
        cusps=(
            Cusp(0.0, 0.48, 0.0, 1.0), Cusp(0.42, -0.55, 0.7, 1.0, 0.8),
            Cusp(-0.45, -0.55, 1.1, 1.0, 0.7),
        ),
        ridge_drop=1.4, fossa_drop=2.5,
    ),
    ToothType.MOLAR1: Recipe(
        False, 0.62, 0.55, 0.2, 0.5, 0.72, table_shift=-0.12,
        cusps=(
            Cusp(0.56, 0.5, 0.35, 0.95, 1.0), Cusp(-0.08, 0.6, 0.6, 0.95, 0.8),
            Cusp(-0.68, 0.22, 0.9, 1.0, 0.6), Cusp(0.5, -0.52, 0.0, 0.95, 0.95),
            Cusp(-0.38, -0.55, 0.2, 0.95, 0.85),
        ),
    ),
    ToothType.MOLAR2: Recipe(
        False, 0.6, 0.55, 0.2, 0.5, 0.72, table_shift=-0.12,
        cusps=(
            Cusp(0.5, 0.5, 0.35), Cusp(-0.45, 0.52, 0.6),
            Cusp(0.5, -0.52, 0.0), Cusp(-0.45, -0.52, 0.25),
        ),
    ),
    ToothType.MOLAR3: Recipe(
        False, 0.6, 0.55, 0.2, 0.5, 0.75, table_shift=-0.1,
        cusps=(
            Cusp(0.5, 0.5, 0.35), Cusp(-0.4, 0.5, 0.7, 0.9, 0.8),
            Cusp(0.45, -0.5, 0.0), Cusp(-0.42, -0.5, 0.4, 0.9, 0.8),
        ),
    ),
}  # fmt: skip


def recipe_for(tooth_type: ToothType, arch: str) -> Recipe:
    table = (
        {**_UPPER_ANTERIOR, **_UPPER_POSTERIOR}
        if arch == "upper"
        else {**_LOWER_ANTERIOR, **_LOWER_POSTERIOR}
    )
    return table[tooth_type]


@dataclass(frozen=True)
class Dims:
    """The table sizes a crown is built to, mm (a subset of CrownShape)."""

    length: float
    md: float
    md_cervix: float
    ll: float
    ll_cervix: float


@dataclass(frozen=True)
class WallRows:
    """Side-wall profiles evaluated at heights t; every field has t's shape, mm or a fraction."""

    a_m: F64  # half width towards mesial / distal
    a_d: F64
    z_lab: F64  # labial / lingual outline seen from the proximal side
    z_lin: F64
    fossa: F64  # lingual concavity, fraction of the half thickness
    ridge_lab: F64  # mm
    ridge_lin: F64  # mm


def wall_rows(recipe: Recipe, dims: Dims, t: F64) -> WallRows:
    """Evaluate the side-wall profiles of one crown at heights t (any shape, e.g. (r, n))."""
    a, ac = dims.md / 2, dims.md_cervix / 2
    b, bc = dims.ll / 2, dims.ll_cervix / 2
    bulge = b - bc
    zero = np.zeros_like(t)
    if recipe.anterior:
        tm, td = recipe.t_contact_m, recipe.t_contact_d
        # Labial face: convex, leaning lingually towards the edge; lingual outline: cingulum
        # bulge in the cervical third, then concave up to the edge (proximal view).
        # The labial lean steepens through the middle third and then holds (the incisal third
        # is nearly straight): steepening all the way to the edge curls the incisal third
        # lingually, and the face looks bent, with a dark band where the slope changes.
        e_lab = recipe.edge_z + recipe.edge_half
        e_lin = recipe.edge_z - recipe.edge_half
        tl, tg = recipe.t_contour_lab, recipe.t_contour_lin
        f = recipe.fossa
        a_m, a_d, z_lab, z_lin, fossa, ridge_lab, ridge_lin = pchips(
            t,
            (
                ((0, ac), (0.45 * tm, ac + 0.7 * (a - ac)), (tm, a), (1, recipe.edge_m * a)),
                ((0, ac), (0.45 * td, ac + 0.7 * (a - ac)), (td, a), (1, recipe.edge_d * a)),
                (
                    (0, bc),
                    (tl, b),
                    (0.42, e_lab + 0.86 * (b - e_lab)),
                    (0.66, e_lab + 0.52 * (b - e_lab)),
                    (1, e_lab),
                ),
                (
                    (0, -bc),
                    (tg, -b),
                    (0.42, e_lin - 0.5 * (b + e_lin)),
                    (0.72, e_lin - 0.26 * (b + e_lin)),
                    (1, e_lin),
                ),
                ((0, 0), (0.28, 0), (0.52, f), (0.8, 0.8 * f), (1, 0)),
                ((0, 0), (0.3, 0.6), (0.65, 1), (1, 0.3)),
                ((0, 0), (0.3, 0.7), (0.6, 1), (1, 0.2)),
            ),
        )
        ridge_lab = recipe.labial_ridge * ridge_lab
        ridge_lin = recipe.lingual_ridge * ridge_lin
        return WallRows(a_m, a_d, z_lab, z_lin, fossa, ridge_lab, ridge_lin)
    # Posterior: contacts in the middle third, buccal contour in the cervical third, lingual
    # in the middle third, then converging to the occlusal outline (the rim).
    tm, td = recipe.t_contact_m, recipe.t_contact_d
    ra, rb = recipe.rim_a, recipe.rim_b
    shift = recipe.table_shift * b
    tb, tg = recipe.t_contour_lab, recipe.t_contour_lin
    a_m, a_d, z_lab, z_lin = pchips(
        t,
        (
            ((0, ac), (0.5 * tm, ac + 0.75 * (a - ac)), (tm, a), (1, ra * a)),
            ((0, ac), (0.5 * td, ac + 0.75 * (a - ac)), (td, a), (1, ra * a)),
            ((0, bc), (tb, bc + bulge), (0.7, shift + 0.93 * b), (1, shift + rb * b)),
            ((0, -bc), (tg, -bc - bulge), (0.8, shift - 0.92 * b), (1, shift - rb * b)),
        ),
    )
    return WallRows(a_m, a_d, z_lab, z_lin, zero, zero, zero)


def cross_section(
    recipe: Recipe, rows: WallRows, theta: F64, corner_depth: F64 | None = None
) -> tuple[F64, F64]:
    """x, z (r, n) of the side wall for profiles shaped (r, 1) or (r, n) and angles (n,).

    corner_depth : (r, n) mm below the rim, used to round the incisal angles (anteriors).
    """
    angles = _section_angles(theta.tobytes(), recipe.exponent)
    c, sc, ss, wm, lingual = angles.c, angles.sc, angles.ss, angles.wm, angles.lingual
    a = rows.a_m * wm + rows.a_d * angles.wd
    zc = (rows.z_lab + rows.z_lin) / 2
    hb = (rows.z_lab - rows.z_lin) / 2
    shift = recipe.contact_z
    narrow: F64 | float = 1.0
    if corner_depth is not None and recipe.anterior:
        # Incisal angles as circular arcs (radius corner_m mesially, sharper, corner_d
        # distally), as seen from the labial: each half of the section is narrowed in x in
        # proportion, by the arc's inset at that depth below the rim, so the outline (the
        # widest point at every height) is the arc itself. Insetting only the mesial and
        # distal points (weighted by c^4) left the line angles standing: the outline was a
        # chamfer with a shoulder above it, and laterals looked pointed. Only x moves, so
        # the labial and lingual faces run straight up to the edge or cusp ridges.
        # The arcs end on the edge crest, edge_round above the rim, so the cap carries
        # them on over the top instead of rising from a flat rim in a shoulder.
        below_crest = corner_depth + (recipe.edge_round if recipe.cusp_drop_m <= 0 else 0.0)
        inset_m = arc_inset(recipe.corner_m, below_crest)
        inset_d = arc_inset(recipe.corner_d, below_crest)
        narrow = np.where(c > 0, 1 - inset_m / rows.a_m, 1 - inset_d / rows.a_d)
    elif corner_depth is not None:
        # Posterior walls roll over into the cusp ridges instead of meeting them at a crease.
        k = np.clip(1 - corner_depth / recipe.rim_round, 0.0, 1.0)
        roll = recipe.rim_round * (1 - np.sqrt(1 - k * k))
        a = a - roll
        hb = hb - roll
    x = a * sc * narrow
    # Lingual fossa between the marginal ridges; a central ridge splits it on canines.
    dent = rows.fossa * angles.fossa_bell
    ridge_lin = rows.ridge_lin * angles.lingual_bell
    ridge_lab = rows.ridge_lab * angles.labial_bell
    # The labial and lingual halves meet at the contacts, `shift` of the half thickness
    # labially of the middle.
    zk = zc + shift * hb
    z = np.where(
        lingual,
        zk + (1 + shift) * hb * ss * (1 - dent) - ridge_lin * angles.abs_ss,
        zk + (1 - shift) * hb * ss + ridge_lab * ss,
    )
    return x, z


@dataclass(frozen=True, eq=False)
class _SectionAngles:
    """What a cross-section takes from its angles theta alone, each (1, n): cos, the
    superellipse's signed |cos|^p and |sin|^p (and |that|), the mesial and distal weights,
    which are lingual, and the bells of the lingual fossa and of the lingual and labial
    ridges. Read-only: shared by every crown."""

    c: F64
    sc: F64
    ss: F64
    abs_ss: F64
    wm: F64
    wd: F64
    lingual: NDArray[np.bool_]
    fossa_bell: F64
    lingual_bell: F64
    labial_bell: F64


@lru_cache(maxsize=64)
def _section_angles(theta: bytes, p: float) -> _SectionAngles:
    # Every crown of a resolution has the same angles and a handful of exponents, and a
    # build makes two or three sections per crown: worked out once.
    angle = np.frombuffer(theta, dtype=np.float64)
    c, s = np.cos(angle)[None, :], np.sin(angle)[None, :]
    ss = np.sign(s) * np.abs(s) ** p
    wm = (1 + c) / 2
    angles = _SectionAngles(
        c=c,
        sc=np.sign(c) * np.abs(c) ** p,
        ss=ss,
        abs_ss=np.abs(ss),
        wm=wm,
        wd=1 - wm,
        lingual=s < 0,
        fossa_bell=np.exp(-((c / 0.5) ** 2)),
        lingual_bell=np.exp(-((c / 0.22) ** 2)),
        labial_bell=np.exp(-((c / 0.3) ** 2)),
    )
    for array in vars(angles).values():
        array.flags.writeable = False
    return angles


def arc_inset(radius: float, depth: F64 | float) -> F64:
    """How far (mm) a corner arc of radius stands in from the side at depth (mm) below
    its top: radius at the top, 0 from radius down."""
    k = np.clip(1 - np.asarray(depth, dtype=np.float64) / radius, 0.0, 1.0)
    inset: F64 = radius * (1 - np.sqrt(1 - k * k))
    return inset


def edge_height(recipe: Recipe, dims: Dims, x: F64, half_m: float, half_d: float) -> F64:
    """Height (mm) of the incisal edge crest / canine cusp ridges at x, before wear."""
    if recipe.cusp_drop_m <= 0:
        return np.full_like(x, dims.length)  # incisors: a straight edge
    # Canine: a pointed cusp, the mesial cusp ridge shorter and less steep.
    xt = recipe.cusp_x * half_m
    run = np.where(x > xt, half_m - xt, half_d + xt)
    drop = np.where(x > xt, recipe.cusp_drop_m, recipe.cusp_drop_d)
    rho = 0.8
    d = np.abs(x - xt)
    k = drop / (np.sqrt(run**2 + rho**2) - rho)
    out: F64 = dims.length - k * (np.sqrt(d * d + rho * rho) - rho)
    return out


def mamelon_dip(x: F64, half_m: float, half_d: float, mamelons: float) -> F64:
    """How far (mm) the notches between the three mamelons cut into an incisal edge at x:
    rounded lobes with V notches between, ~0.7 mm deep at mamelons = 1."""
    xi = np.clip(np.where(x > 0, x / half_m, x / half_d), -1, 1)
    lobes = np.sqrt(np.cos(1.5 * np.pi * xi) ** 2 + 0.02)
    out: F64 = mamelons * (1 - np.clip(lobes, 0, 1) ** 0.6)
    return out


_BREAK = (0.0, 0.0, -1e9)  # ends one ridge polyline and starts the next


def _below(tip: tuple[float, float, float]) -> tuple[float, float, float]:
    """A ridge's start just under a cusp tip, so the tip stays a single peak."""
    return (tip[0], tip[1], tip[2] - 0.3)


def occlusal_height(recipe: Recipe, dims: Dims, x: F64, z: F64, rim: tuple[float, ...]) -> F64:
    """Occlusal height field (mm) at points x, z (any shape) of a premolar or molar.

    rim : (half width mesial, distal, buccal, lingual, table centre z) of the occlusal outline.
    Cusps are rounded cones joined by a soft maximum, so the grooves between cusps and the
    central fossa appear as the valleys where the cones meet; marginal ridges close the
    table mesially and distally.
    """
    am, ad, bb, bl, cz = rim
    top = dims.length
    tau = 0.14  # mm: how rounded the grooves are (sharper aliases on the grid)

    def rows(values: list[float]) -> F64:
        """Per-feature scalars as a column against x's shape, for all features at once."""
        return np.array(values).reshape((-1,) + (1,) * np.ndim(x))

    # Every cusp (then every ridge segment) at once, one row each; the scalars are worked
    # out one feature at a time in plain floats, as the loop over features did.
    cusps = recipe.cusps
    cx = rows([c.xi * (am if c.xi > 0 else ad) for c in cusps])
    czz = rows([cz + c.zeta * (bb if c.zeta > 0 else bl) for c in cusps])
    d2 = (x - cx) ** 2 + (z - czz) ** 2
    cone = np.sqrt(d2 + rows([c.rho**2 for c in cusps])) - rows([c.rho for c in cusps])
    cone_feats = rows([top - c.drop for c in cusps]) - rows([c.slope for c in cusps]) * cone
    tips = [
        (
            c.xi * (am if c.xi > 0 else ad),
            cz + c.zeta * (bb if c.zeta > 0 else bl),
            top - c.drop,
        )
        for c in recipe.cusps
    ]
    buccal = [p for p, c in zip(tips, recipe.cusps, strict=True) if c.zeta > 0]
    lingual = [p for p, c in zip(tips, recipe.cusps, strict=True) if c.zeta <= 0]
    ridges: list[tuple[float, float, float]] = []
    # Marginal ridges: from the most mesial buccal and lingual cusp tips out to the mesial
    # border and across it (likewise distally). Heights fall linearly away from the tips,
    # so a ridge joins its cusps without ever forming a peak of its own.
    for side, half in ((1.0, am), (-1.0, ad)):
        pb = max(buccal, key=lambda p: side * p[0])
        pl = max(lingual, key=lambda p: side * p[0])
        xr = side * 0.84 * half
        corner_b = (xr, 0.8 * pb[1] + 0.2 * cz, pb[2] - recipe.ridge_drop)
        corner_l = (xr, 0.8 * pl[1] + 0.2 * cz, pl[2] - recipe.ridge_drop)
        ridges += [_below(pb), corner_b, corner_l, _below(pl), _BREAK]
    if recipe.skew > 0 and len(tips) >= 4:
        # Oblique ridge of upper molars: mesiolingual to distobuccal cusp, dipping between.
        ml, db = tips[2], tips[1]
        mid = ((ml[0] + db[0]) / 2, (ml[1] + db[1]) / 2, min(ml[2], db[2]) - 0.9)
        ridges += [_below(ml), mid, _below(db), _BREAK]
    segments = [(p0, p1) for p0, p1 in pairwise(ridges) if _BREAK not in (p0, p1)]
    x0, z0, y0 = (rows([p0[k] for p0, _ in segments]) for k in range(3))
    steps = [(p1[0] - p0[0], p1[1] - p0[1]) for p0, p1 in segments]
    sx, sz = rows([a for a, _ in steps]), rows([b for _, b in steps])
    length2 = rows([a * a + b * b for a, b in steps])
    w = np.clip(((x - x0) * sx + (z - z0) * sz) / length2, 0.0, 1.0)
    d2 = (x - x0 - w * sx) ** 2 + (z - z0 - w * sz) ** 2
    rise = rows([p1[2] - p0[2] for p0, p1 in segments])
    ridge_feats = y0 + w * rise - 1.3 * (np.sqrt(d2 + 0.16) - 0.4)
    feats = [np.full_like(x, top - recipe.fossa_drop)[None], cone_feats, ridge_feats]
    stack = np.concatenate(feats)
    peak = stack.max(axis=0)
    out: F64 = peak + tau * np.log(np.exp((stack - peak) / tau).sum(axis=0))
    return out
