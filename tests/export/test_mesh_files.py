"""Exports made for sharing: textured OBJ (+MTL, PNGs), PLY with emission, STL per arch or
tooth, and the all-or-nothing promise for single- and multi-file writes."""

from __future__ import annotations

import os

import numpy as np
import pytest
import trimesh
from glowing_design import GLOW
from PIL import Image

from fusionsmile.core import atomic as atomic_module
from fusionsmile.core.design import Design
from fusionsmile.core.scene import design_scene
from fusionsmile.export import EXPORTERS, ExportError, export_mesh
from fusionsmile.export.exporter import Exporter, one_file
from fusionsmile.export.mesh import export_files

SIZE = 128


@pytest.fixture(scope="module")
def glowing_scene(mouth):
    return design_scene(GLOW, mouth)


def test_textured_obj_writes_mtl_and_pngs_beside_it(tmp_path, mouth, glowing_scene):
    files = export_files(
        glowing_scene, mouth, tmp_path / "smile.obj", design=GLOW, texture_size=SIZE
    )
    names = ["smile-base-colour.png", "smile-emissive.png", "smile.mtl", "smile.obj"]
    assert [f.name for f in files] == names
    assert sorted(os.listdir(tmp_path)) == sorted(names)
    text = (tmp_path / "smile.obj").read_text()
    objects = [line[2:] for line in text.splitlines() if line.startswith("o ")]
    assert objects == [part.name for part in mouth.parts]
    assert "mtllib smile.mtl" in text and "\nvt " in text
    with Image.open(tmp_path / "smile-base-colour.png") as image:
        assert image.size == (SIZE, SIZE)
    mtl = (tmp_path / "smile.mtl").read_text().split("newmtl ")[1:]
    materials = {block.split("\n", 1)[0]: block for block in mtl}
    assert "map_Ke smile-emissive.png" in materials["11-enamel"]
    ke = next(line for line in materials["11-enamel"].splitlines() if line.startswith("Ke "))
    strength = float(ke.split()[1])
    assert strength == pytest.approx(float(glowing_scene.emission.max()), rel=1e-3)
    assert "map_Ke" not in materials["13-enamel"] and "Ke 0 0 0" in materials["13-enamel"]
    assert "map_Kd smile-base-colour.png" in materials["gingiva-lower-gingiva"]


def test_textured_obj_rereads_textured_with_every_triangle(tmp_path, mouth, glowing_scene):
    path = export_mesh(glowing_scene, mouth, tmp_path / "smile.obj", design=GLOW, texture_size=SIZE)
    loaded = trimesh.load(path)
    meshes = list(loaded.geometry.values())
    assert sum(len(m.faces) for m in meshes) == mouth.triangle_count
    for mesh in meshes:
        assert isinstance(mesh.visual, trimesh.visual.TextureVisuals)
        assert mesh.visual.uv is not None and len(mesh.visual.uv) == len(mesh.vertices)
        assert ((mesh.visual.uv >= 0) & (mesh.visual.uv <= 1)).all()
        assert mesh.visual.material.image.size == (SIZE, SIZE)
    extents = np.ptp(np.vstack([m.vertices for m in meshes]), axis=0)
    np.testing.assert_allclose(extents, np.ptp(glowing_scene.position, axis=0), atol=1e-3)
    # Colours seen through the UVs: enamel near-white, gums red (sRGB texture).
    gum = loaded.geometry[next(n for n in loaded.geometry if "gingiva-upper" in n)]
    red = gum.visual.to_color().vertex_colors[:, :3].astype(int)
    assert np.median(red[:, 0] - red[:, 1]) > 60


def test_obj_without_glow_has_no_emissive_png(tmp_path, mouth):
    plain = Design()
    files = export_files(
        design_scene(plain, mouth), mouth, tmp_path / "plain.obj", design=plain, texture_size=64
    )
    assert [f.name for f in files] == ["plain-base-colour.png", "plain.mtl", "plain.obj"]
    assert "\nmap_Ke" not in (tmp_path / "plain.mtl").read_text()


def test_ply_carries_srgb_colours_and_linear_hdr_emission(tmp_path, mouth, glowing_scene):
    path = export_mesh(glowing_scene, mouth, tmp_path / "smile.ply")
    assert b"format binary_little_endian 1.0" in path.read_bytes()[:100]
    loaded = trimesh.load(path, process=False)
    assert len(loaded.faces) == glowing_scene.triangle_count
    np.testing.assert_array_equal(loaded.faces, glowing_scene.faces)
    np.testing.assert_allclose(loaded.vertices, glowing_scene.position, atol=1e-6)
    raw = loaded.metadata["_ply_raw"]["vertex"]["data"]
    emission = np.column_stack([raw[f"emission_{c}"] for c in "rgb"])
    np.testing.assert_allclose(emission, glowing_scene.emission, rtol=1e-6)
    assert emission.max() > 1.0  # HDR survives: not clipped to a colour
    colours = loaded.visual.vertex_colors[:, :3].astype(int)
    assert (colours.min(axis=1) > 200).any() and ((colours[:, 0] - colours[:, 1]) > 80).any()


def _bodies(path):
    loaded = trimesh.load(path)
    assert not path.read_bytes().startswith(b"solid")
    return loaded.split(only_watertight=False)


def test_stl_split_per_arch_each_body_watertight(tmp_path, mouth, glowing_scene):
    files = export_files(glowing_scene, mouth, tmp_path / "smile.stl", split="arch")
    assert [f.name for f in files] == ["smile-upper.stl", "smile-lower.stl"]
    assert sorted(os.listdir(tmp_path)) == ["smile-lower.stl", "smile-upper.stl"]
    for arch, quadrants in (("upper", (1, 2)), ("lower", (3, 4))):
        parts = [p for p in mouth.parts if p.fdi // 10 in quadrants or p.name.endswith(arch)]
        bodies = _bodies(tmp_path / f"smile-{arch}.stl")
        assert len(bodies) == len(parts)
        assert all(body.is_watertight for body in bodies)
        assert sum(len(b.faces) for b in bodies) == sum(len(p.faces) for p in parts)


def test_stl_split_per_tooth_names_files_by_fdi(tmp_path, mouth, glowing_scene):
    files = export_files(glowing_scene, mouth, tmp_path / "smile.stl", split="tooth")
    assert {f.name for f in files} == {f"smile-{p.name}.stl" for p in mouth.parts}
    crown = _bodies(tmp_path / "smile-11.stl")
    assert len(crown) == 1 and crown[0].is_watertight
    assert len(crown[0].faces) == len(mouth.part("11").faces)
    np.testing.assert_allclose(
        crown[0].extents, np.ptp(mouth.part("11").attributes.position, axis=0), rtol=1e-4
    )


def test_split_is_for_stl_only(tmp_path, mouth, glowing_scene):
    with pytest.raises(ExportError, match="STL only"):
        export_files(glowing_scene, mouth, tmp_path / "smile.ply", split="arch")
    with pytest.raises(ExportError, match="split 'jaw'"):
        export_files(glowing_scene, mouth, tmp_path / "smile.stl", split="jaw")
    assert os.listdir(tmp_path) == []


# -- all or nothing --------------------------------------------------------------------------


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_single_file_failing_halfway_keeps_the_previous_ply(
    tmp_path, mouth, glowing_scene, monkeypatch
):
    target = export_mesh(glowing_scene, mouth, tmp_path / "smile.ply")
    before = _snapshot(tmp_path)

    def broken(scene, dentition, path):
        path.write_bytes(b"ply\nhalf")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(EXPORTERS, "ply", Exporter(one_file(broken)))
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_mesh(glowing_scene, mouth, target)
    assert _snapshot(tmp_path) == before


def test_obj_failing_halfway_keeps_every_previous_file(tmp_path, mouth, glowing_scene, monkeypatch):
    target = tmp_path / "smile.obj"
    export_mesh(glowing_scene, mouth, target, design=GLOW, texture_size=SIZE)
    before = _snapshot(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("encoder crashed")

    # The PNG is written first; the OBJ text then fails.
    monkeypatch.setattr("fusionsmile.export.obj_textured.obj_text", broken)
    with pytest.raises(RuntimeError, match="encoder crashed"):
        export_mesh(glowing_scene, mouth, target, design=GLOW, texture_size=64)
    assert _snapshot(tmp_path) == before


def test_obj_rename_failing_on_the_last_file_restores_the_others(
    tmp_path, mouth, glowing_scene, monkeypatch
):
    target = tmp_path / "smile.obj"
    export_mesh(glowing_scene, mouth, target, design=GLOW, texture_size=SIZE)
    before = _snapshot(tmp_path)
    real_replace = os.replace

    def refuse_the_obj(src, dst):
        if str(dst) == str(target):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", refuse_the_obj)
    with pytest.raises(ExportError, match=r"smile\.obj: Permission denied"):
        export_mesh(glowing_scene, mouth, target, design=GLOW, texture_size=64)
    assert _snapshot(tmp_path) == before  # the new 64-px PNG and MTL were rolled back


def test_split_stl_rename_failing_leaves_no_new_files(tmp_path, mouth, glowing_scene, monkeypatch):
    real_replace = os.replace

    def refuse_lower(src, dst):
        if str(dst).endswith("-lower.stl"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", refuse_lower)
    with pytest.raises(ExportError, match=r"smile-lower\.stl: No space left"):
        export_files(glowing_scene, mouth, tmp_path / "smile.stl", split="arch")
    assert os.listdir(tmp_path) == []
