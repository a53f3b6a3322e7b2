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
from concurrent.futures import ThreadPoolExecutor
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
    extent = np.maximum(extent, 1).astype(np.int32)
    # The power of two at or below each extent: frexp gives extent = m 2^k, m in [0.5, 1).
    power = np.left_shift(np.int32(1), np.frexp(extent.astype(np.float32))[1] - 1)
    out = 2 * power  # always fits: extent < 2 power
    for numerator, denominator in ((3, 2), (5, 4), (1, 1)):  # ceil(power * 1.5, 1.25, 1)
        candidate = (numerator * power + denominator - 1) // denominator
        np.copyto(out, candidate, where=candidate >= extent)
    sizes: NDArray[np.int64] = out.astype(np.int64)
    return sizes


def _corner_bounds(triangles: NDArray[np.floating]) -> tuple[F64, F64]:
    """(t, 2) least and greatest corner coordinates of (t, 3, 2) triangles."""
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    return np.minimum(np.minimum(a, b), c), np.maximum(np.maximum(a, b), c)


def cover(
    triangles: NDArray[np.floating], size: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], F32]:
    """Texels whose centres lie inside triangles.

    triangles : (t, 3, 2) corners in texel units (x right, y down; texel (i, j) spans
                [i, i + 1) x [j, j + 1), its centre at (i + 0.5, j + 0.5))
    Returns texel (n,) row-major indices, ascending and unique, triangle (n,) the index
    of a triangle covering each, weights (n, 3) float32 barycentric weights of its corners
    (a view of a (3, n) array: each corner's weights are contiguous).
    """
    triangles = np.asarray(triangles, dtype=np.float64)
    a = triangles[:, 0]
    e1 = triangles[:, 1] - a
    e2 = triangles[:, 2] - a
    det = e1[:, 0] * e2[:, 1] - e2[:, 0] * e1[:, 1]
    least, greatest = _corner_bounds(triangles)
    low = np.clip(np.ceil(least - 0.5).astype(np.int64), 0, size - 1)
    high = np.clip(np.floor(greatest - 0.5).astype(np.int64), -1, size - 1)
    extent = high - low + 1  # (t, 2) texel centres in the bounding box
    usable = (extent[:, 0] > 0) & (extent[:, 1] > 0) & (np.abs(det) > 1e-12)
    ids = np.flatnonzero(usable)
    if len(ids) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, 3), np.float32)
    # Barycentric weights (l1, l2) = inverse(e1, e2) @ (centre - a), in float32 relative to
    # the box's first centre (small numbers): inv holds the inverse, start the weights there.
    scale = 1.0 / np.where(usable, det, 1.0)
    inv = np.empty((len(triangles), 2, 2))
    inv[:, 0, 0] = e2[:, 1] * scale
    inv[:, 0, 1] = -e2[:, 0] * scale
    inv[:, 1, 0] = -e1[:, 1] * scale
    inv[:, 1, 1] = e1[:, 0] * scale
    start = np.einsum("tij,tj->ti", inv, low + 0.5 - a)
    inv32, start32 = inv.astype(np.float32), start.astype(np.float32)
    box = _box_sizes(extent[ids])
    group_key = box[:, 0] * (1 << 20) + box[:, 1]
    order = np.argsort(group_key, kind="stable")
    keys, firsts = np.unique(group_key[order], return_index=True)
    bounds = [*firsts.tolist(), len(order)]
    found_texel, found_triangle = [], []
    tolerance = np.float32(_EDGE_TOLERANCE)
    for group, key in enumerate(keys.tolist()):
        members = ids[order[bounds[group] : bounds[group + 1]]]
        width, height = key >> 20, key & ((1 << 20) - 1)
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
    # One triangle per texel: whichever wrote last.
    owner_of = np.full(size * size, -1, dtype=np.int32)
    owner_of[np.concatenate(found_texel)] = np.concatenate(found_triangle)
    taken = owner_of >= 0
    covered = np.flatnonzero(taken)
    triangle = owner_of[taken].astype(np.int64)
    # Weights at the covered centres, from the triangle's first corner, in float32 (1e-4
    # of a texel at 2048 is plenty): one contiguous gather per coefficient.
    row, col = np.nonzero(taken.reshape(size, size))

    def coefficient(values: NDArray[np.floating]) -> F32:
        return np.take(values.astype(np.float32), triangle)

    dx = col.astype(np.float32)
    dx -= coefficient(a[:, 0] - 0.5)
    dy = row.astype(np.float32)
    dy -= coefficient(a[:, 1] - 0.5)
    weights = np.empty((3, len(covered)), dtype=np.float32)
    w0, w1, w2 = weights
    for w, k in ((w1, 0), (w2, 1)):
        np.multiply(coefficient(inv[:, k, 0]), dx, out=w)
        w += coefficient(inv[:, k, 1]) * dy
    np.subtract(np.float32(1.0), w1, out=w0)
    w0 -= w2
    np.clip(weights, 0.0, 1.0, out=weights)
    total = w0 + w1
    total += w2
    weights /= total
    return covered, triangle, weights.T


def _corner_texels(layout: AtlasLayout) -> F32:
    """(t, 3, 2) texel positions of the corners of every part's triangles (concatenated
    in layout order)."""
    size = np.float32(layout.size)
    return np.concatenate([piece.uv[piece.faces] * size for piece in layout.parts])


def _corner_values(
    layout: AtlasLayout, parts: Sequence[MeshPart]
) -> tuple[F32, NDArray[np.int16], NDArray[np.uint8]]:
    """Per triangle of every part (concatenated in layout order), its corners'
    interpolable values (10, 3, t) by value and corner = u (unwrapped about the first
    corner that is not a pole; a pole takes its neighbours' mean), v, s, position (3),
    normal (3), ambient; tooth (t, 3) and region (t, 3)."""
    values, teeth, regions = [], [], []
    for part, piece in zip(parts, layout.parts, strict=True):
        a = part.attributes
        corner = piece.vertex[piece.faces]  # (m, 3) part vertices
        by_corner = corner.T  # (3, m)
        no_chart = np.asarray(np.isnan(part.chart).any(axis=1), dtype=np.bool_)
        pole = no_chart[by_corner]
        u = a.u.astype(np.float64)[by_corner]
        reference = u[np.argmax(~pole, axis=0), np.arange(u.shape[1])]
        delta = (u - reference + 0.5) % 1.0 - 0.5
        if pole.any():
            known = ~pole
            mean = np.where(known, delta, 0.0).sum(axis=0) / np.maximum(known.sum(axis=0), 1)
            delta = np.where(pole, mean, delta)
        part_values = np.empty((10, *by_corner.shape), dtype=np.float32)
        part_values[0] = reference + delta
        part_values[1] = a.v[by_corner]
        part_values[2] = a.s[by_corner]
        part_values[3:6] = np.ascontiguousarray(a.position.T)[:, by_corner]
        part_values[6:9] = np.ascontiguousarray(a.normal.T)[:, by_corner]
        part_values[9] = a.ambient_or_open()[by_corner]
        values.append(part_values)
        teeth.append(a.tooth[corner])
        regions.append(a.region[corner])
    return np.concatenate(values, axis=2), np.concatenate(teeth), np.concatenate(regions)


def rasterize(layout: AtlasLayout, parts: Sequence[MeshPart]) -> TexelSamples:
    """The surface attributes under every covered texel of layout (from parts, in the
    order they were laid out).

    Two threads share the work (numpy lets go of the GIL over whole arrays): the corners'
    values are gathered while the texels are covered, and the normals are interpolated
    while the other values are."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rasterize") as pool:
        corner_values = pool.submit(_corner_values, layout, parts)
        texel, triangle, by_texel = cover(_corner_texels(layout), layout.size)
        values, teeth, regions = corner_values.result()
        weights = by_texel.T  # (3, n): each corner's weights contiguous

        def mix(value: int) -> F32:
            """(n,) values[value] interpolated at the texels."""
            mixed: F32 = np.take(values[value, 0], triangle)
            mixed *= weights[0]
            for k in (1, 2):
                term = np.take(values[value, k], triangle)
                term *= weights[k]
                mixed += term
            return mixed

        def unit_normals() -> F32:
            nx, ny, nz = mix(6), mix(7), mix(8)
            length = nx * nx
            length += ny * ny
            length += nz * nz
            np.sqrt(length, out=length)
            np.maximum(length, np.float32(1e-12), out=length)
            normal = np.empty((len(texel), 3), dtype=np.float32)
            for axis, component in enumerate((nx, ny, nz)):
                np.divide(component, length, out=normal[:, axis])
            return normal

        normal = pool.submit(unit_normals)
        u = mix(0)
        u %= np.float32(1.0)
        u[u >= 1.0] = 0.0  # float32 rounding of 1 - tiny
        position = np.empty((len(texel), 3), dtype=np.float32)
        for axis in range(3):
            position[:, axis] = mix(3 + axis)
        # The corner with the greatest weight (the first of equals), as argmax would.
        nearest = (weights[1] > weights[0]).astype(np.int64)
        nearest[weights[2] > np.maximum(weights[0], weights[1])] = 2
        corner = triangle * 3 + nearest
        attributes = SurfaceAttributes(
            tooth=np.take(teeth, corner),
            u=u,
            v=mix(1),
            region=np.take(regions, corner),
            s=mix(2),
            position=position,
            normal=normal.result(),
            ambient=mix(9),
        )
    return TexelSamples(size=layout.size, texel=texel, attributes=attributes)
