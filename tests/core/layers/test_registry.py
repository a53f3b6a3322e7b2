"""The layer registry: one explicit list of kind modules, held to the modules on disk."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fusionsmile.core.layers import registry
from fusionsmile.core.layers.kind import LayerKind
from fusionsmile.core.layers.params import Param
from fusionsmile.core.layers.registry import CATALOGUE, LAYER_KINDS

LAYERS = Path(registry.__file__).parent


def _declares_kinds(path: Path) -> bool:
    """Whether the module makes a LayerKind: then it is a kind module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == "LayerKind"
        for node in ast.walk(tree)
    )


def _kind_modules_on_disk() -> set[str]:
    return {
        ".".join(("fusionsmile", "core", "layers", *path.relative_to(LAYERS).with_suffix("").parts))
        for path in LAYERS.rglob("*.py")
        if path.name != "kind.py" and _declares_kinds(path)
    }


def test_the_catalogue_lists_every_kind_module_on_disk() -> None:
    on_disk = _kind_modules_on_disk()
    listed = {module.__name__ for module in CATALOGUE}
    assert len(on_disk) >= 16  # the scan finds the kind modules at all
    assert on_disk - listed == set(), "kind modules missing from registry.CATALOGUE"
    assert listed - on_disk == set(), "modules in registry.CATALOGUE that declare no kind"


def test_the_registry_holds_exactly_the_catalogues_kinds_in_its_order() -> None:
    declared = [kind for module in CATALOGUE for kind in module.KINDS]
    assert all(isinstance(kind, LayerKind) for kind in declared)
    assert list(LAYER_KINDS.values()) == declared
    # Every kind is evaluated by a function of the module that declares it.
    for module in CATALOGUE:
        for kind in module.KINDS:
            assert kind.evaluate.__module__ == module.__name__, kind.name


def _kind(name: str, *params: Param) -> LayerKind:
    return LayerKind(name, name, "luminous", "", params, evaluate=lambda a, p, s, t: None)  # type: ignore[arg-type, return-value]


class _Module:
    def __init__(self, *kinds: LayerKind) -> None:
        self.KINDS = kinds


def test_names_and_params_are_unique() -> None:
    glow = Param("glow", "float", 1.0, "", minimum=0.0, maximum=1.0)
    with pytest.raises(ValueError, match="'a' is registered twice"):
        registry._registry([_Module(_kind("a")), _Module(_kind("a"))])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="'b' declares a parameter twice"):
        registry._registry([_Module(_kind("b", glow, glow))])  # type: ignore[list-item]
