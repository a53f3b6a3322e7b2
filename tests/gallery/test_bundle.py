"""`.fsmile` bundles: a round trip, and every hostile bundle refused with one clear line
and nothing written to the gallery."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from gallery_fixtures import design, placeholder_png, preset, snapshot

from fusionsmile.gallery import (
    FORMAT_VERSION,
    Gallery,
    GalleryError,
    import_bundle,
    read_bundle,
    write_bundle,
)

PNG = placeholder_png()
Files = dict[str, bytes]


@pytest.fixture
def source(tmp_path: Path) -> Gallery:
    g = Gallery(tmp_path / "source")
    g.add(preset("hope-fireflies"), PNG, glb=b"glTF" + struct.pack("<II", 2, 12))
    return g


@pytest.fixture
def bundle_files(source: Gallery, tmp_path: Path) -> Files:
    path = write_bundle(source.entries()[0], tmp_path / "good.fsmile", include_glb=True)
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def target(tmp_path: Path) -> Gallery:
    g = Gallery(tmp_path / "target")
    g.add(design("Already here"), PNG)
    g.entries()
    return g


def manifest_with(files: Files, **changes: object) -> bytes:
    return json.dumps({**json.loads(files["manifest.json"]), **changes}).encode()


def relisted(files: Files) -> Files:
    """files with a manifest whose checksums match them (so other checks are reached)."""
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
        if name != "manifest.json"
    }
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def zip_bytes(files: Files, tweak: Callable[[zipfile.ZipInfo], None] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if tweak is not None:
                tweak(info)
            archive.writestr(info, data)
    return out.getvalue()


def test_round_trip(source: Gallery, target: Gallery, tmp_path: Path) -> None:
    entry = source.entries()[0]
    path = write_bundle(entry, tmp_path / "hope.fsmile", include_glb=True)
    bundle = read_bundle(path)
    assert bundle.id == entry.id
    assert bundle.design == entry.design
    assert bundle.thumbnail_png == PNG
    assert bundle.glb == entry.glb.read_bytes()
    manifest = bundle.manifest
    assert manifest["format_version"] == FORMAT_VERSION
    assert (manifest["title"], manifest["license"]) == (entry.title, "CC-BY-4.0")
    imported, added = import_bundle(target, path)
    assert added and imported.id == entry.id
    assert target.get(entry.id).design == entry.design
    assert imported.glb is not None


def test_the_same_entry_makes_the_same_bundle_bytes(source: Gallery, tmp_path: Path) -> None:
    entry = source.entries()[0]
    one = write_bundle(entry, tmp_path / "1.fsmile").read_bytes()
    assert write_bundle(entry, tmp_path / "2.fsmile").read_bytes() == one


def test_reimport_says_already_there_and_changes_nothing(
    source: Gallery, target: Gallery, tmp_path: Path
) -> None:
    path = write_bundle(source.entries()[0], tmp_path / "b.fsmile")
    import_bundle(target, path)
    before = snapshot(target.root)
    entry, added = import_bundle(target, path)
    assert not added and entry.id == source.entries()[0].id
    assert snapshot(target.root) == before


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + body + b"\0\0\0\0IEND\xaeB`\x82"


def _symlink(info: zipfile.ZipInfo) -> None:
    info.external_attr = (stat.S_IFLNK | 0o777) << 16


def _bomb(files: Files) -> bytes:
    """A design.json that declares 1 KB and inflates to 200 MB of zeros (~200 KB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", files["manifest.json"])
        info = zipfile.ZipInfo("design.json")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            zeros = bytes(1 << 20)
            for _ in range(200):
                stream.write(zeros)
    # Lie in the local and the central header: the size field follows the compressed one.
    real = struct.pack("<I", 200 << 20)
    assert out.getvalue().count(real) == 2
    return out.getvalue().replace(real, struct.pack("<I", 1024))


HOSTILE: dict[str, tuple[Callable[[Files], bytes], str]] = {
    "traversal": (lambda f: zip_bytes({**f, "../x": b"hi"}), "path traversal"),
    "traversal-deep": (lambda f: zip_bytes({**f, "a/../../x": b"hi"}), "path traversal"),
    "absolute": (lambda f: zip_bytes({**f, "/abs": b"hi"}), "absolute path"),
    "windows-absolute": (lambda f: zip_bytes({**f, "C:/abs": b"hi"}), "absolute path"),
    "symlink": (lambda f: zip_bytes(f, _symlink), "is a link"),
    "unexpected": (lambda f: zip_bytes({**f, "run.sh": b"rm -rf ~"}), "unexpected file"),
    "oversize-entry": (
        lambda f: zip_bytes({**f, "design.json": b" " * (3 * 1024 * 1024)}),
        "design.json is 3145728 bytes",
    ),
    "oversize-total": (
        lambda f: zip_bytes(
            {
                **f,
                "model.glb": b"\0" * (64 * 1024 * 1024),
                "thumbnail.png": b"\0" * (8 * 1024 * 1024),
                "photo.jpg": b"\0" * (16 * 1024 * 1024),
            }
        ),
        "add up to more than",
    ),
    "bomb": (_bomb, "decompression bomb"),
    "not-a-png": (
        lambda f: zip_bytes(relisted({**f, "thumbnail.png": b"GIF89a not a png"})),
        "thumbnail.png: not a PNG",
    ),
    "absurd-png": (
        lambda f: zip_bytes(relisted({**f, "thumbnail.png": _png(100_000, 100_000)})),
        "100000x100000 pixels is not a sane thumbnail",
    ),
    "broken-png": (
        lambda f: zip_bytes(relisted({**f, "thumbnail.png": _png(64, 64)})),
        "thumbnail.png: not a valid PNG",
    ),
    "checksum": (
        lambda f: zip_bytes({**f, "thumbnail.png": placeholder_png(30, 30)}),
        "does not match the manifest",
    ),
    "format-version": (
        lambda f: zip_bytes({**f, "manifest.json": manifest_with(f, format_version=2)}),
        "format_version 2 is not supported",
    ),
    "no-manifest": (
        lambda f: zip_bytes({k: v for k, v in f.items() if k != "manifest.json"}),
        "no manifest.json",
    ),
    "bad-design": (
        lambda f: zip_bytes(
            relisted({**f, "design.json": f["design.json"].replace(b'"fusion": ', b'"fusion": 7')})
        ),
        "design.json: fusion: must be at most 1",
    ),
    "id-mismatch": (
        lambda f: zip_bytes({**f, "manifest.json": manifest_with(f, id="0" * 64)}),
        "manifest id does not match",
    ),
    "not-a-zip": (lambda f: b"PK\x03\x04 garbage", "not a readable .fsmile bundle"),
    "bad-glb": (
        lambda f: zip_bytes(relisted({**f, "model.glb": b"glTF\x01\0\0\0\0\0\0\0"})),
        "model.glb: not a glTF 2 file",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundles_are_rejected_and_nothing_is_written(
    case: str, bundle_files: Files, target: Gallery, tmp_path: Path
) -> None:
    make, message = HOSTILE[case]
    path = tmp_path / f"{case}.fsmile"
    path.write_bytes(make(bundle_files))
    before = snapshot(target.root)
    with pytest.raises(GalleryError, match=message) as caught:
        import_bundle(target, path)
    assert str(path) in str(caught.value)  # the message names the file
    assert "\n" not in str(caught.value)
    assert snapshot(target.root) == before
    assert len(target.entries()) == 1


def test_the_bomb_is_refused_while_inflating(bundle_files: Files) -> None:
    # The directory claims 1 KB: only inflating through a cap finds the lie.
    data = _bomb(bundle_files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("design.json").file_size == 1024
    assert len(data) < 1024 * 1024
