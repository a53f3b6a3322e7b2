"""Community gallery (see the gallery issue). Never imports Qt."""
