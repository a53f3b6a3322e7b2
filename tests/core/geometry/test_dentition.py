"""The built mouth: sizes against Wheeler, closed crowns, arch fit, overrides, gums."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry import dentition
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.measurements import is_watertight, measure_crowns
from fusionsmile.core.teeth import all_fdi, wheeler_size


@pytest.fixture(scope="module")
def default_mouth():
    return build(Geometry())


@pytest.fixture(scope="module")
def preview_mouth():
    return build(Geometry(resolution="preview"))


def test_all_28_teeth_and_two_gums(default_mouth) -> None:
    names = {part.name for part in default_mouth.parts}
    assert names == {str(f) for f in all_fdi(third_molars=False)} | {
        "gingiva-upper",
        "gingiva-lower",
    }


def test_third_molars_are_optional() -> None:
    mouth = build(Geometry(third_molars=True, resolution="preview"))
    assert {"18", "28", "38", "48"} <= {part.name for part in mouth.parts}
    assert len(mouth.placements) == 32


@pytest.mark.parametrize("fdi", all_fdi(third_molars=False))
def test_default_crowns_match_wheeler_within_5_percent(default_mouth, fdi: int) -> None:
    measured = measure_crowns(default_mouth)[fdi]
    table = wheeler_size(fdi)
    assert measured.mesiodistal_mm == pytest.approx(table.md_crown, rel=0.05)
    assert measured.labiolingual_mm == pytest.approx(table.ll_crown, rel=0.05)
    assert measured.crown_length_mm == pytest.approx(table.crown_length, rel=0.05)
    assert measured.watertight


def test_default_level_triangle_budget(default_mouth, preview_mouth) -> None:
    assert 100_000 <= default_mouth.triangle_count <= 250_000
    assert preview_mouth.triangle_count < default_mouth.triangle_count / 3


def test_gums_are_closed(default_mouth) -> None:
    for arch in ("upper", "lower"):
        assert is_watertight(default_mouth.part(f"gingiva-{arch}").faces)


def test_watertight_check_can_fail() -> None:
    tetrahedron = np.array([[0, 2, 1], [0, 1, 3], [1, 2, 3], [0, 3, 2]], dtype=np.int32)
    assert is_watertight(tetrahedron)
    assert not is_watertight(tetrahedron[:3])
    assert not is_watertight(np.concatenate([tetrahedron[:3], tetrahedron[3:, ::-1]]))


def test_surface_attributes_are_complete_and_in_range(default_mouth) -> None:
    faces, attributes = default_mouth.merged()
    n = len(attributes)
    assert faces.max() < n
    for array in (attributes.u, attributes.v, attributes.s, attributes.tooth, attributes.region):
        assert array.shape == (n,)
    assert attributes.position.shape == attributes.normal.shape == (n, 3)
    assert np.all((attributes.u >= 0) & (attributes.u <= 1))
    assert np.all((attributes.v >= 0) & (attributes.v <= 1))
    assert np.all((attributes.s >= -1) & (attributes.s <= 1))
    assert np.allclose(np.linalg.norm(attributes.normal, axis=1), 1.0, atol=1e-3)
    assert set(np.unique(attributes.region)) == {Region.ENAMEL, Region.GINGIVA, Region.ROOT}


def test_normals_point_outwards(default_mouth) -> None:
    for part in default_mouth.parts[:28]:
        positions = part.attributes.position
        centre = positions.mean(axis=0)
        outward = np.einsum("ij,ij->i", positions - centre, part.attributes.normal)
        assert np.mean(outward > 0) > 0.8, part.name


def test_arch_coordinate_runs_right_to_left(default_mouth) -> None:
    s = {fdi: placement.s for fdi, placement in default_mouth.placements.items()}
    assert s[17] < s[13] < s[11] < 0 < s[21] < s[23] < s[27]
    assert s[47] < s[41] < 0 < s[31] < s[37]


def test_neutral_arches_fit_their_teeth(default_mouth) -> None:
    for fit in default_mouth.arch_fit.values():
        assert abs(fit.discrepancy_mm) < 1.0


def test_spacing_and_diastema_are_reported_and_open_gaps() -> None:
    plain = build(Geometry(resolution="preview"))
    spaced = build(Geometry(resolution="preview", diastema_mm=2.0, spacing_mm=0.5))
    gap = spaced.placements[21].contact_mesial[0] - spaced.placements[11].contact_mesial[0]
    assert gap == pytest.approx(2.0, abs=0.1)
    extra = spaced.arch_fit["upper"].required_mm - plain.arch_fit["upper"].required_mm
    assert extra == pytest.approx(2.0 + 12 * 0.5, abs=0.01)


@pytest.mark.parametrize("form", ["beta", "catenary", "parabola", "bonwill-hawley"])
def test_every_arch_form_builds(form: str) -> None:
    mouth = build(Geometry(arch_form=form, resolution="preview"))
    front = mouth.placements[11].origin[2]
    back = mouth.placements[17].origin[2]
    assert front > back + 25.0  # incisors stand well in front of the molars


def test_same_seed_same_mesh_other_seed_other_mesh() -> None:
    geometry = Geometry(asymmetry=0.8, seed=42, resolution="preview")
    a, b = build(geometry).merged()[1], build(geometry).merged()[1]
    c = build(geometry.model_copy(update={"seed": 43})).merged()[1]
    assert np.array_equal(a.position, b.position)
    assert not np.array_equal(a.position, c.position)


def test_missing_tooth_leaves_a_healed_ridge() -> None:
    geometry = Geometry(resolution="preview").with_tooth(12, missing=True)
    mouth = build(geometry)
    assert "12" not in {part.name for part in mouth.parts}
    gum = mouth.part("gingiva-upper").attributes
    at_gap = (gum.tooth == 12) & (gum.v == 0)
    assert np.any(at_gap)
    # The ridge crest over the gap sits apical of the incisal edges of its neighbours.
    assert gum.position[at_gap, 1].min() > mouth.placements[11].incisal_point[1] + 3.0


def test_a_healed_ridge_slopes_into_its_neighbours() -> None:
    """No square notch: along the labial gum margin, the height bends at the edges of the
    gap at most half as sharply as at the sharpest papilla (a step bent 3/4 as sharply)."""
    geometry = Geometry().with_tooth(12, missing=True)
    gum = build(geometry).part("gingiva-upper").attributes
    margin = (gum.u == 0) & (gum.v == 0)  # the labial margin row, column by column
    points = gum.position[margin].astype(np.float64)
    near_gap = np.isin(gum.tooth[margin], [11, 12, 13])
    spacing = np.hypot(*np.diff(points[:, [0, 2]], axis=0).T).mean()
    bend = np.abs(np.diff(points[:, 1], 2)) / spacing**2  # |y''| per mm
    at_gap = near_gap[:-2] & near_gap[1:-1] & near_gap[2:]
    assert bend[at_gap].max() < 0.5 * bend[~at_gap].max()


def test_per_tooth_overrides_move_the_tooth() -> None:
    base = build(Geometry(resolution="preview")).placements[21]
    edits = {
        "extrusion_mm": 2.0,
        "offset_labial_mm": 1.5,
        "rotation_deg": 20.0,
        "tip_deg": 10.0,
        "torque_deg": 10.0,
    }
    for field, value in edits.items():
        moved = build(Geometry(resolution="preview").with_tooth(21, **{field: value})).placements[
            21
        ]
        assert not np.allclose(moved.frame, base.frame) or not np.allclose(
            moved.origin, base.origin
        ), field
    extruded = build(Geometry(resolution="preview").with_tooth(21, extrusion_mm=2.0)).placements[21]
    assert extruded.incisal_point[1] == pytest.approx(base.incisal_point[1] - 2.0, abs=0.1)


def test_scale_and_wear_change_the_measured_crown() -> None:
    geometry = Geometry().with_tooth(11, scale=1.2).with_tooth(21, wear_mm=1.5)
    measured = measure_crowns(build(geometry))
    assert measured[11].mesiodistal_mm == pytest.approx(1.2 * wheeler_size(11).md_crown, rel=0.05)
    assert measured[21].crown_length_mm == pytest.approx(
        wheeler_size(21).crown_length - 1.5, abs=0.3
    )


def test_width_length_ratio_sets_central_length() -> None:
    measured = measure_crowns(build(Geometry(central_width_length_ratio=0.7)))
    assert measured[11].crown_length_mm == pytest.approx(8.5 / 0.7, rel=0.05)


def test_bite_opening_separates_the_arches() -> None:
    closed = build(Geometry(resolution="preview"))
    opened = build(Geometry(resolution="preview", bite_opening_mm=10.0))
    drop = closed.placements[31].incisal_point[1] - opened.placements[31].incisal_point[1]
    assert drop == pytest.approx(10.0, abs=1.0)
    assert np.allclose(closed.placements[11].origin, opened.placements[11].origin)
    lower_gum = opened.part("gingiva-lower").attributes.position[:, 1].mean()
    assert lower_gum < closed.part("gingiva-lower").attributes.position[:, 1].mean() - 3.0


def test_midline_shift_moves_the_upper_midline() -> None:
    shifted = build(Geometry(resolution="preview", midline_shift_mm=2.0))
    midline = (
        shifted.placements[11].contact_mesial[0] + shifted.placements[21].contact_mesial[0]
    ) / 2
    assert midline == pytest.approx(2.0, abs=0.2)


def test_smile_arc_raises_canine_edges() -> None:
    flat = build(Geometry(resolution="preview"))
    arched = build(Geometry(resolution="preview", smile_arc_mm=2.0))
    rise = arched.placements[13].incisal_point[1] - flat.placements[13].incisal_point[1]
    assert rise > 1.0
    assert arched.placements[11].incisal_point[1] == pytest.approx(
        flat.placements[11].incisal_point[1], abs=0.2
    )


def test_labial_faces_point_out_of_the_mouth() -> None:
    # Regression: the arch normal once pointed inwards and every crown showed its
    # lingual face to the viewer.
    mouth = build(Geometry(resolution="preview"))
    for fdi, placement in mouth.placements.items():
        labial = placement.frame[:, 2]
        centre = placement.origin
        outward = np.array([centre[0], 0.0, centre[2] - 10.0])  # from a point inside the arch
        assert labial @ outward > 0, fdi
    assert mouth.placements[11].frame[2, 2] > 0.8  # the centrals face the viewer (+z)


def _arrays(mouth: Dentition) -> dict[str, np.ndarray]:
    faces, attributes = mouth.merged()
    arrays = {"faces": faces}
    for name in ("tooth", "u", "v", "region", "s", "position", "normal", "ambient"):
        arrays[name] = getattr(attributes, name)
    for fdi, placement in mouth.placements.items():
        for name in ("frame", "origin", "cervical_line", "incisal_point", "zenith"):
            arrays[f"{fdi}.{name}"] = getattr(placement, name)
    return arrays


def test_a_rebuild_from_the_caches_equals_a_cold_build() -> None:
    # Builds keep crowns, poses, gums and ambient occlusion in caches keyed by the objects
    # they are made from; a build that finds them must be the build that made them.
    base = Geometry(resolution="preview", asymmetry=0.5, crowding=0.4, bite_opening_mm=6.0)
    edits = [
        base,
        base.with_tooth(11, rotation_deg=12.0),
        base.with_tooth(11, rotation_deg=12.0).with_tooth(33, missing=True),
        base.with_tooth(13, tip_deg=-8.0, wear_mm=1.0),
        base,
    ]
    warm = [_arrays(build(geometry)) for geometry in edits]
    for geometry, arrays in zip(edits, warm, strict=True):
        dentition.clear_caches()
        cold = _arrays(build(geometry))
        assert cold.keys() == arrays.keys()
        for name, array in cold.items():
            assert np.array_equal(array, arrays[name]), name


def test_cached_arrays_are_read_only() -> None:
    mouth = build(Geometry(resolution="preview"))
    part = mouth.part("11")
    with pytest.raises(ValueError, match="read-only"):
        part.attributes.position[0, 0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        mouth.placements[11].origin[0] = 0.0
