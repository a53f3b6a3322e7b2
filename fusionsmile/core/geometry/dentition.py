"""Build the whole mouth from a Design's geometry: crowns placed along the arches, gums.

`build(geometry)` is the only entry point; it is deterministic for a given geometry
(seeded asymmetry), and caches crown meshes by shape, so dragging one tooth's slider
rebuilds only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry import crown as crowns
from fusionsmile.core.geometry import gingiva
from fusionsmile.core.geometry.ambient import crown_ambient
from fusionsmile.core.geometry.arch import ArchCurve
from fusionsmile.core.geometry.crown_anatomy import recipe_for
from fusionsmile.core.geometry.normals import FaceIncidence
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


@dataclass(frozen=True, eq=False)
class _LocalCrown:
    """A crown mesh with what placing it needs, all in its local frame (see `_local`).

    centred : (n, 3) vertices, and cervical_centred (k, 3) the cervical line, less the
              centre of the crown's extent (x, 0, z), ready to be turned into the world
    tip_centred : (3,) the incisal point less that centre
    local_x : (n,) mesiodistal offset of each vertex from that centre
    """

    mesh: crowns.CrownMesh
    centred: NDArray[np.float64]
    cervical_centred: NDArray[np.float64]
    tip_centred: NDArray[np.float64]
    local_x: NDArray[np.float64]


@lru_cache(maxsize=256)
def _crown(shape: crowns.CrownShape, resolution: crowns.CrownResolution) -> _LocalCrown:
    return _local(crowns.build_crown(shape, resolution))


def _local(mesh: crowns.CrownMesh) -> _LocalCrown:
    """What placing a crown needs that depends only on its shape, so a rebuild after a
    one-tooth edit finds it cached with the mesh."""
    centre = _centre_xz(mesh)
    shift = np.array([centre[0], 0.0, centre[1]])
    # The incisal point on the labial side of the edge: highest point, labial half.
    labial = mesh.vertices[:, 2] > centre[1]
    candidates = mesh.vertices[labial] if np.any(labial) else mesh.vertices
    tip = candidates[np.argmax(candidates[:, 1] - 0.05 * np.abs(candidates[:, 0] - centre[0]))]
    local = _LocalCrown(
        mesh=mesh,
        centred=mesh.vertices - shift,
        cervical_centred=mesh.cervical_line - shift,
        tip_centred=tip - shift,
        local_x=mesh.vertices[:, 0] - centre[0],
    )
    for array in (local.centred, local.cervical_centred, local.tip_centred, local.local_x):
        array.flags.writeable = False
    return local


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

    cervical: dict[int, NDArray[np.float64]] = {}
    incisal: dict[int, NDArray[np.float64]] = {}
    standing: list[tuple[int, _LocalCrown, NDArray[np.float64], bool]] = []
    for fdi, pose in poses.items():
        local = _crown(shapes[fdi], crown_resolution)
        world, cervical[fdi], incisal[fdi] = _to_world(local, pose)
        if not pose.missing:
            # A mirrored frame turns the faces inside out: they are reversed.
            standing.append((fdi, local, world, bool(np.linalg.det(pose.frame) <= 0)))
    normals = _crown_normals(crown_resolution, [(world, flip) for _, _, world, flip in standing])

    parts: list[MeshPart] = []
    for (fdi, local, world, flipped), normal in zip(standing, normals, strict=True):
        pose, mesh = poses[fdi], local.mesh
        faces = mesh.faces[:, ::-1] if flipped else mesh.faces
        half = curves[arch_of(fdi)].half_length
        # Arch coordinate: the tooth's centre plus its mesiodistal offset, mesial to the midline.
        s = np.clip((pose.arc_center - side_sign(fdi) * local.local_x) / half, -1.0, 1.0)
        attributes = SurfaceAttributes(
            tooth=np.full(len(world), fdi, dtype=np.int16),
            u=mesh.u,
            v=mesh.v,
            region=mesh.region,
            s=s.astype(np.float32),
            position=world.astype(np.float32),
            normal=normal,
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
    local: _LocalCrown, pose: ToothPose
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Crown vertices, cervical line and incisal point in the world frame."""

    def place(points: NDArray[np.float64]) -> NDArray[np.float64]:
        placed: NDArray[np.float64] = pose.origin + points @ pose.frame.T
        return placed

    tip = place(local.tip_centred[None, :])[0]
    return place(local.centred), place(local.cervical_centred), tip


def _crown_normals(
    resolution: crowns.CrownResolution, meshes: list[tuple[NDArray[np.float64], bool]]
) -> list[NDArray[np.float32]]:
    """Vertex normals of the standing crowns (world vertices (n, 3), whether the faces are
    reversed), in one pass over all of them: one call per crown cost more in overhead
    than in arithmetic, and their common topology is prepared once."""
    if not meshes:
        return []
    sizes = [len(vertices) for vertices, _ in meshes]
    incidence = _crowns_incidence(resolution, tuple(flipped for _, flipped in meshes))
    normals = incidence.normals(np.concatenate([vertices for vertices, _ in meshes]))
    return np.split(normals, np.cumsum(sizes[:-1]))


@lru_cache(maxsize=16)
def _crowns_incidence(
    resolution: crowns.CrownResolution, flipped: tuple[bool, ...]
) -> FaceIncidence:
    """The crowns' topology side by side: crown_faces each, reversed where flipped."""
    faces = crowns.crown_faces(resolution)
    n = int(faces.max()) + 1
    side_by_side = [
        (faces[:, ::-1] if reverse else faces) + np.int32(i * n)
        for i, reverse in enumerate(flipped)
    ]
    return FaceIncidence(np.concatenate(side_by_side), n * len(flipped))


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
