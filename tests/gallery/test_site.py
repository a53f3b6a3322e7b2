"""The static web site: escaping, completeness, links that resolve, and a careful OUT."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sharing_fixtures import add, design, small_gallery, thumbnail_png

from fusionsmile.gallery.entry import GalleryError
from fusionsmile.gallery.site import MARKER, script_json, write_site
from fusionsmile.gallery.store import Gallery

HOSTILE = "<script>alert(1)</script>"


class Links(HTMLParser):
    """Every href and src of a page, and the text of its <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text("utf-8"))
    return links


def local_targets(page: Path) -> list[Path]:
    """The files a page's relative links point at (the #fragment and ?query dropped)."""
    targets = []
    for url in parse(page).urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{page.name} links outside: {url}"
        if parts.path:
            targets.append((page.parent / unquote(parts.path)).resolve())
    return targets


@pytest.fixture
def hostile_gallery(tmp_path: Path) -> Gallery:
    gallery, _entries = small_gallery(tmp_path / "gallery")
    add(gallery, design(HOSTILE, author='"><img src=x onerror=alert(2)>',
                        tags=("</script><!--", "a&b"), mood="<b>bold</b>",
                        story="</script><script>alert(3)</script>\n\nline two"))  # fmt: skip
    return gallery


def test_every_entry_has_a_card_and_a_page(tmp_path: Path) -> None:
    gallery, entries = small_gallery(tmp_path / "gallery")
    index = write_site(gallery, tmp_path / "site")
    assert index == tmp_path / "site" / "index.html"
    text = index.read_text("utf-8")
    assert text.count('<article class="card') == len(entries)
    for entry in entries:
        assert f'data-id="{entry.id}"' in text
        assert (tmp_path / "site" / "entries" / f"{entry.id}.html").is_file()
        assert (tmp_path / "site" / "bundles" / f"{entry.id}.fsmile").is_file()
        assert (tmp_path / "site" / "thumbs" / f"{entry.id}.png").is_file()
    data = json.loads(parse(index).scripts[0])
    assert {item["id"] for item in data} == {entry.id for entry in entries}


def test_every_link_resolves_to_a_file(tmp_path: Path) -> None:
    gallery, _entries = small_gallery(tmp_path / "gallery")
    site = write_site(gallery, tmp_path / "site").parent
    pages = [site / "index.html", *sorted((site / "entries").glob("*.html"))]
    for page in pages:
        for target in local_targets(page):
            assert target.is_file(), f"{page.name} links to missing {target}"
            assert target.is_relative_to(site)


def test_lineage_links_known_parents_and_shows_unknown_ones_short(tmp_path: Path) -> None:
    gallery, (first, _second, _third, remix) = small_gallery(tmp_path / "gallery")
    site = write_site(gallery, tmp_path / "site").parent
    page = (site / "entries" / f"{remix.id}.html").read_text("utf-8")
    assert f'href="{first.id}.html">Lantern grin</a>' in page
    assert f'<span class="unknown" title="{"f" * 64}">{"f" * 12}</span>' in page
    parent_page = (site / "entries" / f"{first.id}.html").read_text("utf-8")
    assert f'href="{remix.id}.html">Lantern grin, remixed</a>' in parent_page  # its remix


def test_strangers_text_is_escaped(tmp_path: Path, hostile_gallery: Gallery) -> None:
    site = write_site(hostile_gallery, tmp_path / "site").parent
    for page in [site / "index.html", *(site / "entries").glob("*.html")]:
        text = page.read_text("utf-8")
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "<b>bold" not in text
        assert "</script><!--" not in text
        # the only scripts are the site's own file and the JSON data
        scripts = re.findall(r"<script[^>]*>", text)
        assert set(scripts) <= {
            '<script type="application/json" id="entries">',
            '<script src="assets/gallery.js">',
        }
    index = (site / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    data = json.loads(parse(site / "index.html").scripts[0])
    assert HOSTILE in [item["title"] for item in data]  # the JSON round-trips exactly


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


def test_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    gallery, _entries = small_gallery(tmp_path / "gallery")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(GalleryError, match="other files in it"):
        write_site(gallery, precious)
    assert sorted(path.name for path in precious.iterdir()) == ["thesis.txt"]

    a_file = tmp_path / "file.html"
    a_file.write_text("x")
    with pytest.raises(GalleryError, match="is a file"):
        write_site(gallery, a_file)


def test_rebuilding_a_site_updates_it_and_drops_removed_entries(tmp_path: Path) -> None:
    gallery, entries = small_gallery(tmp_path / "gallery")
    site = write_site(gallery, tmp_path / "site").parent
    assert (site / MARKER).is_file()
    stale = site / "entries" / f"{'e' * 64}.html"
    stale.write_text("an entry removed from the gallery since")
    notes = site / "notes.txt"  # not ours: left alone
    notes.write_text("mine")
    newer = add(gallery, design("Newcomer", tags=("new",)))

    write_site(gallery, site)
    assert not stale.exists()
    assert notes.read_text() == "mine"
    index = (site / "index.html").read_text("utf-8")
    assert index.count('<article class="card') == len(entries) + 1
    assert index.index(newer.id) < index.index(entries[0].id)  # newest first


def test_an_entry_with_a_model_offers_its_glb(tmp_path: Path) -> None:
    import trimesh

    gallery = Gallery(tmp_path / "gallery")
    glb = trimesh.creation.box().export(file_type="glb")
    entry, _added = gallery.add(design("Boxy"), thumbnail_png(), glb)
    site = write_site(gallery, tmp_path / "site").parent
    page = site / "entries" / f"{entry.id}.html"
    assert (site / "models" / f"{entry.id}.glb").read_bytes() == glb
    assert f'href="../models/{entry.id}.glb"' in page.read_text("utf-8")
