"""Constellation's prepare measures stars with a KD-tree and lines only near each segment:
it must give what measuring every sample against every star and segment gives."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.glow import constellation as c
from fusionsmile.core.layers.glow.glowing import arch_mm
from fusionsmile.core.layers.registry import kind_for

PARAMS: tuple[dict[str, Any], ...] = (
    {},
    {"count": 80, "links": 4, "star_mm": 0.3, "line_mm": 0.8, "seed": 7},
    {"count": 2, "links": 1, "star_mm": 2.0, "line_mm": 0.05, "seed": 3},
    {"count": 120, "links": 0, "seed": 11},
    {"count": 40, "links": 3, "line_mm": 1.0, "seed": 5, "twinkle": 1.0},
)


@pytest.fixture(scope="module")
def mouths() -> list[SurfaceAttributes]:
    return [
        build(Geometry(resolution="preview")).merged()[1],
        build(Geometry(resolution="preview", tooth_size=1.1, crowding=0.6)).merged()[1],
    ]


def brute_segment_distance(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(m, e) distance from every point to every segment (the reference)."""
    along = end - start
    length2 = np.maximum(np.sum(along**2, axis=1), 1e-12)
    offset = points[:, None, :] - start[None, :, :]
    t = np.clip(np.sum(offset * along[None], axis=2) / length2, 0.0, 1.0)
    nearest = start[None] + t[..., None] * along[None]
    return np.linalg.norm(points[:, None, :] - nearest, axis=2)


def brute_levels(attributes: SurfaceAttributes, params: dict[str, Any]):
    """(face samples, nearest star, halo, line) by brute force, drawn as _prepare draws."""
    rng = np.random.default_rng(int(params["seed"]))
    face = c._front_faces(attributes)
    flat = np.column_stack([arch_mm(attributes)[face], attributes.position[face, 1]])
    flat = flat.astype(np.float32)
    star_mm, line_mm = float(params["star_mm"]), float(params["line_mm"])
    bottom, top = c._CHART_HEIGHT_MM
    chart_mm2 = 2 * c._CHART_ARCH_MM * (top - bottom)
    count = max(int(params["count"]), 1)
    gap = max(2 * c._SPACING_STARS * star_mm, c._EVENNESS * np.sqrt(c._FACES_MM2 / count))
    candidates = (
        np.array([-c._CHART_ARCH_MM, bottom])
        + rng.random((c._CANDIDATES, 2)) * np.array([2 * c._CHART_ARCH_MM, top - bottom])
    ).astype(np.float32)
    chart = candidates[c._scatter(candidates, round(count * chart_mm2 / c._FACES_MM2), gap, rng)]
    pairs = c._links(chart, chart[:, 1] > c._OCCLUSAL_MM, int(params["links"]))
    to_star = np.linalg.norm(flat[:, None, :] - chart[None], axis=2)
    star = np.argmin(to_star, axis=1)
    halo = c.star_shape(to_star[np.arange(len(face)), star], star_mm)
    line = np.zeros(len(face), dtype=np.float32)
    if len(pairs):
        distance = brute_segment_distance(flat, chart[pairs[:, 0]], chart[pairs[:, 1]])
        line = c._LINE_LEVEL * np.exp(-((distance.min(axis=1) / line_mm) ** 2))
    return face, star, halo, line


@pytest.mark.parametrize("given", PARAMS)
def test_prepare_matches_brute_force(mouths: list[SurfaceAttributes], given: dict[str, Any]):
    kind = kind_for("constellation")
    params = kind.resolve(given)
    for attributes in mouths:
        face, star, halo, line = brute_levels(attributes, params)
        keep = (halo > 0.01) | (line > 0.01)
        state = kind.prepare(attributes, params)
        np.testing.assert_array_equal(state.lit.index, face[keep])
        np.testing.assert_array_equal(state.star, star[keep])
        np.testing.assert_allclose(state.halo, halo[keep], atol=1e-6)
        np.testing.assert_allclose(state.line, line[keep], atol=1e-6)
        for t in (0.0, 0.7, 2.9):
            out = kind.evaluate(attributes, params, state, t)
            assert np.all(np.isfinite(out.emission))


def test_line_distance_matches_brute_force():
    rng = np.random.default_rng(1)
    points = rng.uniform(-20, 20, (3000, 2)).astype(np.float32)
    start = rng.uniform(-20, 20, (40, 2)).astype(np.float32)
    end = start + rng.uniform(-8, 8, (40, 2)).astype(np.float32)
    end[0] = start[0]  # a segment of no length: a point
    reach = 1.5
    brute = brute_segment_distance(points, start, end).min(axis=1)
    fast = c.line_distance(points, start, end, reach)
    near = brute <= reach
    np.testing.assert_allclose(fast[near], brute[near], atol=1e-5)
    assert np.all(fast[~near] > reach - 1e-5)
    assert np.all(np.isinf(c.line_distance(points, start[:0], end[:0], reach)))
    assert c.line_distance(points[:0], start, end, reach).shape == (0,)
