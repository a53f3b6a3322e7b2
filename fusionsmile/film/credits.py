"""The credits of a film: the design's title, author and licence, the designs it blends
into on screen (a storyboard's blend shots), then everything it remixes, its whole
lineage, each with its author and licence.

Designs are found by content id through a lookup (the user's gallery, the presets),
so the credits are plain data that tests build without either. A parent found nowhere
is still credited, by its short id, so the line says where a person could look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.core.untrusted_text import one_line
from fusionsmile.gallery.entry import design_id
from fusionsmile.gallery.store import Gallery

SHORT_ID = 12
MAX_ANCESTORS = 20  # a card holds about this many lines
LINE_LENGTH = 200  # a storyboard line's limit


@dataclass(frozen=True)
class Credit:
    """One design in a lineage."""

    id: str
    title: str
    author: str
    license: str
    parents: tuple[str, ...] = ()

    def line(self) -> str:
        """“Title” by Author · licence (one line of text: a stranger's newlines and
        controls are spaces)."""
        title, author, licence = (
            one_line(text) for text in (self.title, self.author, self.license)
        )
        by = f" by {author}" if author else ""
        return _fit(f"“{title}”{by} · {licence or 'no licence given'}")


Lookup = Callable[[str], Credit | None]


def design_credit(design: Design) -> Credit:
    meta = design.meta
    return Credit(design_id(design), meta.title, meta.author, meta.license, meta.parents)


def ancestors(design: Design, lookup: Lookup) -> list[Credit | str]:
    """The designs this one remixes, parents first, then theirs (breadth first), each
    once; an id found nowhere stays a str. At most MAX_ANCESTORS."""
    found: list[Credit | str] = []
    seen = {design_id(design)}
    queue = list(design.meta.parents)
    while queue and len(found) < MAX_ANCESTORS:
        id = queue.pop(0)
        if id in seen:
            continue  # a diamond: two parents sharing a grandparent
        seen.add(id)
        credit = lookup(id)
        found.append(credit if credit is not None else id)
        if credit is not None:
            queue.extend(credit.parents)
    return found


def credit_lines(design: Design, lookup: Lookup, shown: Sequence[Design] = ()) -> tuple[str, ...]:
    """Lines of the credits card: the design, the other designs the film shows (its
    blends, each once), then the design's lineage, then the tool."""
    lines = [design_credit(design).line()]
    others = {design_id(other): design_credit(other) for other in shown}
    others.pop(design_id(design), None)
    if others:
        lines += ["", "Blended on screen with", *(credit.line() for credit in others.values())]
    lineage = ancestors(design, lookup)
    if lineage:
        lines += ["", "Remixed from" if len(design.meta.parents) == 1 else "Blended from"]
        lines += [
            item.line() if isinstance(item, Credit) else f"design {item[:SHORT_ID]} (not found)"
            for item in lineage
        ]
    lines += ["", "Made with FusionSmile"]
    return tuple(lines)


def preset_credits(paths: Iterable[Path]) -> dict[str, Credit]:
    """Credits of preset designs by content id (a broken preset is skipped)."""
    credits = {}
    for path in paths:
        try:
            credit = design_credit(read_design(path))
        except (DesignError, OSError):
            continue
        credits[credit.id] = credit
    return credits


def gallery_lookup(gallery: Gallery | None, presets: dict[str, Credit]) -> Lookup:
    """Find a design in the gallery first, then among the presets."""

    def lookup(id: str) -> Credit | None:
        entry = gallery.find(id) if gallery is not None else None
        if entry is not None:
            s = entry.summary
            return Credit(id, s.title, s.author, s.license, s.parents)
        return presets.get(id)

    return lookup


def _fit(line: str) -> str:
    return line if len(line) <= LINE_LENGTH else line[: LINE_LENGTH - 1] + "…"
