"""Build the whole mouth from a Design's geometry: crowns placed along the arches, gums.

`build(geometry)` is the only entry point; it is deterministic for a given geometry
(seeded asymmetry), and caches crown meshes by shape, so dragging one tooth's slider
rebuilds only what changed.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry import crown as crowns
from fusionsmile.core.geometry import gingiva
from fusionsmile.core.geometry.ambient import crown_ambient
from fusionsmile.core.geometry.arch import ArchCurve
from fusionsmile.core.geometry.crown_anatomy import recipe_for
from fusionsmile.core.geometry.normals import vertex_normals
from fusionsmile.core.geometry.placement import (
    ToothPose,
    ToothSizeInput,
    hinge_rotation,
    jitter,
    place_teeth,
)
from fusionsmile.core.geometry.surface import (
    Dentition,
    MeshPart,
    SurfaceAttributes,
    ToothPlacement,
)
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import ArchName, all_fdi, arch_of, side_sign, tooth_type

_RESOLUTIONS = {
    "preview": (crowns.PREVIEW, gingiva.PREVIEW),
    "default": (crowns.DEFAULT, gingiva.DEFAULT),
}


@lru_cache(maxsize=256)
def _crown(shape: crowns.CrownShape, resolution: crowns.CrownResolution) -> crowns.CrownMesh:
    return crowns.build_crown(shape, resolution)


def crown_shapes(geometry: Geometry) -> dict[int, crowns.CrownShape]:
    """The crown shape of every tooth in the design (present or missing)."""
    draws = jitter(geometry)
    shapes = {}
    for fdi in all_fdi(third_molars=geometry.third_molars):
        edit = geometry.override(fdi)
        # Natural asymmetry varies sizes by a few percent (Kokich: 2 mm reads as asymmetric).
        scale = geometry.tooth_size * edit.scale * (1.0 + 0.03 * geometry.asymmetry * draws[fdi][8])
        shapes[fdi] = crowns.shape_for(
            fdi,
            scale=float(round(scale, 6)),
            # The ratio is a smile-design figure of the upper centrals only.
            width_length_ratio=geometry.central_width_length_ratio if fdi in (11, 21) else None,
            mamelons=geometry.mamelons if tooth_type(fdi).is_incisor else 0.0,
            wear_mm=edit.wear_mm,
            chip_mm=edit.chip_mm,
        )
    return shapes


def build(geometry: Geometry) -> Dentition:
    """The dentition of a design's geometry."""
    crown_resolution, gum_resolution = _RESOLUTIONS[geometry.resolution]
    shapes = crown_shapes(geometry)
    sizes = {
        fdi: ToothSizeInput(
            md_width=shape.md_crown,
            crown_length=shape.crown_length - shape.wear_mm,
            contact_labial_mm=recipe_for(shape.tooth_type, shape.arch).contact_z
            * shape.ll_crown
            / 2.0,
        )
        for fdi, shape in shapes.items()
    }
    poses, fits, curves = place_teeth(geometry, sizes)
    zenith_offsets = reference("gingival_zenith_distal_offset").value

    parts: list[MeshPart] = []
    cervical: dict[int, NDArray[np.float64]] = {}
    incisal: dict[int, NDArray[np.float64]] = {}
    for fdi, pose in poses.items():
        mesh = _crown(shapes[fdi], crown_resolution)
        world, line, tip = _to_world(mesh, pose)
        cervical[fdi], incisal[fdi] = line, tip
        if pose.missing:
            continue
        faces = mesh.faces if np.linalg.det(pose.frame) > 0 else mesh.faces[:, ::-1]
        half = curves[arch_of(fdi)].half_length
        # Arch coordinate: the tooth's centre plus its mesiodistal offset, mesial to the midline.
        local_x = mesh.vertices[:, 0] - _centre_xz(mesh)[0]
        s = np.clip((pose.arc_center - side_sign(fdi) * local_x) / half, -1.0, 1.0)
        attributes = SurfaceAttributes(
            tooth=np.full(len(world), fdi, dtype=np.int16),
            u=mesh.u,
            v=mesh.v,
            region=mesh.region,
            s=s.astype(np.float32),
            position=world.astype(np.float32),
            normal=vertex_normals(world, faces),
        )
        parts.append(
            MeshPart(
                name=str(fdi),
                fdi=fdi,
                faces=faces.astype(np.int32),
                attributes=attributes,
                chart=mesh.chart,
            )
        )

    parts = _with_crown_ambient(parts, poses)
    zeniths: dict[int, NDArray[np.float64]] = {}
    for arch in ("upper", "lower"):
        gum = _gum(arch, geometry, poses, cervical, curves[arch], gum_resolution, zenith_offsets)
        parts.append(gum.part)
        zeniths.update(gum.zeniths)

    placements = {
        fdi: ToothPlacement(
            fdi=fdi,
            frame=pose.frame,
            origin=pose.origin,
            cervical_line=cervical[fdi],
            incisal_point=incisal[fdi],
            contact_mesial=pose.contacts[0],
            contact_distal=pose.contacts[1],
            zenith=zeniths[fdi],
            md_width=pose.md_width,
            crown_length=pose.crown_length,
            s=float(np.clip(pose.arc_center / curves[arch_of(fdi)].half_length, -1.0, 1.0)),
        )
        for fdi, pose in poses.items()
        if not pose.missing
    }
    return Dentition(
        parts=tuple(parts),
        placements=placements,
        arch_fit=fits,
        bite_opening_mm=geometry.bite_opening_mm,
    )


def _with_crown_ambient(parts: list[MeshPart], poses: dict[int, ToothPose]) -> list[MeshPart]:
    """The crowns with their ambient occlusion (geometry.ambient)."""
    crowns_by_fdi = {part.fdi: part for part in parts}
    access = crown_ambient(
        {fdi: part.attributes.position for fdi, part in crowns_by_fdi.items()},
        {fdi: part.attributes.normal for fdi, part in crowns_by_fdi.items()},
        {
            fdi: part.attributes.v * np.float32(poses[fdi].crown_length)
            for fdi, part in crowns_by_fdi.items()
        },
        poses,
    )
    return [
        replace(part, attributes=replace(part.attributes, ambient=access[part.fdi]))
        for part in parts
    ]


def _centre_xz(mesh: crowns.CrownMesh) -> NDArray[np.float64]:
    """Centre of the crown's mesiodistal and labiolingual extent, local frame (x, z)."""
    lo = mesh.vertices[:, [0, 2]].min(axis=0)
    hi = mesh.vertices[:, [0, 2]].max(axis=0)
    centre: NDArray[np.float64] = (lo + hi) / 2.0
    return centre


def _to_world(
    mesh: crowns.CrownMesh, pose: ToothPose
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Crown vertices, cervical line and incisal point in the world frame."""
    centre = _centre_xz(mesh)
    shift = np.array([centre[0], 0.0, centre[1]])

    def place(points: NDArray[np.float64]) -> NDArray[np.float64]:
        placed: NDArray[np.float64] = pose.origin + (points - shift) @ pose.frame.T
        return placed

    # The incisal point on the labial side of the edge: highest point, labial half.
    labial = mesh.vertices[:, 2] > centre[1]
    candidates = mesh.vertices[labial] if np.any(labial) else mesh.vertices
    tip = candidates[np.argmax(candidates[:, 1] - 0.05 * np.abs(candidates[:, 0] - centre[0]))]
    return place(mesh.vertices), place(mesh.cervical_line), place(tip[None, :])[0]


def _gum(
    arch: ArchName,
    geometry: Geometry,
    poses: dict[int, ToothPose],
    cervical: dict[int, NDArray[np.float64]],
    curve: ArchCurve,
    resolution: gingiva.GumResolution,
    zenith_offsets: dict[str, float],
) -> gingiva.Gum:
    fdis = [fdi for fdi in poses if arch_of(fdi) == arch]
    sources = []
    matrix = pivot = None
    if arch == "lower" and geometry.bite_opening_mm > 0:
        # The gum is built on the closed jaw, then swung open with the teeth.
        matrix, pivot = hinge_rotation(geometry.bite_opening_mm)
    for fdi in fdis:
        line, axial = cervical[fdi], poses[fdi].frame[:, 1]
        if matrix is not None and pivot is not None:
            line = (line - pivot) @ matrix + pivot  # undo the opening (inverse = transpose)
            axial = matrix.T @ axial
        sources.append(
            gingiva.MarginSource(
                fdi=fdi,
                missing=poses[fdi].missing,
                cervical_line=line,
                zenith_offset_mm=float(zenith_offsets.get(tooth_type(fdi).value, 0.0)),
                side=side_sign(fdi),
                axial=axial,
            )
        )
    arcs = [poses[f].arc_center for f in fdis]
    widths = [poses[f].md_width for f in fdis]
    lo = min(a - w / 2 for a, w in zip(arcs, widths, strict=True))
    hi = max(a + w / 2 for a, w in zip(arcs, widths, strict=True))
    offset = (matrix, pivot) if matrix is not None and pivot is not None else None
    return gingiva.build_gingiva(arch, curve, sources, (lo, hi), resolution, offset)
