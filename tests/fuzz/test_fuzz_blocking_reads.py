"""A file that answers a read with nothing yet (a kernel file opened without blocking,
such as /proc/kmsg, which root can open): the readers of designs and storyboards, which
a storyboard's blend or the command line may point at one, give one clear line naming
the file instead of a TypeError (a non-blocking read returns None, not bytes)."""

from __future__ import annotations

import io
from typing import BinaryIO

import pytest
from fuzz_checks import assert_one_clear_line

from fusionsmile.core import design_io
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.film import storyboard
from fusionsmile.film.storyboard import StoryboardError, read_storyboard

SOURCE = "/proc/kmsg"


class _WouldBlock(io.RawIOBase):
    """A seekable file whose every read would block: readinto returns None, as the
    kernel's EAGAIN on a descriptor opened with O_NONBLOCK makes it."""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def readinto(self, buffer) -> None:  # type: ignore[no-untyped-def,override]
        return None


@pytest.fixture
def nothing_yet(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """open_regular gives a handle whose reads would block, as /proc/kmsg's do."""

    def opened(path: object) -> BinaryIO:
        return io.BufferedReader(_WouldBlock())

    monkeypatch.setattr(design_io, "open_regular", opened)
    monkeypatch.setattr(storyboard, "open_regular", opened)


def test_a_design_file_with_nothing_to_read_yet_is_one_line(nothing_yet) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DesignError) as raised:
        read_design(SOURCE)
    assert_one_clear_line(str(raised.value), SOURCE)


def test_a_storyboard_file_with_nothing_to_read_yet_is_one_line(nothing_yet) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoryboardError) as raised:
        read_storyboard(SOURCE)
    assert_one_clear_line(str(raised.value), SOURCE)
