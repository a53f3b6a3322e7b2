"""Atlas layout: every part's chart scaled into its own rectangle of one square texture.

A part's chart (MeshPart.chart) places each vertex in the part's sampling grid. Two
things keep a chart from being UVs as it stands:

- seams: a coordinate that wraps (a crown's column, a gum's row) jumps from ~1 back to 0
  across the triangles that close the loop; those triangles get copies of their low
  vertices with the coordinate + 1, so the rectangle covers [0, 1 + step];
- poles: a crown's pole has no column (a gum cap's centre no row); each triangle at the
  pole gets its own copy of the pole vertex, with the mean coordinate of its neighbours.

Rectangles are sized by the part's real surface extent (mm along and across the chart,
averaged over its area), so texel density is roughly even across the atlas, then packed
in shelves with a gutter of `padding` texels around each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import MeshPart

F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class PartLayout:
    """One part's piece of the atlas; k' export vertices, m triangles.

    name : the part's name ("11", "gingiva-upper")
    rect : (x, y, width, height) in texels: where the chart lies, inside the gutter
    vertex : (k',) int64, the part vertex each export vertex copies
    uv : (k', 2) float32, glTF texture coordinates in [0, 1]: (0, 0) is the top-left
         corner of the image, x to the right, y down
    faces : (m, 3) int32, the part's triangles (same order) over the export vertices
    """

    name: str
    rect: tuple[int, int, int, int]
    vertex: NDArray[np.int64]
    uv: NDArray[np.float32]
    faces: NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class AtlasLayout:
    """All parts in one size x size texture, in the order of the parts given."""

    size: int
    padding: int
    parts: tuple[PartLayout, ...]

    def part(self, name: str) -> PartLayout:
        for candidate in self.parts:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


def default_padding(size: int) -> int:
    """Gutter texels on each side of a rectangle: 4 at 1024, 8 at 2048 (covers a few
    mip levels), never under 2."""
    return max(2, size // 256)


def split_chart(
    chart: NDArray[np.floating], faces: NDArray[np.integer]
) -> tuple[NDArray[np.int64], F64, NDArray[np.int32]]:
    """Cut a chart open at its seams and poles (see the module docstring).

    chart : (k, 2) grid coordinates, NaN where a vertex has none
    faces : (m, 3) vertex indices
    Returns vertex (k',) the original vertex of each new one, coords (k', 2) float64
    chart coordinates with no NaN (a cut-open column or row reaches up to 1 + step), and
    faces (m, 3) int32 over the new vertices.
    """
    triangles = np.asarray(faces, dtype=np.int64)
    grid = np.asarray(chart, dtype=np.float64)
    corners = grid[triangles]  # (m, 3, 2)
    shifted = np.zeros(corners.shape, dtype=bool)
    for axis in (0, 1):
        values = corners[:, :, axis]
        a, b, c = values.T
        # fmax/fmin skip NaN without a warning (a pole has no value on this axis).
        span = np.fmax(np.fmax(a, b), c) - np.fmin(np.fmin(a, b), c)
        low = (span > 0.5)[:, None] & (values < 0.5)
        values[low] += 1.0
        shifted[:, :, axis] = low
    pole = (np.isnan(grid[:, 0]) | np.isnan(grid[:, 1]))[triangles]  # (m, 3)
    at_pole = np.flatnonzero(pole[:, 0] | pole[:, 1] | pole[:, 2])
    if len(at_pole):
        near = corners[at_pole]
        missing = np.isnan(near)
        known = (~missing).sum(axis=1)  # (p, 2)
        mean = np.where(missing, 0.0, near).sum(axis=1) / np.maximum(known, 1)
        corners[at_pole] = np.where(missing, mean[:, None, :], near)
    n = len(chart)
    code = shifted[..., 0].astype(np.int64) + 2 * shifted[..., 1]
    keys = triangles + n * code
    # Every pole corner is a vertex of its own: 4n + its corner index is unique.
    keys[pole] = 4 * n + np.flatnonzero(pole)
    # The distinct keys in ascending order (as np.unique), each from any of its corners:
    # corners with one key copy one vertex with one shift, so they have the same coords.
    flat = keys.ravel()
    present = np.zeros(4 * n + flat.size, dtype=bool)
    present[flat] = True
    distinct = np.flatnonzero(present)
    rank = np.zeros(len(present), dtype=np.int32)
    rank[distinct] = np.arange(len(distinct), dtype=np.int32)
    corner_of = np.zeros(len(present), dtype=np.int64)
    corner_of[flat] = np.arange(flat.size)
    first = corner_of[distinct]
    vertex: NDArray[np.int64] = triangles.ravel()[first]
    coords: F64 = corners.reshape(-1, 2)[first]
    return vertex, coords, rank[keys]


def _span(coords: F64) -> tuple[F64, F64]:
    """(2,) least coordinates of (k, 2) coords and (2,) their ranges, column by column
    (a reduction along a long axis, not across a short one)."""
    columns = coords[:, 0], coords[:, 1]
    least = np.array([column.min() for column in columns])
    return least, np.array([column.max() for column in columns]) - least


def chart_extent_mm(coords: F64, faces: NDArray[np.int32], position: NDArray[np.floating]) -> F64:
    """(2,) mm the chart spans along its columns and its rows on the surface.

    coords : (k', 2) cut-open chart coordinates, faces : (m, 3), position : (k', 3) mm.
    Per triangle, the derivatives of position by column and by row; their lengths,
    averaged over the chart's area, times the chart's span on each axis.
    """
    a = coords[faces]  # (m, 3, 2)
    p = np.asarray(position, dtype=np.float64)[faces]  # (m, 3, 3)
    e = a[:, 1:] - a[:, :1]  # (m, 2 edges, (d column, d row))
    q = p[:, 1:] - p[:, :1]  # (m, 2 edges, 3)
    det = e[:, 0, 0] * e[:, 1, 1] - e[:, 0, 1] * e[:, 1, 0]
    ok = np.abs(det) > 1e-12
    if not ok.any():
        return np.ones(2)
    if not ok.all():
        e, q, det = e[ok], q[ok], det[ok]
    # q = e @ g, with g rows the derivatives by column and by row: g = inverse(e) @ q.
    inverse = (
        np.stack(
            [np.stack([e[:, 1, 1], -e[:, 0, 1]], -1), np.stack([-e[:, 1, 0], e[:, 0, 0]], -1)], 1
        )
        / det[:, None, None]
    )
    g = inverse @ q  # (m, 2, 3)
    weight = np.abs(det)
    squares = g * g
    length = np.sqrt(squares[..., 0] + squares[..., 1] + squares[..., 2])  # (m, 2)
    per_unit = (length * weight[:, None]).sum(axis=0) / weight.sum()
    extent: F64 = per_unit * _span(coords)[1]
    return extent


def _shelf_pack(
    sizes: NDArray[np.int64], order: NDArray[np.int64], size: int
) -> NDArray[np.int64] | None:
    """(n, 2) top-left corners for (n, 2) outer sizes placed in shelves, in `order`;
    None when they do not fit in a size x size square."""
    corners: NDArray[np.int64] = np.zeros_like(sizes)
    x = y = shelf = 0
    for index in order:
        w, h = int(sizes[index, 0]), int(sizes[index, 1])
        if w > size:
            return None
        if x + w > size:
            x, y, shelf = 0, y + shelf, 0
        if y + h > size:
            return None
        corners[index] = (x, y)
        x += w
        shelf = max(shelf, h)
    return corners


def layout_atlas(
    parts: Sequence[MeshPart], size: int = 1024, padding: int | None = None
) -> AtlasLayout:
    """Lay out the charts of `parts` in a size x size atlas (see the module docstring).

    The scale (texels per mm, the same for every part) is the largest at which the
    rectangles fit; ValueError if they do not fit even at one texel per chart cell.
    """
    pad = default_padding(size) if padding is None else padding
    cut = [split_chart(part.chart, part.faces) for part in parts]
    extents = np.array(
        [
            chart_extent_mm(coords, faces, part.attributes.position[vertex])
            for part, (vertex, coords, faces) in zip(parts, cut, strict=True)
        ]
    )
    extents = np.maximum(extents, 1e-3)
    order = np.argsort(-extents[:, 1], kind="stable")

    def outer(scale: float) -> NDArray[np.int64]:
        inner: NDArray[np.int64] = np.maximum(np.ceil(extents * scale), 2).astype(np.int64)
        return inner + 2 * pad

    low, high = 0.0, size / float(extents.min())
    best: NDArray[np.int64] | None = _shelf_pack(outer(low), order, size)
    if best is None:
        raise ValueError(f"{len(parts)} parts do not fit in a {size}x{size} atlas")
    best_scale = low
    for _ in range(40):
        middle = 0.5 * (low + high)
        packed = _shelf_pack(outer(middle), order, size)
        if packed is None:
            high = middle
        else:
            low, best, best_scale = middle, packed, middle
    sizes = outer(best_scale) - 2 * pad

    layouts = []
    for index, (part, (vertex, coords, faces)) in enumerate(zip(parts, cut, strict=True)):
        x0, y0 = (int(best[index, 0]) + pad, int(best[index, 1]) + pad)
        w, h = int(sizes[index, 0]), int(sizes[index, 1])
        lo, span = _span(coords)
        unit = (coords - lo) / np.maximum(span, 1e-12)
        # Row 1 (a crown's incisal pole) at the top of the rectangle: teeth stand upright.
        texel = np.stack([x0 + unit[:, 0] * w, y0 + (1.0 - unit[:, 1]) * h], axis=-1)
        layouts.append(
            PartLayout(
                name=part.name,
                rect=(x0, y0, w, h),
                vertex=vertex,
                uv=(texel / size).astype(np.float32),
                faces=faces,
            )
        )
    return AtlasLayout(size=size, padding=pad, parts=tuple(layouts))
