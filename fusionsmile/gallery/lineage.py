"""The lineage of an entry: the tree of the designs it was remixed or blended from.

A parent that is not in this gallery (it was never imported) still appears, by its id,
so a person can see that the history goes on and go looking for it. Entries are looked up
through a function (the gallery's `find`), so this module knows nothing of the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fusionsmile.core.untrusted_text import escape_controls
from fusionsmile.gallery.entry import Entry

Find = Callable[[str], Entry | None]  # an entry by its full id; None: not in this gallery

MAX_DEPTH = 64  # ids are content hashes so cycles cannot happen, but folders can be hand-made


@dataclass(frozen=True)
class LineageNode:
    id: str
    entry: Entry | None  # None: not in this gallery
    parents: tuple[LineageNode, ...] = ()
    repeated: bool = False  # already shown higher up this tree (a diamond or a cycle)

    @property
    def known(self) -> bool:
        return self.entry is not None

    @property
    def label(self) -> str:
        if self.entry is None:
            return f"{self.id[:12]}  (not in this gallery)"
        # One node per line: a title's own newline or escape codes are shown escaped.
        author = f" by {escape_controls(self.entry.author)}" if self.entry.author else ""
        return f"{self.id[:12]}  {escape_controls(self.entry.title)}{author}" + (
            "  (see above)" if self.repeated else ""
        )

    def lines(self) -> list[str]:
        """The tree as text, one node per line, parents indented below their child."""
        out = [self.label]
        for number, parent in enumerate(self.parents):
            last = number == len(self.parents) - 1
            branch, rest = ("└─ ", "   ") if last else ("├─ ", "│  ")
            child = parent.lines()
            out.append(branch + child[0])
            out.extend(rest + line for line in child[1:])
        return out

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.entry.title if self.entry else None,
            "known": self.known,
            "parents": [parent.as_json() for parent in self.parents],
        }


def lineage(id: str, find: Find) -> LineageNode:
    """The tree of the design id (a full id) and its ancestors, each looked up with find."""
    return _node(find, id, set(), 0)


def _node(find: Find, id: str, seen: set[str], depth: int) -> LineageNode:
    entry = find(id)
    if id in seen or depth >= MAX_DEPTH:
        return LineageNode(id, entry, (), repeated=True)
    seen.add(id)
    parents = () if entry is None else entry.parents
    return LineageNode(id, entry, tuple(_node(find, p, seen, depth + 1) for p in parents))
