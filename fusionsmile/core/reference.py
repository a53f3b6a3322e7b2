"""Figures of smile design from the literature, each with its range and source.

They live once, in ``assets/smile-reference.json``; the geometry generator and the smile
analysis both read them from here.
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


@cache
def references() -> dict[str, Reference]:
    raw = json.loads(asset_path("smile-reference.json").read_text(encoding="utf-8"))
    table = {}
    for name, entry in raw.items():
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
