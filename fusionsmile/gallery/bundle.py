"""`.fsmile` bundles: one entry in one zip file, to share by mail, chat or git.

    manifest.json   format version, id, title, author, license, created, parents, and the
                    size and SHA-256 of every other file
    design.json     the design (its canonical JSON hashes to the id)
    thumbnail.png   the entry's thumbnail
    model.glb       optional
    photo.jpg       only when the maker chose to share their portrait (metadata-free)

A bundle comes from a stranger, so reading one trusts nothing: the zip's directory is
checked (names, links, declared sizes) before anything is inflated, every file is
inflated through a hard cap (a zip can lie about sizes), then checksums, the manifest,
the design and the thumbnail are checked, all in memory. Only a bundle that passes every
check reaches the gallery; a rejected one writes nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fusionsmile.core.atomic import WriteError, atomic_write
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, design_from_bytes, design_to_json
from fusionsmile.core.regular_file import read_regular
from fusionsmile.core.untrusted_text import brief
from fusionsmile.gallery.entry import (
    DESIGN_FILE,
    GLB_FILE,
    PHOTO_FILE,
    THUMBNAIL_FILE,
    Entry,
    GalleryError,
    design_id,
)
from fusionsmile.gallery.shareable import MAX_SHARED_BYTES, check_shared_photo
from fusionsmile.gallery.thumbnail import carrying_design, check_glb, check_thumbnail

FORMAT_VERSION = 1
FORMAT_NAME = "fusionsmile/bundle"
SUFFIX = ".fsmile"
MANIFEST_FILE = "manifest.json"
# The most each file may inflate to, and the most a bundle may hold in all.
LIMITS = {
    MANIFEST_FILE: 64 * 1024,
    DESIGN_FILE: 2 * 1024 * 1024,
    THUMBNAIL_FILE: 8 * 1024 * 1024,
    GLB_FILE: 64 * 1024 * 1024,
    PHOTO_FILE: MAX_SHARED_BYTES,
}
MAX_TOTAL_BYTES = 88 * 1024 * 1024
MAX_BUNDLE_BYTES = 96 * 1024 * 1024  # the zip file itself
MAX_MEMBERS = 16
_CHUNK = 64 * 1024
# The zip methods we inflate: deflate's output is capped per read, stored is as is.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class Bundle:
    """A bundle that passed every check, in memory."""

    id: str
    manifest: dict[str, Any]
    design: Design
    thumbnail_png: bytes
    glb: bytes | None
    photo_jpeg: bytes | None = None


def write_bundle(entry: Entry, out: Path, include_glb: bool = False) -> Path:
    """Write entry as a .fsmile bundle at out, atomically; returns out. The bundle holds
    the entry's shared portrait photo when it has one (its maker asked for that)."""
    out = Path(out)
    try:
        thumbnail = entry_thumbnail(entry)
        glb = _entry_file(entry.glb, GLB_FILE) if include_glb and entry.glb else None
        photo = _entry_file(entry.photo, PHOTO_FILE) if entry.photo else None
    except OSError as error:
        raise GalleryError(
            f"{entry.folder}: cannot read {error.filename}: {error.strerror}"
        ) from None
    if include_glb and glb is None:
        raise GalleryError(f"{entry.folder}: the entry has no {GLB_FILE}")
    files = {DESIGN_FILE: design_to_json(entry.design).encode("utf-8"), THUMBNAIL_FILE: thumbnail}
    if glb is not None:
        files[GLB_FILE] = glb
    if photo is not None:
        files[PHOTO_FILE] = photo
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "id": entry.id,
        "title": entry.title,
        "author": entry.author,
        "license": entry.license,
        "created": (entry.design.meta.created or entry.created).isoformat(),
        "parents": list(entry.parents),
        "files": {
            name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
        },
    }
    try:
        with atomic_write(out) as temporary, zipfile.ZipFile(temporary, "w") as archive:
            archive.writestr(_member(MANIFEST_FILE), json.dumps(manifest, indent=2) + "\n")
            for name, data in files.items():
                stored = name in (THUMBNAIL_FILE, GLB_FILE, PHOTO_FILE)  # already compressed
                archive.writestr(_member(name, stored), data)
    except WriteError as error:
        raise GalleryError(str(error)) from None
    return out


def entry_thumbnail(entry: Entry) -> bytes:
    """The entry's thumbnail, checked and carrying its design; GalleryError (or OSError)
    when it is not one. The folder may have been edited by hand, or come from elsewhere:
    read no further than a bundle holds, and never handed to Pillow unchecked."""
    thumbnail = _entry_file(entry.thumbnail, THUMBNAIL_FILE)
    check_thumbnail(thumbnail, str(entry.thumbnail))
    return carrying_design(thumbnail, entry.design)


def _entry_file(path: Path, name: str) -> bytes:
    data = read_regular(path, LIMITS[name])  # not a link to a device that never ends
    if len(data) > LIMITS[name]:
        raise GalleryError(f"{path}: larger than a bundle holds ({LIMITS[name] // 2**20} MB)")
    return data


def _member(name: str, stored: bool = False) -> zipfile.ZipInfo:
    # A fixed date keeps bundles of the same entry byte-identical (git stores them once).
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def read_bundle(path: Path) -> Bundle:
    """The checked contents of the bundle at path; GalleryError naming the first problem."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise GalleryError(f"{source}: larger than {MAX_BUNDLE_BYTES // 2**20} MB")
        data = read_regular(path, MAX_BUNDLE_BYTES)  # a FIFO or device would never end
    except OSError as error:
        raise GalleryError(f"{source}: cannot read the file: {error.strerror}") from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise GalleryError(f"{source}: larger than {MAX_BUNDLE_BYTES // 2**20} MB")
    return bundle_from_bytes(data, source)


def bundle_from_bytes(data: bytes, source: str = "<bundle>") -> Bundle:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = _read_members(archive, source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise GalleryError(f"{source}: not a readable .fsmile bundle ({error})") from None
    manifest = _manifest(files.pop(MANIFEST_FILE, None), source)
    listed = manifest["files"]
    for name in sorted(set(listed) | set(files)):
        if name not in files:
            raise GalleryError(f"{source}: {brief(name)} is listed in the manifest but missing")
        if name not in listed:
            raise GalleryError(f"{source}: {name} is not listed in the manifest")
        expected = listed[name]
        if expected.get("size") != len(files[name]):
            raise GalleryError(f"{source}: {name}: size does not match the manifest")
        if expected.get("sha256") != hashlib.sha256(files[name]).hexdigest():
            raise GalleryError(f"{source}: {name}: checksum does not match the manifest")
    for required in (DESIGN_FILE, THUMBNAIL_FILE):
        if required not in files:
            raise GalleryError(f"{source}: the bundle has no {required}")
    try:
        design = design_from_bytes(files[DESIGN_FILE], f"{source}: {DESIGN_FILE}")
    except DesignError as error:
        raise GalleryError(f"{error.source}: {error.problems[0]}") from None
    id = design_id(design)
    if manifest["id"] != id:
        raise GalleryError(f"{source}: manifest id does not match the design (its id is {id})")
    if list(manifest["parents"]) != list(design.meta.parents):
        raise GalleryError(f"{source}: manifest parents do not match the design's")
    check_thumbnail(files[THUMBNAIL_FILE], f"{source}: {THUMBNAIL_FILE}")
    glb = files.get(GLB_FILE)
    if glb is not None:
        check_glb(glb, f"{source}: {GLB_FILE}")
    photo = files.get(PHOTO_FILE)
    if photo is not None:
        check_shared_photo(photo, design, f"{source}: {PHOTO_FILE}")
    return Bundle(id, manifest, design, files[THUMBNAIL_FILE], glb, photo)


def _read_members(archive: zipfile.ZipFile, source: str) -> dict[str, bytes]:
    """Every member's bytes, after checking names, types and sizes."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise GalleryError(f"{source}: {len(members)} files in the bundle (at most {MAX_MEMBERS})")
    declared = 0
    for info in members:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise GalleryError(f"{source}: {name!r} is an absolute path")
        if ".." in parts:
            raise GalleryError(f"{source}: {name!r} points outside the bundle (path traversal)")
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise GalleryError(f"{source}: {name!r} is a link; bundles hold plain files only")
        if info.is_dir() or (kind and kind != stat.S_IFREG):
            raise GalleryError(f"{source}: {name!r} is not a plain file")
        if name not in LIMITS:
            raise GalleryError(f"{source}: unexpected file {name!r} in the bundle")
        if info.flag_bits & 0x1:
            raise GalleryError(f"{source}: {name} is encrypted")
        if info.compress_type not in _METHODS:
            # zipfile inflates bzip2 and LZMA a whole block at a time with no output cap:
            # a few KB can become gigabytes before the first chunk reaches us.
            raise GalleryError(
                f"{source}: {name} uses zip compression method {info.compress_type};"
                " bundles use only stored (0) or deflate (8)"
            )
        if info.file_size > LIMITS[name]:
            raise GalleryError(
                f"{source}: {name} is {info.file_size} bytes (at most {LIMITS[name]})"
            )
        declared += info.file_size
    if declared > MAX_TOTAL_BYTES:
        raise GalleryError(f"{source}: the files add up to more than {MAX_TOTAL_BYTES // 2**20} MB")
    names = [info.filename for info in members]
    if len(set(names)) != len(names):
        raise GalleryError(f"{source}: a file name appears twice in the bundle")
    files, total = {}, 0
    for info in members:
        data = _inflate(archive, info, LIMITS[info.filename], source)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise GalleryError(
                f"{source}: the files inflate to more than {MAX_TOTAL_BYTES // 2**20} MB"
            )
        files[info.filename] = data
    return files


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, source: str) -> bytes:
    # The sizes in a zip's directory are claims: inflate in chunks and stop at the limit,
    # so a bomb that declares 1 KB and expands to gigabytes costs at most `limit` bytes.
    # (zipfile itself stops at the declared size, and the CRC then fails: either way the
    # lie ends here, after at most `limit` bytes.)
    chunks, size = [], 0
    lie = GalleryError(
        f"{source}: {info.filename} does not inflate to the {info.file_size} bytes it"
        " declares (damaged, or a decompression bomb)"
    )
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit or size > info.file_size:
                    raise lie
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error):
        raise lie from None
    if size != info.file_size:
        raise lie
    return b"".join(chunks)


def _manifest(data: bytes | None, source: str) -> dict[str, Any]:
    if data is None:
        raise GalleryError(f"{source}: the bundle has no {MANIFEST_FILE}")
    where = f"{source}: {MANIFEST_FILE}"
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise GalleryError(f"{where}: not valid JSON ({error})") from None
    if not isinstance(raw, dict):
        raise GalleryError(f"{where}: expected a JSON object")
    if raw.get("format") != FORMAT_NAME:
        raise GalleryError(f"{where}: format: expected {FORMAT_NAME!r}, got {raw.get('format')!r}")
    version = raw.get("format_version")
    if version != FORMAT_VERSION or type(version) is not int:
        raise GalleryError(
            f"{where}: format_version {version!r} is not supported"
            f" (this FusionSmile reads {FORMAT_VERSION}); a newer FusionSmile may read it"
        )
    checks: dict[str, Callable[[Any], bool]] = {
        "id": lambda v: isinstance(v, str) and len(v) == 64,
        "title": lambda v: isinstance(v, str),
        "author": lambda v: isinstance(v, str),
        "license": lambda v: isinstance(v, str),
        "created": _is_time,
        "parents": lambda v: isinstance(v, list) and all(isinstance(p, str) for p in v),
        "files": lambda v: isinstance(v, dict) and all(isinstance(f, dict) for f in v.values()),
    }
    for key, valid in checks.items():
        if key not in raw:
            raise GalleryError(f"{where}: {key} is required")
        if not valid(raw[key]):
            raise GalleryError(f"{where}: {key} is not valid")
    return raw


def _is_time(value: object) -> bool:
    try:
        datetime.fromisoformat(str(value)).astimezone(UTC)
    except (ValueError, OverflowError):  # 9999-12-31T23:59-23:59 is past year 9999 in UTC
        return False
    return isinstance(value, str)


def import_bundle(gallery: Any, path: Path) -> tuple[Entry, bool]:
    """(entry, True) after adding the bundle's entry to gallery, (entry, False) when it
    was there already (nothing changes). GalleryError, and nothing written, on any problem."""
    bundle = read_bundle(path)
    existing = gallery.find(bundle.id)
    if existing is not None:
        return existing, False
    entry, added = gallery.add(bundle.design, bundle.thumbnail_png, bundle.glb, bundle.photo_jpeg)
    return entry, added
