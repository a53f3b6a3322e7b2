"""The texture atlas: layout of the charts, texel sampling, baking a design's look."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from glowing_design import GLOW

from fusionsmile.core.geometry.surface import MeshPart, Region, SurfaceAttributes
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.scene import occluded_albedo
from fusionsmile.export.atlas import bake_atlas, bake_textures, layout_atlas, rasterize
from fusionsmile.export.atlas.layout import split_chart
from fusionsmile.export.atlas.raster import cover

SIZE = 512


@pytest.fixture(scope="module", params=["generated", "synthetic"])
def any_mouth(request, mouth, dentition):
    return mouth if request.param == "generated" else dentition


def _signed_areas(uv: np.ndarray, faces: np.ndarray) -> np.ndarray:
    t = uv.astype(np.float64)[faces]
    e1, e2 = t[:, 1] - t[:, 0], t[:, 2] - t[:, 0]
    return 0.5 * (e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0])


# -- layout ---------------------------------------------------------------------------------


def test_layout_keeps_every_triangle_with_uv_area(any_mouth):
    layout = layout_atlas(any_mouth.parts, SIZE)
    assert [piece.name for piece in layout.parts] == [part.name for part in any_mouth.parts]
    for part, piece in zip(any_mouth.parts, layout.parts, strict=True):
        # The same triangles, in the same order, over copies of the same vertices.
        np.testing.assert_array_equal(piece.vertex[piece.faces], part.faces)
        assert piece.uv.shape == (len(piece.vertex), 2)
        assert piece.uv.min() >= 0.0 and piece.uv.max() <= 1.0
        assert (np.abs(_signed_areas(piece.uv, piece.faces)) * SIZE**2 > 1e-6).all(), part.name


def test_uvs_stay_in_their_rectangles_and_rectangles_do_not_overlap(any_mouth):
    layout = layout_atlas(any_mouth.parts, SIZE)
    pad = layout.padding
    for piece in layout.parts:
        x, y, w, h = piece.rect
        texel = piece.uv.astype(np.float64) * SIZE
        assert texel[:, 0].min() >= x - 1e-3 and texel[:, 0].max() <= x + w + 1e-3
        assert texel[:, 1].min() >= y - 1e-3 and texel[:, 1].max() <= y + h + 1e-3
        assert x >= pad and y >= pad and x + w + pad <= SIZE and y + h + pad <= SIZE
    for a, b in itertools.combinations(layout.parts, 2):
        (ax, ay, aw, ah), (bx, by, bw, bh) = a.rect, b.rect
        # Each rectangle with its gutter is apart from every other.
        apart = (
            ax + aw + 2 * pad <= bx
            or bx + bw + 2 * pad <= ax
            or ay + ah + 2 * pad <= by
            or by + bh + 2 * pad <= ay
        )
        assert apart, (a.name, b.name)


def test_seams_are_cut_open(any_mouth):
    """No triangle stretches across its rectangle: the wrapped ones got copies."""
    layout = layout_atlas(any_mouth.parts, SIZE)
    for piece in layout.parts:
        _, _, w, h = piece.rect
        texel = piece.uv.astype(np.float64)[piece.faces] * SIZE
        span = np.ptp(texel, axis=1)
        assert (span[:, 0] < 0.25 * w).all() and (span[:, 1] < 0.5 * h).all(), piece.name


def test_texel_density_is_even_across_parts(any_mouth):
    layout = layout_atlas(any_mouth.parts, SIZE)
    density = []
    for part, piece in zip(any_mouth.parts, layout.parts, strict=True):
        uv_area = np.abs(_signed_areas(piece.uv, piece.faces)).sum() * SIZE**2
        p = part.attributes.position.astype(np.float64)[part.faces]
        area = 0.5 * np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1).sum()
        density.append(uv_area / area)
    assert max(density) / min(density) < 1.5


def test_a_pole_gets_a_copy_per_triangle_and_a_seam_a_shifted_copy():
    # A fan around a pole (vertex 0, no column) over a ring of 4 columns that wraps.
    chart = np.array([[np.nan, 0.0], [0.0, 0.5], [0.25, 0.5], [0.5, 0.5], [0.75, 0.5]])
    faces = np.array([[0, 1, 2], [0, 2, 3], [0, 3, 4], [0, 4, 1]])
    vertex, coords, new_faces = split_chart(chart, faces)
    np.testing.assert_array_equal(vertex[new_faces], faces)
    assert (vertex == 0).sum() == 4  # one pole per triangle
    assert (vertex == 1).sum() == 2  # column 0, and column 1 for the closing triangle
    pole_columns = sorted(coords[vertex == 0, 0])
    np.testing.assert_allclose(pole_columns, [0.125, 0.375, 0.625, 0.875])
    assert not np.isnan(coords).any()


def test_too_many_parts_for_a_tiny_atlas_is_an_error(mouth):
    with pytest.raises(ValueError, match="do not fit"):
        layout_atlas(mouth.parts, 16)


# -- texel sampling -------------------------------------------------------------------------


def test_cover_fills_a_square_once():
    # Two triangles making the square [2, 10] x [3, 7]: exactly its 8 x 4 texels, once each.
    corners = np.array([[[2, 3], [10, 3], [10, 7]], [[2, 3], [10, 7], [2, 7]]], float)
    texel, triangle, weights = cover(corners, 16)
    expected = [y * 16 + x for y in range(3, 7) for x in range(2, 10)]
    assert texel.tolist() == expected
    assert set(triangle.tolist()) == {0, 1}
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, atol=1e-6)


def _flat_part() -> MeshPart:
    """A 6 x 5 grid whose attributes are affine functions of its chart."""
    column, row = np.meshgrid(np.linspace(0, 1, 6), np.linspace(0, 1, 5))
    column, row = column.ravel(), row.ravel()
    i = np.arange(5 * 6).reshape(5, 6)
    a, b, c, d = i[:-1, :-1].ravel(), i[:-1, 1:].ravel(), i[1:, 1:].ravel(), i[1:, :-1].ravel()
    faces = np.concatenate([np.stack([a, b, c], -1), np.stack([a, c, d], -1)]).astype(np.int32)
    n = len(column)
    attributes = SurfaceAttributes(
        tooth=np.full(n, 11, np.int16),
        u=(0.3 + 0.4 * column).astype(np.float32),
        v=row.astype(np.float32),
        region=np.full(n, Region.ENAMEL, np.uint8),
        s=(0.5 * column - 0.2).astype(np.float32),
        position=np.stack([10 * column, 5 * row, np.zeros(n)], -1).astype(np.float32),
        normal=np.tile(np.float32([0, 0, 1]), (n, 1)),
    )
    chart = np.stack([column, row], -1).astype(np.float32)
    return MeshPart("11", 11, faces, attributes, chart)


def test_texel_attributes_interpolate_affine_attributes_exactly():
    part = _flat_part()
    layout = layout_atlas([part], 64)
    samples = rasterize(layout, [part])
    x0, y0, w, h = layout.parts[0].rect
    y, x = np.divmod(samples.texel, 64)
    column = (x + 0.5 - x0) / w
    row = 1.0 - (y + 0.5 - y0) / h
    a = samples.attributes
    assert len(a) == pytest.approx(w * h, rel=0.02)
    np.testing.assert_allclose(a.position[:, 0], 10 * column, atol=1e-3)
    np.testing.assert_allclose(a.position[:, 1], 5 * row, atol=1e-3)
    np.testing.assert_allclose(a.u, 0.3 + 0.4 * column, atol=1e-4)
    np.testing.assert_allclose(a.v, row, atol=1e-4)
    np.testing.assert_allclose(a.s, 0.5 * column - 0.2, atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(a.normal, axis=1), 1.0, atol=1e-5)
    assert (a.tooth == 11).all()


def test_a_texel_at_a_vertex_reproduces_its_attributes(mouth):
    layout = layout_atlas(mouth.parts, 1024)
    samples = rasterize(layout, mouth.parts)
    row_of = np.full(1024 * 1024, -1)
    row_of[samples.texel] = np.arange(len(samples.texel))
    a = samples.attributes
    checked = 0
    for part, piece in zip(mouth.parts, layout.parts, strict=True):
        keep = ~np.isnan(part.chart[piece.vertex]).any(axis=1)  # poles have no u
        texel = np.floor(piece.uv[keep] * 1024).astype(int)
        index = row_of[texel[:, 1] * 1024 + texel[:, 0]]
        found = index >= 0
        index, vertex = index[found], piece.vertex[keep][found]
        mine = part.attributes
        # Within a texel (~0.14 mm here) of the vertex.
        assert np.abs(a.position[index] - mine.position[vertex]).max() < 0.5, part.name
        assert (np.einsum("ij,ij->i", a.normal[index], mine.normal[vertex]) > 0.8).mean() > 0.99
        du = np.abs(a.u[index] - mine.u[vertex])
        assert np.minimum(du, 1 - du).max() < 0.05, part.name
        assert np.abs(a.v[index] - mine.v[vertex]).max() < 0.1, part.name
        assert np.abs(a.s[index] - mine.s[vertex]).max() < 0.02, part.name
        assert (a.region[index] == mine.region[vertex]).mean() > 0.95, part.name
        checked += len(index)
    assert checked > 0.8 * sum(len(p.attributes) for p in mouth.parts)


def test_texels_belong_to_their_part(mouth):
    layout = layout_atlas(mouth.parts, SIZE)
    samples = rasterize(layout, mouth.parts)
    y, x = np.divmod(samples.texel, SIZE)
    inside_any = np.zeros(len(samples.texel), bool)
    for part, piece in zip(mouth.parts, layout.parts, strict=True):
        rx, ry, w, h = piece.rect
        inside = (x >= rx) & (x < rx + w) & (y >= ry) & (y < ry + h)
        inside_any |= inside
        if part.fdi:
            assert (samples.attributes.tooth[inside] == part.fdi).all(), part.name
        else:
            assert (samples.attributes.region[inside] == Region.GINGIVA).all(), part.name
    assert inside_any.all()


# -- baking ---------------------------------------------------------------------------------


def test_baked_glow_is_zero_on_masked_out_teeth_and_lit_on_selected(mouth):
    layout = layout_atlas(mouth.parts, SIZE)
    samples = rasterize(layout, mouth.parts)
    textures = bake_textures(GLOW, samples)
    emission = textures.emission.reshape(-1, 3)[samples.texel].max(axis=1)
    a = samples.attributes
    selected = np.isin(a.tooth, (11, 21)) & (a.region == Region.ENAMEL)
    assert (emission[selected] > 0.5).all()
    assert (emission[~np.isin(a.tooth, (11, 21))] == 0).all()
    for name in ("12", "22", "31", "gingiva-upper"):
        x, y, w, h = layout.part(name).rect
        assert textures.emission[y : y + h, x : x + w].max() == 0, name
    assert textures.emission.max() == pytest.approx(compose(GLOW, mouth.merged()[1]).emission.max())


def test_every_texel_is_filled_and_charts_sample_like_their_vertices(mouth):
    """Bilinear samples of the baked albedo at the vertices' UVs (on seams and chart edges
    too) match the look composed at the vertices: no background bleeds in."""
    layout, textures = bake_atlas(GLOW, mouth, SIZE)
    for image in (textures.albedo, textures.alpha, textures.emission, textures.roughness):
        assert image.shape[:2] == (SIZE, SIZE) and np.isfinite(image).all()
    attributes = mouth.merged()[1]
    vertex_look = compose(GLOW, attributes, cache=None)
    # The texture carries the ambient occlusion the renderer shades the vertices with.
    vertex_albedo = occluded_albedo(vertex_look.albedo, attributes.ambient_or_open())
    offset = 0
    worst = []
    for part, piece in zip(mouth.parts, layout.parts, strict=True):
        sampled = _bilinear(textures.albedo, piece.uv)
        expected = vertex_albedo[offset + piece.vertex]
        worst.append(np.abs(sampled - expected).max(axis=1))
        offset += len(part.attributes)
    error = np.concatenate(worst)
    # Next to a contact the occlusion falls by up to 0.85 over a millimetre, a vertex or
    # two of the preview mesh and a few texels: bilinear samples there average it.
    assert np.quantile(error, 0.95) < 0.02
    assert np.quantile(error, 0.99) < 0.06
    assert error.max() < 0.25  # a texel of the background would be ~0.8 off


def _bilinear(image: np.ndarray, uv: np.ndarray) -> np.ndarray:
    size = image.shape[0]
    x = uv[:, 0].astype(np.float64) * size - 0.5
    y = uv[:, 1].astype(np.float64) * size - 0.5
    x0 = np.clip(np.floor(x).astype(int), 0, size - 2)
    y0 = np.clip(np.floor(y).astype(int), 0, size - 2)
    fx, fy = (x - x0)[:, None], (y - y0)[:, None]
    top = image[y0, x0] * (1 - fx) + image[y0, x0 + 1] * fx
    bottom = image[y0 + 1, x0] * (1 - fx) + image[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy
