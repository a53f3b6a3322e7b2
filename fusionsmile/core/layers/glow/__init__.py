"""Luminous layers: animated bioluminescent glow patterns."""

from fusionsmile.core.layers.glow import (  # noqa: F401  (each registers its kinds)
    bands,
    constellation,
    decal,
    firefly,
    flowing,
    gradient,
    heartbeat,
    pulse,
    solid,
    sparkle,
    veins,
)
