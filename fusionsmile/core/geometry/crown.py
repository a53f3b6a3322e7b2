"""Procedural tooth crowns: a closed, watertight mesh per tooth in its local frame.

Local frame, mm, right-handed: +x mesial, +y axial (y = 0 at the cervical line's labial
midpoint, +y towards the incisal edge / occlusal surface), +z labial/buccal. Upper and lower
crowns are built the same way in this frame; the caller places, orients and mirrors them.

Topology is a UV sphere: a bottom pole, rings of `around` vertices, a top pole. From the
bottom: a short root stub (region ROOT), the side wall from the scalloped cervical line to
the rim, then the top cap (incisal edge or occlusal table) as rings shrinking inwards with
heights from the occlusal height field. The anatomy itself lives in crown_anatomy.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.crown_anatomy import (
    F64,
    Dims,
    Recipe,
    WallRows,
    arc_inset,
    cross_section,
    edge_height,
    mamelon_dip,
    occlusal_height,
    recipe_for,
    wall_rows,
)
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.teeth import ToothType, arch_of, tooth_type, wheeler_size

ROOT_DEPTH = 2.8  # mm of root stub below the labial cervical point, for the gum to hide


@dataclass(frozen=True)
class CrownShape:
    """Everything that decides one crown's geometry; lengths in mm."""

    tooth_type: ToothType
    arch: Literal["upper", "lower"]
    crown_length: float  # labial cervical point -> incisal edge / highest cusp tip
    md_crown: float  # greatest mesiodistal width (contact areas)
    md_cervix: float
    ll_crown: float  # greatest labio/bucco-lingual width (height of contour)
    ll_cervix: float
    cej_mesial: float  # how far the cervical line rises towards incisal, mesially
    cej_distal: float
    mamelons: float = 0.0  # 0..1, depth of the 3 mamelons on incisor edges
    wear_mm: float = 0.0  # 0..4, flattens the top; measured length = crown_length - wear
    chip_mm: float = 0.0  # 0..3, mesio-incisal corner (anteriors) or mesiobuccal cusp


@dataclass(frozen=True)
class CrownResolution:
    """around: samples around the crown (u); rows: vertex rings between the two poles.

    A crown has 2 * around * rows triangles. `around` should be a multiple of 4 so that the
    mesial, labial, distal and lingual midpoints are sampled exactly.
    """

    around: int
    rows: int


PREVIEW = CrownResolution(around=24, rows=16)  # 768 triangles
DEFAULT = CrownResolution(around=64, rows=36)  # 4608 triangles


@dataclass(frozen=True, eq=False)
class CrownMesh:
    """A closed crown mesh in the local frame.

    vertices : (n, 3) float64, mm
    faces : (m, 3) int32, counter-clockwise seen from outside; crown_faces(resolution)
    u : (n,) float32 in [0, 1): 0 mesial, 0.25 labial, 0.5 distal, 0.75 lingual
    v : (n,) float32, height above the cervical line / crown length, clipped to [0, 1]
    region : (n,) uint8, Region.ENAMEL from the cervical line up, Region.ROOT below
    cervical_line : (k, 3) float64, the cervical line ring ordered by u (closed implicitly)
    chart : (n, 2) float32, (column, row) in the UV-sphere grid (see `_chart`)
    """

    vertices: NDArray[np.float64]
    faces: NDArray[np.int32]
    u: NDArray[np.float32]
    v: NDArray[np.float32]
    region: NDArray[np.uint8]
    cervical_line: NDArray[np.float64]
    chart: NDArray[np.float32]


def shape_for(
    fdi: int,
    scale: float = 1.0,
    width_length_ratio: float | None = None,
    mamelons: float = 0.0,
    wear_mm: float = 0.0,
    chip_mm: float = 0.0,
) -> CrownShape:
    """Wheeler sizes (teeth.wheeler_size) times `scale`; for central incisors, if
    width_length_ratio is given, crown_length = md_crown / ratio (other teeth keep their
    proportions)."""
    size = wheeler_size(fdi)
    kind = tooth_type(fdi)
    length = size.crown_length * scale
    if width_length_ratio is not None and kind is ToothType.CENTRAL:
        length = size.md_crown * scale / width_length_ratio
    return CrownShape(
        tooth_type=kind,
        arch=arch_of(fdi),
        crown_length=length,
        md_crown=size.md_crown * scale,
        md_cervix=size.md_cervix * scale,
        ll_crown=size.ll_crown * scale,
        ll_cervix=size.ll_cervix * scale,
        cej_mesial=size.cej_mesial * scale,
        cej_distal=size.cej_distal * scale,
        mamelons=mamelons,
        wear_mm=wear_mm,
        chip_mm=chip_mm,
    )


def _ring_split(anterior: bool, rows: int) -> tuple[int, int, int]:
    """(root, wall, cap) ring counts; anteriors spend rings on the wall, posteriors on cusps."""
    root = max(2, round(0.1 * rows))
    cap = max(3, round((0.14 if anterior else 0.38) * rows))
    return root, rows - root - cap, cap


def crown_faces(resolution: CrownResolution) -> NDArray[np.int32]:
    """The faces every crown of a resolution shares (one array, read-only): however the
    rings are split between root, wall and cap, there are `rows` of them."""
    return _faces(resolution.around, resolution.rows)


@cache
def _faces(around: int, rings: int) -> NDArray[np.int32]:
    """(2 * around * rings, 3) faces of a UV sphere: vertex 0 bottom pole, then `rings`
    rings of `around` vertices, then the top pole; outward (counter-clockwise) winding."""
    i = np.arange(around)
    j = np.arange(rings - 1)[:, None]
    a = 1 + j * around + i
    b = 1 + j * around + (i + 1) % around
    c, d = a + around, b + around
    side = np.stack([np.stack([a, c, d], -1), np.stack([a, d, b], -1)], 2).reshape(-1, 3)
    top = 1 + rings * around
    last = 1 + (rings - 1) * around
    bottom_fan = np.stack([np.zeros(around, int), 1 + i, 1 + (i + 1) % around], -1)
    top_fan = np.stack([np.full(around, top), last + (i + 1) % around, last + i], -1)
    faces = np.concatenate([bottom_fan, side, top_fan]).astype(np.int32)
    faces.flags.writeable = False
    return faces


@cache
def _chart(around: int, rings: int) -> NDArray[np.float32]:
    """(2 + around * rings, 2) grid coordinates of the UV sphere's vertices (see `_faces`):
    column = index around / around (wrapping at 1), row = ring / (rings + 1) counted from
    the bottom pole (row 0) to the top pole (row 1); the poles have no column (NaN)."""
    column = np.tile(np.arange(around) / around, rings)
    row = np.repeat(np.arange(1, rings + 1) / (rings + 1), around)
    chart = np.concatenate(
        [[[np.nan, 0.0]], np.stack([column, row], axis=-1), [[np.nan, 1.0]]]
    ).astype(np.float32)
    chart.flags.writeable = False
    return chart


def _chip(
    shape: CrownShape, recipe: Recipe, x: F64, z: F64, rim: F64, corner_y: float
) -> tuple[F64, F64]:
    """(ceiling, dent) mm at points x, z: a chip leaves nothing above the ceiling and
    lowers the surface by the dent.

    rim : (5,) half widths mesial, distal, buccal, lingual and the rim centre z.
    corner_y : unworn height of the mesio-incisal angle.
    Anteriors lose a round-bottomed notch at the mesio-incisal angle; posteriors have the
    mesiobuccal cusp lowered by up to chip_mm. Nothing distal of the midline is touched.
    """
    chip = shape.chip_mm
    if chip <= 0:
        return np.full_like(x, np.inf), np.zeros_like(x)
    if recipe.anterior:
        xc = rim[0] + 0.3 * chip
        r = min(1.3 * chip + 0.3, 0.95 * xc)
        yc = corner_y - chip + np.sqrt(r * r - (0.3 * chip) ** 2)
        inside = np.clip(r * r - (x - xc) ** 2, 0.0, None)
        ceiling: F64 = np.where(np.abs(x - xc) < r, yc - np.sqrt(inside), np.inf)
        return ceiling, np.zeros_like(x)
    cusp = max(recipe.cusps, key=lambda k: k.xi + k.zeta)  # the mesiobuccal one
    xm = max(cusp.xi, 0.45) * rim[0]  # premolars: the mesial half of the buccal cusp
    zm = rim[4] + cusp.zeta * rim[2]
    reach = min(2.2, 0.95 * xm)
    w = np.clip(1 - ((x - xm) ** 2 + (z - zm) ** 2) / reach**2, 0.0, 1.0) ** 2
    return np.full_like(x, np.inf), chip * w


def _profile_rows(recipe: Recipe, dims: Dims, t: F64, y_cej: F64, y_rim: F64) -> WallRows:
    """Wall profiles for the rows t (r, 1) of the columns with cervical line y_cej (n,).

    The scalloped cervical line rises 2-4 mm towards the proximal surfaces, so a profile in
    t alone puts the labial height of contour (and the bend of the face below it) on a curve
    following the scallop: a dark saddle band across the face. On anteriors the labial and
    lingual faces use the height above the midpoint instead (t_z = y / y_rim), blended back
    to t towards the proximal surfaces by sin^2, so the profiles run level across the face.
    """
    if not recipe.anterior:
        return wall_rows(recipe, dims, t)
    s2 = np.sin(2 * np.pi * np.arange(len(y_cej)) / len(y_cej)) ** 2
    t_z = t + s2 * (1 - t) * np.clip(y_cej / y_rim, 0.0, 1.0)
    return wall_rows(recipe, dims, t_z)


def build_crown(shape: CrownShape, resolution: CrownResolution = DEFAULT) -> CrownMesh:
    """Build one crown mesh (see CrownMesh) from its shape, at the given resolution."""
    recipe = recipe_for(shape.tooth_type, shape.arch)
    dims = Dims(shape.crown_length, shape.md_crown, shape.md_cervix, shape.ll_crown,
                shape.ll_cervix)  # fmt: skip
    n = resolution.around
    n_root, n_wall, n_cap = _ring_split(recipe.anterior, resolution.rows)
    u = np.arange(n) / n
    theta = 2 * np.pi * u
    cos = np.cos(theta)
    # Scalloped cervical line: 0 at the labial and lingual midpoints, rising mesially and
    # distally (cos^2 keeps it smooth across the midpoints).
    y_cej = np.where(cos > 0, shape.cej_mesial, shape.cej_distal) * cos**2
    length = shape.crown_length

    # Rim (top ring of the unworn wall) and cervical section, from one profile evaluation.
    ends = wall_rows(recipe, dims, np.array([[0.0], [1.0]]))
    x_e, z_e = cross_section(recipe, ends, theta, np.array([[99.0], [0.0]]))
    x_r, z_r = x_e[1], z_e[1]
    zr = float((ends.z_lab + ends.z_lin)[1, 0] / 2)
    rim = np.array([x_r.max(), -x_r.min(), z_r.max() - zr, zr - z_r.min(), zr])
    # Cap rings: fractions f of the way from the centre to the top ring; anteriors keep the
    # edge's length (x shrinks slowly) so the incisal crest is sampled along its length.
    f = (1 - np.arange(1, n_cap + 1) / (n_cap + 1))[:, None]
    fx = f**0.25 if recipe.anterior else f
    f_all = np.concatenate([np.ones(n), np.repeat(f[:, 0], n), [0.0]])

    # The cap converges on the unworn rim's centre, so a chip moves only mesial vertices.
    cx, cz = x_r.mean(), z_r.mean()

    def cap_heights(x_top: F64, z_top: F64) -> tuple[F64, F64, F64]:
        """x, z, unworn height of the top ring, the cap rings and the pole, flattened."""
        x = np.concatenate([x_top, (cx + fx * (x_top - cx)).ravel(), [cx]])
        z = np.concatenate([z_top, (cz + f * (z_top - cz)).ravel(), [cz]])
        if recipe.anterior:
            # The edge crest is rounded across (over f) and, near the incisal angles, along
            # its length, so it flows into the rounded angles of the wall.
            edge = edge_height(recipe, dims, x, rim[0], rim[1])
            xi = np.where(x > 0, x / rim[0], -x / rim[1])
            crest = (1 - np.clip(xi, 0, 1) ** 6) * (1 - f_all**2)
            return x, z, edge - recipe.edge_round * (1 - crest)
        return x, z, occlusal_height(recipe, dims, x, z, tuple(rim))

    x_t, z_t, y_t = cap_heights(x_r, z_r)
    # Sampling misses the exact peak; lift the field so the highest sample is the length.
    lift = length - y_t.max()
    y_t = y_t + lift
    y_rim = y_t[:n]
    span = y_rim - y_cej
    worn = shape.wear_mm > 0 or shape.chip_mm > 0

    def worn_height(x: F64, z: F64, y: F64) -> F64:
        """Lifted unworn height y at x, z after wear and chips."""
        ceiling, dent = _chip(shape, recipe, x, z, rim, float(y_rim[0]))
        out: F64 = np.minimum(np.minimum(y, length - shape.wear_mm), ceiling) - dent
        return out

    # Side wall: wear and chips truncate the unworn wall, so a worn edge shows the wider
    # cross-section of the level it was worn down to.
    # Exactly 1 where untouched: the incisal-angle rounding goes as sqrt(depth), so even a
    # rounding error in t would move the vertices there.
    cut = worn_height(x_r, z_r, y_rim)
    t_top = np.where(cut < y_rim, np.clip((cut - y_cej) / span, 0.05, 1.0), 1.0)
    # Rows crowd towards the top, where the wall curves most.
    t_unworn = 1 - (1 - np.linspace(0, 1, n_wall)[:, None]) ** 1.6
    t = t_unworn * t_top
    y_wall = y_cej + t * span
    x_w, z_w = cross_section(recipe, _profile_rows(recipe, dims, t, y_cej, y_rim), theta,
                             (1 - t) * span)  # fmt: skip
    if worn:
        x_t, z_t, y_t = cap_heights(x_w[-1], z_w[-1])
        y_t = worn_height(x_t, z_t, y_t + lift)
    if shape.mamelons > 0 and recipe.anterior:
        # The lobes span the straight edge between the incisal angles' arcs.
        straight = (
            rim[0] - recipe.corner_m + float(arc_inset(recipe.corner_m, recipe.edge_round)),
            rim[1] - recipe.corner_d + float(arc_inset(recipe.corner_d, recipe.edge_round)),
        )

        # Mamelons notch the (worn) edge and fade out 2 mm down the faces; deforming rather
        # than lowering the rim keeps the wall profile, so the notches don't run down the
        # whole face. Wear grinds them away first.
        def notch(x: F64) -> F64:
            dip = mamelon_dip(x, *straight, shape.mamelons) - shape.wear_mm
            out: F64 = np.maximum(dip, 0.0)
            return out

        fade = np.clip(1 - (t_top - t) * span / 2.0, 0.0, 1.0) ** 2
        y_wall = y_wall - notch(x_w) * fade
        y_t = y_t - notch(x_t)
    x_c, y_c, z_c = (a[n:-1].reshape(n_cap, n) for a in (x_t, y_t, z_t))
    pole_top = np.array([[x_t[-1], y_t[-1], z_t[-1]]])

    # Root stub: the cervical section tapering down to a flat bottom.
    k = np.arange(n_root, 0, -1)[:, None] / n_root
    zc0 = float((ends.z_lab + ends.z_lin)[0, 0] / 2)
    taper = 1 - 0.14 * k
    x_s = x_e[0] * taper
    z_s = zc0 + (z_e[0] - zc0) * taper
    y_s = y_cej + (-ROOT_DEPTH - y_cej) * k
    pole_bottom = np.array([[0.0, -ROOT_DEPTH - 0.35, zc0]])

    ring_x = np.concatenate([x_s, x_w, x_c])
    ring_y = np.concatenate([y_s, y_wall, y_c])
    ring_z = np.concatenate([z_s, z_w, z_c])
    rings = np.stack([ring_x, ring_y, ring_z], -1).reshape(-1, 3)
    vertices = np.concatenate([pole_bottom, rings, pole_top])

    # Shear into the rhomboid outline, then scale to the table widths as measured on the
    # unworn wall, so that worn and chipped crowns keep the widths of the intact tooth.
    if worn:
        probe = _profile_rows(recipe, dims, t_unworn, y_cej, y_rim)
        x_w, z_w = cross_section(recipe, probe, theta, (1 - t_unworn) * span)
    px = x_w + recipe.skew * z_w
    vertices[:, 0] += recipe.skew * vertices[:, 2]
    vertices[:, 0] *= shape.md_crown / (px.max() - px.min())
    vertices[:, 2] *= shape.ll_crown / (z_w.max() - z_w.min())

    ring_u = np.tile(u, n_root + n_wall + n_cap)
    u_all = np.concatenate([[0.0], ring_u, [0.0]]).astype(np.float32)
    y_ref = np.concatenate([[0.0], np.tile(y_cej, n_root + n_wall + n_cap), [0.0]])
    v_all = np.clip((vertices[:, 1] - y_ref) / length, 0.0, 1.0).astype(np.float32)
    region = np.full(len(vertices), Region.ENAMEL, np.uint8)
    region[: 1 + n_root * n] = Region.ROOT
    first_wall = 1 + n_root * n
    return CrownMesh(
        vertices=vertices,
        faces=crown_faces(resolution),
        u=u_all,
        v=v_all,
        region=region,
        cervical_line=vertices[first_wall : first_wall + n].copy(),
        chart=_chart(n, n_root + n_wall + n_cap),
    )
