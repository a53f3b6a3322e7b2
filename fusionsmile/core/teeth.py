"""Tooth identity: FDI numbering, tooth types and the Wheeler size table.

FDI two-digit numbers: the first digit is the quadrant (1 upper right, 2 upper left,
3 lower left, 4 lower right, from the patient's point of view), the second the position
from the midline (1 central incisor ... 8 third molar).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Literal

from fusionsmile.assets import asset_path

ArchName = Literal["upper", "lower"]


class ToothType(StrEnum):
    """The eight kinds of permanent tooth, in order from the midline."""

    CENTRAL = "central"
    LATERAL = "lateral"
    CANINE = "canine"
    PREMOLAR1 = "premolar1"
    PREMOLAR2 = "premolar2"
    MOLAR1 = "molar1"
    MOLAR2 = "molar2"
    MOLAR3 = "molar3"

    @property
    def position(self) -> int:
        """FDI position digit, 1 (central incisor) to 8 (third molar)."""
        return _TOOTH_TYPES.index(self) + 1

    @property
    def is_anterior(self) -> bool:
        return self in (ToothType.CENTRAL, ToothType.LATERAL, ToothType.CANINE)

    @property
    def is_incisor(self) -> bool:
        return self in (ToothType.CENTRAL, ToothType.LATERAL)


# In FDI position order; listed once, not on every lookup (a build asks ~170 times).
_TOOTH_TYPES = tuple(ToothType)

QUADRANTS = (1, 2, 3, 4)  # FDI permanent quadrants: the teeth a design has
# Which arch a quadrant is in, permanent and deciduous (5-8) alike: the one home of it.
UPPER_QUADRANTS = (1, 2, 5, 6)
LOWER_QUADRANTS = (3, 4, 7, 8)


def all_fdi(third_molars: bool = True) -> tuple[int, ...]:
    """Every permanent tooth number, quadrant by quadrant, each from the midline out."""
    last = 8 if third_molars else 7
    return tuple(10 * q + p for q in QUADRANTS for p in range(1, last + 1))


def is_valid_fdi(number: int) -> bool:
    return number // 10 in QUADRANTS and 1 <= number % 10 <= 8


def quadrant(fdi: int) -> int:
    return fdi // 10


def tooth_type(fdi: int) -> ToothType:
    return _TOOTH_TYPES[fdi % 10 - 1]


def is_upper(fdi: int) -> bool:
    return quadrant(fdi) in UPPER_QUADRANTS


def arch_of(fdi: int) -> ArchName:
    return "upper" if is_upper(fdi) else "lower"


def side_sign(fdi: int) -> int:
    """-1 on the patient's right (quadrants 1 and 4), +1 on the left (2 and 3)."""
    return -1 if quadrant(fdi) in (1, 4) else 1


def contralateral(fdi: int) -> int:
    """The same tooth on the other side of the midline (11 <-> 21, 36 <-> 46)."""
    mirror = {1: 2, 2: 1, 3: 4, 4: 3}
    return 10 * mirror[quadrant(fdi)] + fdi % 10


def universal_number(fdi: int) -> int:
    """Universal (ADA) number: 1 upper right third molar ... 16 upper left, 17 ... 32."""
    q, p = quadrant(fdi), fdi % 10
    return {1: 9 - p, 2: 8 + p, 3: 25 - p, 4: 24 + p}[q]


@dataclass(frozen=True)
class ToothSize:
    """Average crown and root sizes of one tooth type, mm (Wheeler)."""

    crown_length: float
    root_length: float
    md_crown: float
    md_cervix: float
    ll_crown: float
    ll_cervix: float
    cej_mesial: float
    cej_distal: float


@cache
def _size_table() -> dict[tuple[str, str], ToothSize]:
    path = asset_path("tooth-sizes-wheeler.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        table = {}
        for row in rows:
            key = (row.pop("arch"), row.pop("tooth_type"))
            table[key] = ToothSize(**{name: float(value) for name, value in row.items()})
    return table


def wheeler_size(fdi: int) -> ToothSize:
    """Average sizes of the tooth with this FDI number."""
    return _size_table()[(arch_of(fdi), tooth_type(fdi).value)]
