"""A film's words come from data: the title card from the design, its story as
captions, and credits naming every design of its lineage with author and licence."""

from __future__ import annotations

from fusionsmile.core.design import Design, Meta
from fusionsmile.film.credits import Credit, credit_lines, design_credit
from fusionsmile.film.default_film import CAPTION_CHARACTERS, default_storyboard, story_captions
from fusionsmile.film.storyboard import CardShot, SmileShot
from fusionsmile.gallery.entry import design_id


def designed(title: str, author: str, licence: str, *parents: Design) -> Design:
    meta = Meta(
        title=title, author=author, license=licence, parents=tuple(design_id(p) for p in parents)
    )
    return Design(meta=meta)


def library(*designs: Design):  # type: ignore[no-untyped-def]
    known = {design_id(d): design_credit(d) for d in designs}
    return known.get


def test_a_remix_credits_every_ancestor_with_author_and_licence() -> None:
    root = designed("Foxfire", "Ada", "CC0-1.0")
    left = designed("Tide", "Bo", "CC-BY-4.0", root)
    right = designed("Ember", "Cy", "CC-BY-SA-4.0", root)
    blend = designed("Dawn", "Di", "CC-BY-4.0", left, right)
    lost = "f" * 64
    remix = Design(meta=Meta(title="Dusk", author="Ed", parents=(design_id(blend), lost)))
    lines = credit_lines(remix, library(root, left, right, blend))
    assert lines[0] == "“Dusk” by Ed · CC-BY-4.0"
    assert "Blended from" in lines
    for title, author, licence in [
        ("Dawn", "Di", "CC-BY-4.0"),
        ("Tide", "Bo", "CC-BY-4.0"),
        ("Ember", "Cy", "CC-BY-SA-4.0"),
        ("Foxfire", "Ada", "CC0-1.0"),
    ]:
        assert f"“{title}” by {author} · {licence}" in lines
    assert sum("Foxfire" in line for line in lines) == 1  # the shared grandparent once
    assert f"design {lost[:12]} (not found)" in lines
    assert lines[-1] == "Made with FusionSmile"


def test_the_default_film_tells_the_design_from_title_to_credits() -> None:
    story = (
        "A soft jellyfish glow rises from the gum line. " * 6
        + "Then a pulse of foxfire runs out from the midline, and plankton sparks flash."
    )
    parent = designed("Foxfire", "Ada", "CC0-1.0")
    design = Design(
        meta=Meta(
            title="Dusk",
            author="Ed",
            license="CC-BY-4.0",
            story=story,
            parents=(design_id(parent),),
        ),
        fusion=0.3,
    )
    credits = credit_lines(design, library(parent))
    board = default_storyboard(design, credits)
    title, *middle, end = board.shots
    assert isinstance(title, CardShot) and title.heading == "Dusk"
    assert title.lines == ("by Ed", "CC-BY-4.0")
    assert isinstance(end, CardShot) and end.heading == "Credits" and end.lines == credits
    assert "“Foxfire” by Ada · CC0-1.0" in end.lines
    smiles = [shot for shot in middle if isinstance(shot, SmileShot)]
    assert smiles[0].lighting == "day" and smiles[0].fusion == 0.0  # natural in daylight
    rising = smiles[1]
    assert rising.lighting == "night" and rising.change is not None
    assert rising.change.start == 0.0 and rising.change.end == 1.0  # 0.3 is too faint to show
    assert any(shot.move == "turntable" for shot in smiles)
    # Every word of the story is told, in order, across the captions.
    told = " ".join(shot.caption for shot in smiles if shot.caption)
    assert told.replace("…", "").split() == story.split()


def test_story_captions_fit_a_few_seconds_of_reading() -> None:
    captions = story_captions("One. " * 100 + "x" * 400)
    assert all(len(caption) <= CAPTION_CHARACTERS + 1 for caption in captions)
    assert story_captions("") == []
    assert story_captions("Short story.") == ["Short story."]


def test_a_long_sentence_is_cut_in_even_pieces_never_leaving_a_word_behind() -> None:
    # The showcase's first sentence is a few characters over a caption: it was cut
    # before its last word, and "light." opened the next caption, run into the next
    # sentence.
    long = "word " * 27 + "under living light."  # 154 characters
    captions = story_captions(long + " A soft glow rises.")
    assert len(captions) == 2
    assert captions[0].endswith("…") and captions[1].endswith("living light. A soft glow rises.")
    assert all(60 <= len(caption) <= CAPTION_CHARACTERS for caption in captions)
    assert story_captions(long + " " + "x" * 130 + ".")[2] == "x" * 130 + "."


def test_a_credit_line_stays_within_a_card_line() -> None:
    credit = Credit("0" * 64, "T" * 200, "A" * 200, "CC-BY-4.0")
    assert len(credit.line()) <= 200 and credit.line().endswith("…")


def test_the_designs_a_film_blends_in_are_credited_once() -> None:
    root = designed("Foxfire", "Ada", "CC0-1.0")
    design = designed("Dusk", "Ed", "CC-BY-4.0", root)
    other = designed("Live Wire", "Flo", "CC-BY-SA-4.0")
    lines = credit_lines(design, library(root), shown=(other, other, design))
    assert lines[:3] == ("“Dusk” by Ed · CC-BY-4.0", "", "Blended on screen with")
    assert lines.count("“Live Wire” by Flo · CC-BY-SA-4.0") == 1
    assert lines.count("“Dusk” by Ed · CC-BY-4.0") == 1  # the film's own design, once
    assert "“Foxfire” by Ada · CC0-1.0" in lines and lines[-1] == "Made with FusionSmile"
    assert "Blended on screen with" not in credit_lines(design, library(root))


def test_a_strangers_credit_is_one_line_of_text() -> None:
    # Titles and authors are a stranger's: a newline would make one card line two (drawn
    # over the next one, and split in two by the Film dialog's Lines box), and bidi
    # overrides would make "by Eve" read as something else.
    credit = Credit("0" * 64, "Dusk\n\nby Ada\u202e", "Eve\r\x1b[2J\t", "CC0-1.0\x00")
    line = credit.line()
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in line)
    assert line == "“Dusk by Ada” by Eve [2J · CC0-1.0"
