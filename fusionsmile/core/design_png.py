"""Finding the design JSON a FusionSmile PNG carries, without decoding a single pixel.

A PNG written by FusionSmile holds its design in a compressed iTXt chunk with the
keyword `fusionsmile:design`. The file may come from a stranger, so the walk over the
chunks is bounded: chunk data is skipped by seeking, at most MAX_CHUNK_BYTES are read,
at most MAX_CHUNKS chunks are looked at, and the text is decompressed to at most
MAX_DESIGN_BYTES (a zlib bomb is refused, not inflated). Plain `struct` and `zlib`:
the core does not import Pillow.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DESIGN_KEYWORD = "fusionsmile:design"
MAX_CHUNK_BYTES = 4 * 1024 * 1024  # chunk data read (not skipped) in all
MAX_CHUNKS = 10_000


class PngDesignError(ValueError):
    """The PNG holds no readable design; the message is one line for the user."""


class NoDesignInPng(PngDesignError):
    """A whole PNG without a design chunk (a picture, not a design file)."""


def design_text_from_png(handle: BinaryIO, max_bytes: int) -> bytes:
    """The UTF-8 design JSON from the PNG open in `handle` (positioned at its start).

    Raises PngDesignError: not a PNG, truncated, a bad chunk, no design chunk, or a
    design that would inflate beyond max_bytes.
    """
    if handle.read(8) != PNG_SIGNATURE:
        raise PngDesignError("not a PNG file")
    keyword = DESIGN_KEYWORD.encode("latin-1") + b"\0"
    read_so_far = 0
    for _ in range(MAX_CHUNKS):
        header = handle.read(8)
        if len(header) < 8:
            raise PngDesignError("the PNG is truncated (it ends before its IEND chunk)")
        length, kind = struct.unpack(">I4s", header)
        if length > 0x7FFFFFFF:
            raise PngDesignError(f"bad PNG chunk length {length}")
        if kind == b"IEND":
            break
        if kind == b"iTXt" and _starts_with(handle, keyword, length):
            if length > max_bytes + 1024 or read_so_far + length > MAX_CHUNK_BYTES:
                raise PngDesignError(f"the design chunk is too large ({length} bytes)")
            data = handle.read(length)
            crc = handle.read(4)
            if len(data) < length or len(crc) < 4:
                raise PngDesignError("the PNG is truncated inside its design chunk")
            if zlib.crc32(data, zlib.crc32(kind)) != struct.unpack(">I", crc)[0]:
                raise PngDesignError("the design chunk is damaged (CRC mismatch)")
            return _itxt_text(data, max_bytes)
        position = handle.tell()
        handle.seek(length + 4, 1)  # skip the data (pixels included) and the CRC
        if handle.tell() != position + length + 4 or _past_end(handle):
            raise PngDesignError("the PNG is truncated (a chunk runs past the end)")
        if kind == b"iTXt":
            read_so_far += min(length, len(keyword))
    else:
        raise PngDesignError(f"more than {MAX_CHUNKS} chunks before the design; not read")
    raise NoDesignInPng("no FusionSmile design in this PNG")


def _starts_with(handle: BinaryIO, prefix: bytes, length: int) -> bool:
    """Whether the chunk data (length bytes, at the handle) starts with prefix; the
    handle is left where it was."""
    if length < len(prefix):
        return False
    position = handle.tell()
    head = handle.read(len(prefix))
    handle.seek(position)
    return head == prefix


def _past_end(handle: BinaryIO) -> bool:
    position = handle.tell()
    end = handle.seek(0, 2)
    handle.seek(position)
    return position > end


def _itxt_text(data: bytes, max_bytes: int) -> bytes:
    """iTXt: keyword 0 flag method language 0 translated-keyword 0 text."""
    keyword_end = data.index(b"\0")
    if len(data) < keyword_end + 3:
        raise PngDesignError("the design chunk is malformed")
    compressed, method = data[keyword_end + 1], data[keyword_end + 2]
    rest = data[keyword_end + 3 :]
    parts = rest.split(b"\0", 2)
    if len(parts) != 3:
        raise PngDesignError("the design chunk is malformed")
    text = parts[2]
    if not compressed:
        if len(text) > max_bytes:
            raise PngDesignError(f"the design is larger than {max_bytes // 1024 // 1024} MB")
        return text
    if method != 0:
        raise PngDesignError(f"the design chunk uses unknown compression method {method}")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(text, max_bytes + 1)
    except zlib.error as error:
        raise PngDesignError(f"the design chunk cannot be decompressed ({error})") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise PngDesignError(f"the design inflates beyond {max_bytes // 1024 // 1024} MB; refused")
    if not inflater.eof:
        raise PngDesignError("the design chunk is truncated (its zlib stream is incomplete)")
    return out
