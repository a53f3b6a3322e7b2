"""Natural layers: the real tooth and gum (shade, translucency, texture, character);
listed in `registry.CATALOGUE`."""
