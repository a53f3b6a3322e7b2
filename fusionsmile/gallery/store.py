"""A gallery on disk: one readable folder per entry, and an index to search them.

    <root>/entries/<title-slug>-<first 12 hex of the id>/
        design.json      the design, as `fusionsmile` writes it (the truth)
        thumbnail.png    480x270, rendered by FusionSmile, carrying the design
        entry.json       the id and when the entry was added
        model.glb        optional
    <root>/index.sqlite  rebuilt from the folders whenever it is missing, corrupt or stale

An entry folder is written under a hidden temporary name and renamed into place, so a
crash never leaves half an entry where the index or a person would find it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from fusionsmile.core.atomic import WriteError, atomic_write
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, design_to_json, read_design
from fusionsmile.core.leftovers import is_running
from fusionsmile.core.regular_file import read_regular
from fusionsmile.gallery.entry import (
    DESIGN_FILE,
    ENTRY_FILE,
    GLB_FILE,
    PHOTO_FILE,
    THUMBNAIL_FILE,
    Entry,
    GalleryError,
    Summary,
    design_id,
)
from fusionsmile.gallery.index import SORTS, Index, Progress, Row, Stamp, entry_of, stamp_of
from fusionsmile.gallery.lineage import LineageNode, lineage
from fusionsmile.gallery.shareable import check_shared_photo
from fusionsmile.gallery.thumbnail import carrying_design, check_glb, check_thumbnail

INDEX_FILE = "index.sqlite"
ENTRIES_FOLDER = "entries"
MAX_ENTRY_BYTES = 4096  # an entry.json is one short line
_ID_PREFIX = re.compile(r"^[0-9a-f]{6,64}$")
# An entry being written: .adding-<pid>-<random>, renamed into place when whole.
_ADDING = ".adding-"
_ADDING_PID = re.compile(r"^\.adding-(\d+)-")
T = TypeVar("T")


class Gallery:
    """The entries under root. Not thread-safe: give each thread its own Gallery."""

    def __init__(self, root: Path, on_progress: Progress | None = None) -> None:
        self.root = Path(root)
        self.entries_folder = self.root / ENTRIES_FOLDER
        try:
            self.entries_folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise GalleryError(f"cannot create gallery {self.root}: {error.strerror}") from None
        self.on_progress = on_progress  # (done, total) while reading folders into the index
        self.problems: list[str] = []  # folders the last index update had to skip, one line each
        self._index: Index | None = None
        self._seen: int | None = None  # mtime of the entries folder at the last sync

    @classmethod
    def default(cls) -> Gallery:
        """The gallery in the user data folder (FUSIONSMILE_GALLERY overrides it)."""
        override = os.environ.get("FUSIONSMILE_GALLERY")
        if override:
            return cls(Path(override))
        from platformdirs import user_data_path

        return cls(user_data_path("fusionsmile", appauthor=False) / "gallery")

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    # -- reading ---------------------------------------------------------------------

    def get(self, id_or_prefix: str) -> Entry:
        """The entry whose id starts with id_or_prefix (at least 6 hex digits)."""
        prefix = id_or_prefix.strip().lower()
        if not _ID_PREFIX.match(prefix):
            raise GalleryError(f"{id_or_prefix!r} is not an entry id (6 to 64 hex digits)")
        rows = self._query(lambda index: index.search(id_prefix=prefix, limit=2))
        if not rows:
            raise GalleryError(f"no entry {prefix} in the gallery {self.root}")
        if len(rows) > 1:
            raise GalleryError(f"{prefix} matches several entries; give more digits")
        return entry_of(rows[0], self.entries_folder)

    def find(self, id: str) -> Entry | None:
        """The entry with exactly this id, or None."""
        rows = self._query(lambda index: index.search(id_prefix=id, limit=2))
        match = [row for row in rows if row.id == id]
        return entry_of(match[0], self.entries_folder) if match else None

    def __contains__(self, id: str) -> bool:
        return self.find(id) is not None

    def __len__(self) -> int:
        return self._query(lambda index: index.count())

    def entries(self) -> list[Entry]:
        """Every entry, newest first."""
        return self.search()

    def search(
        self,
        text: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        mood: str | None = None,
        sort: str = "date",
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries matching all the given filters. text: every word, as a word prefix, in
        title, author, story or tags; tag, author: whole, case-insensitive; sort: one of
        date (newest first), date-asc, title, title-desc."""
        if sort not in SORTS:
            raise GalleryError(f"sort {sort!r}: choose one of {', '.join(SORTS)}")
        rows = self._query(lambda index: index.search(text, tag, author, mood, sort, limit))
        return [entry_of(row, self.entries_folder) for row in rows]

    def lineage(self, id: str) -> LineageNode:
        """The ancestors of the entry id or prefix (GalleryError if it is not here)."""
        return lineage(self.get(id).id, self.find)

    # -- writing ---------------------------------------------------------------------

    def add(
        self,
        design: Design,
        thumbnail_png: bytes | None = None,
        glb: bytes | None = None,
        photo_jpeg: bytes | None = None,
    ) -> tuple[Entry, bool]:
        """(the entry, True) after adding design, or (the entry already there, False).

        thumbnail_png : rendered by FusionSmile when None; checked to be a sane PNG
        glb : optional binary glTF kept beside it
        photo_jpeg : the portrait its maker chose to share (`shareable_with_photo`),
            checked to be the metadata-free photo the design names
        """
        id = design_id(design)
        existing = self.find(id)
        if existing is not None:
            return existing, False
        if photo_jpeg is not None:  # before anything is drawn from it
            check_shared_photo(photo_jpeg, design, PHOTO_FILE)
        if thumbnail_png is None:
            from fusionsmile.gallery.thumbnail import render_portrait_thumbnail, render_thumbnail

            # A shared portrait is the picture: the smile on its maker's own face.
            thumbnail_png = (
                render_portrait_thumbnail(design, photo_jpeg)
                if photo_jpeg is not None
                else render_thumbnail(design)
            )
        check_thumbnail(thumbnail_png, THUMBNAIL_FILE)
        thumbnail_png = carrying_design(thumbnail_png, design)
        if glb is not None:
            check_glb(glb, GLB_FILE)
        created = datetime.now(UTC)
        files = {
            DESIGN_FILE: design_to_json(design).encode("utf-8"),
            THUMBNAIL_FILE: thumbnail_png,
            ENTRY_FILE: _entry_json(id, created),
        }
        if glb is not None:
            files[GLB_FILE] = glb
        if photo_jpeg is not None:
            files[PHOTO_FILE] = photo_jpeg
        # The folder is named by the design, so the same design published by several
        # processes at once lands on one name: the first rename wins, the others find
        # their design there and say so. The full id is the name for a 48-bit prefix
        # collision or a broken folder made by hand.
        short = self.entries_folder / f"{_slug(design.meta.title)}-{id[:12]}"
        for folder in (short, short.with_name(f"{_slug(design.meta.title)}-{id}")):
            if _id_in(folder) is None and self._write_folder(folder, files):
                break
            if _id_in(folder) == id:
                stamp = stamp_of(folder)
                assert stamp is not None
                return Entry.of(design, folder, _created(folder, stamp)), False
        else:
            raise GalleryError(f"cannot add the design: {folder} holds another one")
        self._seen = _mtime(self.entries_folder)  # our own rename needs no rescan
        stamp = stamp_of(folder)
        assert stamp is not None
        row = Row(id, folder.name, stamp, created, Summary.of(design))
        self._query(lambda index: index.update([row], []))
        return Entry.of(design, folder, created), True

    def _write_folder(self, folder: Path, files: dict[str, bytes]) -> bool:
        """Write files into a new folder at once; False (nothing written) when another
        process made that folder first."""
        try:
            staging = Path(
                tempfile.mkdtemp(prefix=f"{_ADDING}{os.getpid()}-", dir=self.entries_folder)
            )
        except OSError as error:
            raise GalleryError(f"cannot write to {self.entries_folder}: {error.strerror}") from None
        try:
            for name, data in files.items():
                with atomic_write(staging / name) as temporary:
                    temporary.write_bytes(data)
            os.chmod(staging, 0o755)  # mkdtemp makes private folders; galleries are shared
            os.rename(staging, folder)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                return False
            raise GalleryError(f"cannot write {folder}: {error.strerror or error}") from None
        except WriteError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise GalleryError(f"cannot write {folder}: {error}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return True

    # -- the index -------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the index up to date with the folders (hand edits, other processes)."""
        self._query(self._sync)

    def rebuild(self) -> None:
        """Throw the index away and read every folder again."""
        self.close()
        self._index = self._fresh_index()

    def _query(self, action: Callable[[Index], T]) -> T:
        # The index is a cache of the folders: whatever is wrong with it, a rebuild fixes.
        for attempt in (1, 2):
            try:
                index = self._open()
                if _mtime(self.entries_folder) != self._seen:
                    self._sync(index)
                return action(index)
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):  # in use, not broken
                    raise GalleryError(
                        f"{self.root / INDEX_FILE}: in use by another program"
                    ) from None
                if attempt == 2:
                    raise GalleryError(f"{self.root / INDEX_FILE}: cannot use the index") from None
                self.rebuild()
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise GalleryError(f"{self.root / INDEX_FILE}: cannot use the index") from None
                self.rebuild()
        raise AssertionError("unreachable")

    def _open(self) -> Index:
        if self._index is None:
            path = self.root / INDEX_FILE
            if path.is_file():
                self._index = Index(path)
                self._sync(self._index)  # folders edited while we were away
            else:
                self._index = self._fresh_index()
        return self._index

    def _fresh_index(self) -> Index:
        index = Index.create(self.root / INDEX_FILE)
        self._sync(index)
        return index

    def _sync(self, index: Index) -> None:
        seen = _mtime(self.entries_folder)
        on_disk = {}
        with os.scandir(self.entries_folder) as items:
            for item in items:
                if item.name.startswith(_ADDING):
                    _remove_if_dead(item.path)
                if item.name.startswith(".") or not item.is_dir(follow_symlinks=False):
                    continue
                stamp = stamp_of(item.path)
                if stamp is not None:
                    on_disk[item.name] = stamp
        known = index.stamps()
        remove = [name for name, (_, stamp) in known.items() if on_disk.get(name) != stamp]
        changed = sorted(
            name for name, stamp in on_disk.items() if known.get(name, ("",))[-1] != stamp
        )
        kept_ids = {id for name, (id, _) in known.items() if name not in remove}
        rows, problems = [], []
        for done, name in enumerate(changed, 1):
            try:
                row = self._read_folder(self.entries_folder / name, on_disk[name])
            except GalleryError as error:
                problems.append(str(error))
            else:
                if row.id in kept_ids:
                    problems.append(
                        f"{self.entries_folder / name}: the same design as another entry"
                    )
                else:
                    kept_ids.add(row.id)
                    rows.append(row)
            if self.on_progress is not None:
                self.on_progress(done, len(changed))
        if rows or remove:
            index.update(rows, remove)
        self.problems = problems
        self._seen = seen

    @staticmethod
    def _read_folder(folder: Path, stamp: Stamp) -> Row:
        try:
            design = read_design(folder / DESIGN_FILE)
        except DesignError as error:
            raise GalleryError(str(error)) from None
        created = _created(folder, stamp)
        return Row(design_id(design), folder.name, stamp, created, Summary.of(design))


def _created(folder: Path, stamp: Stamp) -> datetime:
    """When the entry was added, from entry.json; the design's file time if that is lost."""
    try:
        # Ours is a line; a folder from elsewhere may hold anything (a link to a device).
        raw = json.loads(read_regular(folder / ENTRY_FILE, MAX_ENTRY_BYTES))
        moment = datetime.fromisoformat(raw["added"])
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        moment.astimezone(UTC)  # 9999-12-31T23:59-23:59 is past the calendar in UTC
        return moment
    except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):
        return datetime.fromtimestamp(stamp.mtime_ns / 1e9, UTC)


def _id_in(folder: Path) -> str | None:
    """The id of the design in folder; None when there is no folder, "" when its
    design cannot be read."""
    if not folder.exists():
        return None
    try:
        return design_id(read_design(folder / DESIGN_FILE))
    except DesignError:
        return ""


def _remove_if_dead(path: str) -> None:
    """Remove a staging folder whose writer no longer runs (killed during an add)."""
    match = _ADDING_PID.match(os.path.basename(path))
    if match is None or not is_running(int(match[1])):  # no pid: from before pids
        shutil.rmtree(path, ignore_errors=True)


def _entry_json(id: str, created: datetime) -> bytes:
    body = {"id": id, "added": created.isoformat()}
    return (json.dumps(body, indent=2) + "\n").encode("utf-8")


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:40].strip("-") or "smile"


def _mtime(folder: Path) -> int | None:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None
