"""Constellation: twinkling stars on the front of the teeth, joined by faint lines.

Stars are scattered over the smile's unrolled front view (distance along the arch,
height), kept apart from each other, and shine on the labial faces that look forward.
Lines are drawn in the same view, so they run straight as seen from the front, and only
between stars of the same arch: each star links to its nearest neighbours, like a star
chart. The chart is drawn from the params alone, over a fixed stretch of the front view,
so every sample finds its stars itself, whichever other samples are evaluated.
Everything except the twinkle is worked out in `prepare`; a frame only sets each star's
brightness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.glowing import (
    F32,
    Lit,
    arch_mm,
    colour_at,
    frozen,
    glow_output,
    intensity_param,
    loop_fraction,
    nominal_outward,
    palette_param,
    period_of,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import SEED, SPEED, Param

LOOP_S = 6.0  # the twinkle repeats after this many seconds at speed 1
_LINE_LEVEL = 0.14  # lines are this much fainter than a star
_FAINTEST = 1e-7  # line levels below this are 0 (far under what a texel or a frame shows)
_HALO_LEVEL = 0.35  # a star's soft halo, relative to its core
_MAX_LINK_MM = 10.0  # longer links would cross the whole smile
_SPACING_STARS = 1.6  # stars are kept this many star sizes x 2 apart (at least)
_EVENNESS = 0.7  # and this fraction of the spacing that would spread them evenly
_LOOKS_OUT = 0.7  # normal . outward of the labial faces' samples
_FORWARD = 0.55  # a face can be seen from the front if its normal's z is above this
# The front view the labial faces that look forward cover on an adult mouth, mm: along
# the arch, height (upper above _OCCLUSAL_MM, lower below), and how much of it they fill.
_CHART_ARCH_MM = 33.0
_CHART_HEIGHT_MM = (-7.5, 10.5)
_FACES_MM2 = 550.0
_OCCLUSAL_MM = 0.0
_CANDIDATES = 6000  # random places tried for the stars


@dataclass(frozen=True, eq=False)
class _State:
    lit: Lit  # the samples on a star or a line
    emission: F32
    line: F32  # (k,) level of the lines (fixed)
    star: NDArray[np.intp]  # (k,) the nearest star
    halo: F32  # (k,) how much of that star's light reaches the sample
    cycles: NDArray[np.int64]  # (stars,) twinkles per loop
    phase: F32  # (stars,) where each star is in its twinkle at t = 0


def _front_faces(attributes: SurfaceAttributes) -> NDArray[np.intp]:
    """Enamel samples on labial faces that can be seen from the front."""
    v = attributes.v
    forward = attributes.normal[:, 2] > _FORWARD  # first: the cheapest test, the most out
    enamel = np.flatnonzero(
        forward & (attributes.region == Region.ENAMEL) & (v > 0.12) & (v < 0.92)
    )
    outward = nominal_outward(attributes.s[enamel])
    normal = attributes.normal[enamel]
    labial = np.einsum("ij,ij->i", normal, outward) > _LOOKS_OUT
    chosen: NDArray[np.intp] = enamel[labial]
    return chosen


def _scatter(flat: F32, count: int, gap: float, rng: np.random.Generator) -> NDArray[np.intp]:
    """Indices into flat (m, 2) of up to `count` points at least `gap` apart, at random."""
    chosen: list[int] = []
    for candidate in rng.permutation(len(flat)):
        if chosen and np.min(np.sum((flat[chosen] - flat[candidate]) ** 2, axis=1)) < gap**2:
            continue
        chosen.append(int(candidate))
        if len(chosen) == count:
            break
    return np.array(chosen, dtype=np.intp)


def _links(flat: F32, arch: NDArray[np.bool_], links: int) -> NDArray[np.intp]:
    """(e, 2) pairs of stars: each to its `links` nearest in the same arch, deduplicated."""
    pairs = set()
    for i in range(len(flat)):
        same = np.flatnonzero((arch == arch[i]) & (np.arange(len(flat)) != i))
        distance = np.linalg.norm(flat[same] - flat[i], axis=1)
        for j in same[np.argsort(distance)[:links]]:
            if np.linalg.norm(flat[j] - flat[i]) <= _MAX_LINK_MM:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return np.array(sorted(pairs), dtype=np.intp).reshape(-1, 2)


def star_shape(distance_mm: F32, size_mm: float) -> F32:
    """(m,) level of a star at distances from its centre: a bright core in a soft halo
    (a glint thinner than the gaps between samples would only break up into streaks)."""
    core = np.exp(-((distance_mm / (0.45 * size_mm)) ** 2))
    halo = _HALO_LEVEL * np.exp(-((distance_mm / size_mm) ** 2))
    return np.maximum(core, halo).astype(np.float32)  # type: ignore[no-any-return]


def line_distance(points: F32, start: F32, end: F32, reach: float) -> F32:
    """(m,) distance from each of (m, 2) points to the nearest of e segments start..end
    (e, 2), for the points within `reach` of one; inf for the others.

    Only the points near a segment are measured: each segment is cut into pieces about
    `reach` long and a KD-tree of the points finds those within reach of each piece."""
    distance = np.full(len(points), np.inf, dtype=np.float32)
    if not len(points) or not len(start):
        return distance
    along = (end - start).astype(np.float64)
    length = np.sqrt(np.sum(along**2, axis=1))
    pieces = np.maximum(np.ceil(length / max(reach, 1e-6)), 1).astype(np.intp)
    segment = np.repeat(np.arange(len(start)), pieces)
    piece = np.arange(len(segment)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    fraction = (piece + 0.5) / pieces[segment]
    centre = start[segment] + fraction[:, None] * along[segment]
    radius = 0.5 * length[segment] / pieces[segment] + reach
    near = cKDTree(points).query_ball_point(centre, radius, return_sorted=False)
    counts = np.fromiter((len(found) for found in near), dtype=np.intp, count=len(near))
    if not counts.sum():
        return distance
    index = np.concatenate([np.asarray(found, dtype=np.intp) for found in near])
    pair = np.repeat(segment, counts)
    offset = points[index].astype(np.float64) - start[pair]
    length2 = np.maximum(length[pair] ** 2, 1e-12)
    t = np.clip(np.einsum("ij,ij->i", offset, along[pair]) / length2, 0.0, 1.0)
    offset -= t[:, None] * along[pair]
    np.minimum.at(distance, index, np.sqrt(np.einsum("ij,ij->i", offset, offset)))
    return distance


def _prepare(attributes: SurfaceAttributes, params: Params) -> _State:
    rng = np.random.default_rng(int(params["seed"]))
    face = _front_faces(attributes)
    flat = np.column_stack([arch_mm(attributes)[face], attributes.position[face, 1]])
    flat = flat.astype(np.float32)
    star_mm, line_mm = float(params["star_mm"]), float(params["line_mm"])
    # `count` stars on the faces: as many more over the chart as it is larger than they.
    bottom, top = _CHART_HEIGHT_MM
    chart_mm2 = 2 * _CHART_ARCH_MM * (top - bottom)
    count = max(int(params["count"]), 1)
    # Keep stars apart by about the spacing that would spread them evenly over the faces.
    gap = max(2 * _SPACING_STARS * star_mm, _EVENNESS * np.sqrt(_FACES_MM2 / count))
    candidates = (
        np.array([-_CHART_ARCH_MM, bottom])
        + rng.random((_CANDIDATES, 2)) * np.array([2 * _CHART_ARCH_MM, top - bottom])
    ).astype(np.float32)
    chosen = _scatter(candidates, round(count * chart_mm2 / _FACES_MM2), gap, rng)
    chart = candidates[chosen]
    pairs = _links(chart, chart[:, 1] > _OCCLUSAL_MM, int(params["links"]))

    # Level of each face sample: its nearest star's halo, and the lines (fixed).
    star = np.zeros(len(face), dtype=np.intp)
    halo = np.zeros(len(face), dtype=np.float32)
    if len(chart) and len(face):
        to_star, star = cKDTree(chart).query(flat)
        halo = star_shape(to_star.astype(np.float32), star_mm)
    line = np.zeros(len(face), dtype=np.float32)
    if len(pairs):
        # Lines fade below _FAINTEST beyond reach: no need to measure further.
        reach = line_mm * float(np.sqrt(np.log(_LINE_LEVEL / _FAINTEST)))
        distance = line_distance(flat, chart[pairs[:, 0]], chart[pairs[:, 1]], reach)
        line = (_LINE_LEVEL * np.exp(-((distance / line_mm) ** 2))).astype(np.float32)
    keep = (halo > 0.01) | (line > 0.01)
    index = face[keep]
    lit = Lit(index=index, weight=np.ones(len(index), dtype=np.float32), n=len(attributes))

    hue = rng.random(len(chart)).astype(np.float32)
    star_colour = colour_at(str(params["palette"]), hue, float(params["intensity"]))
    line_colour = colour_at(str(params["palette"]), np.array([0.5]), float(params["intensity"]))
    # Where a star outshines the lines, the sample takes the star's colour.
    colour = np.where(
        (halo[keep] >= line[keep])[:, None], star_colour[star[keep]], line_colour[0]
    ).astype(np.float32)
    return _State(
        lit=lit,
        emission=frozen(lit.spread(colour)),
        line=frozen(line[keep].astype(np.float32)),
        star=star[keep],
        halo=frozen(halo[keep]),
        cycles=rng.integers(1, 4, size=len(chart)),
        phase=frozen(rng.random(len(chart)).astype(np.float32)),
    )


def _period(params: Params) -> float:
    return period_of(LOOP_S, float(params["speed"]))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    s: _State = state
    fraction = loop_fraction(t, LOOP_S, float(params["speed"]))
    # Whole twinkles per loop, so the loop has no seam.
    wave = 0.5 + 0.5 * np.cos(2 * np.pi * (s.cycles * fraction + s.phase))
    depth = np.float32(params["twinkle"])
    brightness = (1 - depth + depth * wave**2).astype(np.float32)
    stars = s.halo * brightness[s.star] if len(brightness) else s.halo
    return glow_output(s.lit, s.emission, np.maximum(stars, s.line))


KINDS = (
    LayerKind(
        name="constellation",
        label="Constellation",
        group="luminous",
        description="Twinkling stars on the front of the teeth, joined by faint lines.",
        params=(
            palette_param("luminous-bacteria"),
            intensity_param(6.0),
            SPEED,
            SEED,
            Param("count", "int", 24, "number of stars", minimum=2, maximum=120),
            Param(
                "links",
                "int",
                2,
                "lines from each star to its nearest neighbours",
                minimum=0,
                maximum=4,
            ),
            Param(
                "star_mm",
                "float",
                1.0,
                "size of a star's glow",
                minimum=0.2,
                maximum=2.0,
                unit="mm",
            ),
            Param(
                "line_mm",
                "float",
                0.2,
                "half-width of the lines",
                minimum=0.05,
                maximum=1.0,
                unit="mm",
            ),
            Param(
                "twinkle",
                "float",
                0.6,
                "how deeply the stars twinkle (0 steady)",
                minimum=0.0,
                maximum=1.0,
            ),
        ),
        evaluate=_evaluate,
        prepare=_prepare,
        animated=True,
        period=_period,
    ),
)
