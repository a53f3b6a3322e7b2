"""What leaves a person's machine when they publish a design.

A design made on a portrait names its photo (hash, file name, fit). By default the photo
stays home and its reference is dropped on publishing as well: a file name can name the
person, and a gallery entry is meant for others.

A maker who wants their own smile seen on their own face may share the photo, on
request only. What is shared then is a fresh JPEG of the upright pixels, at most
`MAX_SHARED_SIDE` on its long side, named `photo.jpg`: no EXIF, GPS, maker notes, ICC
text or original file name survive, and the design's reference is rewritten to it (the
fit is kept: it is in fractions of the photo, which resizing does not change).

Whoever receives an entry with a photo gets checked bytes: a JPEG that decodes within
the photo limits, carries no metadata, and is the photo the design names.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from fusionsmile.core.design import Design
from fusionsmile.gallery.entry import PHOTO_FILE, GalleryError
from fusionsmile.portrait.photo import Photo, PhotoError, photo_from_bytes

MAX_SHARED_SIDE = 2560  # pixels: a face is detected and fitted at 1280 anyway
MAX_SHARED_BYTES = 16 * 1024 * 1024
JPEG_QUALITY = 90
# JPEG segments that carry text or metadata rather than the picture.
_METADATA_KEYS = ("exif", "icc_profile", "xmp", "photoshop", "comment", "adobe_transform")

PHOTO_WARNING = (
    "the entry includes your portrait photo: anyone who gets this gallery, its bundles "
    "or its web site will see the face in it"
)


def shareable(design: Design) -> Design:
    """design as it may be published: without its photo reference."""
    if design.photo is None:
        return design
    return design.model_copy(update={"photo": None})


def shareable_with_photo(design: Design, photo: Photo) -> tuple[Design, bytes]:
    """(design naming the shared photo, the photo's JPEG bytes), for a maker who asked to
    share their portrait; GalleryError when photo is not the one the design was made on."""
    if design.photo is None:
        raise GalleryError("the design was not made on a photo: there is no photo to share")
    if design.photo.sha256 != photo.sha256:
        raise GalleryError(
            f"{photo.file_name} is not the photo the design was made on ({design.photo.file_name})"
        )
    jpeg = shared_jpeg(photo)
    reference = design.photo.model_copy(
        update={"sha256": hashlib.sha256(jpeg).hexdigest(), "file_name": PHOTO_FILE}
    )
    return design.model_copy(update={"photo": reference}), jpeg


def shared_jpeg(photo: Photo) -> bytes:
    """The photo's pixels as a JPEG with nothing else in it, long side bounded."""
    image = Image.fromarray(photo.pixels, "RGB")
    longest = max(image.size)
    if longest > MAX_SHARED_SIDE:
        scale = MAX_SHARED_SIDE / longest
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # Pillow writes no EXIF, ICC or comment unless it is given one.
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def check_shared_photo(data: bytes, design: Design, source: str) -> None:
    """GalleryError naming source unless data is a shared photo that design names."""
    if len(data) > MAX_SHARED_BYTES:
        raise GalleryError(f"{source}: larger than {MAX_SHARED_BYTES // 2**20} MB")
    reference = design.photo
    if reference is None:
        raise GalleryError(f"{source}: the design names no photo, so none may come with it")
    if reference.file_name != PHOTO_FILE:
        raise GalleryError(f"{source}: the design names {reference.file_name!r}, not {PHOTO_FILE}")
    if hashlib.sha256(data).hexdigest() != reference.sha256:
        raise GalleryError(f"{source}: not the photo the design names (its hash differs)")
    try:
        photo = photo_from_bytes(data, source)
    except PhotoError as error:
        raise GalleryError(str(error)) from None
    if photo.format != "JPEG":
        raise GalleryError(f"{source}: a {photo.format} image; a shared photo is a JPEG")
    if max(photo.size) > MAX_SHARED_SIDE:
        raise GalleryError(f"{source}: {photo.size[0]}x{photo.size[1]} is larger than shared")
    with Image.open(io.BytesIO(data)) as image:
        found = [key for key in _METADATA_KEYS if image.info.get(key)]
        if found or len(image.getexif()):
            what = ", ".join(found) or "EXIF"
            raise GalleryError(
                f"{source}: carries metadata ({what}); a shared photo holds pixels only"
            )
