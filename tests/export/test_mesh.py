"""Every mesh format written, re-read with trimesh, and glTF checked by Khronos."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from fusionsmile.export import EXPORTERS, ExportError, export_mesh


def scene_extents(scene) -> np.ndarray:
    bounds = scene.bounds()
    return bounds[1] - bounds[0]


@pytest.mark.parametrize("fmt", ["glb", "gltf"])
def test_gltf_nodes_triangles_and_metres(tmp_path, scene, dentition, fmt):
    path = export_mesh(scene, dentition, tmp_path / f"mouth.{fmt}")
    loaded = trimesh.load(path)
    assert isinstance(loaded, trimesh.Scene)
    names = set(loaded.graph.nodes_geometry)
    assert {"11", "21", "47", "gingiva-upper", "gingiva-lower"} <= names
    assert len(names) == len(scene.parts)
    assert sum(len(g.faces) for g in loaded.geometry.values()) == scene.triangle_count
    np.testing.assert_allclose(loaded.extents, scene_extents(scene) / 1000, rtol=1e-4)


def test_gltf_keeps_linear_vertex_colours(tmp_path, scene, dentition):
    loaded = trimesh.load(export_mesh(scene, dentition, tmp_path / "mouth.glb"))
    gum = loaded.geometry["gingiva-upper"]
    first = scene.parts["gingiva-upper"][2]
    colour = gum.visual.vertex_attributes["color"][0, :3]
    np.testing.assert_allclose(colour / 255, scene.albedo[first], atol=1 / 255 + 1e-6)


def test_gltf_is_one_self_contained_file(tmp_path, scene, dentition):
    export_mesh(scene, dentition, tmp_path / "mouth.gltf")
    assert [p.name for p in tmp_path.iterdir()] == ["mouth.gltf"]
    assert b"data:application/octet-stream;base64," in (tmp_path / "mouth.gltf").read_bytes()


@pytest.mark.parametrize("fmt", ["glb", "gltf"])
def test_gltf_passes_the_khronos_validator(tmp_path, scene, dentition, gltf_report, fmt):
    report = gltf_report(export_mesh(scene, dentition, tmp_path / f"mouth.{fmt}"))
    errors = [m for m in report["issues"]["messages"] if m["severity"] == 0]
    assert report["issues"]["numErrors"] == 0, errors


def test_gltf_with_emission_passes_the_validator(tmp_path, scene, dentition, gltf_report):
    import dataclasses

    glow = np.zeros_like(scene.emission)
    glow[scene.tooth == 11] = (0.0, 2.0, 1.0)
    glowing = dataclasses.replace(scene, emission=glow)
    report = gltf_report(export_mesh(glowing, dentition, tmp_path / "glow.glb"))
    assert report["issues"]["numErrors"] == 0


def test_stl_is_binary_millimetres_and_each_part_watertight(tmp_path, scene, dentition):
    path = export_mesh(scene, dentition, tmp_path / "mouth.stl")
    assert not path.read_bytes().startswith(b"solid")
    loaded = trimesh.load(path)
    assert len(loaded.faces) == scene.triangle_count
    np.testing.assert_allclose(loaded.extents, scene_extents(scene), rtol=1e-4)
    bodies = loaded.split(only_watertight=False)
    assert len(bodies) == len(scene.parts)
    assert all(body.is_watertight for body in bodies)


def test_ply_binary_with_colours(tmp_path, scene, dentition):
    path = export_mesh(scene, dentition, tmp_path / "mouth.ply")
    assert b"format binary_little_endian" in path.read_bytes()[:200]
    loaded = trimesh.load(path, process=False)
    assert len(loaded.faces) == scene.triangle_count
    np.testing.assert_allclose(loaded.extents, scene_extents(scene), rtol=1e-4)
    colours = loaded.visual.vertex_colors[:, :3].astype(int)
    # Enamel is near-white, gums are red: both are present, sRGB-encoded.
    assert (colours.min(axis=1) > 200).any() and ((colours[:, 0] - colours[:, 1]) > 80).any()


def test_obj_has_one_object_per_part(tmp_path, scene, dentition):
    path = export_mesh(scene, dentition, tmp_path / "mouth.obj")
    objects = [line[2:] for line in path.read_text().splitlines() if line.startswith("o ")]
    assert objects == list(scene.parts)
    loaded = trimesh.load(path, group_material=False, split_object=True)
    meshes = loaded.geometry.values() if isinstance(loaded, trimesh.Scene) else [loaded]
    assert sum(len(m.faces) for m in meshes) == scene.triangle_count
    np.testing.assert_allclose(
        np.ptp(np.vstack([m.vertices for m in meshes]), axis=0), scene_extents(scene), rtol=1e-4
    )


def test_format_override_and_unknown_suffix(tmp_path, scene, dentition):
    export_mesh(scene, dentition, tmp_path / "mouth.bin", fmt="STL")
    assert trimesh.load(tmp_path / "mouth.bin", file_type="stl").faces.shape[0] > 0
    with pytest.raises(ExportError, match=r"\.glb, \.gltf, \.obj, \.stl, \.ply"):
        export_mesh(scene, dentition, tmp_path / "mouth.fbx")


def test_registry_has_every_format():
    assert set(EXPORTERS) == {"glb", "gltf", "obj", "stl", "ply", "png"}
