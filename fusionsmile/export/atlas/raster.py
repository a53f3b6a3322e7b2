"""Rasterize an atlas: the surface attributes under every texel a triangle covers.

A texel is covered when its centre lies inside one of the parts' triangles laid out in
the atlas (barycentric test). Triangles are grouped by the size of their bounding box in
texels (rounded up to a few steps per power of two) and each group is tested in
whole-array chunks, so there is no Python loop per triangle and a big triangle only makes
its own group's chunks smaller; a texel covered by two triangles (on a shared edge) keeps
one of them.

Attributes are interpolated with the barycentric weights at the texel centre: v, s and
position linearly, the normal linearly then renormalised, u linearly the short way round
its wrap (and a pole, which has no u of its own, takes the mean of its neighbours'),
tooth and region from the triangle's vertex nearest to the texel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import MeshPart, SurfaceAttributes
from fusionsmile.export.atlas.layout import AtlasLayout

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
# Texel centres this close outside a triangle (in barycentric weight) still count as
# inside, so that a centre on an edge shared by two triangles is not lost in both.
_EDGE_TOLERANCE = 1e-5
# Texel centres tested per chunk (bounds the memory of one whole-array test).
_CHUNK = 1 << 21


@dataclass(frozen=True, eq=False)
class TexelSamples:
    """The surface under the n covered texels of a size x size atlas.

    texel : (n,) int64, row-major texel index y * size + x, ascending
    attributes : SurfaceAttributes of the n texels, at the texel centres
    """

    size: int
    texel: NDArray[np.int64]
    attributes: SurfaceAttributes

    def covered(self) -> NDArray[np.bool_]:
        """(size, size) bool: which texels have a surface under them."""
        mask = np.zeros(self.size * self.size, dtype=bool)
        mask[self.texel] = True
        return mask.reshape(self.size, self.size)


def _box_sizes(extent: NDArray[np.int64]) -> NDArray[np.int64]:
    """Bounding-box sizes rounded up to 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, ...
    (steps of 1.25-1.5x): few groups, and little of each box tested in vain."""
    power = 1 << np.floor(np.log2(np.maximum(extent, 1))).astype(np.int64)
    for fraction in (1.0, 1.25, 1.5, 2.0):
        candidate = np.ceil(power * fraction).astype(np.int64)
        fits = candidate >= extent
        if fraction == 1.0:
            out = np.where(fits, candidate, 0)
        else:
            out = np.where((out == 0) & fits, candidate, out)
    return out


def cover(
    triangles: NDArray[np.floating], size: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], F32]:
    """Texels whose centres lie inside triangles.

    triangles : (t, 3, 2) corners in texel units (x right, y down; texel (i, j) spans
                [i, i + 1) x [j, j + 1), its centre at (i + 0.5, j + 0.5))
    Returns texel (n,) row-major indices, ascending and unique, triangle (n,) the index
    of a triangle covering each, weights (n, 3) float32 barycentric weights of its corners.
    """
    triangles = np.asarray(triangles, dtype=np.float64)
    a = triangles[:, 0]
    e1 = triangles[:, 1] - a
    e2 = triangles[:, 2] - a
    det = e1[:, 0] * e2[:, 1] - e2[:, 0] * e1[:, 1]
    low = np.clip(np.ceil(triangles.min(axis=1) - 0.5).astype(np.int64), 0, size - 1)
    high = np.clip(np.floor(triangles.max(axis=1) - 0.5).astype(np.int64), -1, size - 1)
    extent = high - low + 1  # (t, 2) texel centres in the bounding box
    usable = (extent > 0).all(axis=1) & (np.abs(det) > 1e-12)
    ids = np.flatnonzero(usable)
    if len(ids) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, 3), np.float32)
    # Barycentric weights (l1, l2) = inverse(e1, e2) @ (centre - a), in float32 relative to
    # the box's first centre (small numbers): m holds the inverse, start the weights there.
    inv = (
        np.stack([np.stack([e2[:, 1], -e2[:, 0]], -1), np.stack([-e1[:, 1], e1[:, 0]], -1)], 1)
        / np.where(usable, det, 1.0)[:, None, None]
    )
    start = np.einsum("tij,tj->ti", inv, low + 0.5 - a)
    inv32, start32 = inv.astype(np.float32), start.astype(np.float32)
    box = _box_sizes(extent[ids])
    group_key = box[:, 0] * (1 << 20) + box[:, 1]
    found_texel, found_triangle = [], []
    tolerance = np.float32(_EDGE_TOLERANCE)
    for key in np.unique(group_key):
        members = ids[group_key == key]
        width, height = int(key >> 20), int(key & ((1 << 20) - 1))
        ox = np.arange(width, dtype=np.float32)[None, None, :]
        oy = np.arange(height, dtype=np.float32)[None, :, None]
        step = max(1, _CHUNK // (width * height))
        for first in range(0, len(members), step):
            chunk = members[first : first + step]
            m = inv32[chunk][:, :, :, None, None]  # (c, 2, 2, 1, 1)
            s0 = start32[chunk][:, :, None, None]  # (c, 2, 1, 1)
            l1 = s0[:, 0] + m[:, 0, 0] * ox + m[:, 0, 1] * oy  # (c, h, w)
            l2 = s0[:, 1] + m[:, 1, 0] * ox + m[:, 1, 1] * oy
            inside = l1 >= -tolerance
            inside &= l2 >= -tolerance
            l1 += l2
            inside &= l1 <= 1 + tolerance
            flat = np.flatnonzero(inside)
            c, rest = np.divmod(flat, width * height)
            j, i = np.divmod(rest, width)
            owner = chunk[c]
            x = low[owner, 0] + i
            y = low[owner, 1] + j
            ok = (x < size) & (y < size)  # a tolerated centre just past the box's clip
            found_texel.append((y * size + x)[ok])
            found_triangle.append(owner[ok])
    texel = np.concatenate(found_texel)
    # One triangle per texel: whichever wrote last.
    owner_of = np.full(size * size, -1, dtype=np.int64)
    owner_of[texel] = np.concatenate(found_triangle)
    covered = np.flatnonzero(owner_of >= 0)
    triangle = owner_of[covered]
    # Weights at the covered centres, from the triangle's first corner, in float32 (1e-4
    # of a texel at 2048 is plenty): one contiguous gather per coefficient.
    row, col = np.divmod(covered, size)

    def coefficient(values: F64) -> F32:
        return np.take(values.astype(np.float32), triangle)

    dx = col.astype(np.float32) - coefficient(a[:, 0] - 0.5)
    dy = row.astype(np.float32) - coefficient(a[:, 1] - 0.5)
    w1 = coefficient(inv[:, 0, 0]) * dx + coefficient(inv[:, 0, 1]) * dy
    w2 = coefficient(inv[:, 1, 0]) * dx + coefficient(inv[:, 1, 1]) * dy
    w0 = 1.0 - w1 - w2
    for w in (w0, w1, w2):
        np.clip(w, 0.0, 1.0, out=w)
    total = w0 + w1 + w2
    weights = np.stack([w0 / total, w1 / total, w2 / total], axis=1)
    return covered, triangle, weights


def _corner_values(
    layout: AtlasLayout, parts: Sequence[MeshPart]
) -> tuple[F32, F32, NDArray[np.int16], NDArray[np.uint8]]:
    """Per triangle of every part (concatenated in layout order), its corners: texel
    positions (t, 3, 2), interpolable values (3, t, 9) by corner = u (unwrapped about the
    first corner that is not a pole; a pole takes its neighbours' mean), v, s, position
    (3), normal (3); tooth (t, 3) and region (t, 3)."""
    texels, values, teeth, regions = [], [], [], []
    for part, piece in zip(parts, layout.parts, strict=True):
        a = part.attributes
        corner = piece.vertex[piece.faces]  # (m, 3) part vertices
        texels.append(piece.uv[piece.faces] * np.float32(layout.size))
        pole = np.isnan(part.chart[corner]).any(axis=2)
        u = a.u[corner].astype(np.float64)
        reference = u[np.arange(len(u)), np.argmax(~pole, axis=1)]
        delta = (u - reference[:, None] + 0.5) % 1.0 - 0.5
        if pole.any():
            known = ~pole
            mean = np.where(known, delta, 0.0).sum(axis=1) / np.maximum(known.sum(axis=1), 1)
            delta = np.where(pole, mean[:, None], delta)
        values.append(
            np.concatenate(
                [
                    (reference[:, None] + delta)[..., None],
                    a.v[corner][..., None],
                    a.s[corner][..., None],
                    a.position[corner],
                    a.normal[corner],
                ],
                axis=-1,
            ).astype(np.float32)
        )
        teeth.append(a.tooth[corner])
        regions.append(a.region[corner])
    by_corner = np.ascontiguousarray(np.concatenate(values).transpose(1, 0, 2))
    return np.concatenate(texels), by_corner, np.concatenate(teeth), np.concatenate(regions)


def rasterize(layout: AtlasLayout, parts: Sequence[MeshPart]) -> TexelSamples:
    """The surface attributes under every covered texel of layout (from parts, in the
    order they were laid out)."""
    corners, values, teeth, regions = _corner_values(layout, parts)
    texel, triangle, weights = cover(corners, layout.size)

    def mix(columns: slice) -> F32:
        """(n, c) values[..., columns] interpolated at the texels."""
        mixed: F32 = np.take(values[0][:, columns], triangle, axis=0)
        mixed *= weights[:, 0:1]
        for k in (1, 2):
            term = np.take(values[k][:, columns], triangle, axis=0)
            term *= weights[:, k : k + 1]
            mixed += term
        return mixed

    u, v, s = mix(slice(0, 3)).T
    u = u % np.float32(1.0)
    u[u >= 1.0] = 0.0  # float32 rounding of 1 - tiny
    normal = mix(slice(6, 9))
    length = np.sqrt(np.einsum("ij,ij->i", normal, normal))
    normal /= np.maximum(length, np.float32(1e-12))[:, None]
    nearest = np.argmax(weights, axis=1)
    attributes = SurfaceAttributes(
        tooth=teeth[triangle, nearest],
        u=u,
        v=np.ascontiguousarray(v),
        region=regions[triangle, nearest],
        s=np.ascontiguousarray(s),
        position=mix(slice(3, 6)),
        normal=normal,
    )
    return TexelSamples(size=layout.size, texel=texel, attributes=attributes)
