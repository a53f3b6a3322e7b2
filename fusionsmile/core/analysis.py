"""Smile analysis: the figures dentists use to judge a smile, measured on the dentition.

Each metric comes with its reference range and source (`reference.py`) and whether the
design falls inside it. Apparent widths are measured as a camera in front would see
them: the extent of each crown along x, the patient's left-right axis.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.occlusion import measure_bite
from fusionsmile.core.reference import reference

_FRONT = {"right": (13, 12, 11), "left": (23, 22, 21)}


@dataclass(frozen=True)
class Metric:
    """One measured figure. `value` is None when the teeth it needs are missing."""

    name: str
    label: str
    value: float | None
    range: tuple[float, float]
    unit: str
    source: str

    @property
    def ok(self) -> bool | None:
        if self.value is None:
            return None
        return self.range[0] <= self.value <= self.range[1]

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["range"] = list(self.range)
        data["ok"] = self.ok
        data["value"] = None if self.value is None else round(self.value, 3)
        return data


def apparent_widths(dentition: Dentition) -> dict[int, float]:
    """Frontal (projected) width in mm of every upper front tooth that is present."""
    widths = {}
    for fdi in (*_FRONT["right"], *_FRONT["left"]):
        try:
            part = dentition.part(str(fdi))
        except KeyError:
            continue
        # The labial half of the crown (u from mesial through labial to distal) is what a
        # frontal photograph shows; the lingual bulk of a turned canine is hidden.
        attributes = part.attributes
        labial = (attributes.region == Region.ENAMEL) & (attributes.u <= 0.5)
        widths[fdi] = float(np.ptp(attributes.position[labial, 0]))
    return widths


def analyse(dentition: Dentition) -> dict[str, Metric]:
    """Every smile metric of a dentition, keyed by name."""
    widths = apparent_widths(dentition)
    metrics: list[Metric] = []

    def add(
        name: str,
        label: str,
        value: float | None,
        ref_name: str | None = None,
        bounds: tuple[float, float] | None = None,
        unit: str | None = None,
    ) -> None:
        ref = reference(ref_name or name)
        span = bounds or ref.range
        assert span is not None, name
        metrics.append(Metric(name, label, value, span, unit or ref.unit, ref.source))

    def mean_ratio(a: int, b: int) -> float | None:
        pairs = [(widths.get(a + d), widths.get(b + d)) for d in (10, 20)]
        ratios = [x / y for x, y in pairs if x and y]
        return float(np.mean(ratios)) if ratios else None

    add(
        "golden_central_lateral",
        "Central : lateral apparent width",
        mean_ratio(1, 2),
        "golden_proportion",
    )
    add(
        "golden_lateral_canine",
        "Lateral : canine apparent width",
        mean_ratio(2, 3),
        "golden_proportion",
    )
    add("red_lateral_central", "RED lateral / central", mean_ratio(2, 1), "red_proportion")
    add("red_canine_lateral", "RED canine / lateral", mean_ratio(3, 2), "red_proportion")

    golden_pct = reference("golden_percentage")
    total = sum(widths.values()) if len(widths) == 6 else None
    for kind, position in (("central", 1), ("lateral", 2), ("canine", 3)):
        share = None
        if total:
            share = 100.0 * (widths[10 + position] + widths[20 + position]) / 2.0 / total
        target = float(golden_pct.value[kind])
        tolerance = float(golden_pct.tolerance or 2.5)
        add(
            f"golden_percentage_{kind}",
            f"Golden percentage, {kind}",
            share,
            "golden_percentage",
            (target - tolerance, target + tolerance),
        )

    centrals = [dentition.placements[f] for f in (11, 21) if f in dentition.placements]
    ratio = None
    if centrals:
        ratio = float(np.mean([p.md_width / p.crown_length for p in centrals]))
    add("central_width_length", "Central incisor width / length", ratio)

    midline = None
    if len(centrals) == 2:
        midline = float(abs((centrals[0].contact_mesial[0] + centrals[1].contact_mesial[0]) / 2.0))
    add("midline_deviation", "Midline deviation", midline)

    asymmetry = None
    pairs = [(widths.get(10 + p), widths.get(20 + p)) for p in (1, 2, 3)]
    present = [abs(a - b) for a, b in pairs if a and b]
    if present:
        asymmetry = float(max(present))
    add("width_asymmetry", "Left/right width difference (largest)", asymmetry)

    for arch, fit in dentition.arch_fit.items():
        add(
            f"arch_discrepancy_{arch}",
            f"Arch length discrepancy, {arch} (+ crowding)",
            fit.discrepancy_mm,
            "arch_discrepancy",
        )

    zenith = reference("gingival_zenith_distal_offset")
    for kind, position in (("central", 1), ("lateral", 2), ("canine", 3)):
        offsets = []
        for fdi in (10 + position, 20 + position):
            placement = dentition.placements.get(fdi)
            if placement is None:
                continue
            # Distal is minus the mesial axis; the crown is centred on its origin.
            offsets.append(float(-(placement.zenith - placement.origin) @ placement.frame[:, 0]))
        target = float(zenith.value[kind])
        tolerance = float(zenith.tolerance or 0.5)
        add(
            f"zenith_offset_{kind}",
            f"Gingival zenith distal offset, {kind}",
            float(np.mean(offsets)) if offsets else None,
            "gingival_zenith_distal_offset",
            (target - tolerance, target + tolerance),
        )

    edges = {
        f: dentition.placements[f].incisal_point[1]
        for f in (11, 21, 12, 22, 13, 23)
        if f in dentition.placements
    }
    arc = step = None
    if {11, 21, 13, 23} <= edges.keys():
        arc = float((edges[13] + edges[23]) / 2.0 - (edges[11] + edges[21]) / 2.0)
    if {11, 21, 12, 22} <= edges.keys():
        step = float((edges[12] + edges[22]) / 2.0 - (edges[11] + edges[21]) / 2.0)
    add("smile_arc", "Smile arc: canine edges above central edges", arc)
    add("lateral_step", "Lateral incisal edge above central edge", step)

    bite = measure_bite(dentition)  # with the jaw closed, as on a cast
    add("overbite", "Overbite: upper over lower central incisors", bite.overbite_mm)
    add("overjet", "Overjet: upper central edge in front of the lower", bite.overjet_mm)
    return {metric.name: metric for metric in metrics}


def summary(metrics: dict[str, Metric]) -> str:
    """One line for a status bar: how many metrics fall inside their ranges."""
    measured = [m for m in metrics.values() if m.ok is not None]
    inside = sum(1 for m in measured if m.ok)
    return f"{inside}/{len(measured)} smile metrics inside their reference ranges"
