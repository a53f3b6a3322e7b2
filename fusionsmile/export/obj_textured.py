"""OBJ carrying the look: the design baked into the same UV atlas as glTF, with MTL and PNGs.

Next to OUT.obj go OUT.mtl, OUT-base-colour.png (sRGB, RGBA when anything is
see-through) and, when something glows, OUT-emissive.png: the HDR emission divided by its
maximum (sRGB), referenced as `map_Ke` with `Ke` holding the maximum, so emission =
texture x Ke in linear units for viewers that read it (Blender, three.js). One `o` per
part, named by FDI number or "gingiva-upper" / "gingiva-lower", each with its own material
("11-enamel", like the glTF); millimetres; `vt` with the origin at the bottom left as OBJ
has it. The files are written together: all or none (atomic_write_many).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.atomic import atomic_write_many
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene
from fusionsmile.export.atlas import AtlasLayout, bake_atlas
from fusionsmile.export.gltf_baked import (
    TextureBake,
    _Images,
    _material_name,
    encode_textures,
    scene_vertices,
    with_png,
)


def texture_paths(target: Path) -> tuple[Path, Path, Path]:
    """(mtl, base colour PNG, emissive PNG) written next to the OBJ target."""
    stem = target.stem
    return (
        target.with_name(f"{stem}.mtl"),
        target.with_name(f"{stem}-base-colour.png"),
        target.with_name(f"{stem}-emissive.png"),
    )


def _rows(template: str, values: NDArray[np.generic]) -> str:
    """values (n, k) formatted with a line template of k fields, in one pass."""
    return (template * len(values)) % tuple(values.ravel().tolist())


def obj_text(scene: Scene, dentition: Dentition, layout: AtlasLayout, mtl_name: str) -> str:
    """The OBJ: one object per part over the atlas' export vertices, mm, vt and vn."""
    chunks = [f"# FusionSmile, millimetres\nmtllib {mtl_name}\n"]
    offset = 1
    for piece in layout.parts:
        vertex = scene_vertices(scene, dentition, piece)
        uv = np.column_stack([piece.uv[:, 0], 1.0 - piece.uv[:, 1]])  # OBJ: origin bottom left
        corners = np.repeat(piece.faces.astype(np.int64) + offset, 3, axis=1)
        chunks += [
            f"o {piece.name}\nusemtl {_material_name(dentition, piece.name)}\n",
            _rows("v %.4f %.4f %.4f\n", scene.position[vertex]),
            _rows("vt %.6f %.6f\n", uv),
            _rows("vn %.4f %.4f %.4f\n", scene.normal[vertex]),
            _rows("f %d/%d/%d %d/%d/%d %d/%d/%d\n", corners),
        ]
        offset += len(piece.vertex)
    return "".join(chunks)


def mtl_text(dentition: Dentition, layout: AtlasLayout, images: _Images, target: Path) -> str:
    """One material per part, all sharing the textures; glowing parts get Ke and map_Ke."""
    _, base, emissive = texture_paths(target)
    lines = ["# FusionSmile: base colour sRGB; emission = map_Ke x Ke, linear"]
    for piece in layout.parts:
        lines += [
            f"\nnewmtl {_material_name(dentition, piece.name)}",
            "Ka 0 0 0",
            "Kd 1 1 1",
            "Ks 0 0 0",
            "illum 1",
            f"map_Kd {base.name}",
        ]
        if images.emissive is not None and images.glows[piece.name]:
            strength = f"{images.emissive_strength:.6g}"
            lines += [f"Ke {strength} {strength} {strength}", f"map_Ke {emissive.name}"]
        else:
            lines.append("Ke 0 0 0")
    return "\n".join(lines) + "\n"


def export_obj_textured(
    scene: Scene, dentition: Dentition, target: Path, bake: TextureBake
) -> list[Path]:
    """Write OUT.obj, OUT.mtl and the PNGs together; returns the paths, the OBJ last."""
    layout, textures = bake_atlas(bake.design, dentition, bake.texture_size, bake.time)
    images = encode_textures(layout, textures)
    mtl, base, emissive = texture_paths(target)
    obj = obj_text(scene, dentition, layout, mtl.name)
    mtl_content = mtl_text(dentition, layout, images, target)
    # Textures first, the OBJ last: a reader never sees an OBJ pointing at missing files.
    paths = [base] + ([emissive] if images.emissive is not None else []) + [mtl, target]
    with atomic_write_many(paths) as temps:
        temps[0].write_bytes(with_png(images.base_colour).png)
        if images.emissive is not None:
            temps[1].write_bytes(with_png(images.emissive).png)
        temps[-2].write_text(mtl_content, encoding="utf-8")
        temps[-1].write_text(obj, encoding="utf-8")
    return paths
