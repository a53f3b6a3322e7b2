"""The search index of a gallery: an SQLite file inside the gallery root, rebuilt from the
entry folders whenever it is missing, corrupt, of another schema version or stale.

The folders are the truth. Each row remembers the mtime and size of its entry's
design.json; `sync` compares them with the folders on disk, re-reads what changed and drops
rows whose folder is gone, so a hand-edited or hand-deleted folder shows up in search.
Text search uses FTS5 when the SQLite build has it, LIKE otherwise.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from fusionsmile.gallery.entry import DESIGN_FILE, Entry, Summary

SCHEMA_VERSION = 2
SORTS = {
    "date": "created DESC, id",
    "date-asc": "created ASC, id",
    "title": "title COLLATE NOCASE ASC, id",
    "title-desc": "title COLLATE NOCASE DESC, id",
}
Progress = Callable[[int, int], None]


class Stamp(NamedTuple):
    """How a folder's design.json looked when it was indexed (a tuple: compared 10,000
    times on every open)."""

    mtime_ns: int
    size: int


@dataclass(frozen=True)
class Row:
    """One entry as the index stores it."""

    id: str
    folder: str  # folder name under the entries folder
    stamp: Stamp
    created: datetime
    summary: Summary


def _has_fts5() -> bool:
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        except sqlite3.OperationalError:
            return False
    return True


HAS_FTS5 = _has_fts5()
# Tags and parents are stored joined by the ASCII unit separator, which a tag cannot hold
# usefully and a hex id never does: splitting is far cheaper than JSON for 10,000 rows.
_SEPARATOR = "\x1f"

_SCHEMA = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    created TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    author_key TEXT NOT NULL,
    license TEXT NOT NULL,
    story TEXT NOT NULL,
    mood TEXT,
    tags TEXT NOT NULL,
    parents TEXT NOT NULL
);
CREATE INDEX entries_created ON entries (created);
CREATE INDEX entries_title ON entries (title COLLATE NOCASE);
CREATE INDEX entries_author ON entries (author_key);
CREATE INDEX entries_mood ON entries (mood);
CREATE TABLE tags (n INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (tag, n)) WITHOUT ROWID;
"""
_FTS = "CREATE VIRTUAL TABLE text USING fts5(title, author, story, tags, tokenize='unicode61')"


class Index:
    """An open index file. Every method may raise sqlite3.DatabaseError on a corrupt file;
    the Gallery answers that by rebuilding."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Another process may be writing: wait for it rather than call the file broken.
        self.db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        self.db.execute("PRAGMA foreign_keys = OFF")
        if self._version() != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"{path}: index schema version differs")

    @classmethod
    def create(cls, path: Path) -> Index:
        """A new empty index at path (replacing whatever file was there)."""
        for stale in (path, path.with_name(path.name + "-journal")):
            if stale.is_dir() and not stale.is_symlink():
                # Not ours to delete, and in our way: kept beside, under another name.
                aside = tempfile.mkdtemp(prefix=f"{stale.name}.not-an-index-", dir=stale.parent)
                os.replace(stale, aside)
            stale.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.executescript(_SCHEMA + (_FTS + ";" if HAS_FTS5 else ""))
            db.execute("INSERT INTO info VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.commit()
        return cls(path)

    def close(self) -> None:
        self.db.close()

    def _version(self) -> int | None:
        try:
            row = self.db.execute("SELECT value FROM info WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return None
        return int(row[0]) if row and str(row[0]).isdigit() else None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def stamps(self) -> dict[str, tuple[str, Stamp]]:
        """folder name -> (id, stamp) of every indexed entry."""
        rows = self.db.execute("SELECT folder, id, mtime_ns, size FROM entries")
        return {folder: (id_, Stamp(mtime, size)) for folder, id_, mtime, size in rows}

    def update(self, add: Iterable[Row], remove: Iterable[str]) -> None:
        """Insert or replace rows and remove rows by folder name, in one transaction."""
        with self._transaction() as db:
            for folder in remove:
                self._delete(db, "folder", folder)
            for row in add:
                self._delete(db, "id", row.id)
                self._delete(db, "folder", row.folder)
                summary = row.summary
                cursor = db.execute(
                    "INSERT INTO entries (id, folder, mtime_ns, size, created, title, author,"
                    " author_key, license, story, mood, tags, parents)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        row.id,
                        row.folder,
                        row.stamp.mtime_ns,
                        row.stamp.size,
                        _stamp_time(row.created),
                        summary.title,
                        summary.author,
                        summary.author.casefold(),
                        summary.license,
                        summary.story,
                        summary.mood,
                        _SEPARATOR.join(summary.tags),
                        _SEPARATOR.join(summary.parents),
                    ),
                )
                n = cursor.lastrowid
                tags = {tag.casefold() for tag in summary.tags}
                db.executemany("INSERT INTO tags VALUES (?, ?)", [(n, tag) for tag in tags])
                if HAS_FTS5:
                    db.execute(
                        "INSERT INTO text (rowid, title, author, story, tags)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (n, summary.title, summary.author, summary.story, " ".join(summary.tags)),
                    )

    @staticmethod
    def _delete(db: sqlite3.Connection, column: str, value: str) -> None:
        row = db.execute(f"SELECT n FROM entries WHERE {column} = ?", (value,)).fetchone()
        if row is None:
            return
        db.execute("DELETE FROM entries WHERE n = ?", row)
        db.execute("DELETE FROM tags WHERE n = ?", row)
        if HAS_FTS5:
            db.execute("DELETE FROM text WHERE rowid = ?", row)

    def search(
        self,
        text: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        mood: str | None = None,
        sort: str = "date",
        limit: int | None = None,
        id_prefix: str | None = None,
    ) -> list[Row]:
        where, args = [], []
        if text and text.strip():
            if HAS_FTS5:
                where.append("n IN (SELECT rowid FROM text WHERE text MATCH ?)")
                args.append(_fts_query(text))
            else:
                for word in text.split():
                    where.append("(title || ' ' || author || ' ' || story || ' ' || tags) LIKE ?")
                    args.append(f"%{word}%")
        if tag:
            where.append("n IN (SELECT n FROM tags WHERE tag = ?)")
            args.append(tag.casefold())
        if author:
            where.append("author_key = ?")
            args.append(author.casefold())
        if mood:
            where.append("mood = ?")
            args.append(mood)
        if id_prefix:
            where.append("id >= ? AND id < ?")
            args += [id_prefix, id_prefix + "g"]  # "g" sorts after every hex digit
        query = (
            "SELECT id, folder, mtime_ns, size, created, title, author, license, story, mood,"
            " tags, parents FROM entries"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {SORTS[sort]}"
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )
        return [_row(*values) for values in self.db.execute(query, args)]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM entries").fetchone()[0])


def _fts_query(text: str) -> str:
    # Every word must appear (as a prefix, so "spark" finds "sparkle"); quoting each word
    # keeps FTS5 syntax characters in user text from being read as operators.
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"*' for word in words)


def _stamp_time(moment: datetime) -> str:
    # Fixed-width UTC ISO text sorts as time does, and fromisoformat reads it fast.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(_SEPARATOR)) if text else ()


def _row(
    id_: str,
    folder: str,
    mtime_ns: int,
    size: int,
    created: str,
    title: str,
    author: str,
    license_: str,
    story: str,
    mood: str | None,
    tags: str,
    parents: str,
) -> Row:
    texts = (id_, folder, created, title, author, license_, story, tags, parents)
    if (
        not all(type(value) is str for value in texts)
        or not (mood is None or type(mood) is str)
        or not all(type(value) is int for value in (mtime_ns, size))
    ):
        # A cell of another type (a blob title, a text size): the file was damaged or
        # written by something else. DatabaseError makes the Gallery rebuild it.
        raise sqlite3.DatabaseError(f"a damaged row in the index ({folder!r})")
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        raise sqlite3.DatabaseError(f"a damaged date in the index ({folder!r})") from None
    summary = Summary(title, author, license_, story, _split(tags), mood, _split(parents))
    return Row(id_, folder, Stamp(mtime_ns, size), moment, summary)


def stamp_of(folder: Path | str) -> Stamp | None:
    """The stamp of a folder's design.json, or None when it has none."""
    try:
        status = os.stat(f"{folder}{os.sep}{DESIGN_FILE}")  # a str: no Path parsing
    except OSError:
        return None
    return Stamp(status.st_mtime_ns, status.st_size)


def entry_of(row: Row, entries_folder: Path) -> Entry:
    return Entry(row.id, entries_folder / row.folder, row.created, row.summary)
