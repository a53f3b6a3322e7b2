"""Importing this module registers every layer kind (natural, then luminous)."""

from fusionsmile.core.layers import glow, natural  # noqa: F401  (they register their kinds)
