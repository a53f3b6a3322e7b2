"""The Film dialog: a design's storyboard previewed shot by shot, edited (add, remove,
reorder shots, captions, durations, camera, lighting, a smile shot's moment, fusion and
change), opened from and saved to a file, and exported to MP4 or WebM in a child
process with progress and Cancel.

The storyboard is data (`film.storyboard`); every edit asks `film.editing` for a new
validated one, so the dialog never builds a storyboard itself. Undo (Ctrl+Z, Ctrl+Shift+Z)
is a stack of the storyboards the edits replaced; the design's own undo is not touched.
Previews are stills rendered in a child process too (the window's OpenGL context stays
the viewport's); a preview job made stale by an edit is cancelled and its result dropped.
The selected shot's widgets are its form's (app/film_shot_form.py), which says what was
edited and never builds a shot; the film's file, size and the running export are the
export row's (app/film_export.py).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Hashable
from pathlib import Path

from PyQt6.QtCore import QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PyQt6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.child_job import ChildJob
from fusionsmile.app.film_export import FilmExport
from fusionsmile.app.film_shot_form import ShotForm
from fusionsmile.app.help_dialogs import FILM_KEYS
from fusionsmile.app.storyboard_history import StoryboardHistory
from fusionsmile.core.atomic import WriteError
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_to_json
from fusionsmile.film import editing
from fusionsmile.film.job import (
    FilmRequest,
    PreviewRequest,
    run_previews_in_child,
)
from fusionsmile.film.storyboard import (
    CardShot,
    PhotoShot,
    SmileShot,
    Storyboard,
    StoryboardError,
    storyboard_to_json,
    write_storyboard,
)

PREVIEW_SIZE = (320, 180)
PREVIEW_DELAY_MS = 600  # edits within this time make one preview job
PANE_WIDTH = 430  # px of the selected shot's pane


def design_storyboard(design: Design) -> Storyboard:
    """The design's own film (film/default_film.py), its credits naming the presets it
    remixes (the gallery's parents are named by id when they are not presets)."""
    from fusionsmile.assets import presets_folder
    from fusionsmile.film.credits import credit_lines, gallery_lookup, preset_credits
    from fusionsmile.film.default_film import default_storyboard

    presets = {}
    if design.meta.parents:
        presets = preset_credits(sorted(presets_folder().glob("*.json")))
    return default_storyboard(design, credit_lines(design, gallery_lookup(None, presets)))


class FilmDialog(QDialog):
    """Edits `storyboard` (a Storyboard, replaced on every edit) and exports the film.

    Signals: storyboard_changed(Storyboard), exported(list of paths), previews_ready().
    """

    storyboard_changed = pyqtSignal(object)
    exported = pyqtSignal(list)
    previews_ready = pyqtSignal()

    def __init__(
        self,
        design: Design,
        storyboard: Storyboard,
        suggested: Path,
        parent: QWidget | None = None,
        previews: bool = True,
        photo: Path | None = None,
        face: int = 0,
    ) -> None:
        """previews: render stills of the shots (tests of the export turn them off);
        photo, face: the person's portrait (and which face in it) for portrait shots."""
        super().__init__(parent)
        self.previews_on = previews
        self.photo, self.face = photo, face
        self.design = design
        self.storyboard = storyboard
        self._show_title()
        self.setMinimumSize(960, 640)
        # Beside the design: "smile.json" films as "smile.mp4", boards as "smile.storyboard.json".
        self.board_path = suggested.with_suffix("").with_name(
            suggested.with_suffix("").name + ".storyboard.json"
        )
        self.history = StoryboardHistory()
        self.previewer: ChildJob | None = None
        self._previews: list[str] = []
        self._preview_folder = tempfile.TemporaryDirectory(
            prefix="fusionsmile-film-", ignore_cleanup_errors=True
        )
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_previews)
        self._updating = False

        # -- the shots, in order -------------------------------------------------------
        self.shots = QListWidget()
        self.shots.setIconSize(QSize(*(side // 2 for side in PREVIEW_SIZE)))
        self.shots.currentRowChanged.connect(self._shot_selected)
        self.add_smile = QPushButton("Add shot")
        self.add_card = QPushButton("Add card")
        self.add_photo = QPushButton("Add portrait")
        self.add_photo.setToolTip(
            "the design on your photo: a before/after wipe or the glow on the face"
            if photo is not None
            else "open a portrait photo in the main window first"
        )
        self.add_photo.setEnabled(photo is not None)
        self.add_photo.clicked.connect(lambda: self._add(PhotoShot()))
        self.remove = QPushButton("Remove")
        self.up = QPushButton("Up")
        self.down = QPushButton("Down")
        self.add_smile.clicked.connect(lambda: self._add(SmileShot()))
        self.add_card.clicked.connect(lambda: self._add(CardShot(heading="Title")))
        self.remove.clicked.connect(self._remove)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        for button, tip, names in (
            (self.remove, "remove the chosen shot", ("remove", "remove (Mac)")),
            (self.up, "move the chosen shot earlier", ("earlier",)),
            (self.down, "move the chosen shot later", ("later",)),
        ):
            button.setToolTip(f"{tip} ({FILM_KEYS[names[0]]})")
            for name in names:
                # Keys of the list only: in a caption Backspace deletes a letter. They
                # click the button, so a disabled one (the last shot) does nothing.
                QShortcut(
                    QKeySequence(FILM_KEYS[name]),
                    self.shots,
                    button.click,
                    context=Qt.ShortcutContext.WidgetShortcut,
                )
        buttons = QHBoxLayout()
        for button in (
            self.add_smile, self.add_photo, self.add_card, self.remove, self.up, self.down
        ):  # fmt: skip
            buttons.addWidget(button)
        self.open_button = QPushButton("Open…")
        self.save_button = QPushButton("Save…")
        self.reset_button = QPushButton("Reset to design's film")
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        board_buttons = QHBoxLayout()
        for button, tip, act, keys in (
            (self.open_button, "open a storyboard file", self.open_board, FILM_KEYS["open"]),
            (self.save_button, "save the storyboard as a file", self.save_board, FILM_KEYS["save"]),
            (
                self.reset_button,
                "replaces the storyboard by the design's own film (Undo brings yours back)",
                self.reset_board,
                "",
            ),
            (self.undo_button, "undo the last storyboard edit", self.undo, FILM_KEYS["undo"]),
            (self.redo_button, "redo the edit undone", self.redo, FILM_KEYS["redo"]),
        ):
            button.setToolTip(f"{tip} ({keys})" if keys else tip)
            button.clicked.connect(act)
            board_buttons.addWidget(button)
            if keys:
                QShortcut(QKeySequence(keys), self, act)
            if button is self.reset_button:
                board_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(board_buttons)
        left.addWidget(self.shots, 1)
        left.addLayout(buttons)

        # -- the selected shot -----------------------------------------------------------
        self.preview = QLabel("no preview yet")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        self.form = ShotForm(design, suggested.parent)
        self.form.edited.connect(lambda fields, merge: self._change(merge, **fields))
        self.form.change_edited.connect(self._change_edited)
        right = QVBoxLayout()
        right.addWidget(self.preview)
        right.addWidget(self.form, 1)

        # -- the film --------------------------------------------------------------------
        self.export = FilmExport(suggested)
        self.export.crossfade.valueChanged.connect(self._crossfade_changed)
        self.export.export_button.clicked.connect(self.start)
        self.export.cancel_button.clicked.connect(self._cancel)
        self.export.exported.connect(self.exported)

        panes = QHBoxLayout()
        panes.addLayout(left, 3)
        shot_pane = QWidget()
        shot_pane.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        # A fixed width: the rows of a change (a long blend path) would push the list.
        shot_pane.setFixedWidth(PANE_WIDTH)
        panes.addWidget(shot_pane)
        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addWidget(self.export)
        # Enter in a caption or a heading must not start a film of minutes: no button is
        # the dialog's default (a QDialog makes its first auto-default button one).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self._show_storyboard(select=0)
        if previews:
            self.refresh_previews()

    def follow_design(self, design: Design, photo: Path | None = None, face: int = 0) -> None:
        """The window's design changed while the dialog is open (it does not block the
        window): previews and films from now on show this design; an export already
        running keeps the design it started with."""
        if (design, photo, face) == (self.design, self.photo, self.face):
            return
        self.design, self.photo, self.face = design, photo, face
        self._show_title()
        self.add_photo.setEnabled(photo is not None)
        self._shot_selected(self.shots.currentRow())  # its layers to change, its fusion
        if self.previews_on:
            self._preview_timer.start()

    def _show_title(self) -> None:
        title = self.design.meta.title
        self.setWindowTitle(f"Film of {title}" if title else "Film")

    # -- editing ---------------------------------------------------------------------------

    def set_storyboard(self, board: Storyboard, select: int | None = None) -> None:
        """Show board (already validated), keep it, and preview its shots again."""
        self.storyboard = board
        self._show_storyboard(select)
        self.storyboard_changed.emit(board)
        if self.previews_on:
            self._preview_timer.start()

    def _edit(self, make, select: int | None = None, merge: Hashable | None = None) -> bool:  # type: ignore[no-untyped-def]
        """Replace the storyboard by make(storyboard), or show its one-line error and
        the board as it is. Edits with the same merge key in a row (the letters of one
        caption) are undone as one."""
        try:
            board = make(self.storyboard)
        except StoryboardError as error:
            self._say(str(error), error=True)
            self._show_storyboard(self.shots.currentRow())  # widgets back to the board
            return False
        self._say("")
        if board != self.storyboard:
            self.history.record(self.storyboard, merge)
            self.set_storyboard(board, select)
        return True

    def undo(self) -> None:
        if (board := self.history.undo(self.storyboard)) is not None:
            self.set_storyboard(board)

    def redo(self) -> None:
        if (board := self.history.redo(self.storyboard)) is not None:
            self.set_storyboard(board)

    # -- files -----------------------------------------------------------------------------

    def open_board(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open storyboard", str(self.board_path), "Storyboards (*.json)"
        )
        if name:
            self.open_board_file(Path(name))

    def open_board_file(self, path: Path) -> None:
        """Edit the storyboard in the file at path (undoable); an error is one line and
        the storyboard stays as it was."""
        if self._edit(lambda _: editing.opened(path, self.design), select=0):
            self.board_path = path
            self._say(f"opened {path.name}")

    def save_board(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save storyboard", str(self.board_path), "Storyboards (*.json)"
        )
        if name:
            self.save_board_file(Path(name))

    def save_board_file(self, path: Path) -> None:
        """Write the storyboard to path as JSON, all at once or not at all; never over
        anything but a storyboard (the design itself, picked by mistake)."""
        try:
            write_storyboard(self.storyboard, path)
        except (StoryboardError, WriteError) as error:
            self._say(str(error), error=True)
            return
        self.board_path = path
        self._say(f"saved {path.name}")

    def reset_board(self) -> None:
        """Back to the design's own film (undoable)."""
        if self._edit(lambda _: design_storyboard(self.design), select=0):
            self._say("the design's own film")

    # -- the selected shot -----------------------------------------------------------------

    def _add(self, shot: SmileShot | CardShot) -> None:
        index = self.shots.currentRow() + 1 if self.shots.currentRow() >= 0 else None
        at = len(self.storyboard.shots) if index is None else index
        self._edit(lambda b: editing.add_shot(b, shot, index), select=at)

    def _remove(self) -> None:
        row = self.shots.currentRow()
        if row >= 0:
            self._edit(lambda b: editing.remove_shot(b, row), select=max(0, row - 1))

    def _move(self, step: int) -> None:
        row = self.shots.currentRow()
        to = row + step
        if row >= 0 and 0 <= to < len(self.storyboard.shots):
            self._edit(lambda b: editing.move_shot(b, row, to), select=to)

    def _change(self, merge: str | None = None, **changes: object) -> None:
        row = self.shots.currentRow()
        if self._updating or row < 0:
            return
        key = None if merge is None else (merge, row)
        self._edit(lambda b: editing.change_shot(b, row, **changes), select=row, merge=key)

    def _change_edited(self, kind: str | None, fields: dict[str, object]) -> None:
        row = self.shots.currentRow()
        if self._updating or row < 0:
            return
        key = ("change", row, *sorted(fields)) if fields.keys() <= {"start", "end"} else None
        self._edit(
            lambda b: editing.with_change(b, row, kind, fields, self.design),
            select=row,
            merge=key if fields else None,
        )

    def _crossfade_changed(self, seconds: float) -> None:
        if not self._updating:
            self._edit(lambda b: editing.with_crossfade(b, seconds), self.shots.currentRow())

    # -- showing ---------------------------------------------------------------------------

    def _show_storyboard(self, select: int | None) -> None:
        board = self.storyboard
        self._updating = True
        try:
            row = self.shots.currentRow() if select is None else select
            self.shots.clear()
            for index, shot in enumerate(board.shots):
                item = QListWidgetItem(f"{index + 1}. {editing.shot_title(shot)}")
                if not isinstance(shot, CardShot) and shot.caption:
                    # Escaped: a tooltip that looks like HTML is HTML, and its <img src>
                    # would open any local file (a FIFO hangs the window, /dev/zero fills it).
                    item.setToolTip(html.escape(shot.caption))
                self.shots.addItem(item)
            self._show_icons()
            self.export.crossfade.setValue(board.crossfade)
            self.export.length.setText(f"{len(board.shots)} shots, {board.seconds:.1f} s")
            self.shots.setCurrentRow(max(0, min(row, len(board.shots) - 1)))
        finally:
            self._updating = False
        self._shot_selected(self.shots.currentRow())
        self.remove.setEnabled(len(board.shots) > 1)
        self.undo_button.setEnabled(self.history.can_undo)
        self.redo_button.setEnabled(self.history.can_redo)

    def _shot_selected(self, row: int) -> None:
        if row < 0 or row >= len(self.storyboard.shots) or self._updating:
            return
        self.form.show_shot(self.storyboard.shots[row], self.design)
        self.up.setEnabled(row > 0)
        self.down.setEnabled(row < len(self.storyboard.shots) - 1)
        self._show_preview(row)

    def _show_icons(self) -> None:
        for index in range(self.shots.count()):
            if index < len(self._previews):
                self.shots.item(index).setIcon(QIcon(self._previews[index]))

    def _show_preview(self, row: int) -> None:
        if 0 <= row < len(self._previews):
            self.preview.setPixmap(QPixmap(self._previews[row]))
        else:
            self.preview.setText("preview on its way…")

    # -- previews --------------------------------------------------------------------------

    def refresh_previews(self) -> None:
        """Render a still of every shot in a child process (a running one is dropped)."""
        if self.previewer is not None and self.previewer.running:
            self.previewer.cancel()
        request = PreviewRequest(
            design_to_json(self.design),
            storyboard_to_json(self.storyboard),
            self._preview_folder.name,
            PREVIEW_SIZE,
            None if self.photo is None else str(self.photo),
            self.face,
        )
        self._previews = []
        self.previewer = ChildJob(run_previews_in_child, request, self, what="the preview")
        self.previewer.finished.connect(lambda paths, r=request: self._previewed(r, paths))
        self.previewer.failed.connect(lambda message: self._say(message, error=True))
        self.previewer.start()

    def _previewed(self, request: PreviewRequest, paths: object) -> None:
        if request.storyboard_json != storyboard_to_json(self.storyboard):
            return  # stale: the storyboard changed since
        assert isinstance(paths, list)
        self._previews = [str(p) for p in paths]
        self._show_icons()
        self._show_preview(self.shots.currentRow())
        self.previews_ready.emit()

    # -- exporting -------------------------------------------------------------------------

    def request(self) -> FilmRequest:
        """The film as the dialog shows it; ValueError for a size that is not WxH."""
        return self.export.request(self.design, self.storyboard, self.photo, self.face)

    def start(self) -> None:
        """Write the film in a child process; a size, a file or a portrait shot with no
        photo refused is said in one line and nothing starts."""
        try:
            request = self.request()
        except ValueError as error:
            self._say(str(error), error=True)
            return
        if not self.export.checked(request):
            return
        portrait = next(
            (n for n, shot in enumerate(self.storyboard.shots, 1) if isinstance(shot, PhotoShot)),
            None,
        )
        if portrait is not None and self.photo is None:
            self._say(
                f"shot {portrait} shows the portrait: open a portrait photo in the main "
                "window first, or remove the shot",
                error=True,
            )
            return
        self.export.run(request)

    def show_folder(self) -> None:
        """Open the folder of the last film written in the system's file manager."""
        self.export.show_folder()

    def _cancel(self) -> None:
        if not self.export.cancel():
            super().reject()

    def reject(self) -> None:
        """Escape while a film is written cancels the film, as Cancel export does; the
        dialog stays, saying so (it closes on the next Escape)."""
        self._cancel()

    def _say(self, text: str, error: bool = False) -> None:
        self.export.say(text, error)  # the status line under the film's settings

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        # The button box, shown first, made Export film the default button again.
        self.export.export_button.setDefault(False)

    def done(self, result: int) -> None:
        self._stop_jobs()
        super().done(result)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._stop_jobs()
        super().closeEvent(event)

    def _stop_jobs(self) -> None:
        """Cancel what runs and remove the previews (the dialog is going away)."""
        self._preview_timer.stop()
        self.export.stop()
        if self.previewer is not None and self.previewer.running:
            self.previewer.cancel()
        self._previews = []
        self._preview_folder.cleanup()
