"""The gallery on disk: entry folders are the truth, the index follows them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from gallery_fixtures import design, placeholder_png

from fusionsmile.core.design_io import canonical_json, design_to_json
from fusionsmile.gallery import Gallery, GalleryError, design_id
from fusionsmile.gallery.index import SCHEMA_VERSION
from fusionsmile.gallery.store import INDEX_FILE

PNG = placeholder_png()


@pytest.fixture
def gallery(tmp_path: Path) -> Gallery:
    g = Gallery(tmp_path / "gallery")
    g.add(design("Moonlit Grin", author="Ada", tags=("night", "Glow"), mood="calm"), PNG)
    time.sleep(0.002)
    g.add(
        design("Aurora Teeth", author="Bo", tags=("glow",), mood="joy", story="Bright arcs."), PNG
    )
    time.sleep(0.002)
    g.add(design("Zebra Smile", author="ada", tags=("stripes",), story="moonlit stripes"), PNG)
    return g


def titles(entries: list) -> list[str]:
    return [entry.title for entry in entries]


def test_add_writes_a_readable_folder_and_get_finds_it_by_prefix(tmp_path: Path) -> None:
    g = Gallery(tmp_path / "g")
    d = design("Hello", author="Me", tags=("a",))
    entry, added = g.add(d, PNG)
    assert added
    assert entry.id == design_id(d) and len(entry.id) == 64
    assert entry.folder.parent == g.root / "entries"
    assert (entry.folder / "design.json").read_text() == design_to_json(d)
    assert entry.thumbnail.read_bytes() == PNG
    assert json.loads((entry.folder / "entry.json").read_text())["id"] == entry.id
    assert entry.glb is None
    assert g.get(entry.id[:6]) == entry
    assert g.get(entry.id.upper()).design == d
    assert (entry.title, entry.author, entry.tags) == ("Hello", "Me", ("a",))


def test_adding_again_changes_nothing(tmp_path: Path) -> None:
    g = Gallery(tmp_path / "g")
    first, _ = g.add(design("Twice"), PNG)
    second, added = g.add(design("Twice"), placeholder_png(20, 20))
    assert not added and second == first
    assert len(list((g.root / "entries").iterdir())) == 1
    assert second.thumbnail.read_bytes() == PNG


def test_get_rejects_bad_short_and_unknown_prefixes(gallery: Gallery) -> None:
    with pytest.raises(GalleryError, match="not an entry id"):
        gallery.get("abc")
    with pytest.raises(GalleryError, match="not an entry id"):
        gallery.get("zzzzzzzz")
    known = {entry.id[:6] for entry in gallery.entries()}
    unknown = next(p for p in ("000000", "111111", "222222", "333333") if p not in known)
    with pytest.raises(GalleryError, match=f"no entry {unknown}"):
        gallery.get(unknown)


def test_ambiguous_prefix_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two real ids sharing 6 hex digits would take ~2^24 tries: give the store fake ones.
    import fusionsmile.gallery.store as store

    fake = iter(["abcdef" + "0" * 58, "abcdef" + "1" * 58])
    monkeypatch.setattr(store, "design_id", lambda design: next(fake))
    g = Gallery(tmp_path / "g")
    g.add(design("One"), PNG)
    g.add(design("Two"), PNG)
    with pytest.raises(GalleryError, match="matches several entries"):
        g.get("abcdef")
    assert g.get("abcdef1").title == "Two"


def test_search_by_text_tag_author_mood(gallery: Gallery) -> None:
    assert set(titles(gallery.search(text="moonlit"))) == {"Moonlit Grin", "Zebra Smile"}
    assert titles(gallery.search(text="moon grin")) == ["Moonlit Grin"]
    assert titles(gallery.search(text="aur")) == ["Aurora Teeth"]  # word prefixes
    assert titles(gallery.search(text='bright "arcs')) == ["Aurora Teeth"]  # quotes are text
    assert set(titles(gallery.search(tag="glow"))) == {"Moonlit Grin", "Aurora Teeth"}
    assert set(titles(gallery.search(author="ADA"))) == {"Moonlit Grin", "Zebra Smile"}
    assert titles(gallery.search(mood="joy")) == ["Aurora Teeth"]
    assert titles(gallery.search(text="moonlit", author="ada", tag="night")) == ["Moonlit Grin"]
    assert gallery.search(text="nothing-like-this") == []


def test_sort_by_date_and_title(gallery: Gallery) -> None:
    assert titles(gallery.search()) == ["Zebra Smile", "Aurora Teeth", "Moonlit Grin"]
    assert titles(gallery.search(sort="date-asc")) == [
        "Moonlit Grin",
        "Aurora Teeth",
        "Zebra Smile",
    ]
    assert titles(gallery.search(sort="title")) == ["Aurora Teeth", "Moonlit Grin", "Zebra Smile"]
    assert titles(gallery.search(sort="title-desc", limit=1)) == ["Zebra Smile"]
    with pytest.raises(GalleryError, match="sort"):
        gallery.search(sort="colour")


def test_entries_do_not_parse_designs_until_asked(gallery: Gallery) -> None:
    fresh = Gallery(gallery.root)
    entry = fresh.search(text="aurora")[0]
    assert entry._design == []  # listing read only the index
    assert entry.design.meta.story == "Bright arcs."


@pytest.mark.parametrize("damage", ["delete", "garbage", "truncate", "old-schema"])
def test_index_missing_or_corrupt_is_rebuilt_from_the_folders(
    gallery: Gallery, damage: str
) -> None:
    expected = titles(gallery.search(sort="title"))
    dates = [entry.created for entry in gallery.search(sort="title")]
    gallery.close()
    index = gallery.root / INDEX_FILE
    if damage == "delete":
        index.unlink()
    elif damage == "garbage":
        index.write_bytes(b"this is not a database" * 500)
    elif damage == "truncate":
        index.write_bytes(index.read_bytes()[:1500])
    else:
        with sqlite3.connect(index) as db:
            db.execute(
                "UPDATE info SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
            )
    again = Gallery(gallery.root)
    assert titles(again.search(sort="title")) == expected
    assert [entry.created for entry in again.search(sort="title")] == dates  # from entry.json
    assert titles(again.search(tag="glow", sort="title")) == ["Aurora Teeth", "Moonlit Grin"]


def test_index_corrupted_while_open_is_rebuilt(gallery: Gallery) -> None:
    gallery.search()
    gallery.close()
    (gallery.root / INDEX_FILE).write_bytes(b"\0garbage" * 1000)
    assert len(gallery.search()) == 3


def test_a_folder_removed_by_hand_disappears_from_search(gallery: Gallery) -> None:
    zebra = gallery.search(text="zebra")[0]
    shutil.rmtree(zebra.folder)
    assert titles(gallery.search(text="moonlit")) == ["Moonlit Grin"]  # same Gallery object
    assert "Zebra Smile" not in titles(Gallery(gallery.root).entries())
    with pytest.raises(GalleryError, match="no entry"):
        gallery.get(zebra.id)


def test_a_design_edited_by_hand_is_reindexed(gallery: Gallery) -> None:
    entry = gallery.search(text="zebra")[0]
    edited = entry.design.model_copy(
        update={"meta": entry.design.meta.model_copy(update={"title": "Okapi Smile"})}
    )
    time.sleep(0.01)
    (entry.folder / "design.json").write_text(design_to_json(edited))
    gallery.refresh()  # an edit inside a folder: the app refreshes, a new process sees it
    assert titles(gallery.search(text="okapi")) == ["Okapi Smile"]
    assert gallery.search(text="zebra") == []
    assert gallery.get(design_id(edited)[:8]).design == edited
    assert titles(Gallery(gallery.root).search(text="okapi")) == ["Okapi Smile"]


def test_a_folder_added_by_hand_is_indexed_and_a_broken_one_reported(gallery: Gallery) -> None:
    new = design("Copied In")
    folder = gallery.root / "entries" / "copied-in"
    folder.mkdir()
    (folder / "design.json").write_bytes(canonical_json(new))
    broken = gallery.root / "entries" / "broken"
    broken.mkdir()
    (broken / "design.json").write_text("{not json")
    again = Gallery(gallery.root)
    assert again.get(design_id(new)).title == "Copied In"
    assert len(again.entries()) == 4
    assert any("broken" in problem and "not valid JSON" in problem for problem in again.problems)


def test_lineage_tree_shows_unknown_parents(tmp_path: Path) -> None:
    from fusionsmile.gallery import blend, remix

    g = Gallery(tmp_path / "g")
    a, _ = g.add(design("A"), PNG)
    stranger = "f" * 64
    b, _ = g.add(design("B", parents=(stranger,)), PNG)
    r, _ = g.add(remix(a.design, a.id, title="A again"), PNG)
    c, _ = g.add(blend(r.design, b.design, 0.5, r.id, b.id), PNG)
    tree = g.lineage(c.id[:8])
    assert tree.entry == c
    assert [p.id for p in tree.parents] == [r.id, b.id]
    assert tree.parents[0].parents[0].id == a.id
    unknown = tree.parents[1].parents[0]
    assert unknown.id == stranger and not unknown.known
    lines = tree.lines()
    assert lines[0].startswith(c.id[:12])
    assert any("not in this gallery" in line for line in lines)
    assert len(lines) == 5


def test_default_gallery_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FUSIONSMILE_GALLERY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Gallery.default().root == tmp_path / "data" / "fusionsmile" / "gallery"
