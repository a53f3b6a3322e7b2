"""Fuzzing bundles: zips assembled from valid and hostile members (any compression
method, names, sizes and manifests), and valid bundles with bytes flipped or cut.
Reading one gives a checked bundle or one clear line naming the file; importing a
rejected one writes nothing; a valid design always survives the round trip."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from design_strategies import design_objects, hostile_text
from fuzz_checks import assert_one_clear_line
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from fusionsmile.core.design_io import design_from_bytes, design_to_json
from fusionsmile.gallery import Gallery, GalleryError, write_bundle
from fusionsmile.gallery.bundle import bundle_from_bytes, import_bundle
from fusionsmile.gallery.entry import design_id

SOURCE = "fuzzed.fsmile"
METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), (30, 20, 50)).save(out, format="PNG")
    return out.getvalue()


PICTURE = _picture()


def _manifest(files: dict[str, bytes], design_text: bytes) -> dict:
    try:
        id = design_id(design_from_bytes(design_text))
    except ValueError:
        id = "0" * 64
    return {
        "format": "fusionsmile/bundle",
        "format_version": 1,
        "id": id,
        "title": "t",
        "author": "a",
        "license": "CC-BY-4.0",
        "created": "2026-01-01T00:00:00+00:00",
        "parents": [],
        "files": {
            name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
        },
    }


_MANIFEST_VALUES = st.one_of(
    hostile_text,
    st.integers(),
    st.sampled_from([10**400, None, [], {}, "9999-12-31T23:59:59-23:59", "../x", 2.5]),
)


@st.composite
def bundles(draw: st.DrawFn) -> bytes:
    design_text = json.dumps(draw(design_objects(max_layers=2))).encode()
    files = {"design.json": design_text, "thumbnail.png": PICTURE}
    if draw(st.booleans()):
        files[
            draw(st.sampled_from(["model.glb", "../evil", "/abs", "run.sh", "thumbnail.png"]))
        ] = draw(st.binary(max_size=64))
    manifest = _manifest(files, design_text)
    for _ in range(draw(st.integers(0, 2))):
        manifest[draw(st.sampled_from(sorted(manifest)))] = draw(_MANIFEST_VALUES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        members = {"manifest.json": json.dumps(manifest).encode(), **files}
        for name, data in members.items():
            method = draw(st.sampled_from(METHODS)) if draw(st.integers(0, 3)) == 0 else 8
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    data = bytearray(out.getvalue())
    for _ in range(draw(st.integers(0, 3)) if draw(st.booleans()) else 0):
        data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    if draw(st.integers(0, 5)) == 0:
        del data[draw(st.integers(0, len(data) - 1)) :]
    return bytes(data)


@given(bundles())
def test_a_bundle_reads_or_is_one_clear_line(data: bytes) -> None:
    try:
        bundle = bundle_from_bytes(data, SOURCE)
    except GalleryError as error:
        assert_one_clear_line(str(error), SOURCE)
        return
    assert bundle.id == design_id(bundle.design)


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Gallery:
    return Gallery(tmp_path_factory.mktemp("fuzz") / "gallery")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@given(bundles())
def test_a_rejected_bundle_writes_nothing(gallery: Gallery, data: bytes) -> None:
    path = gallery.root.parent / "incoming.fsmile"
    path.write_bytes(data)
    entries = gallery.root / "entries"
    before = _files(entries)
    try:
        import_bundle(gallery, path)
    except GalleryError as error:
        assert_one_clear_line(str(error), str(path))
        assert _files(entries) == before


@given(design_objects(max_layers=2))
def test_every_valid_design_survives_the_bundle_round_trip(gallery: Gallery, raw: dict) -> None:
    design = design_from_bytes(json.dumps(raw).encode())
    entry, _ = gallery.add(design, PICTURE)
    out = gallery.root.parent / "round-trip.fsmile"
    write_bundle(entry, out)
    bundle = bundle_from_bytes(out.read_bytes(), SOURCE)
    assert bundle.design == design
    assert design_to_json(bundle.design) == design_to_json(design)
