"""Luminous layers: animated bioluminescent glow patterns (listed in `registry.CATALOGUE`)."""
