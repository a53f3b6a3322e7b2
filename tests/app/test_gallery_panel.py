"""The Gallery dock: every preset is shown, search and tags filter, double-click asks to
open, a thumbnail rendered in another process replaces the placeholder, and the user's
gallery is a second source whose pictures need no rendering."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PyQt6.QtCore import Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.gallery_panel import GalleryPanel, preset_cards
from fusionsmile.app.thumbnails import CACHE_ENVIRONMENT, cache_key
from fusionsmile.assets import presets_folder
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import read_design
from fusionsmile.gallery.store import Gallery


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache and gallery stay untouched."""
    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.setenv("FUSIONSMILE_GALLERY", str(tmp_path / "gallery"))
    return tmp_path


def _panel(qtbot, document: DesignDocument, **options: object) -> Iterator[GalleryPanel]:
    panel = GalleryPanel(document, **options)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    yield panel
    panel.stop()


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> Iterator[GalleryPanel]:
    """The panel over the real presets, with thumbnail rendering turned off (the queue is
    dropped before the event loop would start a process)."""
    for panel in _panel(qtbot, document):
        panel.thumbnails.stop()
        yield panel


def _presets() -> dict[Path, Design]:
    return {path: read_design(path) for path in sorted(presets_folder().glob("*.json"))}


def test_every_preset_is_shown_with_its_title(panel: GalleryPanel) -> None:
    presets = _presets()
    assert sorted(panel.visible_paths()) == sorted(presets)
    titles = {panel.index_of(path).data(): design.meta.title for path, design in presets.items()}
    assert all(shown == title for shown, title in titles.items())
    assert panel.count_label.text() == f"{len(presets)} designs"


def test_search_looks_in_title_tags_author_story_and_mood(panel: GalleryPanel) -> None:
    presets = _presets()
    panel.search_box.setText("GLOW")
    expected = {
        path
        for path, design in presets.items()
        if "glow"
        in " ".join(
            (design.meta.title, design.meta.author, design.meta.story, " ".join(design.meta.tags),
             design.meta.mood or "")
        ).lower()
    }  # fmt: skip
    assert 0 < len(expected) < len(presets)
    assert set(panel.visible_paths()) == expected
    assert panel.count_label.text() == f"{len(expected)} of {len(presets)} designs"

    title = presets[sorted(presets)[0]].meta.title
    panel.search_box.setText(title)
    assert sorted(presets)[0] in panel.visible_paths()
    panel.search_box.setText("no design is called this")
    assert panel.visible_paths() == []
    panel.search_box.clear()
    assert len(panel.visible_paths()) == len(presets)


def test_the_tag_filter_keeps_designs_with_that_tag(panel: GalleryPanel) -> None:
    presets = _presets()
    tag = "mood"
    panel.tag_box.setCurrentText(tag)
    expected = {path for path, design in presets.items() if tag in design.meta.tags}
    assert expected and set(panel.visible_paths()) == expected
    panel.tag_box.setCurrentIndex(0)
    assert len(panel.visible_paths()) == len(presets)


def test_double_click_asks_to_open_the_design(qtbot, panel: GalleryPanel) -> None:
    panel.resize(480, 700)
    panel.show()
    qtbot.waitExposed(panel)
    path = sorted(panel.visible_paths())[3]
    index = panel.index_of(path)
    panel.view.scrollTo(index)
    centre = panel.view.visualRect(index).center()
    viewport, left = panel.view.viewport(), Qt.MouseButton.LeftButton
    with qtbot.waitSignal(panel.open_requested) as blocker:
        # A real double-click: a click, then the double-click event on the same card.
        qtbot.mouseClick(viewport, left, pos=centre)
        qtbot.mouseDClick(viewport, left, pos=centre)
    assert blocker.args == [path]


def test_a_rendered_thumbnail_replaces_the_placeholder(
    qtbot, document: DesignDocument, private_folders: Path
) -> None:
    card = preset_cards()[0]
    for panel in _panel(qtbot, document, sources={"Presets": lambda: [card]}):
        assert not panel.has_thumbnail(card.design)
        qtbot.wait(200)
        assert panel.thumbnails.pending() == 0  # hidden: nothing is rendered yet
        with qtbot.waitSignal(panel.thumbnails.ready, timeout=120_000) as blocker:
            panel.show()  # on screen: the missing pictures are rendered
        png = private_folders / "cache" / "thumbnails" / f"{cache_key(card.design)}.png"
        assert blocker.args == [card.design, png]
        assert panel.has_thumbnail(card.design)
        with Image.open(png) as image:
            assert image.size == (320, 180)
        # Cached: a second panel shows it at once and renders nothing.
        for again in _panel(qtbot, document, sources={"Presets": lambda: [card]}):
            assert again.has_thumbnail(card.design) and again.thumbnails.pending() == 0


def test_my_gallery_is_a_second_source_with_its_own_pictures(
    qtbot, panel: GalleryPanel, design: Design, private_folders: Path
) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (480, 270), (20, 40, 90)).save(picture, format="PNG")
    gallery = Gallery(private_folders / "gallery")
    entry, _ = gallery.add(design, thumbnail_png=picture.getvalue())
    gallery.close()

    panel.source_box.setCurrentText("My gallery")
    path = entry.folder / "design.json"
    assert panel.visible_paths() == [path]
    assert panel.has_thumbnail(path) and panel.thumbnails.pending() == 0
    panel.source_box.setCurrentText("Presets")
    assert len(panel.visible_paths()) == len(_presets())


def test_cards_fill_whole_columns_of_a_narrow_dock(qtbot, panel: GalleryPanel) -> None:
    panel.resize(400, 600)
    panel.show()
    qtbot.waitExposed(panel)
    first, second, third = (panel.index_of(path) for path in panel.visible_paths()[:3])
    a, b, c = (panel.view.visualRect(index) for index in (first, second, third))
    width = panel.view.viewport().width()
    assert a.top() == b.top() and c.top() > a.top()  # two cards a row
    assert b.right() <= width and width - b.right() < a.width() // 4  # no wide gap
    panel.resize(700, 600)
    qtbot.wait(50)
    rects = [panel.view.visualRect(panel.index_of(p)) for p in panel.visible_paths()[:3]]
    assert len({rect.top() for rect in rects}) == 1  # three a row


def test_a_gallery_that_cannot_be_read_says_so_beside_the_count(
    qtbot, document: DesignDocument, private_folders: Path
) -> None:
    (private_folders / "gallery").write_text("a file where the gallery folder goes")
    for panel in _panel(qtbot, document):
        panel.thumbnails.stop()
        panel.source_box.setCurrentText("My gallery")
        line = panel.count_label.text()
        assert line.startswith("0 designs — My gallery could not be read: cannot create gallery")
        assert "Not a directory" in panel.count_label.toolTip() and "\n" not in line
        panel.search_box.setText("glow")  # a filter keeps the problem in view
        assert "could not be read" in panel.count_label.text()
        panel.source_box.setCurrentText("Presets")  # read well: the problem is gone
        panel.search_box.clear()
        assert panel.count_label.text() == f"{len(_presets())} designs"


def test_a_damaged_entry_is_named_on_the_count_line_until_it_is_gone(
    qtbot, panel: GalleryPanel, design: Design, private_folders: Path
) -> None:
    from PyQt6.QtWidgets import QSizePolicy

    picture = io.BytesIO()
    Image.new("RGB", (480, 270), (20, 40, 90)).save(picture, format="PNG")
    gallery = Gallery(private_folders / "gallery")
    kept, _ = gallery.add(design, thumbnail_png=picture.getvalue())
    other, _ = gallery.add(
        design.model_copy(update={"fusion": 0.2}), thumbnail_png=picture.getvalue()
    )
    gallery.close()
    # A stranger's folder name: shown as text, and a long one does not widen the dock.
    damaged = other.folder.with_name("<img src='x'>" + "y" * 200)
    other.folder.rename(damaged)
    (damaged / "design.json").write_text("{broken", encoding="utf-8")

    panel.resize(480, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.source_box.setCurrentText("My gallery")
    assert panel.visible_paths() == [kept.folder / "design.json"]
    line = panel.count_label.text()
    assert line.startswith(f"1 design — 1 entry could not be read: {damaged.name[:20]}")
    assert line.endswith("…") and panel.count_label.sizeHint().width() <= 480
    assert "not valid JSON" in panel.count_label.toolTip()
    assert "&lt;img src=" in panel.count_label.toolTip()  # escaped: text, not a picture
    assert str(private_folders) not in line  # named by its entry, not the whole path
    assert "\n" not in line and len(line) <= 200
    assert panel.count_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.count_label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored

    shutil.rmtree(damaged)
    panel.refresh()
    assert panel.count_label.text() == "1 design"
    assert panel.count_label.toolTip() == ""
