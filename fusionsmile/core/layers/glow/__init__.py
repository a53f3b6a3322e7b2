"""Luminous layers: animated bioluminescent glow patterns."""

from fusionsmile.core.layers.glow import solid  # noqa: F401  (registers its kinds)
