"""The textures in a GLB are the baked images, pixel for pixel, whoever encoded them."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
from glowing_design import GLOW
from PIL import Image

from fusionsmile.core.scene import design_scene
from fusionsmile.export import export_mesh
from fusionsmile.export.atlas import bake_atlas
from fusionsmile.export.gltf_baked import EncodedPng, encode_textures, with_png

SIZE = 128


def glb_textures(data: bytes) -> dict[str, Image.Image]:
    """The first material's images by role: base colour, metallic-roughness, emissive."""
    (length,) = struct.unpack_from("<I", data, 12)
    tree = json.loads(data[20 : 20 + length])
    binary = data[20 + length + 8 :]
    material = tree["materials"][0]
    roles = {
        "base": material["pbrMetallicRoughness"]["baseColorTexture"]["index"],
        "rough": material["pbrMetallicRoughness"]["metallicRoughnessTexture"]["index"],
        "emissive": material["emissiveTexture"]["index"],
    }
    out = {}
    for role, texture in roles.items():
        image = tree["images"][tree["textures"][texture]["source"]]
        assert image["mimeType"] == "image/png"
        view = tree["bufferViews"][image["bufferView"]]
        start = view.get("byteOffset", 0)
        out[role] = Image.open(io.BytesIO(binary[start : start + view["byteLength"]]))
    return out


def test_the_glb_holds_the_baked_images(mouth, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "glow.glb"
    export_mesh(design_scene(GLOW, mouth), mouth, path, design=GLOW, texture_size=SIZE)
    images = encode_textures(*bake_atlas(GLOW, mouth, SIZE))
    expected = {"base": images.base_colour, "rough": images.roughness, "emissive": images.emissive}
    written = glb_textures(path.read_bytes())
    assert glb_images_count(path.read_bytes()) == 3
    for role, reference in expected.items():
        assert reference is not None
        assert written[role].mode == reference.mode
        np.testing.assert_array_equal(np.asarray(written[role]), np.asarray(reference))


def glb_images_count(data: bytes) -> int:
    (length,) = struct.unpack_from("<I", data, 12)
    return len(json.loads(data[20 : 20 + length])["images"])


def test_an_encoded_png_saves_its_bytes_and_otherwise_saves_as_usual(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pixels = np.arange(48 * 32 * 3, dtype=np.uint32).reshape(32, 48, 3).astype(np.uint8)
    image = with_png(Image.fromarray(pixels))
    assert isinstance(image, EncodedPng)
    out = io.BytesIO()
    image.save(out, format="png")
    assert out.getvalue() == image.png
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(image.png))), pixels)
    image.save(tmp_path / "other.bmp", format="BMP")  # not PNG: Pillow writes it
    np.testing.assert_array_equal(np.asarray(Image.open(tmp_path / "other.bmp")), pixels)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=9)  # options: Pillow writes it
    assert out.getvalue() != image.png
    np.testing.assert_array_equal(np.asarray(Image.open(out)), pixels)
