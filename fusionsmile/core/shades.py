"""Tooth shades of the VITA guides as approximate CIE L*a*b* (D65), and linear sRGB.

No per-tab L*a*b* table of the VITA guides with a source was available (Pecho 2016 and
Ahn & Lee 2008 have them, behind paywalls), so every shade here is *derived* and marked
`approximate=True`. The derivation uses only these figures:

- the measured Bioform shade guide, `assets/bioform-shades.tsv` (O'Brien, Groh & Boenke
  1989, Dent Mater 5:371): its smallest L* (67.3), its chroma C*ab range (14.1-27.5) and
  its hue angle h_ab range (82.6-94.3 degrees, all yellowish: a* -1.3..+2.9);
- natural upper incisors, central and lateral (`NATURAL_CENTRAL`, `NATURAL_LATERAL`:
  `assets/tooth-optics.json`, J Korean Acad Pediatr Dent 2022;49:414);
- the published value order of VITA classical (lightest to darkest): A1, B1, B2, D2, A2,
  C1, C2, D3, A3, D4, B3, A3.5, B4, A4, C3, C4, and the structure of the guides.

How, for VITA classical (tab = family letter + chroma step 1, 2, 3, 3.5 or 4):

    L*  = L_light - (L_light - L_dark) * rank / 15      rank in the value order (0..15)
          L_light = the natural central incisor's L* (the lightest tab is about as
          light as a young central), L_dark = 67.3 (the darkest Bioform tab)
    C*  = family_chroma * (C_min + (C_max - C_min) * c)      c = (step - 1) / 3 in [0, 1]
    h   = h_red + (h_yellow - h_red) * (family_hue - 0.25 * c)
    a*, b* = C* cos h, C* sin h

with the hue families as described by VITA: A reddish-brown (family_hue 0.45, chroma 1.0),
B reddish-yellow (the yellowest: 0.85, 0.97), C grey (0.6, 0.85: less chroma at the same
step), D reddish-grey (the reddest: 0.2, 0.8). Higher chroma steps also turn a little
redder (the -0.25 c term), as the high-chroma Bioform tabs do (a* up to +2.9).

VITA 3D-Master (lightness group g = 1..5, hue L / M / R, chroma 1, 1.5, 2, 2.5, 3):

    L*  = L_light - step * (g - 1) - 0.6 * (chroma - 1)
          step = (L_light - L_dark - 1.2) / 4, so 1M1 = L_light and 5M3 = L_dark
    C*  = C_min + (C_max - C_min) * (0.8 (chroma - 1) / 2 + 0.2 (g - 1) / 4)
    h   = as above with family_hue 0.5 (M), 0.8 (L, yellowish), 0.2 (R, reddish)

Bleach shades 0M1-0M3 continue the lightness groups one step above group 1 (so all are
lighter than 1M1) with chroma *extrapolated* below the measured range, C* = C_min *
(0.35 + 0.1 (chroma - 1)), as bleached teeth are whiter than any shade-guide tab.

Colour differences between neighbouring derived tabs are several dE, far above the
perceptibility threshold (dE00 0.8): the table orders and spaces shades plausibly, it
does not reproduce a physical guide.
"""

from __future__ import annotations

import csv
import math
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fusionsmile.assets import asset_path
from fusionsmile.core.reference import reference

F32 = NDArray[np.float32]
ShadeSystem = Literal["vita-classical", "vita-3d-master", "bleach"]

# Natural upper incisors, CIE L*a*b* (assets/tooth-optics.json, with the source).
NATURAL_CENTRAL: tuple[float, float, float] = tuple(reference("natural_central_lab").value)
NATURAL_LATERAL: tuple[float, float, float] = tuple(reference("natural_lateral_lab").value)

VITA_CLASSICAL_VALUE_ORDER = (
    "A1", "B1", "B2", "D2", "A2", "C1", "C2", "D3",
    "A3", "D4", "B3", "A3.5", "B4", "A4", "C3", "C4",
)  # fmt: skip
VITA_3D_MASTER = (
    "1M1", "1M2", "2L1.5", "2L2.5", "2M1", "2M2", "2M3", "2R1.5", "2R2.5",
    "3L1.5", "3L2.5", "3M1", "3M2", "3M3", "3R1.5", "3R2.5",
    "4L1.5", "4L2.5", "4M1", "4M2", "4M3", "4R1.5", "4R2.5", "5M1", "5M2", "5M3",
)  # fmt: skip
BLEACH = ("0M1", "0M2", "0M3")

# family -> (hue position 0 = reddest .. 1 = yellowest Bioform hue, chroma factor)
_CLASSICAL_FAMILIES = {"A": (0.45, 1.0), "B": (0.85, 0.97), "C": (0.6, 0.85), "D": (0.2, 0.8)}
_3D_HUES = {"L": 0.8, "M": 0.5, "R": 0.2}
_REDDER_WITH_CHROMA = 0.25


@dataclass(frozen=True)
class Shade:
    """One shade tab: CIE L*a*b* under D65 (2-degree observer)."""

    name: str
    system: ShadeSystem
    lab: tuple[float, float, float]
    approximate: bool = True


@dataclass(frozen=True)
class MeasuredRange:
    """What the derivation takes from the measured Bioform guide."""

    l_dark: float
    chroma_min: float
    chroma_max: float
    hue_red_deg: float
    hue_yellow_deg: float


@cache
def bioform_tabs() -> tuple[tuple[str, float, float, float], ...]:
    """The measured Bioform tabs as (tab, L*, a*, b*), from assets/bioform-shades.tsv."""
    with asset_path("bioform-shades.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")  # fmt: skip
        return tuple(
            (row["tab"], float(row["L"]), float(row["a"]), float(row["b"])) for row in rows
        )


@cache
def measured_range() -> MeasuredRange:
    lab = np.array([tab[1:] for tab in bioform_tabs()], dtype=np.float64)
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    hue = np.degrees(np.arctan2(lab[:, 2], lab[:, 1]))
    return MeasuredRange(
        l_dark=float(lab[:, 0].min()),
        chroma_min=float(chroma.min()),
        chroma_max=float(chroma.max()),
        hue_red_deg=float(hue.min()),
        hue_yellow_deg=float(hue.max()),
    )


def _lab(lightness: float, chroma: float, hue_position: float) -> tuple[float, float, float]:
    m = measured_range()
    hue = math.radians(m.hue_red_deg + (m.hue_yellow_deg - m.hue_red_deg) * hue_position)
    return (round(lightness, 2), round(chroma * math.cos(hue), 2), round(chroma * math.sin(hue), 2))


def _classical(name: str, rank: int) -> Shade:
    m = measured_range()
    l_light = NATURAL_CENTRAL[0]
    hue_position, chroma_factor = _CLASSICAL_FAMILIES[name[0]]
    c = (float(name[1:]) - 1.0) / 3.0
    lightness = l_light - (l_light - m.l_dark) * rank / (len(VITA_CLASSICAL_VALUE_ORDER) - 1)
    chroma = chroma_factor * (m.chroma_min + (m.chroma_max - m.chroma_min) * c)
    return Shade(name, "vita-classical",
                 _lab(lightness, chroma, hue_position - _REDDER_WITH_CHROMA * c))  # fmt: skip


def _3d_master(name: str) -> Shade:
    m = measured_range()
    group, hue_letter, chroma_level = int(name[0]), name[1], float(name[2:])
    l_light = NATURAL_CENTRAL[0]
    step = (l_light - m.l_dark - 1.2) / 4.0
    lightness = l_light - step * (group - 1) - 0.6 * (chroma_level - 1.0)
    c = (chroma_level - 1.0) / 2.0
    if group == 0:
        chroma = m.chroma_min * (0.35 + 0.1 * (chroma_level - 1.0))
    else:
        chroma = m.chroma_min + (m.chroma_max - m.chroma_min) * (0.8 * c + 0.2 * (group - 1) / 4)
    system: ShadeSystem = "bleach" if group == 0 else "vita-3d-master"
    hue_position = _3D_HUES[hue_letter] - _REDDER_WITH_CHROMA * c
    return Shade(name, system, _lab(lightness, chroma, hue_position))


@cache
def shade_table() -> dict[str, Shade]:
    """Every shade by name: VITA classical (in value order), bleach, VITA 3D-Master."""
    table = {name: _classical(name, rank) for rank, name in enumerate(VITA_CLASSICAL_VALUE_ORDER)}
    table.update({name: _3d_master(name) for name in BLEACH + VITA_3D_MASTER})
    return table


SHADE_NAMES: tuple[str, ...] = VITA_CLASSICAL_VALUE_ORDER + BLEACH + VITA_3D_MASTER


def shade(name: str) -> Shade:
    """The shade called name; ValueError listing the names otherwise."""
    table = shade_table()
    if name not in table:
        raise ValueError(f"unknown shade {name!r}; known shades: {', '.join(table)}")
    return table[name]


@cache
def _colour() -> Any:
    with warnings.catch_warnings():
        # colour-science warns on import that matplotlib (plotting) is absent.
        warnings.simplefilter("ignore")
        import colour
    return colour


def lab_to_linear(lab: ArrayLike) -> F32:
    """CIE L*a*b* (D65, 2-degree observer) (n, 3) or (3,) -> linear sRGB, clipped to [0, 1]."""
    colour = _colour()
    d65 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D65"]
    xyz = colour.Lab_to_XYZ(np.asarray(lab, dtype=np.float64), d65)
    # sRGB's white is D65 too: no chromatic adaptation.
    rgb = colour.XYZ_to_RGB(xyz, colour.RGB_COLOURSPACES["sRGB"])
    return np.clip(np.asarray(rgb), 0.0, 1.0).astype(np.float32)  # type: ignore[no-any-return]


@cache
def lab_colour(lab: tuple[float, float, float]) -> F32:
    """Linear sRGB (3,) of one L*a*b* colour, computed once (do not modify the array)."""
    colour = lab_to_linear(lab)
    colour.setflags(write=False)
    return colour


def linear_to_lab(rgb: ArrayLike) -> NDArray[np.float64]:
    """Linear sRGB (reflectance, white = 1) (n, 3) or (3,) -> CIE L*a*b* (D65)."""
    colour = _colour()
    xyz = colour.RGB_to_XYZ(np.asarray(rgb, dtype=np.float64), colour.RGB_COLOURSPACES["sRGB"])
    return np.asarray(colour.XYZ_to_Lab(xyz), dtype=np.float64)


def nearest_shade(lab: ArrayLike, uncertain_lightness: bool = False) -> tuple[str, float]:
    """(name, CIEDE2000 difference) of the shade closest to lab. uncertain_lightness
    counts lightness half (CIEDE2000's textile weighting, k_L = 2), for a colour whose
    exposure is uncertain (a photo's) while its hue and chroma are not."""
    colour = _colour()
    names = list(shade_table())
    table = np.array([shade_table()[name].lab for name in names], dtype=np.float64)
    sample = np.broadcast_to(np.asarray(lab, dtype=np.float64), table.shape)
    differences = colour.difference.delta_E_CIE2000(sample, table, textiles=uncertain_lightness)
    best = int(np.argmin(differences))
    return names[best], float(differences[best])
