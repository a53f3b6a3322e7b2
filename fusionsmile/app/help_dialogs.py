"""Help > Keyboard Shortcuts and About: what the window can do, told from its actions."""

from __future__ import annotations

import html

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QMessageBox, QWidget

from fusionsmile import __version__

# The Film dialog's own keys (app/film_dialog.py binds them from here), listed with the
# window's: Help > Keyboard Shortcuts names every shortcut.
FILM_KEYS = {
    "open": "Ctrl+O",
    "save": "Ctrl+S",
    "undo": "Ctrl+Z",
    "redo": "Ctrl+Shift+Z",
    # These four act in the list of shots only (in a text field they are the field's).
    "remove": "Del",
    "remove (Mac)": "Backspace",  # the key Mac keyboards call Delete
    "earlier": "Alt+Up",
    "later": "Alt+Down",
}
FILM = (
    ("Film: open a storyboard", FILM_KEYS["open"]),
    ("Film: save the storyboard", FILM_KEYS["save"]),
    ("Film: undo a storyboard edit", FILM_KEYS["undo"]),
    ("Film: redo a storyboard edit", FILM_KEYS["redo"]),
    ("Film: remove the chosen shot", FILM_KEYS["remove"]),
    ("Film: remove the chosen shot (Mac)", FILM_KEYS["remove (Mac)"]),
    ("Film: move the chosen shot earlier", FILM_KEYS["earlier"]),
    ("Film: move the chosen shot later", FILM_KEYS["later"]),
)

MOUSE = (
    ("Orbit", "Left drag"),
    ("Pan", "Middle drag or Shift+left drag"),
    ("Zoom", "Wheel"),
    ("Frame the smile (mouse)", "Double-click"),
    ("Select a tooth", "Click"),
    ("Add a tooth to the selection", "Ctrl+click"),
)


def shortcut_rows(actions: list[QAction], verbs: tuple[QAction, ...] = ()) -> list[tuple[str, str]]:
    """(name, keys) of every action with a shortcut, then the mouse. Actions in `verbs`
    are listed by their first word (Undo and Redo name the next step in their text)."""
    rows = []
    for action in actions:
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if shortcut:
            name = action.text().replace("&", "")
            rows.append((name.split(" ")[0] if action in verbs else name, shortcut))
    return [*rows, *FILM, *MOUSE]


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> None:
    table = "".join(
        f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(key)}</b></td></tr>"
        for name, key in rows
    )
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table cellspacing='6'>{table}</table>")
    box.exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About FusionSmile",
        f"<h3>FusionSmile {__version__}</h3>"
        "<p>Design a smile true to published tooth sizes, with the natural character "
        "of real enamel and living glow in colours taken from real bioluminescent "
        "organisms.</p><p>Open source (MIT). Presets are CC-BY-4.0 unless stated.</p>",
    )
