"""Fuzzing PNGs: pictures assembled from chunks that may lie (lengths, CRCs, order), with
design chunks that may be compressed, truncated, bombs or another design. Reading a
design from one, checking one as a thumbnail and making it carry an entry's design
either work or give one clear line."""

from __future__ import annotations

import io
import json
import struct
import zlib

from design_strategies import design_objects
from fuzz_checks import assert_one_clear_line
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, design_from_bytes
from fusionsmile.core.design_png import DESIGN_KEYWORD, PNG_SIGNATURE, design_text_from_png
from fusionsmile.gallery.entry import GalleryError, design_id
from fusionsmile.gallery.thumbnail import carrying_design, check_thumbnail

SOURCE = "fuzzed.png"


def _picture(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 20, 50)).save(out, format="PNG")
    return out.getvalue()


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], len(PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def _itxt(text: bytes, compressed: bool) -> bytes:
    body = zlib.compress(text) if compressed else text
    return DESIGN_KEYWORD.encode() + b"\0" + bytes([int(compressed), 0]) + b"\0\0" + body


@st.composite
def pngs(draw: st.DrawFn) -> bytes:
    chunks = _chunks(_picture(draw(st.integers(1, 40)), draw(st.integers(1, 40))))
    design_text = json.dumps(draw(design_objects(max_layers=1))).encode()
    extra = st.one_of(
        st.builds(_itxt, st.just(design_text), st.booleans()).map(lambda d: (b"iTXt", d)),
        st.builds(_itxt, st.binary(max_size=60), st.booleans()).map(lambda d: (b"iTXt", d)),
        st.just((b"iTXt", _itxt(bytes(3 << 20), True))),  # a 3 MB design: a small bomb
        st.tuples(
            st.sampled_from([b"tEXt", b"zTXt", b"IDAT", b"IEND", b"abcd"]), st.binary(max_size=40)
        ),
    )
    for _ in range(draw(st.integers(0, 3))):
        chunks.insert(draw(st.integers(1, len(chunks))), draw(extra))
    out = bytearray(PNG_SIGNATURE)
    for kind, data in chunks:
        length = len(data)
        if draw(st.integers(0, 9)) == 0:  # a lying length now and then
            length = draw(st.integers(0, 2**32 - 1))
        crc = zlib.crc32(kind + data)
        if draw(st.integers(0, 9)) == 0:
            crc ^= 1
        out += struct.pack(">I", length) + kind + data + struct.pack(">I", crc)
    if draw(st.booleans()) and len(out) > 9:
        del out[draw(st.integers(8, len(out) - 1)) :]  # truncated
    return bytes(out)


@given(pngs())
def test_a_design_from_a_png_loads_or_is_one_clear_line(png: bytes) -> None:
    try:
        design_from_bytes(png, SOURCE)
    except DesignError as error:
        for problem in error.problems:
            assert_one_clear_line(f"{error.source}: {problem}", SOURCE)


@given(pngs())
def test_a_thumbnail_is_accepted_or_one_clear_line_and_carries_its_entry(png: bytes) -> None:
    try:
        check_thumbnail(png, SOURCE)
    except GalleryError as error:
        assert_one_clear_line(str(error), SOURCE)
        return
    entry = Design()
    carried = carrying_design(png, entry)
    check_thumbnail(carried, SOURCE)
    try:
        text = design_text_from_png(io.BytesIO(carried), 2 << 20)
    except ValueError:
        assert carried == png  # it carried no design, and still carries none
        return
    assert design_id(design_from_bytes(text, SOURCE)) == design_id(entry)
