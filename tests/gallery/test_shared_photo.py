"""Sharing a maker's own portrait photo: only on request, stripped to pixels, carried by
the entry, its bundle and its site page (which says so), and checked on the way in."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from gallery_fixtures import design, placeholder_png
from PIL import ExifTags, Image
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design import Design, PhotoFit, PhotoRef
from fusionsmile.core.design_io import design_to_json
from fusionsmile.gallery import Gallery, GalleryError, import_bundle, read_bundle, write_bundle
from fusionsmile.gallery.entry import PHOTO_FILE
from fusionsmile.gallery.shareable import (
    MAX_SHARED_SIDE,
    check_shared_photo,
    shareable,
    shareable_with_photo,
)
from fusionsmile.gallery.site import write_site
from fusionsmile.portrait.photo import read_photo, sample_portrait_path

PNG = placeholder_png()
FIT = PhotoFit(x=0.48, y=0.41, width_mm=310.0, roll_deg=2.0)


def jpeg_with_gps(path: Path, size: tuple[int, int] | None = None) -> Path:
    """The sample portrait as a camera would write it: EXIF with a maker and a GPS fix."""
    with Image.open(sample_portrait_path()) as image:
        picture = image.convert("RGB")
    if size is not None:
        picture = picture.resize(size)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Hasselblad"
    exif[ExifTags.Base.ImageDescription] = "Eileen at home"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (29.0, 33.0, 5.0),
    }
    picture.save(path, "JPEG", exif=exif, quality=92)
    with Image.open(path) as written:  # the fixture itself must carry what we strip
        assert written.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return path


def on_photo(photo_path: Path, fit: PhotoFit | None = FIT) -> Design:
    photo = read_photo(photo_path)
    reference = PhotoRef(sha256=photo.sha256, file_name=photo_path.name, fit=fit)
    return design("My own smile").model_copy(update={"photo": reference})


@pytest.fixture
def camera_jpeg(tmp_path: Path) -> Path:
    return jpeg_with_gps(tmp_path / "eileen-collins-home.jpg")


def test_shared_photo_keeps_pixels_only_and_renames_the_reference(camera_jpeg: Path) -> None:
    made = on_photo(camera_jpeg)
    shared, jpeg = shareable_with_photo(made, read_photo(camera_jpeg))
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert image.size == (512, 512)
    assert b"Hasselblad" not in jpeg and b"Eileen" not in jpeg and b"eileen" not in jpeg
    assert shared.photo is not None
    assert shared.photo.sha256 == hashlib.sha256(jpeg).hexdigest()
    assert shared.photo.file_name == PHOTO_FILE
    assert shared.photo.fit == FIT and shared.geometry == made.geometry
    check_shared_photo(jpeg, shared, "photo.jpg")  # what we share passes our own check
    assert shareable(made).photo is None  # the default: the reference goes too


def test_a_large_photo_is_shared_at_a_bounded_size(tmp_path: Path) -> None:
    big = jpeg_with_gps(tmp_path / "big.jpg", size=(3000, 3000))
    _, jpeg = shareable_with_photo(on_photo(big), read_photo(big))
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.size == (MAX_SHARED_SIDE, MAX_SHARED_SIDE)


def test_only_the_photo_the_design_was_made_on_is_shared(camera_jpeg: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.png"
    with Image.open(camera_jpeg) as image:
        image.save(other)
    with pytest.raises(GalleryError, match="not the photo the design was made on"):
        shareable_with_photo(on_photo(camera_jpeg), read_photo(other))
    with pytest.raises(GalleryError, match="not made on a photo"):
        shareable_with_photo(design("no photo"), read_photo(camera_jpeg))


def test_entry_bundle_and_import_carry_the_shared_photo(camera_jpeg: Path, tmp_path: Path) -> None:
    shared, jpeg = shareable_with_photo(on_photo(camera_jpeg), read_photo(camera_jpeg))
    source = Gallery(tmp_path / "source")
    entry, added = source.add(shared, PNG, photo_jpeg=jpeg)
    assert added and entry.photo is not None and entry.photo.read_bytes() == jpeg
    assert entry.as_json()["photo"] == str(entry.photo)
    bundle_path = write_bundle(entry, tmp_path / "mine.fsmile")
    assert read_bundle(bundle_path).photo_jpeg == jpeg
    target = Gallery(tmp_path / "target")
    imported, added = import_bundle(target, bundle_path)
    assert added and imported.id == entry.id
    assert imported.photo is not None and imported.photo.read_bytes() == jpeg
    # An entry without a shared photo makes a bundle without one.
    plain, _ = source.add(design("plain"), PNG)
    with zipfile.ZipFile(write_bundle(plain, tmp_path / "plain.fsmile")) as archive:
        assert PHOTO_FILE not in archive.namelist()


def rebundled(bundle: Path, out: Path, **replace: bytes) -> Path:
    """bundle with some files replaced and its manifest's checksums made to match."""
    with zipfile.ZipFile(bundle) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files.update(replace)
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
        if name != "manifest.json"
    }
    files["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out


def test_a_bundle_with_a_photo_that_is_not_clean_or_not_its_own_is_refused(
    camera_jpeg: Path, tmp_path: Path
) -> None:
    shared, jpeg = shareable_with_photo(on_photo(camera_jpeg), read_photo(camera_jpeg))
    source = Gallery(tmp_path / "source")
    entry, _ = source.add(shared, PNG, photo_jpeg=jpeg)
    good = write_bundle(entry, tmp_path / "good.fsmile")
    target = Gallery(tmp_path / "target")

    # The camera's own file, EXIF and GPS and all, with a design that names it.
    raw = camera_jpeg.read_bytes()
    assert shared.photo is not None
    naming_raw = shared.model_copy(
        update={
            "photo": shared.photo.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})
        }
    )
    from fusionsmile.gallery.entry import design_id

    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    manifest["id"] = design_id(naming_raw)
    tampered = rebundled(
        good,
        tmp_path / "exif.fsmile",
        **{
            PHOTO_FILE: raw,
            "design.json": design_to_json(naming_raw).encode(),
            "manifest.json": json.dumps(manifest).encode(),
        },
    )
    with pytest.raises(GalleryError, match="metadata"):
        import_bundle(target, tampered)

    # Another picture in place of the photo the design names.
    other = io.BytesIO()
    Image.new("RGB", (200, 200), (200, 120, 90)).save(other, "JPEG")
    swapped = rebundled(good, tmp_path / "swapped.fsmile", **{PHOTO_FILE: other.getvalue()})
    with pytest.raises(GalleryError, match="not the photo the design names"):
        import_bundle(target, swapped)

    # A photo beside a design that names none.
    plain, _ = source.add(design("plain"), PNG)
    smuggled = rebundled(
        write_bundle(plain, tmp_path / "plain.fsmile"),
        tmp_path / "smuggled.fsmile",
        **{PHOTO_FILE: jpeg},
    )
    with pytest.raises(GalleryError, match="names no photo"):
        import_bundle(target, smuggled)
    assert target.entries() == []


def test_the_site_marks_entries_with_a_photo(camera_jpeg: Path, tmp_path: Path) -> None:
    shared, jpeg = shareable_with_photo(on_photo(camera_jpeg), read_photo(camera_jpeg))
    gallery = Gallery(tmp_path / "g")
    with_photo, _ = gallery.add(shared, PNG, photo_jpeg=jpeg)
    without, _ = gallery.add(design("Just teeth"), PNG)
    site = tmp_path / "site"
    index = write_site(gallery, site).read_text("utf-8")
    assert index.count("Includes a portrait photo") == 1
    card = index.split(f'data-id="{with_photo.id}"')[1].split("</article>")[0]
    assert "Includes a portrait photo" in card
    page = (site / "entries" / f"{with_photo.id}.html").read_text("utf-8")
    assert "Includes a portrait photo" in page and "portrait photo" in page
    other_page = (site / "entries" / f"{without.id}.html").read_text("utf-8")
    assert "portrait photo" not in other_page
    with zipfile.ZipFile(site / "bundles" / f"{with_photo.id}.fsmile") as archive:
        assert archive.read(PHOTO_FILE) == jpeg


def test_cli_publishes_the_photo_only_when_asked(camera_jpeg: Path, tmp_path: Path) -> None:
    design_path = tmp_path / "mine.json"
    design_path.write_text(design_to_json(on_photo(camera_jpeg)), encoding="utf-8")
    root = tmp_path / "g"

    def publish(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["gallery", "--gallery", str(root), "publish", *args])
        return result.exit_code, result.stderr

    code, err = publish(str(design_path))
    assert code == 0, err
    (plain,) = Gallery(root).entries()
    assert plain.photo is None and plain.design.photo is None  # nor its file name
    assert "portrait photo" not in err

    code, err = publish(str(design_path), "--include-photo")
    assert code == 0, err
    assert "will see the face" in err
    shared = next(entry for entry in Gallery(root).entries() if entry.photo is not None)
    assert shared.design.photo is not None and shared.design.photo.file_name == PHOTO_FILE
    assert b"Hasselblad" not in shared.photo.read_bytes()

    camera_jpeg.rename(tmp_path / "moved.jpg")
    code, err = publish(str(design_path), "--include-photo")
    assert code == 1 and err.count("\n") == 1 and "--photo" in err
    code, err = publish(str(design_path), "--photo", str(tmp_path / "moved.jpg"))
    assert code == 0, err


def test_a_shared_portrait_is_the_entry_s_picture(tmp_path: Path) -> None:
    """Published without a thumbnail, an entry with a photo shows the smile on the face:
    away from the mouth (by day) its picture is the photo's own lower face."""
    import numpy as np

    from fusionsmile.core.design_io import read_design
    from fusionsmile.gallery.thumbnail import THUMBNAIL_SIZE, lower_face_box
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.photo import photo_from_bytes

    made = on_photo(jpeg_with_gps(tmp_path / "me.jpg"), fit=None)  # the automatic fit
    made = made.model_copy(update={"view": made.view.model_copy(update={"lighting": "day"})})
    shared, jpeg = shareable_with_photo(made, read_photo(tmp_path / "me.jpg"))
    entry, _ = Gallery(tmp_path / "g").add(shared, photo_jpeg=jpeg)
    assert read_design(entry.thumbnail) == shared
    face = analyse_photo(photo_from_bytes(jpeg))
    box = lower_face_box(face.frame.pupils, face.frame.commissures, face.photo.size, THUMBNAIL_SIZE)
    expected = np.asarray(
        Image.fromarray(face.photo.pixels)
        .crop(box)
        .resize(THUMBNAIL_SIZE, Image.Resampling.LANCZOS),
        dtype=np.float64,
    )
    with Image.open(entry.thumbnail) as picture:
        shown = np.asarray(picture.convert("RGB"), dtype=np.float64)
    assert shown.shape == expected.shape
    top = slice(0, THUMBNAIL_SIZE[1] // 3)  # the eyes and cheeks: no teeth there
    assert np.abs(shown[top] - expected[top]).mean() < 2.0
    # and the mouth is not the photo's own any more (the designed teeth are in it)
    mouth = (slice(THUMBNAIL_SIZE[1] // 2, THUMBNAIL_SIZE[1] * 3 // 4), slice(180, 300))
    assert np.abs(shown[mouth] - expected[mouth]).mean() > 4.0
