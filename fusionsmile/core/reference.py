"""Figures from the literature, each with its range and source.

They live once, in ``assets/smile-reference.json`` (smile design: proportions, arches,
photo metrics), ``assets/tooth-optics.json`` (colour and fluorescence of natural teeth)
and ``assets/bioluminescence-timing.json`` (how fireflies and dinoflagellates flash); the
geometry generator, the shades, the layers and the smile analysis read them from here,
by name (unique across the files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from fusionsmile.assets import asset_path


@dataclass(frozen=True)
class Reference:
    """One published figure: its value, acceptable range, unit and source."""

    name: str
    value: Any
    range: tuple[float, float] | None
    tolerance: float | None
    unit: str
    source: str


FILES = ("smile-reference.json", "tooth-optics.json", "bioluminescence-timing.json")


@cache
def references() -> dict[str, Reference]:
    entries: dict[str, Any] = {}
    for file in FILES:
        raw = json.loads(asset_path(file).read_text(encoding="utf-8"))
        for name, entry in raw.items():
            if name in entries and not name.startswith("_"):
                raise ValueError(f"{file}: {name!r} is already in another reference file")
            entries[name] = entry
    table = {}
    for name, entry in entries.items():
        if name.startswith("_"):
            continue
        bounds = entry.get("range")
        table[name] = Reference(
            name=name,
            value=entry["value"],
            range=(float(bounds[0]), float(bounds[1])) if bounds else None,
            tolerance=entry.get("tolerance"),
            unit=entry["unit"],
            source=entry["source"],
        )
    return table


def reference(name: str) -> Reference:
    return references()[name]
