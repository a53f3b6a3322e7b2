"""Credits of a design: who it was remixed or blended from, and its lineage.

A parent is named from the user's gallery when it is there, from the presets when its
id is a preset's (presets are content-addressed like entries), and by its short id
otherwise, so the history still shows where a person could go looking for it. The
app's gallery panel and lineage dialog show these; the command line can print them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fusionsmile.core.design import Design
from fusionsmile.gallery.entry import design_id
from fusionsmile.gallery.lineage import LineageNode
from fusionsmile.gallery.store import Gallery

SHORT_ID = 12


@dataclass(frozen=True)
class Known:
    """A design found by its id: in the gallery or among the presets."""

    title: str
    author: str
    where: str  # "gallery" or "presets"


def find(id: str, gallery: Gallery, presets: Mapping[str, Known]) -> Known | None:
    entry = gallery.find(id)
    if entry is not None:
        return Known(entry.title, entry.author, "gallery")
    return presets.get(id)


def credit(id: str, known: Known | None) -> str:
    """“Title” by Author, or the short id of a design found nowhere."""
    if known is None:
        return id[:SHORT_ID]
    return f"“{known.title}”" + (f" by {known.author}" if known.author else "")


def credits_text(design: Design, gallery: Gallery, presets: Mapping[str, Known]) -> str:
    """One line crediting the design's parents ("" when it has none)."""
    parents = design.meta.parents
    if not parents:
        return ""
    names = [credit(id, find(id, gallery, presets)) for id in parents]
    if len(names) == 1:
        return f"Remix of {names[0]}"
    return f"Blend of {', '.join(names[:-1])} and {names[-1]}"


def design_lineage(design: Design, gallery: Gallery) -> LineageNode:
    """The lineage of a design that may not be in the gallery (an unsaved remix)."""
    id = design_id(design)
    if gallery.find(id) is not None:
        return gallery.lineage(id)
    parents = tuple(
        gallery.lineage(parent) if gallery.find(parent) is not None else LineageNode(parent, None)
        for parent in design.meta.parents
    )
    return LineageNode(id, None, parents)
