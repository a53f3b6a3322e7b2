"""Captions in films: a caption too long for its three lines says it is cut."""

from __future__ import annotations

from fusionsmile.film.lettering import CAPTION_LINES, caption_lines, font


def test_a_caption_past_three_lines_ends_in_an_ellipsis_within_the_width() -> None:
    face, width = font(15), 538.0  # a 640x360 film's caption
    long = "The quick brown fox jumps over the lazy dog. " * 7  # ~300 characters
    lines = caption_lines(long, face, width)
    assert len(lines) == CAPTION_LINES and lines[-1].endswith("…")
    assert all(face.getlength(line) <= width for line in lines)
    assert caption_lines("Short.", face, width) == ["Short."]
    three = caption_lines("word " * 40, face, width * 10)
    assert len(three) == 1 and not three[0].endswith("…")
