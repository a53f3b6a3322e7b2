"""What every refusal must look like, whatever the input (the house rule for bad input):
one line, naming the file, with no control character a terminal would obey."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_LINE = 1000


def assert_one_clear_line(message: str, source: str) -> None:
    assert message.startswith(source), message[:200]
    assert not _CONTROL.search(message), repr(message[:300])
    assert len(message) <= MAX_LINE + len(source), len(message)
