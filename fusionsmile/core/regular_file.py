"""Opening a file named by a stranger: only a regular file, and never waiting.

A path in a shared design (a decal) or on the command line can name a FIFO, a device
(`/dev/zero`, `/dev/tty`) or a kernel file that blocks until something happens
(`/proc/kmsg`). Opening such a thing, or reading it, can hang the program forever or
never end. The file is opened without blocking, and what was opened (not what the path
pointed at a moment before) must be a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotARegularFile(OSError):
    """The path names a folder, a device, a FIFO or a socket."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, "not a regular file", os.fspath(path))


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """The file at path, open for reading in binary; OSError (NotARegularFile for
    anything but a regular file) otherwise. A read that would block (a kernel file
    with nothing to say) raises BlockingIOError instead of waiting."""
    # Not opened at all unless the path is a regular file now: opening a device can do
    # something by itself (/dev/watchdog arms a reboot, a tape rewinds, a terminal
    # becomes the controlling one). What was opened is checked again below (a race).
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(path)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_some(handle: BinaryIO, size: int) -> bytes:
    """Up to size bytes from a file `open_regular` opened. A read that would block gives
    None, not bytes (a kernel file such as /proc/kmsg, which root may open): that is
    BlockingIOError, an OSError naming why, rather than a TypeError further on."""
    data = handle.read(size)
    if data is None:
        raise BlockingIOError(errno.EAGAIN, "the file has nothing to read without waiting")
    return data


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of the regular file at path (so a caller can tell a
    file that is too large); OSError as for `open_regular`."""
    with open_regular(Path(path)) as handle:
        data = handle.read(max_bytes + 1)
    return data or b""
