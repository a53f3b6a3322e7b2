"""Loading a decal PNG without trusting it.

A decal names a built-in image (`assets:decals/star.png`) or a path to the user's own
PNG, which may come from anywhere (a shared design). Every step that can go wrong is
checked before the next one costs anything:

1. the name: `assets:` names are plain file names inside assets/decals, nothing else;
2. the file: it exists, is a regular file (not a FIFO or a device that never ends,
   checked on what was opened, without blocking) and is at most `MAX_BYTES`; it is
   read once, so it cannot change under us;
3. the header: the PNG signature, and the size in the IHDR chunk at most
   `MAX_SIDE` x `MAX_SIDE`, read before Pillow decodes a single pixel (Pillow's own
   decompression-bomb check, far above our limit, is turned into an error as well);
4. the data: `Image.verify()` (chunk CRCs), then a fresh decode, which catches
   truncated and corrupt streams;
5. the mode: 1, L, LA, P, PA, RGB, RGBA are converted to RGBA; 16-bit and float modes,
   CMYK and the rest are refused rather than guessed at.

Each problem raises LayerError with one line naming the file and what is wrong.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import threading
import warnings
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from fusionsmile.assets import asset_path
from fusionsmile.core.layers.kind import LayerError
from fusionsmile.core.regular_file import NotARegularFile, open_regular

F32 = NDArray[np.float32]

ASSET_PREFIX = "assets:"
MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 4096
ACCEPTED_MODES = ("1", "L", "LA", "P", "PA", "RGB", "RGBA")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Decoded decals by the SHA-256 of their bytes, least recently used first; at most
# _CACHE_BYTES of pixels (four of the largest decals), shared by the compositor threads.
_CACHE: OrderedDict[bytes, DecalImage] = OrderedDict()
_CACHE_BYTES = 4 * MAX_SIDE * MAX_SIDE * 4
_CACHE_LOCK = threading.Lock()
_DECODING: dict[bytes, threading.Lock] = {}  # a lock per image being decoded
_ASSET_NAME = re.compile(r"^decals/[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\.png$")
# What Pillow and zlib raise on streams that are damaged in one way or another.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    zlib.error,
    IndexError,
    TypeError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


@dataclass(frozen=True, eq=False)
class DecalImage:
    """A decoded decal: rgba8 (h, w, 4) uint8, sRGB colour, straight alpha."""

    rgba8: NDArray[np.uint8]
    _reduced: dict[int, F32] = field(default_factory=dict, repr=False)

    @property
    def rgba(self) -> F32:
        """(h, w, 4) float32 in [0, 1]."""
        return self.rgba8.astype(np.float32) / np.float32(255.0)

    @property
    def aspect(self) -> float:
        """height / width"""
        return float(self.rgba8.shape[0] / self.rgba8.shape[1])

    def reduced(self, width: int) -> F32:
        """rgba scaled down (never up) to about `width` pixels across, filtered: sampled
        at surface samples a few pixels apart, the full image would alias into jags.
        Kept per width: every layer showing this image shares one reduction."""
        if width not in self._reduced:
            self._reduced[width] = self._reduce(width)
        return self._reduced[width]

    def _reduce(self, width: int) -> F32:
        h, w = self.rgba8.shape[:2]
        if width >= w:
            return self.rgba
        size = (max(width, 2), max(round(width * h / w), 2))
        image = Image.fromarray(self.rgba8, "RGBA")
        # Pillow resamples RGBA with premultiplied alpha: no dark fringes at the edges.
        small = image.resize(size, Image.Resampling.BOX)
        return np.asarray(small, dtype=np.float32) / np.float32(255.0)


def _fail(value: str, problem: str) -> LayerError:
    shown = value if len(value) <= 80 else value[:77] + "..."
    return LayerError(f"decal {shown!r}: {problem}")


def decal_path(value: str) -> Path:
    """The file a decal's `image` parameter names; LayerError if it may not be read."""
    if value.startswith(ASSET_PREFIX):
        name = value[len(ASSET_PREFIX) :]
        if not _ASSET_NAME.match(name) or ".." in name:
            raise _fail(value, "an assets: name must be decals/<name>.png (built-in decals)")
        try:
            path = asset_path(name)
        except FileNotFoundError:
            raise _fail(value, "no such built-in decal") from None
        # The name cannot climb out (checked above); nor may a link inside the folder.
        if not path.resolve().is_relative_to(path.parent.resolve()):
            raise _fail(value, "an assets: name must stay inside assets/decals")
        return path
    if not value.strip():
        raise _fail(value, "no image file given")
    if "\x00" in value:
        raise _fail(value, "the path contains a NUL character")
    return Path(value).expanduser()


def _read_bytes(value: str, path: Path) -> bytes:
    try:
        # Opened without blocking and checked after opening: a path to a device or a
        # kernel file (/proc/kmsg) once hung render and export.
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise _fail(value, f"file is {size / 2**20:.1f} MB; a decal may be at most 8 MB")
            data = handle.read(MAX_BYTES + 1) or b""
    except FileNotFoundError:
        raise _fail(value, "file not found") from None
    except NotARegularFile:
        raise _fail(value, "not a regular file") from None
    except OSError as error:
        raise _fail(value, f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise _fail(value, "file grew past 8 MB while being read")
    if not data:
        raise _fail(value, "file is empty")
    return data


def _check_header(value: str, data: bytes) -> None:
    if not data.startswith(_PNG_SIGNATURE):
        raise _fail(value, "not a PNG file (no PNG signature)")
    # The IHDR chunk must come first: length (13), type, width, height (big-endian).
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise _fail(value, "not a valid PNG (no IHDR header chunk)")
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        raise _fail(value, f"image is {width} x {height} pixels")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _fail(
            value,
            f"image is {width} x {height} pixels; a decal may be at most {MAX_SIDE} x {MAX_SIDE}",
        )


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=["PNG"])


def load_decal(value: str) -> DecalImage:
    """The decal image named by an `image` parameter; LayerError naming the problem.

    Decoded images are kept by their content (SHA-256 of the file's bytes), so a design
    with the same large decal on many layers, or many renders of one design, decodes it
    once; the file is still read and checked each time, so an edited file is seen."""
    path = decal_path(value)
    data = _read_bytes(value, path)
    key = hashlib.sha256(data).digest()
    with _CACHE_LOCK:
        decoding = _DECODING.setdefault(key, threading.Lock())
    # The compositor prepares layers on several threads: one decodes, the others wait.
    with decoding:
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]
        try:
            image = _decode(value, data)
        except BaseException:
            with _CACHE_LOCK:
                _DECODING.pop(key, None)
            raise
        with _CACHE_LOCK:
            _CACHE[key] = image
            _DECODING.pop(key, None)  # after storing: a newcomer finds it cached
            while len(_CACHE) > 1 and sum(i.rgba8.nbytes for i in _CACHE.values()) > _CACHE_BYTES:
                _CACHE.popitem(last=False)
    return image


def _decode(value: str, data: bytes) -> DecalImage:
    _check_header(value, data)
    with warnings.catch_warnings():
        # A decompression-bomb warning is an error here, never a message on stderr.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with _open(data) as probe:
                probe.verify()
            with _open(data) as image:
                mode = image.mode
                if mode not in ACCEPTED_MODES:
                    raise _fail(
                        value,
                        f"colour mode {mode} is not supported; save it as 8-bit RGB(A), "
                        "grey or paletted",
                    )
                if max(image.size) > MAX_SIDE:
                    raise _fail(value, f"image is {image.width} x {image.height} pixels")
                image.load()
                rgba = image.convert("RGBA")
        except LayerError:
            raise
        except UnidentifiedImageError:
            raise _fail(value, "not a PNG Pillow can read") from None
        except _DECODE_ERRORS as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise _fail(value, f"corrupt or truncated PNG ({reason})") from None
    return DecalImage(rgba8=np.asarray(rgba, dtype=np.uint8))
