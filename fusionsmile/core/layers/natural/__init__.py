"""Natural layers: the real tooth and gum (shade, translucency, texture, character)."""

from fusionsmile.core.layers.natural import (  # noqa: F401  (they register their kinds)
    character,
    gums,
    optics,
    shade,
    texture,
)
