"""Bake a design's look into atlas textures: its layers evaluated at every covered texel.

The layers are functions of the surface attributes, so the compositor runs on texel
samples exactly as it runs on mesh vertices for the live view, at any resolution. Every
texel that no triangle covers (the gutters around the charts, the unused background)
then takes the value of the nearest covered texel, so bilinear filtering and mipmaps
never blend the background into a chart's edge.

The layout, the texel samples and the nearest covered texels depend on the mouth and the
texture size only, not on the look: `atlas_sampling` keeps the last ones made (for one
mouth, while it lives), so exporting the same mouth again, with another look or to
another format, costs the compose and the encoding only (~0.5 s less at 1024 on two
cores).
"""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import distance_transform_edt

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.scene import occluded_albedo
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


def fill_textures(
    channels: Channels, samples: TexelSamples, nearest: NDArray[np.int64] | None = None
) -> AtlasTextures:
    """Channels at the covered texels (n samples) as whole images, every texel filled.
    nearest : nearest_covered(samples), when known."""
    if nearest is None:
        nearest = nearest_covered(samples)
    size = samples.size

    def image(values: F32) -> F32:
        filled: F32 = np.take(values, nearest, axis=0).reshape(size, size, *values.shape[1:])
        return filled

    # What the renderer shades with the ambient occlusion, the texture carries.
    albedo = occluded_albedo(channels.albedo, samples.attributes.ambient_or_open())
    return AtlasTextures(
        albedo=image(albedo),
        alpha=image(channels.alpha),
        emission=image(channels.emission),
        roughness=image(channels.roughness),
    )


@dataclass(frozen=True, eq=False)
class AtlasSampling:
    """Where a mouth's surface lies in a size x size atlas: the layout, the surface
    under the covered texels, and for every texel the sample nearest to it. Its arrays
    are read-only (they may be shared by several exports)."""

    layout: AtlasLayout
    samples: TexelSamples
    nearest: NDArray[np.int64]


# Sizes up to this are kept after use (2048: ~170 MB of samples; 8192 would be ~2.7 GB).
KEEP_SIZE = 2048
_kept: weakref.WeakKeyDictionary[Dentition, dict[int, AtlasSampling]] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def _kept_sampling(dentition: Dentition, size: int) -> AtlasSampling | None:
    with _kept_lock:
        return _kept.get(dentition, {}).get(size)


def _sampled(dentition: Dentition, size: int) -> tuple[AtlasLayout, TexelSamples]:
    """The layout and its texel samples, made read-only (they may be shared)."""
    layout = layout_atlas(dentition.parts, size)
    samples = rasterize(layout, dentition.parts)
    pieces = [(piece.vertex, piece.uv, piece.faces) for piece in layout.parts]
    arrays = [samples.texel, *(a for a in vars(samples.attributes).values() if a is not None)]
    for array in (*arrays, *(array for piece in pieces for array in piece)):
        array.flags.writeable = False
    return layout, samples


def _keep(
    dentition: Dentition, size: int, layout: AtlasLayout, samples: TexelSamples,
    nearest: NDArray[np.int64],
) -> AtlasSampling:  # fmt: skip
    nearest.flags.writeable = False
    sampling = AtlasSampling(layout, samples, nearest)
    if size <= KEEP_SIZE:
        with _kept_lock:
            _kept.clear()  # one mouth and size at a time: bounded memory
            _kept[dentition] = {size: sampling}
    return sampling


def atlas_sampling(dentition: Dentition, size: int) -> AtlasSampling:
    """The dentition's parts laid out in a size x size atlas and sampled at its texels;
    the last result is reused for the same dentition (an immutable object) and size."""
    found = _kept_sampling(dentition, size)
    if found is not None:
        return found
    layout, samples = _sampled(dentition, size)
    return _keep(dentition, size, layout, samples, nearest_covered(samples))


def forget_sampling() -> None:
    """Drop the kept atlas sampling (tests, or to free its memory)."""
    with _kept_lock:
        _kept.clear()


def bake_textures(design: Design, samples: TexelSamples, t: float = 0.0) -> AtlasTextures:
    """The design's channels at time t (s) over the atlas the samples cover."""
    return fill_textures(compose(design, samples.attributes, t, cache=None), samples)


def bake_atlas(
    design: Design, dentition: Dentition, size: int = 1024, t: float = 0.0
) -> tuple[AtlasLayout, AtlasTextures]:
    """Lay out the dentition's parts in a size x size atlas and bake the design into it."""
    sampling = _kept_sampling(dentition, size)
    if sampling is None:
        # A new mouth: the nearest covered texels (a distance transform, which lets go of
        # the GIL) are found on another thread while the layers compose.
        layout, samples = _sampled(dentition, size)
        with ThreadPoolExecutor(max_workers=1) as pool:
            nearest = pool.submit(nearest_covered, samples)
            channels = compose(design, samples.attributes, t, cache=None)
            sampling = _keep(dentition, size, layout, samples, nearest.result())
    else:
        channels = compose(design, sampling.samples.attributes, t, cache=None)
    return sampling.layout, fill_textures(channels, sampling.samples, sampling.nearest)
