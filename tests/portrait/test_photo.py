"""Reading photos from strangers: upright, any mode, bounded, with one clear error."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.portrait.photo import MAX_FILE_BYTES, PhotoError, read_photo


def test_sample_portrait_reads_as_upright_rgb(astronaut_path: Path) -> None:
    photo = read_photo(astronaut_path)
    assert photo.size == (512, 512)
    assert photo.pixels.dtype == np.uint8 and photo.pixels.shape == (512, 512, 3)
    assert len(photo.sha256) == 64 and photo.file_name == "astronaut.png"


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # A tall picture stored sideways: orientation 6 says "rotate 90 degrees clockwise".
    stored = np.zeros((40, 80, 3), np.uint8)
    stored[:, :40] = (255, 0, 0)  # left half red as stored
    image = Image.fromarray(stored)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "sideways.jpg"
    image.resize((160, 80)).save(path, exif=exif, quality=95)
    photo = read_photo(path)
    assert photo.size == (80, 160)  # upright: taller than wide
    top, bottom = photo.pixels[:40].mean(axis=(0, 1)), photo.pixels[-40:].mean(axis=(0, 1))
    assert top[0] > 200 and bottom[0] < 60  # the red left half is now on top


@pytest.mark.parametrize("mode", ["L", "CMYK", "I;16", "RGBA", "P", "LA", "1"])
def test_any_mode_becomes_rgb8(tmp_path: Path, mode: str) -> None:
    base = Image.linear_gradient("L").resize((96, 96))
    image = (
        base.convert(mode)
        if mode != "I;16"
        else Image.fromarray((np.asarray(base, np.uint16) * 257).astype(np.uint16))
    )
    path = tmp_path / f"photo-{mode.replace(';', '')}.{'jpg' if mode == 'CMYK' else 'png'}"
    image.save(path)
    photo = read_photo(path)
    assert photo.pixels.shape == (96, 96, 3)
    if mode in ("L", "I;16"):
        # A gradient from black to white survives (16-bit scaled, not clipped).
        assert photo.pixels[0].mean() < 10 and photo.pixels[-1].mean() > 240


def test_a_png_named_jpg_is_read_by_its_content(tmp_path: Path, astronaut_path: Path) -> None:
    path = tmp_path / "really-a-png.jpg"
    path.write_bytes(astronaut_path.read_bytes())
    assert read_photo(path).format == "PNG"


def _refusal(path: Path) -> str:
    with pytest.raises(PhotoError) as caught:
        read_photo(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name)
    return message


def test_hostile_files_get_one_clear_line(tmp_path: Path, astronaut_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("this is not a photo\n")
    assert "not a photo" in _refusal(text)

    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(astronaut_path.read_bytes()[:4000])
    assert "damaged or truncated" in _refusal(truncated)

    gif = tmp_path / "anim.gif"
    Image.new("RGB", (100, 100)).save(gif)
    assert "GIF" in _refusal(gif)

    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (20, 20)).save(tiny)
    assert "too small" in _refusal(tiny)

    assert "no such file" in _refusal(tmp_path / "missing.jpg")


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    # 9000 x 9000 one-bit pixels compress to a few kB and would decode to 243 MB of RGB.
    bomb = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000)).save(bomb)
    assert bomb.stat().st_size < 100_000
    assert "megapixels" in _refusal(bomb)


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert "too large" in _refusal(huge)
    assert os.path.exists(huge)  # nothing of the user's is touched
