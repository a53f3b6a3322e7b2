"""The fast PNG writer: the same pixels and text chunks as Pillow, one valid zlib stream."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.export import png_design
from fusionsmile.export.png_design import design_pnginfo, save_png, write_png

ROOT = Path(__file__).parents[2]
SHOWCASE = read_design(ROOT / "presets" / "showcase.json")


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(kind, data) of every chunk, CRCs checked."""
    found, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        found.append((kind, body))
        at += 12 + length
    return found


def picture(mode: str, size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A render-like picture: smooth gradients, a few hard edges, a little noise."""
    w, h = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x ^ y) & 255], -1)
    base = (base + rng.integers(0, 3, base.shape)).clip(0, 255).astype(np.uint8)
    rgba = np.concatenate([base, np.full((h, w, 1), 255, np.uint8)], -1)
    rgba[h // 3 : h // 2, w // 4 : w // 2] = (250, 40, 200, 128)
    return Image.fromarray(rgba, "RGBA").convert(mode)


def pillow_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=design_pnginfo(SHOWCASE))
    return out.getvalue()


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "LA", "L"])
@pytest.mark.parametrize("size", [(1, 1), (37, 5), (320, 180)])
def test_pixels_and_chunks_are_pillows(mode: str, size: tuple[int, int]) -> None:
    image = picture(mode, size)
    out = io.BytesIO()
    write_png(image, out, design_pnginfo(SHOWCASE))
    ours, theirs = out.getvalue(), pillow_png(image)
    with Image.open(io.BytesIO(ours)) as written:
        written.verify()
    with Image.open(io.BytesIO(ours)) as written, Image.open(io.BytesIO(theirs)) as reference:
        assert written.mode == mode and written.size == size
        np.testing.assert_array_equal(np.asarray(written), np.asarray(image))
        assert written.text == reference.text
    ours_chunks = [(k, b) for k, b in chunks(ours) if k != b"IDAT"]
    theirs_chunks = [(k, b) for k, b in chunks(theirs) if k != b"IDAT"]
    assert ours_chunks == theirs_chunks  # IHDR, the text in order, IEND: byte for byte


def test_strips_deflated_apart_make_one_checked_zlib_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(png_design.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(png_design, "_STRIP_BYTES", 1 << 14)
    monkeypatch.setattr(png_design, "_CHUNK_BYTES", 1 << 12)
    image = picture("RGBA", (200, 150), seed=1)
    out = io.BytesIO()
    write_png(image, out)
    parts = chunks(out.getvalue())
    idat = [body for kind, body in parts if kind == b"IDAT"]
    assert len(idat) > 3
    stream = b"".join(idat)
    raw = zlib.decompress(stream)  # checks the Adler-32 of the whole
    rows = np.frombuffer(raw, np.uint8).reshape(150, 1 + 200 * 4)
    assert (rows[:, 0] == 2).all()  # Up
    pixels = np.cumsum(rows[:, 1:], axis=0, dtype=np.uint8)  # undo Up, modulo 256
    np.testing.assert_array_equal(pixels.reshape(150, 200, 4), np.asarray(image))
    broken = stream[:-1] + bytes([stream[-1] ^ 1])
    with pytest.raises(zlib.error):
        zlib.decompress(broken)


def test_save_png_round_trips_the_design_and_the_pixels(tmp_path: Path) -> None:
    image = picture("RGBA", (640, 360))
    path = tmp_path / "smile.png"
    save_png(image, path, SHOWCASE)
    assert read_design(path) == SHOWCASE
    with Image.open(path) as written:
        np.testing.assert_array_equal(np.asarray(written), np.asarray(image))


@pytest.mark.parametrize("kind", ["palette", "options", "icc"])
def test_what_the_writer_does_not_write_goes_through_pillow(tmp_path: Path, kind: str) -> None:
    image = picture("RGB", (40, 20))
    options: dict[str, object] = {}
    if kind == "palette":
        image = image.quantize(16)
    elif kind == "options":
        options = {"dpi": (300, 300)}
    else:
        image.info["icc_profile"] = b"not really a profile"
    assert not png_design.fast_writable(image) or options
    path = tmp_path / "other.png"
    save_png(image, path, SHOWCASE, **options)
    assert read_design(path) == SHOWCASE
    with Image.open(path) as written:
        np.testing.assert_array_equal(np.asarray(written), np.asarray(image))
        if kind == "options":
            assert written.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        if kind == "icc":
            assert written.info["icc_profile"] == b"not really a profile"
