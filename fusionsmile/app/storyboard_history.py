"""Undo and redo in the Film dialog: the storyboards its edits replaced.

Storyboards are frozen values, so the history is two stacks of them. Edits of one field
in a row (the letters of a caption, the steps of a spin box) carry the same merge key
and are undone as one. The design's own undo stack is not touched: a storyboard is how
the design is filmed, not the design.
"""

from __future__ import annotations

from collections.abc import Hashable

from fusionsmile.film.storyboard import Storyboard


class StoryboardHistory:
    """The storyboards before (undo) and after (redo) the one shown, at most depth each."""

    def __init__(self, depth: int = 200) -> None:
        self.depth = depth
        self._undo: list[Storyboard] = []
        self._redo: list[Storyboard] = []
        self._merging: Hashable | None = None

    def record(self, replaced: Storyboard, merge: Hashable | None = None) -> None:
        """An edit replaced the storyboard `replaced`; an edit with the merge key of the
        last one (not None) joins it. Whatever was undone cannot be redone any more."""
        if merge is None or merge != self._merging:
            self._undo = [*self._undo[-self.depth + 1 :], replaced]
        self._redo.clear()
        self._merging = merge

    def undo(self, current: Storyboard) -> Storyboard | None:
        """The storyboard before current (None: nothing to undo)."""
        return self._step(self._undo, self._redo, current)

    def redo(self, current: Storyboard) -> Storyboard | None:
        """The storyboard an undo left (None: nothing to redo)."""
        return self._step(self._redo, self._undo, current)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _step(
        self, source: list[Storyboard], target: list[Storyboard], current: Storyboard
    ) -> Storyboard | None:
        if not source:
            return None
        target.append(current)
        self._merging = None
        return source.pop()
