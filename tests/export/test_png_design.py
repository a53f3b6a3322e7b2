"""PNGs carry their design: round trip, and hostile PNGs each get one clear error."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from fusionsmile.core.design_io import DesignError, design_from_bytes, read_design
from fusionsmile.core.design_png import DESIGN_KEYWORD, PNG_SIGNATURE
from fusionsmile.export.png_design import save_png

ROOT = Path(__file__).parents[2]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(*chunks: bytes) -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    return PNG_SIGNATURE + header + b"".join(chunks) + pixels + _chunk(b"IEND", b"")


def _itxt(text: bytes, compressed: bool = True) -> bytes:
    body = zlib.compress(text) if compressed else text
    head = DESIGN_KEYWORD.encode() + b"\0" + bytes([int(compressed), 0]) + b"\0\0"
    return _chunk(b"iTXt", head + body)


def test_a_png_round_trips_its_design(tmp_path: Path) -> None:
    design = read_design(ROOT / "presets" / "showcase.json")
    path = tmp_path / "smile.png"
    save_png(Image.new("RGBA", (32, 16), (10, 20, 30, 255)), path, design)
    assert read_design(path) == design
    assert design_from_bytes(path.read_bytes()) == design
    with Image.open(path) as image:  # still an ordinary PNG
        assert image.size == (32, 16)


def test_the_design_chunk_may_follow_the_pixels(tmp_path: Path) -> None:
    text = (ROOT / "presets" / "star-tattoo.json").read_bytes()
    data = _png()
    data = data[:-12] + _itxt(text) + data[-12:]  # after IDAT, before IEND
    path = tmp_path / "late.png"
    path.write_bytes(data)
    assert read_design(path).meta.title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(), "no FusionSmile design in this PNG"),
        (_png(_itxt(b"{}" + b" " * (64 * 1024 * 1024))), "inflates beyond 2 MB"),
        (_png()[:40], "truncated"),
        (_png(_itxt(b'{"a": 1}'))[:60], "truncated"),
        (
            _png()[:33] + struct.pack(">I", 0x7FFFFFF0) + b"IDAT" + b"\0" * 20,
            "truncated",
        ),
        (
            _png()[:33] + struct.pack(">I", 0x7FFFFFF0) + b"iTXt" + DESIGN_KEYWORD.encode() + b"\0",
            "too large",
        ),
        (_png(_itxt(b"not json at all")), "not valid JSON"),
        (_png(_itxt(zlib.compress(b"x" * 100)[:20], compressed=False)), "not UTF-8"),
    ],
    ids=["no-chunk", "bomb", "truncated", "truncated-chunk", "huge-skip", "huge-design",
         "not-json", "binary"],
)  # fmt: skip
def test_hostile_pngs_get_one_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "hostile.png"
    path.write_bytes(data)
    with pytest.raises(DesignError) as caught:
        read_design(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_damaged_design_chunk_is_refused(tmp_path: Path) -> None:
    data = bytearray(_png(_itxt(b'{"schema": "x"}')))
    data[data.index(b"iTXt") + 30] ^= 0xFF
    with pytest.raises(DesignError, match="CRC"):
        design_from_bytes(bytes(data), "damaged.png")
