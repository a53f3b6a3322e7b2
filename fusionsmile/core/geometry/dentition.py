"""Build the whole mouth from a Design's geometry: crowns placed along the arches, gums.

`build(geometry)` is the only entry point; it is deterministic for a given geometry
(seeded asymmetry). Dragging one tooth's slider rebuilds only what changed: crown meshes
are cached by shape, poses by their inputs (placement), and from there each step is
cached by the objects it is made from (a cached object comes back for the same inputs, a
new one for new inputs): a crown in the world by its mesh and pose, its ambient
occlusion by its own and its neighbours' crowns, an arch's gum by its crowns. Cached
arrays are read-only, as every build that finds them shares them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry import crown as crowns
from fusionsmile.core.geometry import gingiva, placement
from fusionsmile.core.geometry.ambient import neighbour_pairs, tooth_ambient
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
    resolution: crowns.CrownResolution
    centred: NDArray[np.float64]
    cervical_centred: NDArray[np.float64]
    tip_centred: NDArray[np.float64]
    local_x: NDArray[np.float64]


@lru_cache(maxsize=256)
def _crown(shape: crowns.CrownShape, resolution: crowns.CrownResolution) -> _LocalCrown:
    return _local(crowns.build_crown(shape, resolution), resolution)


def _local(mesh: crowns.CrownMesh, resolution: crowns.CrownResolution) -> _LocalCrown:
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
        resolution=resolution,
        centred=mesh.vertices - shift,
        cervical_centred=mesh.cervical_line - shift,
        tip_centred=tip - shift,
        local_x=mesh.vertices[:, 0] - centre[0],
    )
    for array in (local.centred, local.cervical_centred, local.tip_centred, local.local_x):
        array.flags.writeable = False
    return local


def clear_caches() -> None:
    """Forget every cached part of a build (crowns, poses, curves, gums), so the next
    build starts cold: for benchmarks. A rebuild never needs it: every cache is keyed by
    all the inputs of what it holds."""
    for cache in (_crown, _placed, _crown_part, _with_ambient, _arch_gum, _crown_incidence):
        cache.cache_clear()
    placement.clear_caches()
    gingiva.clear_caches()


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
    placed = {
        fdi: _placed(_crown(shapes[fdi], crown_resolution), pose) for fdi, pose in poses.items()
    }
    standing = {
        fdi: _crown_part(fdi, crown, curves[arch_of(fdi)].half_length)
        for fdi, crown in placed.items()
        if not crown.pose.missing
    }
    parts = _with_crown_ambient(standing, poses)
    zeniths: dict[int, NDArray[np.float64]] = {}
    for arch in ("upper", "lower"):
        teeth = tuple(crown for fdi, crown in placed.items() if arch_of(fdi) == arch)
        gum = _arch_gum(arch, curves[arch], gum_resolution, geometry.bite_opening_mm, teeth)
        parts.append(gum.part)
        zeniths.update(gum.zeniths)

    placements = {
        fdi: ToothPlacement(
            fdi=fdi,
            frame=pose.frame,
            origin=pose.origin,
            cervical_line=placed[fdi].cervical_line,
            incisal_point=placed[fdi].incisal_point,
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


@dataclass(frozen=True, eq=False)
class _PlacedCrown:
    """A crown in the world frame (see `_placed`).

    world : (n, 3) vertices; cervical_line : (k, 3); incisal_point : (3,)
    flipped : the pose's frame is mirrored, so the faces are reversed to face outward
    """

    local: _LocalCrown
    pose: ToothPose
    world: NDArray[np.float64]
    cervical_line: NDArray[np.float64]
    incisal_point: NDArray[np.float64]
    flipped: bool


@lru_cache(maxsize=128)
def _placed(local: _LocalCrown, pose: ToothPose) -> _PlacedCrown:
    world, line, tip = _to_world(local, pose)
    for array in (world, line, tip):
        array.flags.writeable = False
    # A mirrored frame turns the faces inside out: they are reversed.
    flipped = bool(np.linalg.det(pose.frame) <= 0)
    return _PlacedCrown(local, pose, world, line, tip, flipped)


@lru_cache(maxsize=128)
def _crown_part(fdi: int, crown: _PlacedCrown, half_length: float) -> MeshPart:
    """The mesh part of a standing crown, before its ambient occlusion."""
    local, mesh = crown.local, crown.local.mesh
    faces = mesh.faces[:, ::-1] if crown.flipped else mesh.faces
    # Arch coordinate: the tooth's centre plus its mesiodistal offset, mesial to the midline.
    s = np.clip((crown.pose.arc_center - side_sign(fdi) * local.local_x) / half_length, -1.0, 1.0)
    attributes = SurfaceAttributes(
        tooth=np.full(len(crown.world), fdi, dtype=np.int16),
        u=mesh.u,
        v=mesh.v,
        region=mesh.region,
        s=s.astype(np.float32),
        position=crown.world.astype(np.float32),
        normal=_crown_incidence(local.resolution, crown.flipped).normals(crown.world),
    )
    part = MeshPart(
        name=str(fdi),
        fdi=fdi,
        faces=faces.astype(np.int32),
        attributes=attributes,
        chart=mesh.chart,
    )
    _freeze(part)
    return part


@lru_cache(maxsize=8)
def _crown_incidence(resolution: crowns.CrownResolution, flipped: bool) -> FaceIncidence:
    """The topology all crowns of a resolution share (crown_faces), reversed or not."""
    faces = crowns.crown_faces(resolution)
    return FaceIncidence(faces[:, ::-1] if flipped else faces, int(faces.max()) + 1)


def _with_crown_ambient(parts: dict[int, MeshPart], poses: dict[int, ToothPose]) -> list[MeshPart]:
    """The crowns with their ambient occlusion (geometry.ambient)."""
    pairs = neighbour_pairs(poses, set(parts))
    return [
        _with_ambient(
            part,
            poses[fdi].crown_length,
            tuple(
                (poses[a], poses[b], fdi == a, parts[b if fdi == a else a])
                for a, b in pairs
                if fdi in (a, b)
            ),
        )
        for fdi, part in parts.items()
    ]


@lru_cache(maxsize=128)
def _with_ambient(
    part: MeshPart,
    crown_length: float,
    neighbours: tuple[tuple[ToothPose, ToothPose, bool, MeshPart], ...],
) -> MeshPart:
    """A crown's part with its ambient occlusion, from its neighbours (the poses of each
    pair, whether this crown is the pair's first, the neighbour's part)."""
    attributes = part.attributes
    access = tooth_ambient(
        attributes.v * np.float32(crown_length),
        attributes.position,
        attributes.normal,
        [(a, b, is_a, other.attributes.position) for a, b, is_a, other in neighbours],
    )
    access.flags.writeable = False
    return replace(part, attributes=replace(attributes, ambient=access))


def _freeze(part: MeshPart) -> None:
    """Make a cached part's arrays read-only: builds share it."""
    attributes = part.attributes
    for array in (
        part.faces,
        part.chart,
        attributes.tooth,
        attributes.u,
        attributes.v,
        attributes.region,
        attributes.s,
        attributes.position,
        attributes.normal,
    ):
        array.flags.writeable = False


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


@lru_cache(maxsize=8)
def _arch_gum(
    arch: ArchName,
    curve: ArchCurve,
    resolution: gingiva.GumResolution,
    bite_opening_mm: float,
    teeth: tuple[_PlacedCrown, ...],
) -> gingiva.Gum:
    """The gum of one arch around its crowns (standing or missing), in FDI order."""
    zenith_offsets = reference("gingival_zenith_distal_offset").value
    sources = []
    matrix = pivot = None
    if arch == "lower" and bite_opening_mm > 0:
        # The gum is built on the closed jaw, then swung open with the teeth.
        matrix, pivot = hinge_rotation(bite_opening_mm)
    for crown in teeth:
        fdi = crown.pose.fdi
        line, axial = crown.cervical_line, crown.pose.frame[:, 1]
        if matrix is not None and pivot is not None:
            line = (line - pivot) @ matrix + pivot  # undo the opening (inverse = transpose)
            axial = matrix.T @ axial
        sources.append(
            gingiva.MarginSource(
                fdi=fdi,
                missing=crown.pose.missing,
                cervical_line=line,
                zenith_offset_mm=float(zenith_offsets.get(tooth_type(fdi).value, 0.0)),
                side=side_sign(fdi),
                axial=axial,
            )
        )
    arcs = [crown.pose.arc_center for crown in teeth]
    widths = [crown.pose.md_width for crown in teeth]
    lo = min(a - w / 2 for a, w in zip(arcs, widths, strict=True))
    hi = max(a + w / 2 for a, w in zip(arcs, widths, strict=True))
    offset = (matrix, pivot) if matrix is not None and pivot is not None else None
    gum = gingiva.build_gingiva(arch, curve, sources, (lo, hi), resolution, offset)
    _freeze(gum.part)
    for zenith in gum.zeniths.values():
        zenith.flags.writeable = False
    return gum
