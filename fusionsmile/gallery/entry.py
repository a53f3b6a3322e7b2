"""A gallery entry: one design in its own folder, with its thumbnail and metadata.

An entry is named by the SHA-256 of its design's canonical JSON, so the same design is
the same entry in every gallery, bundle and git repository. The metadata a listing needs
(title, author, tags...) comes from the index as a `Summary`; the design itself is read
from the folder only when asked for, so listing 10,000 entries never parses 10,000 designs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, canonical_json, read_design

DESIGN_FILE = "design.json"
THUMBNAIL_FILE = "thumbnail.png"
GLB_FILE = "model.glb"
PHOTO_FILE = "photo.jpg"  # only when its maker chose to share their portrait photo
ENTRY_FILE = "entry.json"  # the id and when the design was added


class GalleryError(ValueError):
    """One clear line naming the file or field at fault."""


def design_id(design: Design) -> str:
    """64 lowercase hex digits: SHA-256 of the design's canonical JSON."""
    return hashlib.sha256(canonical_json(design)).hexdigest()


@dataclass(frozen=True)
class Summary:
    """What the index keeps of a design's meta: enough to list and search without it."""

    title: str
    author: str
    license: str
    story: str
    tags: tuple[str, ...]
    mood: str | None
    parents: tuple[str, ...]

    @classmethod
    def of(cls, design: Design) -> Summary:
        meta = design.meta
        return cls(
            meta.title, meta.author, meta.license, meta.story, meta.tags, meta.mood, meta.parents
        )


@dataclass(frozen=True, eq=False)
class Entry:
    """One design of a gallery. Equal entries have equal ids."""

    id: str
    folder: Path
    created: datetime  # when it was added to this gallery (UTC)
    summary: Summary
    _design: list[Design] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def of(cls, design: Design, folder: Path, created: datetime) -> Entry:
        return cls(design_id(design), folder, created, Summary.of(design), [design])

    @property
    def design(self) -> Design:
        """The design, read from the folder on first use (GalleryError if it is broken)."""
        if not self._design:
            path = self.folder / DESIGN_FILE
            try:
                design = read_design(path)
            except DesignError as error:
                raise GalleryError(str(error)) from None
            if design_id(design) != self.id:
                raise GalleryError(f"{path}: the design was edited since it was indexed")
            self._design.append(design)
        return self._design[0]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    title = property(lambda self: self.summary.title)
    author = property(lambda self: self.summary.author)
    license = property(lambda self: self.summary.license)
    story = property(lambda self: self.summary.story)
    tags = property(lambda self: self.summary.tags)
    mood = property(lambda self: self.summary.mood)
    parents = property(lambda self: self.summary.parents)

    @property
    def thumbnail(self) -> Path:
        return self.folder / THUMBNAIL_FILE

    @property
    def glb(self) -> Path | None:
        path = self.folder / GLB_FILE
        return path if path.is_file() else None

    @property
    def photo(self) -> Path | None:
        """The portrait photo its maker shared with the design, or None (the usual case)."""
        path = self.folder / PHOTO_FILE
        return path if path.is_file() else None

    def as_json(self) -> dict[str, object]:
        """What `gallery list --json` and `show --json` print."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "license": self.license,
            "mood": self.mood,
            "tags": list(self.tags),
            "story": self.story,
            "parents": list(self.parents),
            "created": self.created.isoformat(),
            "folder": str(self.folder),
            "thumbnail": str(self.thumbnail),
            "glb": str(self.glb) if self.glb else None,
            "photo": str(self.photo) if self.photo else None,
        }
