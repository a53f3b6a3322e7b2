"""Bundles from strangers, issue 17: zip methods without an output cap (bzip2, LZMA),
dates past the calendar, and a thumbnail that carries another design."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from gallery_fixtures import design, placeholder_png, preset, snapshot
from PIL import Image

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_from_bytes, read_design
from fusionsmile.export.png_design import design_pnginfo
from fusionsmile.gallery import Gallery, GalleryError, import_bundle, read_bundle, write_bundle

Files = dict[str, bytes]


@pytest.fixture
def bundle_files(tmp_path: Path) -> Files:
    source = Gallery(tmp_path / "source")
    entry, _ = source.add(preset("hope-fireflies"), placeholder_png())
    path = write_bundle(entry, tmp_path / "good.fsmile")
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def target(tmp_path: Path) -> Gallery:
    g = Gallery(tmp_path / "target")
    g.add(design("Already here"), placeholder_png())
    return g


def relisted(files: Files, **manifest_changes: object) -> Files:
    """files with a manifest whose checksums match them, and the given changes."""
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
        if name != "manifest.json"
    }
    manifest.update(manifest_changes)
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def zipped(files: Files, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def _refused(path: Path, target: Gallery, message: str) -> None:
    before = snapshot(target.root)
    with pytest.raises(GalleryError, match=message) as caught:
        import_bundle(target, path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert snapshot(target.root) == before
    assert len(target.entries()) == 1


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_members_in_methods_without_an_output_cap_are_refused(
    method: int, bundle_files: Files, target: Gallery, tmp_path: Path
) -> None:
    # An honest bundle in bzip2 or LZMA: refused from the directory alone, because the
    # same methods inflate a bomb without a cap (86 KB became 4.25 GB).
    path = tmp_path / "other-method.fsmile"
    path.write_bytes(zipped(bundle_files, method))
    _refused(path, target, rf"manifest.json uses zip compression method {method}\b")


def test_a_bzip2_bomb_is_refused_before_it_is_inflated(
    bundle_files: Files, target: Gallery, tmp_path: Path
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", bundle_files["manifest.json"])
        archive.writestr(zipfile.ZipInfo("design.json"), bytes(32 << 20), zipfile.ZIP_BZIP2)
    path = tmp_path / "bomb.fsmile"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 4096
    _refused(path, target, "compression method 12")


@pytest.mark.parametrize(
    "created",
    ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"],
    ids=["after-9999", "before-1"],
)
def test_a_manifest_date_past_the_calendar_is_one_clear_line(
    created: str, bundle_files: Files, target: Gallery, tmp_path: Path
) -> None:
    path = tmp_path / "date.fsmile"
    path.write_bytes(zipped(relisted(bundle_files, created=created)))
    _refused(path, target, "manifest.json: created is not valid")


def _png_carrying(made: Design) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(placeholder_png())) as image:
        image.save(out, format="PNG", pnginfo=design_pnginfo(made))
    return out.getvalue()


def test_a_thumbnail_carrying_another_design_is_made_to_carry_the_entry(
    bundle_files: Files, target: Gallery, tmp_path: Path
) -> None:
    other = design("Someone else's smile", author="Mallory")
    path = tmp_path / "swapped-thumbnail.fsmile"
    path.write_bytes(zipped(relisted({**bundle_files, "thumbnail.png": _png_carrying(other)})))
    entry, added = import_bundle(target, path)
    assert added
    # The picture a gallery (and its site's "Picture" download) hands out opens as the
    # entry it stands for.
    assert read_design(entry.thumbnail) == entry.design == read_bundle(path).design
    again = write_bundle(entry, tmp_path / "again.fsmile")
    assert design_from_bytes(read_bundle(again).thumbnail_png) == entry.design


def test_a_thumbnail_carrying_its_own_design_or_none_is_kept_byte_for_byte(
    target: Gallery,
) -> None:
    made = design("Plain")
    own = _png_carrying(made)
    entry, _ = target.add(made, own)
    assert entry.thumbnail.read_bytes() == own
    bare = placeholder_png(64, 36)
    entry, _ = target.add(design("Bare"), bare)
    assert entry.thumbnail.read_bytes() == bare


def test_a_bundle_path_to_a_fifo_is_refused_without_waiting(
    target: Gallery, tmp_path: Path
) -> None:
    fifo = tmp_path / "incoming.fsmile"
    os.mkfifo(fifo)
    _refused(fifo, target, "not a regular file")


@pytest.mark.parametrize("damage", ["not a png", "too large", "a link to a device"])
def test_an_entry_whose_thumbnail_is_damaged_is_one_clear_line_on_export(
    tmp_path: Path, damage: str
) -> None:
    # An entry folder edited by hand or copied from elsewhere: its thumbnail was given
    # to Pillow unchecked (UnidentifiedImageError, a traceback from `gallery export`).
    from fusionsmile.gallery.site import write_site

    gallery = Gallery(tmp_path / "g")
    entry, _ = gallery.add(design("Damaged"), placeholder_png())
    entry.thumbnail.unlink()
    if damage == "not a png":
        entry.thumbnail.write_bytes(b"garbage")
    elif damage == "too large":
        entry.thumbnail.write_bytes(placeholder_png() + b"\0" * (9 * 1024 * 1024))
    else:
        entry.thumbnail.symlink_to(os.devnull)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(GalleryError, match=r"thumbnail\.png"):
        write_bundle(entry, out / "e.fsmile")
    with pytest.raises(GalleryError, match=r"thumbnail\.png"):
        write_site(gallery, out / "site")
    assert list(out.iterdir()) == []
