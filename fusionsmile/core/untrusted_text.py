"""Text from strangers' files, made safe to show on a terminal or in an error line.

A title, an author, a JSON key or a file name in a bundle can hold escape sequences
that a terminal obeys (set its title, clear the screen, move the cursor) or bidi
controls that make a line read differently from what it says; and a number can be four
hundred digits long. Everything we print that came from a file goes through here.
"""

from __future__ import annotations

import re

# C0 controls (tab and newline too: one item is one line), DEL, C1 controls (0x9b alone
# is a CSI on many terminals), and the bidi embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """text with every control character shown escaped ("\\x1b", "\\u202e")."""
    return _UNSAFE.sub(_escaped, text)


def one_line(text: str) -> str:
    """text with every control character as a space and runs of spaces as one: for text
    drawn in a picture (a film's card), where a newline would start a line of the
    stranger's and an escaped "\\x1b" would only be noise."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def brief(value: object, limit: int = 60) -> str:
    """A short, safe repr of a value from a file, for an error line: long values are cut
    in the middle (a 400-digit number shows its ends and how long it is)."""
    text = escape_controls(repr(value))
    if len(text) <= limit:
        return text
    half = (limit - 20) // 2
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"
