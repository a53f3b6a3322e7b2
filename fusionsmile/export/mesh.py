"""The exporter registry, and the mesh writers: glTF/GLB (metres, PBR), OBJ (one object
per part), STL, PLY (mm).

EXPORTERS names every format a design exports to, each an `Exporter` (exporter.py) that
writes all its files or none and takes the options it can: given a Design, glTF and GLB
carry its look baked into textures instead of vertex colours (gltf_baked.py) and OBJ gets
an MTL and PNGs over the same atlas (obj_textured.py); STL and PLY have no materials and
keep the scene's vertex colours (PLY also its HDR emission), and STL can be split per
arch or per part for printing (stl.py); PNG renders the design (png_render.py).
`export_files` picks one by suffix. Crowns are named by their FDI number ("11") and gums
"gingiva-upper" / "gingiva-lower", as glTF nodes and OBJ objects; STL and PLY have no
objects and hold one mesh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from numpy.typing import NDArray
from trimesh.exchange import gltf, obj
from trimesh.visual.material import PBRMaterial
from trimesh.visual.texture import TextureVisuals

from fusionsmile.core.atomic import atomic_write, atomic_write_many
from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene, occluded_albedo
from fusionsmile.export.colour import linear_to_srgb_bytes
from fusionsmile.export.errors import ExportError
from fusionsmile.export.exporter import Exporter, ExportOptions, Write, WriteOne, one_file
from fusionsmile.export.gltf_baked import (
    BakedExporter,
    TextureBake,
    export_glb_baked,
    export_gltf_baked,
)
from fusionsmile.export.obj_textured import export_obj_textured
from fusionsmile.export.ply import write_ply
from fusionsmile.export.png_render import export_png
from fusionsmile.export.stl import SPLITS, stl_bytes, stl_files

_MM_TO_M = 0.001  # glTF is in metres; the scene is in millimetres


@dataclass(frozen=True, eq=False)
class _Part:
    """One part's slice of the scene. vertices (k, 3) mm, faces (m, 3) local indices."""

    name: str
    is_crown: bool
    vertices: NDArray[np.float32]
    normals: NDArray[np.float32]
    faces: NDArray[np.uint32]
    albedo: NDArray[np.float32]  # (k, 3) linear
    alpha: NDArray[np.float32]  # (k,)
    emission: NDArray[np.float32]  # (k, 3) linear HDR
    roughness: NDArray[np.float32]  # (k,)


def _parts(scene: Scene, dentition: Dentition) -> list[_Part]:
    parts = []
    for name, (first_face, n_faces, first_vertex, n_vertices) in scene.parts.items():
        try:
            is_crown = dentition.part(name).fdi != 0
        except KeyError:
            raise ExportError(f"scene part {name!r} is not in the dentition") from None
        vertices = slice(first_vertex, first_vertex + n_vertices)
        faces = scene.faces[first_face : first_face + n_faces] - np.uint32(first_vertex)
        parts.append(
            _Part(
                name,
                is_crown,
                scene.position[vertices],
                scene.normal[vertices],
                faces,
                occluded_albedo(scene.albedo[vertices], scene.ambient[vertices]),
                scene.alpha[vertices],
                scene.emission[vertices],
                scene.roughness[vertices],
            )
        )
    return parts


def _rgba_bytes(part: _Part, srgb: bool) -> NDArray[np.uint8]:
    rgb = linear_to_srgb_bytes(part.albedo) if srgb else np.round(part.albedo * 255)
    alpha = np.round(np.clip(part.alpha, 0, 1) * 255)
    return np.column_stack([rgb, alpha]).astype(np.uint8)


# -- glTF / GLB -----------------------------------------------------------------------------


def _gltf_scene(scene: Scene, dentition: Dentition) -> trimesh.Scene:
    """Nodes named like the parts, vertices in metres, a PBR material per part."""
    out = trimesh.Scene()
    for part in _parts(scene, dentition):
        material = PBRMaterial(
            name=f"{part.name}-{'enamel' if part.is_crown else 'gingiva'}",
            # COLOR_0 carries the colour; the factor only multiplies it.
            baseColorFactor=[1.0, 1.0, 1.0, 1.0],
            metallicFactor=0.0,
            roughnessFactor=float(part.roughness.mean()),
            alphaMode="BLEND" if (part.alpha < 1).any() else "OPAQUE",
        )
        visual = TextureVisuals(material=material)
        # glTF vertex colours are linear: no sRGB encoding here.
        visual.vertex_attributes["color"] = _rgba_bytes(part, srgb=False)
        mesh = trimesh.Trimesh(
            vertices=part.vertices * _MM_TO_M,
            faces=part.faces,
            vertex_normals=part.normals,
            visual=visual,
            process=False,
        )
        if part.emission.any():
            # No per-vertex emission in core glTF: keep it as an application attribute.
            mesh.vertex_attributes["emission"] = part.emission.astype(np.float32)
        out.add_geometry(mesh, geom_name=part.name, node_name=part.name)
    return out


def _stamp_generator(tree: dict[str, Any]) -> None:
    tree["asset"]["generator"] = "FusionSmile"


def export_glb(scene: Scene, dentition: Dentition, path: Path) -> None:
    data = gltf.export_glb(
        _gltf_scene(scene, dentition), include_normals=True, tree_postprocessor=_stamp_generator
    )
    path.write_bytes(data)


def export_gltf(scene: Scene, dentition: Dentition, path: Path) -> None:
    """A single self-contained .gltf: one merged buffer embedded as base64."""
    files = gltf.export_gltf(
        _gltf_scene(scene, dentition),
        include_normals=True,
        merge_buffers=True,
        embed_buffers=True,
        tree_postprocessor=_stamp_generator,
    )
    path.write_bytes(files["model.gltf"])


# -- OBJ, STL, PLY (millimetres) ------------------------------------------------------------


def export_obj(scene: Scene, dentition: Dentition, path: Path) -> None:
    """One `o` object per part, sRGB vertex colours after the coordinates, normals."""
    objects = trimesh.Scene()
    for part in _parts(scene, dentition):
        mesh = trimesh.Trimesh(
            vertices=part.vertices,
            faces=part.faces,
            vertex_normals=part.normals,
            vertex_colors=_rgba_bytes(part, srgb=True),
            process=False,
        )
        objects.add_geometry(mesh, geom_name=part.name, node_name=part.name)
    text = obj.export_obj(
        objects, include_normals=True, include_color=True, digits=5, header="FusionSmile, mm"
    )
    path.write_text(text, encoding="utf-8")


def export_stl(scene: Scene, dentition: Dentition, path: Path) -> None:
    """Binary STL in mm: all parts in one triangle soup (STL has no objects); see stl.py."""
    _parts(scene, dentition)  # same consistency check as the other formats
    path.write_bytes(stl_bytes(scene, list(scene.parts)))


def export_ply(scene: Scene, dentition: Dentition, path: Path) -> None:
    """Binary PLY in mm: normals, sRGB vertex colours, linear HDR emission; see ply.py."""
    _parts(scene, dentition)
    write_ply(scene, path)


# -- the registry ---------------------------------------------------------------------------


def _bake(target: Path, options: ExportOptions) -> TextureBake:
    assert options.design is not None
    try:
        return TextureBake(options.design, options.time, options.texture_size)
    except ValueError as error:
        raise ExportError(f"cannot write {target}: {error}") from None


def _baked_or_plain(plain: WriteOne, baked: BakedExporter) -> Write:
    """glTF / GLB: the design's look baked into textures, or the scene's vertex colours."""
    plain_write = one_file(plain)

    def write(
        scene: Scene, dentition: Dentition, target: Path, options: ExportOptions
    ) -> list[Path]:
        if options.design is None:
            return plain_write(scene, dentition, target, options)
        bake = _bake(target, options)
        with atomic_write(target) as temporary:
            baked(scene, dentition, temporary, bake)
        return [target]

    return write


def _write_obj(
    scene: Scene, dentition: Dentition, target: Path, options: ExportOptions
) -> list[Path]:
    """OBJ with an MTL and PNGs carrying the design's look, or with vertex colours."""
    if options.design is None:
        return one_file(export_obj)(scene, dentition, target, options)
    return export_obj_textured(scene, dentition, target, _bake(target, options))


def _write_stl(
    scene: Scene, dentition: Dentition, target: Path, options: ExportOptions
) -> list[Path]:
    """One STL of every part, or one per arch or per part (split)."""
    if options.split == "none":
        return one_file(export_stl)(scene, dentition, target, options)
    _parts(scene, dentition)
    files = stl_files(scene, dentition, target, options.split)
    with atomic_write_many(list(files)) as temps:
        for temp, names in zip(temps, files.values(), strict=True):
            temp.write_bytes(stl_bytes(scene, names))
    return list(files)


EXPORTERS: dict[str, Exporter] = {
    "glb": Exporter(_baked_or_plain(export_glb, export_glb_baked)),
    "gltf": Exporter(_baked_or_plain(export_gltf, export_gltf_baked)),
    "obj": Exporter(_write_obj),
    "stl": Exporter(_write_stl, splits=SPLITS),
    "ply": Exporter(one_file(export_ply)),
    "png": Exporter(export_png, mesh=False),
}
MESH_FORMATS = tuple(name for name, exporter in EXPORTERS.items() if exporter.mesh)


def export_mesh(
    scene: Scene,
    dentition: Dentition,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    design: Design | None = None,
    time: float = 0.0,
    texture_size: int = 1024,
) -> Path:
    """Write scene to path in fmt (from the suffix when None); returns the path asked for.

    design : when given, glTF / GLB / OBJ bake its look at `time` (s) into texture_size^2
             textures over a per-part UV atlas (the scene's channels are not used then);
             an OBJ then has its MTL and PNGs beside it (see export_files)
    """
    export_files(scene, dentition, path, fmt, design, time, texture_size)
    return Path(path)


def export_files(
    scene: Scene,
    dentition: Dentition,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    design: Design | None = None,
    time: float = 0.0,
    texture_size: int = 1024,
    split: str = "none",
) -> list[Path]:
    """Like export_mesh, returning every file written (all written, or none).

    split : STL only: "none" (path), "arch" (OUT-upper.stl, OUT-lower.stl: each arch's
            crowns with its gum) or "tooth" (OUT-11.stl, ..., OUT-gingiva-upper.stl)
    """
    target = Path(path)
    fmt = (fmt or target.suffix.removeprefix(".")).lower()
    if fmt not in EXPORTERS:
        valid = ", ".join(f".{name}" for name in EXPORTERS)
        raise ExportError(f"cannot write {target}: unknown format {fmt!r}; valid: {valid}")
    exporter = EXPORTERS[fmt]
    if split != "none" and exporter.splits == ("none",):
        splitting = " and ".join(name.upper() for name, e in EXPORTERS.items() if e.splits[1:])
        raise ExportError(f"cannot write {target}: --split {split} is for {splitting} only")
    options = ExportOptions(time=time, texture_size=texture_size, split=split, design=design)
    return exporter.write(scene, dentition, target, options)
