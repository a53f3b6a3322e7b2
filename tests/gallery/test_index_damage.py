"""Damage the index tests had not tried (issue 17): an index that is a folder, a row
whose date cannot be read, cells of the wrong type, an entry.json date past the
calendar. Each is rebuilt from the folders, without a traceback, and nothing is lost."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from gallery_fixtures import design, placeholder_png

from fusionsmile.gallery import Gallery


def _sql(statement: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        with sqlite3.connect(root / "index.sqlite") as db:
            db.execute(statement)
        db.close()

    return damage


def _folder(root: Path) -> None:
    (root / "index.sqlite").unlink()
    (root / "index.sqlite").mkdir()
    (root / "index.sqlite" / "notes.txt").write_text("mine")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "unparsable-date": _sql("UPDATE entries SET created = 'last Tuesday'"),
    "blob-title": _sql("UPDATE entries SET title = x'00ff10'"),
    "blob-author": _sql("UPDATE entries SET author = x'416461'"),
    "real-mtime": _sql("UPDATE entries SET mtime_ns = 1.5"),
    "text-size": _sql("UPDATE entries SET size = 'large'"),
    "index-is-a-folder": _folder,
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_index_is_rebuilt(case: str, tmp_path: Path) -> None:
    root = tmp_path / "g"
    gallery = Gallery(root)
    gallery.add(design("Kept", author="Ada", tags=("night",)), placeholder_png())
    gallery.close()
    DAMAGE[case](root)
    again = Gallery(root)
    (entry,) = again.entries()
    assert (entry.title, entry.author, entry.tags) == ("Kept", "Ada", ("night",))
    assert [e.title for e in again.search(text="kept")] == ["Kept"]
    if case == "index-is-a-folder":  # moved aside, not deleted
        (aside,) = root.glob("index.sqlite.not-an-index-*")
        assert (aside / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("added", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_an_entry_added_past_the_calendar_falls_back_to_the_file_time(
    added: str, tmp_path: Path
) -> None:
    gallery = Gallery(tmp_path / "g")
    entry, _ = gallery.add(design("Odd date"), placeholder_png())
    (entry.folder / "entry.json").write_text(json.dumps({"id": entry.id, "added": added}))
    gallery.rebuild()
    (again,) = gallery.entries()
    assert again.title == "Odd date" and 2000 < again.created.year < 9999


@pytest.mark.parametrize("damage", ["deep", "large"])
def test_an_entry_json_that_cannot_be_read_falls_back_to_the_file_time(
    damage: str, tmp_path: Path
) -> None:
    # A gallery folder may come from someone else: its entry.json nested past the
    # recursion limit, or too large to be ours (read up to a bound, not whole).
    gallery = Gallery(tmp_path / "g")
    entry, _ = gallery.add(design("Odd entry"), placeholder_png())
    path = entry.folder / "entry.json"
    if damage == "deep":
        path.write_text("[" * 100_000)
    else:
        body = json.dumps({"id": entry.id, "added": "2026-01-01T00:00:00+00:00"})
        path.write_text(body + " " * 10_000_000)
    gallery.rebuild()
    (again,) = gallery.entries()
    assert again.title == "Odd entry" and 2000 < again.created.year < 9999
