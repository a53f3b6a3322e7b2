"""Reading a person's photo: bounded, upright, RGB, and never trusted.

A photo may come from anyone. Its header is checked before a pixel is decoded (format,
dimensions, pixel count), EXIF orientation is applied so the face is upright, any mode
(greyscale, CMYK, 16-bit, palette, alpha) becomes 8-bit RGB, and everything else the
file carries (EXIF, GPS, maker notes, ICC text) stays behind: what we keep is pixels.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILE_BYTES = 64 * 1024 * 1024  # a 50-megapixel JPEG is ~25 MB
MAX_PIXELS = 64_000_000  # decoded RGB at most ~190 MB; below Pillow's own bomb limit
MIN_SIDE = 64  # pixels: nothing smaller holds a face worth fitting
# Formats read by content, whatever the file is called; a PNG named .jpg is still a PNG.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}


class PhotoError(ValueError):
    """A photo that cannot be used, with one line saying why (and naming the file)."""


@dataclass(frozen=True)
class Photo:
    """An upright 8-bit RGB photo and where it came from.

    pixels : (h, w, 3) uint8 sRGB, EXIF orientation applied, at the photo's own size
    sha256 : hex digest of the file's bytes (how a design refers to its photo)
    file_name : the file's base name, no folders (a design may travel)
    """

    pixels: NDArray[np.uint8]
    sha256: str
    file_name: str
    format: str

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) pixels."""
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


def read_photo(path: str | Path) -> Photo:
    """The photo at path, or PhotoError naming the file and the problem."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            raise PhotoError(
                f"{name}: no such file" if not path.exists() else f"{name}: not a file"
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PhotoError(
                f"{name}: {size / 2**20:.0f} MB is too large for a photo "
                f"(at most {MAX_FILE_BYTES // 2**20} MB)"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PhotoError(f"{name}: cannot be read ({error.strerror or error})") from None
    return photo_from_bytes(data, name)


def photo_from_bytes(data: bytes, name: str = "photo") -> Photo:
    """The photo in data (the bytes of a JPEG, PNG, WebP or HEIC file)."""
    if len(data) > MAX_FILE_BYTES:
        raise PhotoError(f"{name}: too large for a photo (at most {MAX_FILE_BYTES // 2**20} MB)")
    _register_heif()
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, above its own bomb limit; ours is lower and is
            # checked on the header below, before any pixel is decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = FORMATS.get(image.format or "")
            if kind is None:
                found = image.format or "unknown"
                raise PhotoError(f"{name}: a {found} image; photos must be JPEG, PNG, WebP or HEIC")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoError(
                    f"{name}: {width}x{height} is {width * height / 1e6:.0f} megapixels; "
                    f"photos may have at most {MAX_PIXELS // 1_000_000}"
                )
            if min(width, height) < MIN_SIDE:
                raise PhotoError(f"{name}: {width}x{height} is too small to find a face in")
            pixels = _rgb8(ImageOps.exif_transpose(image))
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            f"{name}: not a photo FusionSmile can read (JPEG, PNG, WebP or HEIC)"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoError(f"{name}: the image is damaged or truncated ({error})") from None
    return Photo(pixels, hashlib.sha256(data).hexdigest(), name, kind)


def _register_heif() -> None:
    """Teach Pillow HEIC/HEIF (phone photos) when pillow-heif is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def _rgb8(image: Image.Image) -> NDArray[np.uint8]:
    """(h, w, 3) uint8 RGB of any Pillow mode; transparency is laid over white (as a
    viewer shows it), 16-bit greyscale is scaled, not clipped."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or values.max() > 255 else 255.0
        grey = np.clip(values / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if image.mode == "F":
        grey = np.clip(np.asarray(image, dtype=np.float64) * 255.0 + 0.5, 0, 255)
        return np.repeat(grey.astype(np.uint8)[:, :, None], 3, axis=2)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(pixels)


def sample_portrait_path() -> Path:
    """A public-domain portrait that ships inside an installed package: NASA's photo of
    astronaut Eileen Collins (scikit-image's `data.astronaut`), smiling with her upper
    teeth showing. Nothing is downloaded."""
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        raise PhotoError("the sample portrait needs scikit-image, which is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "astronaut.png"
