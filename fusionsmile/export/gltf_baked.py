"""glTF / GLB carrying the look: the design's layers baked into textures over a UV atlas.

Each part is a node named like the part ("11", "gingiva-upper"), in metres, with its own
PBR material and TEXCOORD_0 into one atlas (fusionsmile.export.atlas). The materials share
the textures:

- baseColorTexture: the albedo, sRGB PNG (RGBA when anything is see-through);
- metallicRoughnessTexture: roughness in G (linear), metalness 0. The layers vary
  roughness within a part (enamel and root stub, glazed patches), which a per-part mean
  would flatten; the texture costs one more PNG of the same atlas;
- emissiveTexture (only when something glows): the HDR emission divided by its maximum,
  sRGB PNG, with emissiveFactor [1, 1, 1] and KHR_materials_emissive_strength holding the
  maximum, so emission = texture x strength in linear units. Parts that do not glow
  have no emissive texture.

trimesh writes the meshes, the materials and the images (once, with the first part's
material); a tree post-processor points every material at the shared textures and adds
the sampler and the extension. The images reach trimesh already encoded by our PNG
writer (png_design.write_png), which trimesh would otherwise do with Pillow's slow
defaults: three 1024 textures in ~35 ms instead of ~140 ms, ~10% larger.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from numpy.typing import NDArray
from PIL import Image
from trimesh.exchange import gltf
from trimesh.visual.material import PBRMaterial
from trimesh.visual.texture import TextureVisuals

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene
from fusionsmile.export.atlas import AtlasLayout, AtlasTextures, PartLayout, bake_atlas
from fusionsmile.export.colour import linear_to_srgb_bytes
from fusionsmile.export.errors import ExportError
from fusionsmile.export.png_design import write_png

_MM_TO_M = 0.001  # glTF is in metres; the scene is in millimetres
EMISSIVE_STRENGTH = "KHR_materials_emissive_strength"
# Bilinear with trilinear mipmaps; clamped, since every chart sits inside its gutter.
_SAMPLER = {"magFilter": 9729, "minFilter": 9987, "wrapS": 33071, "wrapT": 33071}
MIN_TEXTURE_SIZE, MAX_TEXTURE_SIZE = 64, 8192


@dataclass(frozen=True)
class TextureBake:
    """What to bake: design's layers at time (s) into texture_size^2 textures.
    ValueError if texture_size is out of range."""

    design: Design
    time: float = 0.0
    texture_size: int = 1024

    def __post_init__(self) -> None:
        if not MIN_TEXTURE_SIZE <= self.texture_size <= MAX_TEXTURE_SIZE:
            raise ValueError(
                f"texture size {self.texture_size} is out of range "
                f"{MIN_TEXTURE_SIZE}..{MAX_TEXTURE_SIZE}"
            )


@dataclass(frozen=True, eq=False)
class _Images:
    """The encoded textures and what each part uses of them."""

    base_colour: Image.Image
    roughness: Image.Image
    emissive: Image.Image | None
    emissive_strength: float
    glows: dict[str, bool]  # part name -> has emission
    see_through: dict[str, bool]  # part name -> has alpha < 1


def _rect_any(layout: AtlasLayout, values: NDArray[np.bool_]) -> dict[str, bool]:
    """Per part: whether values (size, size) is true anywhere in the part's rectangle."""
    out = {}
    for piece in layout.parts:
        x, y, w, h = piece.rect
        out[piece.name] = bool(values[y : y + h, x : x + w].any())
    return out


def encode_textures(layout: AtlasLayout, textures: AtlasTextures) -> _Images:
    """The baked channels as 8-bit images (see the module docstring)."""
    albedo = linear_to_srgb_bytes(textures.albedo)
    alpha = np.round(np.clip(textures.alpha, 0.0, 1.0) * 255).astype(np.uint8)
    opaque = bool((alpha == 255).all())
    base = albedo if opaque else np.concatenate([albedo, alpha[..., None]], axis=-1)
    rough = np.zeros((*alpha.shape, 3), dtype=np.uint8)
    rough[..., 1] = np.round(np.clip(textures.roughness, 0.0, 1.0) * 255)
    strength = float(textures.emission.max())
    emissive = None
    glows = dict.fromkeys((piece.name for piece in layout.parts), False)
    if strength > 0.0:
        encoded = linear_to_srgb_bytes(textures.emission / np.float32(strength))
        glows = _rect_any(layout, np.asarray(encoded.any(axis=-1)))
        if any(glows.values()):
            emissive = Image.fromarray(encoded)
    return _Images(
        base_colour=Image.fromarray(base),
        roughness=Image.fromarray(rough),
        emissive=emissive,
        emissive_strength=strength if emissive is not None else 0.0,
        glows=glows,
        see_through=_rect_any(layout, alpha < 255),
    )


class EncodedPng(Image.Image):
    """An image that carries its PNG file: saving it as PNG to a file object writes
    those bytes (what trimesh does with every texture); anything else saves as usual."""

    png: bytes

    def save(self, fp: Any, format: str | None = None, **params: Any) -> None:
        if (format or "").upper() == "PNG" and not params and hasattr(fp, "write"):
            fp.write(self.png)
            return
        super().save(fp, format, **params)


def with_png(image: Image.Image) -> EncodedPng:
    """image (L, LA, RGB or RGBA), made an EncodedPng: its PNG encoded by write_png."""
    out = io.BytesIO()
    write_png(image, out)
    image.__class__ = EncodedPng
    assert isinstance(image, EncodedPng)
    image.png = out.getvalue()
    return image


def scene_vertices(scene: Scene, dentition: Dentition, piece: PartLayout) -> NDArray[np.int64]:
    """(k',) the scene's vertex each export vertex of an atlas piece copies; ExportError
    when the scene and the dentition do not hold the same part."""
    if piece.name not in scene.parts:
        raise ExportError(f"dentition part {piece.name!r} is not in the scene")
    _, _, first_vertex, n_vertices = scene.parts[piece.name]
    if n_vertices != len(dentition.part(piece.name).attributes):
        raise ExportError(f"scene part {piece.name!r} does not match the dentition")
    vertex: NDArray[np.int64] = first_vertex + piece.vertex
    return vertex


def _gltf_scene(
    scene: Scene, dentition: Dentition, layout: AtlasLayout, images: _Images
) -> trimesh.Scene:
    out = trimesh.Scene()
    for index, piece in enumerate(layout.parts):
        vertex = scene_vertices(scene, dentition, piece)
        carrier = index == 0  # trimesh writes the images once, with this material
        material = PBRMaterial(
            name=_material_name(dentition, piece.name),
            baseColorFactor=[1.0, 1.0, 1.0, 1.0],
            baseColorTexture=images.base_colour if carrier else None,
            metallicFactor=0.0,
            roughnessFactor=1.0,
            metallicRoughnessTexture=images.roughness if carrier else None,
            emissiveTexture=images.emissive if carrier else None,
            alphaMode="BLEND" if images.see_through[piece.name] else "OPAQUE",
        )
        # trimesh keeps UVs with the origin at the bottom and flips them for glTF.
        uv = np.column_stack([piece.uv[:, 0], 1.0 - piece.uv[:, 1]])
        mesh = trimesh.Trimesh(
            vertices=scene.position[vertex] * _MM_TO_M,
            faces=piece.faces,
            vertex_normals=scene.normal[vertex],
            visual=TextureVisuals(uv=uv, material=material),
            process=False,
        )
        out.add_geometry(mesh, geom_name=piece.name, node_name=piece.name)
    return out


def _material_name(dentition: Dentition, name: str) -> str:
    return f"{name}-{'enamel' if dentition.part(name).fdi != 0 else 'gingiva'}"


def _share_textures(
    dentition: Dentition, layout: AtlasLayout, images: _Images
) -> Callable[[dict[str, Any]], None]:
    """A tree post-processor: every material uses the carrier's textures (see above)."""
    owner = {_material_name(dentition, piece.name): piece.name for piece in layout.parts}

    def process(tree: dict[str, Any]) -> None:
        tree["asset"]["generator"] = "FusionSmile"
        materials = tree["materials"]
        carrier = materials[0]
        base = carrier["pbrMetallicRoughness"]["baseColorTexture"]["index"]
        rough = carrier["pbrMetallicRoughness"]["metallicRoughnessTexture"]["index"]
        emissive = carrier.get("emissiveTexture", {}).get("index")
        tree["samplers"] = [dict(_SAMPLER)]
        for texture in tree["textures"]:
            texture["sampler"] = 0
        for material in materials:
            pbr = material["pbrMetallicRoughness"]
            pbr["baseColorTexture"] = {"index": base}
            pbr["metallicRoughnessTexture"] = {"index": rough}
            material.pop("emissiveTexture", None)
            material.pop("emissiveFactor", None)
            if emissive is not None and images.glows[owner[material["name"]]]:
                material["emissiveTexture"] = {"index": emissive}
                material["emissiveFactor"] = [1.0, 1.0, 1.0]
                strength = {"emissiveStrength": images.emissive_strength}
                material.setdefault("extensions", {})[EMISSIVE_STRENGTH] = strength
        if emissive is not None:
            used = tree.setdefault("extensionsUsed", [])
            if EMISSIVE_STRENGTH not in used:
                used.append(EMISSIVE_STRENGTH)

    return process


def _prepare(
    scene: Scene, dentition: Dentition, bake: TextureBake
) -> tuple[trimesh.Scene, Callable[[dict[str, Any]], None]]:
    layout, textures = bake_atlas(bake.design, dentition, bake.texture_size, bake.time)
    images = encode_textures(layout, textures)
    for image in (images.base_colour, images.roughness, images.emissive):
        if image is not None:
            with_png(image)
    return _gltf_scene(scene, dentition, layout, images), _share_textures(dentition, layout, images)


def export_glb_baked(scene: Scene, dentition: Dentition, path: Path, bake: TextureBake) -> None:
    """GLB with the look baked into textures (see the module docstring)."""
    out, process = _prepare(scene, dentition, bake)
    path.write_bytes(gltf.export_glb(out, include_normals=True, tree_postprocessor=process))


def export_gltf_baked(scene: Scene, dentition: Dentition, path: Path, bake: TextureBake) -> None:
    """A single self-contained .gltf (buffer and images embedded as base64)."""
    out, process = _prepare(scene, dentition, bake)
    files = gltf.export_gltf(
        out,
        include_normals=True,
        merge_buffers=True,
        embed_buffers=True,
        tree_postprocessor=process,
    )
    path.write_bytes(files["model.gltf"])


BakedExporter = Callable[[Scene, Dentition, Path, TextureBake], None]
