"""Texture atlas for exports: chart layout, texel sampling, baking a design's look."""

from fusionsmile.export.atlas.bake import AtlasTextures, bake_atlas, bake_textures, fill_textures
from fusionsmile.export.atlas.layout import AtlasLayout, PartLayout, layout_atlas
from fusionsmile.export.atlas.raster import TexelSamples, rasterize

__all__ = [
    "AtlasLayout",
    "AtlasTextures",
    "PartLayout",
    "TexelSamples",
    "bake_atlas",
    "bake_textures",
    "fill_textures",
    "layout_atlas",
    "rasterize",
]
