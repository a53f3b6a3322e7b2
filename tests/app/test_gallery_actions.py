"""The Gallery dock's sharing actions: publish (a real child process renders the
thumbnail), import of good and hostile bundles, export, remix and blend opened as new
unsaved designs with their parents, the credits line and the lineage tree."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PyQt6.QtWidgets import QMessageBox

from fusionsmile.app.details_form import remember_author, remembered_author
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels import gallery_panel as panel_module
from fusionsmile.app.panels.gallery_panel import MY_GALLERY, GalleryPanel, preset_cards
from fusionsmile.app.thumbnails import CACHE_ENVIRONMENT
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import read_design
from fusionsmile.gallery.bundle import read_bundle, write_bundle
from fusionsmile.gallery.entry import DESIGN_FILE, Entry, design_id
from fusionsmile.gallery.store import Gallery
from fusionsmile.gallery.synergy import remix


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.setenv("FUSIONSMILE_GALLERY", str(tmp_path / "gallery"))
    return tmp_path


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Warning dialogs, recorded instead of shown (a modal exec would hang the test)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _parent, title, text: shown.append((title, text))),
    )
    return shown


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> Iterator[GalleryPanel]:
    panel = GalleryPanel(document)
    qtbot.addWidget(panel)
    panel.thumbnails.stop()
    yield panel
    panel.stop()
    if panel.dialog is not None:
        panel.dialog.close()


def _png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (480, 270), (30, 60, 90)).save(picture, format="PNG")
    return picture.getvalue()


def _entry(root: Path, design: Design, title: str, author: str = "Ada") -> Entry:
    """design, retitled, added to the gallery at root with a ready-made thumbnail."""
    meta = design.meta.model_copy(update={"title": title, "author": author})
    gallery = Gallery(root)
    try:
        entry, added = gallery.add(design.model_copy(update={"meta": meta}), _png())
    finally:
        gallery.close()
    assert added
    return entry


def test_publish_from_the_dock_adds_the_entry_and_selects_it(
    qtbot, panel: GalleryPanel, document: DesignDocument, private_folders: Path
) -> None:
    dialog = panel.publish()
    dialog.form.title.setText("Moonlit Grin")
    dialog.form.author.setText("Grace")
    dialog.form.story.setPlainText("A quiet glow for late nights.")
    dialog.form.tags.setText("night,  glow , night")
    dialog.form.license.setCurrentText("CC0-1.0")
    with qtbot.waitSignal(dialog.published, timeout=180_000) as blocker:
        dialog.publish_button.click()
        assert dialog.bar.isVisible() and not dialog.publish_button.isEnabled()
    result, published = blocker.args
    assert result.added and result.title == "Moonlit Grin"

    gallery = Gallery(private_folders / "gallery")
    entries = gallery.entries()
    gallery.close()
    assert [e.id for e in entries] == [design_id(published)] == [result.id]
    entry = entries[0]
    assert (entry.title, entry.author, entry.tags, entry.license) == (
        "Moonlit Grin", "Grace", ("night", "glow"), "CC0-1.0",
    )  # fmt: skip
    assert entry.story == "A quiet glow for late nights."
    with Image.open(entry.thumbnail) as image:
        assert image.size == (480, 270)  # rendered in the child process
    assert panel.source_box.currentText() == MY_GALLERY
    assert panel.selected_path() == entry.folder / DESIGN_FILE
    assert document.design.meta.title == "Moonlit Grin"  # the open design took its details
    assert remembered_author() == "Grace"
    assert not dialog.isVisible()

    # The same design again: nothing is added and the dialog says so.
    again = panel.publish()
    with qtbot.waitSignal(again.published, timeout=180_000) as blocker:
        again.publish_button.click()
    assert blocker.args[0].added is False and blocker.args[0].id == entry.id
    assert "already in your gallery" in again.status.text()
    assert again.cancel_button.text() == "Close"


def test_publish_names_bad_details_on_their_fields(panel: GalleryPanel) -> None:
    dialog = panel.publish()
    dialog.form.title.setText("   ")
    dialog.form.tags.setText("fine, " + "x" * 41)
    dialog.publish_button.click()
    assert dialog.job is None  # nothing started
    assert "title is needed" in dialog.form.errors["title"].text()
    assert dialog.form.errors["tags"].text().startswith("tag 2: ")
    assert "40 characters" in dialog.form.errors["tags"].text()
    assert dialog.form.errors["author"].isHidden()


def test_import_adds_the_card_and_a_hostile_bundle_is_named(
    panel: GalleryPanel, design: Design, private_folders: Path, warnings: list
) -> None:
    elsewhere = _entry(private_folders / "elsewhere", design, "Far Away Smile")
    bundle = write_bundle(elsewhere, private_folders / "far.fsmile")
    hostile = private_folders / "hostile.fsmile"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("../x", b"escape")
        archive.writestr("manifest.json", b"{}")

    imported = panel.import_bundles([hostile, bundle])

    assert [entry.id for entry in imported] == [elsewhere.id]
    path = private_folders / "gallery" / "entries" / elsewhere.folder.name / DESIGN_FILE
    assert panel.source_box.currentText() == MY_GALLERY
    assert panel.visible_paths() == [path]
    assert panel.index_of(path).data() == "Far Away Smile"
    assert len(warnings) == 1 and warnings[0][0] == "Cannot import"
    assert str(hostile) in warnings[0][1] and "far.fsmile" not in warnings[0][1]
    assert not (private_folders / "x").exists() and not (private_folders / "gallery" / "x").exists()


def test_a_hostile_bundle_alone_changes_nothing(
    panel: GalleryPanel, private_folders: Path, warnings: list
) -> None:
    hostile = private_folders / "evil.fsmile"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("../x", b"escape")
    assert panel.import_bundles([hostile]) == []
    assert len(warnings) == 1 and "evil.fsmile" in warnings[0][1]
    gallery = Gallery(private_folders / "gallery")
    assert len(gallery) == 0
    gallery.close()
    assert sorted(p.name for p in (private_folders / "gallery" / "entries").iterdir()) == []


def test_export_bundle_of_the_chosen_entry_is_read_back(
    panel: GalleryPanel, design: Design, private_folders: Path, warnings: list
) -> None:
    entry = _entry(private_folders / "gallery", design, "Shared Smile")
    panel.source_box.setCurrentText(MY_GALLERY)
    assert panel.select(entry.folder / DESIGN_FILE)
    out = panel.export_bundle(out=private_folders / "shared")  # the suffix is added
    assert out == private_folders / "shared.fsmile"
    bundle = read_bundle(out)
    assert bundle.id == entry.id and bundle.manifest["title"] == "Shared Smile"
    assert warnings == []


def test_presets_cannot_be_exported_as_bundles(panel: GalleryPanel, warnings: list) -> None:
    card = preset_cards()[0]
    assert panel.select(card.design)
    assert not panel.export_action.isEnabled() and panel.remix_action.isEnabled()
    assert panel.export_bundle() is None and warnings[0][0] == "Export bundle"


def test_remix_opens_a_new_unsaved_design_crediting_the_source(
    panel: GalleryPanel, document: DesignDocument, design: Design, private_folders: Path
) -> None:
    remember_author("Lin")
    entry = _entry(private_folders / "gallery", design, "Original Grin", "Ada")
    panel.source_box.setCurrentText(MY_GALLERY)
    made = panel.remix(entry.folder / DESIGN_FILE)
    assert made is not None and document.design == made
    assert document.design.meta.parents == (entry.id,)
    assert document.design.meta.title == "Remix of Original Grin"
    assert document.design.meta.author == "Lin"
    assert document.dirty and document.path is None
    assert panel.credits.isVisibleTo(panel)
    assert panel.credits.label.text() == "Remix of “Original Grin” by Ada"


def test_a_remixed_preset_is_credited_by_its_title(
    panel: GalleryPanel, document: DesignDocument
) -> None:
    card = preset_cards()[2]
    panel.remix(card.design)
    assert document.design.meta.parents == (design_id(read_design(card.design)),)
    assert panel.credits.label.text().startswith(f"Remix of “{card.title}”")


def test_the_unsaved_changes_question_can_stop_a_remix(
    panel: GalleryPanel, document: DesignDocument, design: Design
) -> None:
    panel.remixing.confirm_discard = lambda: False
    assert panel.remix(preset_cards()[0].design) is None
    assert document.design == design and not document.dirty


def test_blend_at_half_has_both_parents(
    panel: GalleryPanel, document: DesignDocument, design: Design, private_folders: Path
) -> None:
    entry = _entry(private_folders / "gallery", design, "Dawn")
    preset = preset_cards()[0]
    panel.source_box.setCurrentText(MY_GALLERY)
    dialog = panel.blend(entry.folder / DESIGN_FILE)
    assert dialog is not None
    labels = [dialog.partner.itemText(i) for i in range(dialog.partner.count())]
    assert labels[0].startswith("The open design") and f"Presets: {preset.title}" in labels
    dialog.partner.setCurrentIndex(labels.index(f"Presets: {preset.title}"))
    dialog.slider.setValue(30)
    dialog.slider.setValue(50)
    assert dialog.amount.text() == "0.50"
    assert f"Title: Dawn × {preset.title}" in dialog.preview.text()
    assert "Layers (" in dialog.preview.text()
    dialog.accept()
    preset_id = design_id(read_design(preset.design))
    assert document.design.meta.parents == (entry.id, preset_id)
    assert document.design.meta.title == f"Dawn × {preset.title}"
    assert document.dirty
    assert panel.credits.label.text() == f"Blend of “Dawn” by Ada and “{preset.title}”" + (
        f" by {preset.author}" if preset.author else ""
    )


def test_lineage_dialog_shows_the_parent_below_the_design(
    panel: GalleryPanel, document: DesignDocument, design: Design, private_folders: Path
) -> None:
    grand = _entry(private_folders / "gallery", design, "Grandparent", "Ada")
    child = remix(grand.design, grand.id, title="Child", author="Bo")
    gallery = Gallery(private_folders / "gallery")
    child_entry, _ = gallery.add(child, _png())
    gallery.close()

    # The open design: an unsaved remix of the child entry.
    document.open(remix(child, child_entry.id, title="Grandchild", author="Cy"), None)
    dialog = panel.show_lineage()
    assert dialog is not None
    root = dialog.root
    assert root.text(0) == "Grandchild" and root.text(1) == "open design"
    assert root.childCount() == 1
    assert root.child(0).text(0) == "Child by Bo"
    assert root.child(0).text(2) == child_entry.id[:12]
    assert root.child(0).child(0).text(0) == "Grandparent by Ada"
    assert root.child(0).child(0).childCount() == 0

    # From a card of My gallery: the entry itself is the root.
    panel.source_box.setCurrentText(MY_GALLERY)
    dialog = panel.show_lineage(child_entry.folder / DESIGN_FILE)
    assert dialog is not None
    assert dialog.root.text(0) == "Child by Bo" and dialog.root.child(0).text(2) == grand.id[:12]


def test_the_card_menu_offers_every_action(panel: GalleryPanel) -> None:
    card = preset_cards()[0]
    menu = panel.card_menu(card.design)
    actions = {action.text(): action.isEnabled() for action in menu.actions()}
    assert actions == {
        "Open": True,
        "Remix": True,
        "Blend with the open design…": True,
        "Export bundle…": False,  # a preset is not a gallery entry
        "Show lineage": True,
    }


def test_no_parents_no_credits(panel: GalleryPanel, document: DesignDocument) -> None:
    assert document.design.meta.parents == ()
    assert not panel.credits.isVisibleTo(panel)
    assert panel_module.MY_GALLERY in [panel.source_box.itemText(i) for i in range(2)]


def test_the_dock_opens_the_gallery_once_for_all_its_parts(
    panel: GalleryPanel,
    document: DesignDocument,
    design: Design,
    private_folders: Path,
    warnings: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Browsing, import, export, credits and lineage share one open gallery: each used to
    open and close its own (five places)."""
    opened: list[Gallery] = []
    default = Gallery.default

    def counted() -> Gallery:
        opened.append(default())
        return opened[-1]

    monkeypatch.setattr(Gallery, "default", staticmethod(counted))
    entry = _entry(private_folders / "gallery", design, "Shared Smile", "Ada")
    out = private_folders / "shared.fsmile"
    write_bundle(entry, out)
    panel.source_box.setCurrentText(MY_GALLERY)
    assert panel.select(entry.folder / DESIGN_FILE)
    assert panel.export_bundle(out=private_folders / "again.fsmile") is not None
    assert len(panel.import_bundles([out])) == 1  # already there: the same entry
    document.open(remix(design, entry.id, title="Child"), None)
    assert panel.credits.label.text() == "Remix of “Shared Smile” by Ada"
    assert panel.show_lineage() is not None
    assert warnings == []
    assert len(opened) == 1
    panel.stop()
    panel.source_box.setCurrentText("Presets")
    panel.source_box.setCurrentText(MY_GALLERY)  # opened again after stop
    assert len(opened) == 2 and len(panel.visible_paths()) == 1


def test_a_broken_gallery_line_is_text_never_html(panel: GalleryPanel) -> None:
    # A gallery's error names its files (a stranger's, from a sync or a bundle): a label
    # taking it as HTML would read any local file an <img src> in it names.
    from PyQt6.QtCore import Qt

    def broken() -> list:  # type: ignore[type-arg]
        raise ValueError('entry <img src="/nonexistent/x.png">: damaged')

    source = panel.source_box.currentText() or "Presets"
    panel.sources[source] = broken
    panel.refresh()
    assert panel.count_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.count_label.text().startswith(
        f"0 designs — {source} could not be read: entry <img"
    )
    assert "&lt;img" in panel.count_label.toolTip()  # the tip is HTML: escaped
