"""The pure core: design model, geometry, analysis. Never imports Qt."""
