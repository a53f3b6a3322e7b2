"""Invariants of the procedural crowns: closed meshes, table dimensions, anatomy."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
import trimesh

from fusionsmile.core.geometry.crown import (
    DEFAULT,
    PREVIEW,
    CrownMesh,
    CrownResolution,
    CrownShape,
    build_crown,
    shape_for,
)
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.teeth import ToothType, wheeler_size

TYPES = [*range(11, 19), *range(31, 39)]  # the 8 upper and 8 lower tooth types
RESOLUTIONS = {"preview": PREVIEW, "default": DEFAULT}


def as_trimesh(mesh: CrownMesh) -> trimesh.Trimesh:
    return trimesh.Trimesh(mesh.vertices, mesh.faces, process=False)


def crown_length(mesh: CrownMesh) -> float:
    """max(y) minus the cervical line at the labial midpoint (u = 0.25)."""
    labial = len(mesh.cervical_line) // 4
    return float(mesh.vertices[:, 1].max() - mesh.cervical_line[labial, 1])


def peaks(mesh: CrownMesh, merge_mm: float = 1.0) -> np.ndarray:
    """Vertices higher (y) than all their neighbours, merging peaks closer than merge_mm."""
    y = mesh.vertices[:, 1]
    edges = as_trimesh(mesh).edges_unique
    beaten = np.zeros(len(y), bool)
    np.logical_or.at(beaten, edges[:, 0], y[edges[:, 1]] >= y[edges[:, 0]])
    np.logical_or.at(beaten, edges[:, 1], y[edges[:, 0]] >= y[edges[:, 1]])
    kept: list[np.ndarray] = []
    for index in np.where(~beaten)[0][np.argsort(-y[~beaten])]:
        point = mesh.vertices[index]
        if all(np.linalg.norm(point - other) > merge_mm for other in kept):
            kept.append(point)
    return np.array(kept)


@pytest.mark.parametrize("res", RESOLUTIONS.values(), ids=RESOLUTIONS.keys())
@pytest.mark.parametrize("fdi", TYPES)
def test_crown_is_a_closed_outward_mesh(fdi: int, res: CrownResolution) -> None:
    mesh = build_crown(shape_for(fdi), res)
    tm = as_trimesh(mesh)
    assert tm.is_watertight
    assert tm.is_winding_consistent
    assert tm.volume > 0
    assert tm.area_faces.min() > 1e-6
    assert len(tm.nondegenerate_faces()) == len(tm.faces)
    assert mesh.faces.dtype == np.int32 and mesh.vertices.dtype == np.float64


@pytest.mark.parametrize("res", RESOLUTIONS.values(), ids=RESOLUTIONS.keys())
@pytest.mark.parametrize("fdi", TYPES)
def test_dimensions_match_the_wheeler_table(fdi: int, res: CrownResolution) -> None:
    size = wheeler_size(fdi)
    mesh = build_crown(shape_for(fdi), res)
    enamel = mesh.vertices[mesh.region == Region.ENAMEL]
    assert np.ptp(enamel[:, 0]) == pytest.approx(size.md_crown, rel=0.02)
    assert np.ptp(enamel[:, 2]) == pytest.approx(size.ll_crown, rel=0.02)
    assert crown_length(mesh) == pytest.approx(size.crown_length, rel=0.02)
    # The cervical line has the cervical widths.
    assert np.ptp(mesh.cervical_line[:, 0]) == pytest.approx(size.md_cervix, rel=0.05)
    assert np.ptp(mesh.cervical_line[:, 2]) == pytest.approx(size.ll_cervix, rel=0.05)


@pytest.mark.parametrize("fdi", [11, 13, 16, 31, 35])
def test_crown_widens_from_cervix_to_contact_and_tapers_to_the_edge(fdi: int) -> None:
    shape = shape_for(fdi)
    mesh = build_crown(shape)
    enamel = mesh.vertices[mesh.region == Region.ENAMEL]
    y = enamel[:, 1]

    def md_width(lo: float, hi: float) -> float:
        band = enamel[(y >= lo * shape.crown_length) & (y < hi * shape.crown_length)]
        return float(np.ptp(band[:, 0]))

    contact = (0.55, 0.8) if shape.tooth_type.is_anterior else (0.4, 0.7)
    assert md_width(*contact) > md_width(0.0, 0.15) + 0.5
    assert md_width(0.97, 1.01) < md_width(*contact)


@pytest.mark.parametrize("fdi", TYPES)
def test_attributes(fdi: int) -> None:
    shape = shape_for(fdi)
    mesh = build_crown(shape)
    n = len(mesh.vertices)
    assert mesh.u.shape == mesh.v.shape == mesh.region.shape == (n,)
    assert mesh.u.dtype == mesh.v.dtype == np.float32
    assert mesh.region.dtype == np.uint8
    assert (mesh.u >= 0).all() and (mesh.u < 1).all()
    assert (mesh.v >= 0).all() and (mesh.v <= 1).all()
    assert set(np.unique(mesh.region)) == {Region.ENAMEL, Region.ROOT}
    # ROOT exactly below the cervical line (compared at the same u), ENAMEL on and above it.
    ring = len(mesh.cervical_line)
    column = np.rint(mesh.u * ring).astype(int) % ring
    cervical_y = mesh.cervical_line[column, 1]
    root = mesh.region == Region.ROOT
    assert (mesh.vertices[root, 1] < cervical_y[root] + 1e-9).all()
    assert (mesh.vertices[~root, 1] > cervical_y[~root] - 1e-9).all()
    assert (mesh.v[root] == 0).all()
    assert mesh.v.max() > 0.9  # v is measured above the cervical line at the same u
    # u labels: mesial vertices at u = 0 (+x), labial at 0.25 (+z).
    line = mesh.cervical_line
    assert line[0, 0] > 0.8 * line[:, 0].max() and line[ring // 2, 0] < 0.8 * line[:, 0].min()
    assert line[ring // 4, 2] > 0.9 * line[:, 2].max()
    assert line[3 * ring // 4, 2] < 0.9 * line[:, 2].min()


@pytest.mark.parametrize("fdi", TYPES)
def test_cervical_line_is_scalloped(fdi: int) -> None:
    shape = shape_for(fdi)
    line = build_crown(shape).cervical_line
    k = len(line)
    mesial, labial, distal, lingual = line[0], line[k // 4], line[k // 2], line[3 * k // 4]
    assert labial[1] == pytest.approx(0.0, abs=1e-9)
    assert lingual[1] == pytest.approx(0.0, abs=1e-9)
    assert mesial[1] - labial[1] == pytest.approx(shape.cej_mesial, abs=0.1)
    assert distal[1] - labial[1] == pytest.approx(shape.cej_distal, abs=0.1)


def test_triangle_counts() -> None:
    for fdi in TYPES:
        assert 600 <= len(build_crown(shape_for(fdi), PREVIEW).faces) <= 900
        assert 3500 <= len(build_crown(shape_for(fdi), DEFAULT).faces) <= 5500
    full_mouth = sum(len(build_crown(shape_for(q * 10 + p)).faces) for q in range(1, 5)
                     for p in range(1, 8))  # fmt: skip
    assert 90_000 <= full_mouth <= 200_000  # leaves room for the gums within 100k-250k


@pytest.mark.parametrize("wear", [0.5, 1.5, 3.0])
@pytest.mark.parametrize("fdi", [11, 12, 13, 14, 16, 31, 33, 36])
def test_wear_shortens_the_crown_by_wear_mm(fdi: int, wear: float) -> None:
    shape = shape_for(fdi, wear_mm=wear)
    mesh = build_crown(shape)
    tm = as_trimesh(mesh)
    assert tm.is_watertight and tm.is_winding_consistent and tm.volume > 0
    assert len(tm.nondegenerate_faces()) == len(tm.faces)
    assert crown_length(mesh) == pytest.approx(shape.crown_length - wear, abs=0.05)
    assert tm.volume < as_trimesh(build_crown(shape_for(fdi))).volume


def edge_profile(mesh: CrownMesh, shape: CrownShape) -> np.ndarray:
    """Height of the incisal edge along x: the highest vertex of each labial u column,
    over the middle 40% of the edge (the incisal angles are rounded and fall away)."""
    labial = (mesh.u > 0) & (mesh.u < 0.5)
    columns = np.unique(mesh.u[labial])
    tops = np.array(
        [mesh.vertices[mesh.u == u][mesh.vertices[mesh.u == u][:, 1].argmax()] for u in columns]
    )
    middle = np.abs(tops[:, 0]) < 0.2 * shape.md_crown
    return tops[middle, 1]


@pytest.mark.parametrize("fdi", [11, 12, 31, 32])
def test_mamelons_scallop_the_incisal_edge(fdi: int) -> None:
    plain = shape_for(fdi)
    young = shape_for(fdi, mamelons=1.0)
    assert np.ptp(edge_profile(build_crown(plain), plain)) < 0.05
    assert np.ptp(edge_profile(build_crown(young), young)) > 0.4
    # Wear takes the mamelons away first.
    worn = shape_for(fdi, mamelons=1.0, wear_mm=1.0)
    assert np.ptp(edge_profile(build_crown(worn), worn)) < 0.05


@pytest.mark.parametrize("chip", [0.5, 1.5, 3.0])
@pytest.mark.parametrize("fdi", [11, 12, 13, 14, 16, 31, 33, 35, 36])
def test_chip_removes_material_on_the_mesial_side_only(fdi: int, chip: float) -> None:
    intact = build_crown(shape_for(fdi))
    chipped = build_crown(shape_for(fdi, chip_mm=chip))
    tm = as_trimesh(chipped)
    assert tm.is_watertight and tm.is_winding_consistent
    assert len(tm.nondegenerate_faces()) == len(tm.faces)
    assert tm.volume < as_trimesh(intact).volume - 0.02
    moved = np.linalg.norm(chipped.vertices - intact.vertices, axis=1) > 1e-9
    assert moved.any()
    assert (intact.vertices[moved, 0] > 0).all()
    assert (chipped.vertices[moved, 0] > 0).all()


@pytest.mark.parametrize(
    ("fdi", "cusps"),
    [(16, {4}), (26, {4}), (36, {5}), (46, {5}), (14, {2}), (15, {2}), (34, {2}), (35, {2, 3})],
)
def test_cusp_count(fdi: int, cusps: set[int]) -> None:
    assert len(peaks(build_crown(shape_for(fdi)))) in cusps


def test_premolar_cusp_heights() -> None:
    """Upper first premolar: lingual cusp ~1 mm shorter; lower first: much shorter."""
    upper = peaks(build_crown(shape_for(14)))
    lower = peaks(build_crown(shape_for(34)))
    for tips, low, high in ((upper, 0.5, 1.5), (lower, 1.0, 3.0)):
        buccal, lingual = tips[tips[:, 2].argmax()], tips[tips[:, 2].argmin()]
        assert low <= buccal[1] - lingual[1] <= high


def test_shape_for() -> None:
    base = shape_for(11)
    assert base.tooth_type is ToothType.CENTRAL and base.arch == "upper"
    assert shape_for(21) == base
    assert shape_for(11, scale=1.1).md_crown == pytest.approx(base.md_crown * 1.1)
    assert shape_for(11, width_length_ratio=0.8).crown_length == pytest.approx(8.5 / 0.8)
    assert shape_for(12, width_length_ratio=0.8) == shape_for(12)
    assert shape_for(36).arch == "lower"


def test_build_is_deterministic_and_scales() -> None:
    shape = shape_for(13)
    a, b = build_crown(shape), build_crown(shape)
    np.testing.assert_array_equal(a.vertices, b.vertices)
    big = build_crown(replace(shape, crown_length=12.0))
    assert crown_length(big) == pytest.approx(12.0, rel=0.02)


def depression_below_hull(points: np.ndarray) -> float:
    """Deepest point (mm) below the upper convex hull of 2-D points sorted by x."""
    hull: list[np.ndarray] = []
    for p in points[np.argsort(points[:, 0])]:
        while len(hull) >= 2:
            (ax, ay), (bx, by) = hull[-1] - hull[-2], p - hull[-2]
            if ax * by - ay * bx < 0:
                break
            hull.pop()
        hull.append(p)
    h = np.array(hull)
    return float(np.max(np.interp(points[:, 0], h[:, 0], h[:, 1]) - points[:, 1]))


@pytest.mark.parametrize("fdi", [11, 12, 31, 32])
def test_labial_midline_profile_is_convex(fdi: int) -> None:
    """Proximal view of the labial face at its midline: convex or straight from the
    cervical line to the edge, no saddle band (local depression) across the face."""
    mesh = build_crown(shape_for(fdi))
    labial = (mesh.u == 0.25) & (mesh.region == Region.ENAMEL)
    profile = mesh.vertices[labial][:, [1, 2]]
    assert depression_below_hull(profile) < 0.1


@pytest.mark.parametrize("fdi", [31, 32, 41, 42])
def test_lower_incisor_edge_is_straight(fdi: int) -> None:
    """A straight, flat incisal edge across the middle 80% of the width (not a cusp)."""
    mesh = build_crown(shape_for(fdi))
    x, y = mesh.vertices[:, 0], mesh.vertices[:, 1]
    lo, hi = x.min(), x.max()
    edges = np.linspace(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo), 9)
    tops = [y[(x >= a) & (x < b)].max() for a, b in pairwise(edges)]
    assert np.ptp(tops) < 0.3


@pytest.mark.parametrize("fdi", [31, 32])
def test_lower_incisor_sides_are_nearly_parallel_in_the_incisal_half(fdi: int) -> None:
    shape = shape_for(fdi)
    mesh = build_crown(shape)
    v = mesh.vertices[mesh.region == Region.ENAMEL]

    def width(lo: float, hi: float) -> float:
        band = v[(v[:, 1] >= lo * shape.crown_length) & (v[:, 1] < hi * shape.crown_length)]
        return float(np.ptp(band[:, 0]))

    assert width(0.85, 0.92) > 0.93 * width(0.55, 0.62)
