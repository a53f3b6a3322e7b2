"""The registry of layer kinds: every kind module in one list, and lookup by name.

A new kind module goes in CATALOGUE (a test holds the list to the modules on disk). The
order is the order the app's menus and `fusionsmile layers` show the kinds in.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from fusionsmile.core.layers.glow import (
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
from fusionsmile.core.layers.kind import LayerError, LayerKind
from fusionsmile.core.layers.natural import character, gums, optics, shade, texture

__all__ = ["CATALOGUE", "LAYER_KINDS", "LayerError", "LayerKind", "all_kinds", "kind_for"]

# Every module that declares layer kinds (as KINDS): luminous, then natural.
CATALOGUE: tuple[ModuleType, ...] = (
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
    character,
    gums,
    optics,
    shade,
    texture,
)


def _registry(modules: Iterable[ModuleType]) -> dict[str, LayerKind]:
    """The kinds the modules declare, by name (names unique, each kind's params too)."""
    kinds: dict[str, LayerKind] = {}
    for module in modules:
        for kind in module.KINDS:
            if kind.name in kinds:
                raise ValueError(f"layer kind {kind.name!r} is registered twice")
            names = [param.name for param in kind.params]
            if len(set(names)) != len(names):
                raise ValueError(f"layer kind {kind.name!r} declares a parameter twice")
            kinds[kind.name] = kind
    return kinds


LAYER_KINDS: dict[str, LayerKind] = _registry(CATALOGUE)


def kind_for(name: str) -> LayerKind:
    """The registered kind called name; ValueError listing the kinds otherwise."""
    if name not in LAYER_KINDS:
        raise ValueError(f"unknown layer kind {name!r}; known kinds: {', '.join(LAYER_KINDS)}")
    return LAYER_KINDS[name]


def all_kinds() -> dict[str, LayerKind]:
    return LAYER_KINDS
