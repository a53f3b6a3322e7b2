"""Shading channels: what layers write and what the renderer and exporters read.

All arrays are per sample (a mesh vertex or an atlas texel), float32:

albedo : (n, 3) linear RGB in [0, 1]        alpha : (n,) in [0, 1]
emission : (n, 3) linear RGB, HDR, >= 0     translucency : (n,) in [0, 1]
roughness : (n,) in [0, 1]
fluorescence : (n, 3) linear RGB, >= 0: light emitted only under a UV lamp (blacklight)
bump : (n, 3) world-space normal offset from micro-relief (perikymata, craze lines)
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
from numpy.typing import NDArray

F32 = NDArray[np.float32]

COLOUR_CHANNELS = ("albedo", "emission", "fluorescence")
SCALAR_CHANNELS = ("alpha", "translucency", "roughness")
VECTOR_CHANNELS = ("bump",)
CHANNEL_NAMES = COLOUR_CHANNELS + SCALAR_CHANNELS + VECTOR_CHANNELS


def channel_width(name: str) -> int:
    """Floats per sample of a channel: 3 for colours and vectors, 1 for scalars."""
    return 1 if name in SCALAR_CHANNELS else 3


@dataclass(frozen=True, eq=False)
class Channels:
    """The full set of channels for n samples."""

    albedo: F32
    alpha: F32
    emission: F32
    translucency: F32
    roughness: F32
    fluorescence: F32
    bump: F32

    def __len__(self) -> int:
        return int(self.alpha.shape[0])

    def replace(self, **changes: F32) -> Channels:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, F32]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @staticmethod
    def lerp(a: Channels, b: Channels, w: float) -> Channels:
        """a where w = 0, b where w = 1, every channel mixed linearly.

        Channels that b shares with a (the same array: no layer wrote them) are not mixed,
        which is what keeps an animation frame cheap.
        """
        weight = np.float32(w)
        mixed = {}
        for name in CHANNEL_NAMES:
            x, y = getattr(a, name), getattr(b, name)
            mixed[name] = x if x is y else x + weight * (y - x)
        return Channels(**mixed)


@dataclass(frozen=True, eq=False)
class LayerOutput:
    """What one layer writes. None: the layer leaves that channel alone.

    coverage : (n,) in [0, 1], where the layer applies (spots, a decal); None = everywhere.
               The compositor multiplies it by the layer's opacity and mask.
    """

    coverage: F32 | None = None
    albedo: F32 | None = None
    alpha: F32 | None = None
    emission: F32 | None = None
    translucency: F32 | None = None
    roughness: F32 | None = None
    fluorescence: F32 | None = None
    bump: F32 | None = None

    def written(self) -> tuple[str, ...]:
        return tuple(name for name in CHANNEL_NAMES if getattr(self, name) is not None)
