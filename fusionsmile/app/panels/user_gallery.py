"""The user's gallery as the Gallery dock uses it: opened once, on first use, and shared
by its parts (the grid's "My gallery" source, sharing, credits and lineage) instead of
each opening and closing its own. The index follows the folders by itself (another
process publishing, a hand edit), so one open gallery stays current.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from fusionsmile.gallery.store import Gallery


class UserGallery:
    """The gallery `open_gallery()` opens (default: the user's), opened on the first
    `get()`; the UI thread's only (a Gallery is not thread-safe)."""

    def __init__(self, open_gallery: Callable[[], Gallery] | None = None) -> None:
        self._open_gallery = open_gallery or (lambda: Gallery.default())
        self._gallery: Gallery | None = None

    def get(self) -> Gallery:
        """The open gallery; raises GalleryError when it cannot be created (and tries
        again on the next call)."""
        if self._gallery is None:
            self._gallery = self._open_gallery()
        return self._gallery

    def problems(self) -> list[str]:
        """What the open gallery's last reading of its folders had to skip, one line
        each, named from the entry's folder (not the whole path); none when not open."""
        if self._gallery is None:
            return []
        prefix = str(self._gallery.entries_folder) + os.sep
        return [line.removeprefix(prefix) for line in self._gallery.problems]

    def close(self) -> None:
        if self._gallery is not None:
            self._gallery.close()
            self._gallery = None
