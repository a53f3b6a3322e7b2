"""glTF / GLB with a design's look baked into textures: validated, re-read, glowing."""

from __future__ import annotations

import base64
import json
import struct

import numpy as np
import pytest
import trimesh
from glowing_design import GLOW

from fusionsmile.core.design import Design
from fusionsmile.core.scene import design_scene
from fusionsmile.export import ExportError, export_mesh
from fusionsmile.export.atlas import bake_atlas
from fusionsmile.export.gltf_baked import EMISSIVE_STRENGTH

SIZE = 256


@pytest.fixture(scope="module")
def glowing(mouth, tmp_path_factory):
    """The glowing design written as GLB: (path, parsed JSON chunk)."""
    path = tmp_path_factory.mktemp("baked") / "glow.glb"
    export_mesh(design_scene(GLOW, mouth), mouth, path, design=GLOW, texture_size=SIZE)
    return path, _glb_json(path)


def _glb_json(path) -> dict:
    data = path.read_bytes()
    (length,) = struct.unpack_from("<I", data, 12)
    return json.loads(data[20 : 20 + length])


def test_glb_passes_the_khronos_validator_with_no_warnings(glowing, gltf_report):
    report = gltf_report(glowing[0])
    issues = report["issues"]
    assert issues["numErrors"] == 0, [m for m in issues["messages"] if m["severity"] == 0]
    assert issues["numWarnings"] == 0, [m for m in issues["messages"] if m["severity"] == 1]
    assert report["info"]["hasTextures"]
    assert report["info"]["extensionsUsed"] == [EMISSIVE_STRENGTH]


def test_gltf_is_self_contained_and_valid(mouth, tmp_path, gltf_report):
    path = export_mesh(
        design_scene(GLOW, mouth), mouth, tmp_path / "glow.gltf", design=GLOW, texture_size=SIZE
    )
    assert [p.name for p in tmp_path.iterdir()] == ["glow.gltf"]
    tree = json.loads(path.read_text())
    assert all("uri" not in image for image in tree["images"])  # in the embedded buffer
    assert tree["buffers"][0]["uri"].startswith("data:application/octet-stream;base64,")
    assert len(base64.b64decode(tree["buffers"][0]["uri"].split(",", 1)[1])) > 0
    assert gltf_report(path)["issues"]["numErrors"] == 0


def test_trimesh_reads_textures_of_the_requested_size(glowing, mouth):
    loaded = trimesh.load(glowing[0])
    assert isinstance(loaded, trimesh.Scene)
    names = set(loaded.graph.nodes_geometry)
    assert names == {part.name for part in mouth.parts}
    assert sum(len(g.faces) for g in loaded.geometry.values()) == mouth.triangle_count
    for name, mesh in loaded.geometry.items():
        material = mesh.visual.material
        assert material.baseColorTexture.size == (SIZE, SIZE), name
        assert mesh.visual.uv.shape == (len(mesh.vertices), 2)
        if name in ("11", "21"):
            assert material.emissiveTexture.size == (SIZE, SIZE)
            np.testing.assert_allclose(material.emissiveFactor, [1, 1, 1])
        else:
            assert material.emissiveTexture is None, name
    np.testing.assert_allclose(
        loaded.extents, np.ptp(mouth.merged()[1].position, axis=0) / 1000, rtol=1e-4
    )


def test_materials_share_one_set_of_textures(glowing, mouth):
    tree = glowing[1]
    assert len(tree["images"]) == 3  # base colour, metallic-roughness, emissive
    assert len(tree["materials"]) == len(mouth.parts)
    base = {m["pbrMetallicRoughness"]["baseColorTexture"]["index"] for m in tree["materials"]}
    rough = {
        m["pbrMetallicRoughness"]["metallicRoughnessTexture"]["index"] for m in tree["materials"]
    }
    assert len(base) == 1 and len(rough) == 1
    assert all(m["pbrMetallicRoughness"]["metallicFactor"] == 0.0 for m in tree["materials"])
    for mesh in tree["meshes"]:
        assert "TEXCOORD_0" in mesh["primitives"][0]["attributes"]
        assert "COLOR_0" not in mesh["primitives"][0]["attributes"]
        # The emissive texture replaces the per-vertex `_emission` attribute.
        assert not any(key.startswith("_") for key in mesh["primitives"][0]["attributes"])


def test_emissive_strength_is_the_maximum_emission(glowing, mouth):
    tree = glowing[1]
    _, textures = bake_atlas(GLOW, mouth, SIZE)
    glowing_materials = [m for m in tree["materials"] if "emissiveTexture" in m]
    assert {m["name"] for m in glowing_materials} == {"11-enamel", "21-enamel"}
    for material in glowing_materials:
        strength = material["extensions"][EMISSIVE_STRENGTH]["emissiveStrength"]
        assert strength == pytest.approx(float(textures.emission.max()), rel=1e-6)
        assert strength > 1.0  # HDR: more than the texture alone could hold


def test_no_emission_means_no_emissive_texture_or_extension(mouth, tmp_path, gltf_report):
    plain = Design(fusion=1.0)
    path = export_mesh(
        design_scene(plain, mouth), mouth, tmp_path / "plain.glb", design=plain, texture_size=128
    )
    tree = _glb_json(path)
    assert "extensionsUsed" not in tree
    assert len(tree["images"]) == 2
    assert not any("emissiveTexture" in m or "extensions" in m for m in tree["materials"])
    assert gltf_report(path)["issues"]["numErrors"] == 0


def test_without_a_design_vertex_colours_are_kept(mouth, tmp_path):
    scene = design_scene(GLOW, mouth)
    tree = _glb_json(export_mesh(scene, mouth, tmp_path / "vertex.glb"))
    assert "images" not in tree
    assert all("COLOR_0" in m["primitives"][0]["attributes"] for m in tree["meshes"])


def test_other_formats_ignore_the_design(mouth, tmp_path):
    scene = design_scene(GLOW, mouth)
    path = export_mesh(scene, mouth, tmp_path / "mouth.ply", design=GLOW)
    assert len(trimesh.load(path, process=False).faces) == mouth.triangle_count


@pytest.mark.parametrize("size", [16, 100_000])
def test_texture_size_out_of_range_is_an_export_error(mouth, tmp_path, size):
    scene = design_scene(GLOW, mouth)
    with pytest.raises(ExportError, match=r"mouth\.glb: texture size"):
        export_mesh(scene, mouth, tmp_path / "mouth.glb", design=GLOW, texture_size=size)
    assert list(tmp_path.iterdir()) == []


def test_the_look_is_baked_at_the_time_asked(mouth, tmp_path, monkeypatch):
    import fusionsmile.export.atlas.bake as bake

    times = []
    real = bake.compose

    def recording(design, attributes, t=0.0, cache=None):
        times.append(t)
        return real(design, attributes, t, cache=cache)

    monkeypatch.setattr(bake, "compose", recording)
    scene = design_scene(GLOW, mouth)
    export_mesh(scene, mouth, tmp_path / "at.glb", design=GLOW, time=2.5, texture_size=128)
    assert times == [2.5]
