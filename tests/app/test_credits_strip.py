"""The credits strip above the gallery names strangers' designs (titles and authors of
a design's parents): its text and its tooltip show them as text. A tooltip that looks
like HTML is HTML, and an <img src> there makes Qt read any local file (a FIFO hangs
the window, /dev/zero fills its memory) when the strip is hovered."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QTextDocument

from fusionsmile.app.lineage_view import CreditsStrip


def shown_as(text: str, rich: bool) -> str:
    """What Qt shows for text: as HTML when rich (a tooltip: when it looks like HTML)."""
    document = QTextDocument()
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def test_a_strangers_title_in_the_credits_is_text_never_html(qtbot) -> None:  # type: ignore[no-untyped-def]
    strip = CreditsStrip()
    qtbot.addWidget(strip)
    text = 'Remix of “<img src="/nonexistent/fusionsmile.png"> <b>Grin</b>” by Eve & co'
    strip.set_text(text)
    label_rich = strip.label.textFormat() != Qt.TextFormat.PlainText
    assert shown_as(strip.label.text(), label_rich) == text
    tip = strip.label.toolTip()
    assert shown_as(tip, Qt.mightBeRichText(tip)) == text
