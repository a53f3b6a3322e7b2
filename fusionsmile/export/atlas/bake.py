"""Bake a design's look into atlas textures: its layers evaluated at every covered texel.

The layers are functions of the surface attributes, so the compositor runs on texel
samples exactly as it runs on mesh vertices for the live view, at any resolution. Every
texel that no triangle covers (the gutters around the charts, the unused background)
then takes the value of the nearest covered texel, so bilinear filtering and mipmaps
never blend the background into a chart's edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import distance_transform_edt

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import compose
from fusionsmile.export.atlas.layout import AtlasLayout, layout_atlas
from fusionsmile.export.atlas.raster import TexelSamples, rasterize

F32 = NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class AtlasTextures:
    """A design's look over a size x size atlas, row 0 at the top; every texel filled.

    albedo : (size, size, 3) float32, linear RGB in [0, 1]
    alpha : (size, size) float32 in [0, 1]
    emission : (size, size, 3) float32, linear RGB, HDR (>= 0)
    roughness : (size, size) float32 in [0, 1]
    """

    albedo: F32
    alpha: F32
    emission: F32
    roughness: F32

    @property
    def size(self) -> int:
        return int(self.alpha.shape[0])


def nearest_covered(samples: TexelSamples) -> NDArray[np.int64]:
    """(size * size,) for every texel, the index of the nearest covered texel's sample."""
    covered = samples.covered()
    rows, cols = distance_transform_edt(~covered, return_distances=False, return_indices=True)
    sample_of = np.zeros(samples.size * samples.size, dtype=np.int64)
    sample_of[samples.texel] = np.arange(len(samples.texel))
    nearest: NDArray[np.int64] = sample_of[(rows * samples.size + cols).ravel()]
    return nearest


def fill_textures(channels: Channels, samples: TexelSamples) -> AtlasTextures:
    """Channels at the covered texels (n samples) as whole images, every texel filled."""
    nearest = nearest_covered(samples)
    size = samples.size

    def image(values: F32) -> F32:
        filled: F32 = np.take(values, nearest, axis=0).reshape(size, size, *values.shape[1:])
        return filled

    return AtlasTextures(
        albedo=image(channels.albedo),
        alpha=image(channels.alpha),
        emission=image(channels.emission),
        roughness=image(channels.roughness),
    )


def bake_textures(design: Design, samples: TexelSamples, t: float = 0.0) -> AtlasTextures:
    """The design's channels at time t (s) over the atlas the samples cover."""
    return fill_textures(compose(design, samples.attributes, t, cache=None), samples)


def bake_atlas(
    design: Design, dentition: Dentition, size: int = 1024, t: float = 0.0
) -> tuple[AtlasLayout, AtlasTextures]:
    """Lay out the dentition's parts in a size x size atlas and bake the design into it."""
    layout = layout_atlas(dentition.parts, size)
    return layout, bake_textures(design, rasterize(layout, dentition.parts), t)
