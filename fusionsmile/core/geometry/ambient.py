"""Ambient occlusion of the crowns, baked per sample at build time.

What makes the space between real teeth read as depth is that little light reaches it:
the proximal faces of neighbouring crowns see each other, not the room, and the crown
just above the gum margin sits in the margin's shadow. Each crown sample gets the share
of ambient light that reaches it (1 open, 0 enclosed; glTF's "occlusion"), from terms
that are cheap because the mouth's layout is known:

- **Neighbours.** Between two neighbouring crowns of an arch, the interproximal plane
  passes through their contact points, across the arch. A sample at distance h from it,
  on its own side, faces a neighbour about 2h away (the neighbour mirrors it): it loses
  `NEIGHBOUR_DARK * exp(-2h / GAP_MM)` of its sky, as far as its normal faces the
  neighbour (wrapped a little past 90 degrees), and only where the neighbour is
  (between its cervical line and its edge, in the arch's vertical). Spacing and a
  diastema widen the gap and so open it up.
- **Gum margin.** The collar of crown just above the gum margin (the gum covers
  `MARGIN_COVER_MM` of enamel) loses up to `MARGIN_DARK`, fading over `MARGIN_FADE_MM`.

A ray-cast or point-disk occlusion over the whole mesh measured 0.3-0.9 s per default
build here (a k-d tree query per vertex); these terms cost a few milliseconds and give
the part that shows, the embrasures. The value is a geometric attribute like the
normal: the renderer shades with it (`surface.frag`) and the exporters bake it into the
colours they write, so both show the same depth.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.placement import ToothPose
from fusionsmile.core.teeth import arch_of

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]

NEIGHBOUR_DARK = 0.85  # sky lost by a face at its (closed) contact
GAP_MM = 1.0  # gap across which a neighbour takes 1/e of that
# A face turned away from the neighbour still sees it near the contact (the line angles,
# where the labial face turns into the embrasure): facing = (cos + FACING_WRAP) / (1 + wrap).
FACING_WRAP = 0.25
EXTENT_FADE_MM = 0.6  # beyond the neighbour's edge or gum line, its shadow fades over this
MARGIN_COVER_MM = 0.6  # enamel under the gum (gingiva._MARGIN_COVER_MM)
MARGIN_DARK = 0.3
MARGIN_FADE_MM = 0.6


def crown_ambient(
    positions: Mapping[int, F32],
    normals: Mapping[int, F32],
    heights: Mapping[int, F32],
    poses: Mapping[int, ToothPose],
) -> dict[int, F32]:
    """Share of ambient light (0 enclosed .. 1 open) at every vertex of every crown.

    positions, normals : fdi -> (n, 3) world frame, mm; heights : fdi -> (n,) height of
    each vertex above its cervical line, mm; poses : the teeth's placements (missing
    ones are not neighbours)
    returns : fdi -> (n,) float32
    """
    pairs = neighbour_pairs(poses, set(positions))
    return {
        fdi: tooth_ambient(
            height,
            positions[fdi],
            normals[fdi],
            [
                (poses[a], poses[b], fdi == a, positions[b if fdi == a else a])
                for a, b in pairs
                if fdi in (a, b)
            ],
        )
        for fdi, height in heights.items()
    }


Neighbour = tuple[ToothPose, ToothPose, bool, F32]


def tooth_ambient(height: F32, position: F32, normal: F32, neighbours: list[Neighbour]) -> F32:
    """Share of ambient light at the vertices of one crown (see crown_ambient): each
    crown's depends only on its own vertices and its neighbours', so a rebuild after a
    one-tooth edit can keep the others'.

    height : (n,) of each vertex above the cervical line, mm; position, normal : (n, 3)
    neighbours : per neighbour pair of this crown, in arch order (neighbour_pairs): the
                 poses of the pair (a, b), whether this crown is a, and the neighbour's
                 positions (m, 3)
    returns : (n,) float32
    """
    access = 1.0 - MARGIN_DARK * np.exp(-np.maximum(height - MARGIN_COVER_MM, 0.0) / MARGIN_FADE_MM)
    p = position.astype(np.float64)
    n = normal.astype(np.float64)
    for pose_a, pose_b, is_a, other in neighbours:
        point, across = _interproximal_plane(pose_a, pose_b)
        direction = across if is_a else -across
        distance = np.maximum(-((p - point) @ direction), 0.0)
        facing = np.clip((n @ direction + FACING_WRAP) / (1.0 + FACING_WRAP), 0.0, 1.0)
        lo, hi = _vertical_extent(other)
        outside = np.maximum(lo - p[:, 1], 0.0) + np.maximum(p[:, 1] - hi, 0.0)
        reach = np.exp(-((outside / EXTENT_FADE_MM) ** 2))
        shade = NEIGHBOUR_DARK * np.exp(-2.0 * distance / GAP_MM) * facing * reach
        access = access * (1.0 - shade)
    out: F32 = np.clip(access, 0.0, 1.0).astype(np.float32)
    return out


def neighbour_pairs(poses: Mapping[int, ToothPose], present: set[int]) -> list[tuple[int, int]]:
    """Crowns next to each other along each arch (both present), in arch order."""
    pairs = []
    for arch in ("upper", "lower"):
        teeth = sorted(
            (pose.arc_center, fdi)
            for fdi, pose in poses.items()
            if fdi in present and arch_of(fdi) == arch and not pose.missing
        )
        pairs += [(a, b) for (_, a), (_, b) in itertools.pairwise(teeth)]
    return pairs


def _interproximal_plane(a: ToothPose, b: ToothPose) -> tuple[F64, F64]:
    """A point (3,) of the plane between crowns a and b and its unit normal (3,), which
    points from a to b, level (across the arch at the contact)."""
    contact_a = a.contacts[np.argmin(np.linalg.norm(a.contacts - b.origin, axis=1))]
    contact_b = b.contacts[np.argmin(np.linalg.norm(b.contacts - a.origin, axis=1))]
    across = b.origin - a.origin
    across[1] = 0.0
    unit: F64 = across / max(float(np.linalg.norm(across)), 1e-9)
    point: F64 = 0.5 * (contact_a + contact_b)
    return point, unit


def _vertical_extent(position: F32) -> tuple[float, float]:
    """Lowest and highest y of a crown's vertices, mm."""
    return float(position[:, 1].min()), float(position[:, 1].max())
