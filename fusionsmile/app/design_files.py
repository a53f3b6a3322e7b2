"""Opening, saving and keeping the design safe: new, open (JSON or a FusionSmile PNG),
save and save as, recent files, drag and drop, the unsaved-changes question, autosave
and recovery after a crash. The main window is one of these windows."""

from __future__ import annotations

import html
from pathlib import Path

from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtGui import QDragEnterEvent, QDropEvent, QFontMetrics
from PyQt6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from fusionsmile.app.autosave import Autosave
from fusionsmile.app.document import DesignDocument
from fusionsmile.core.atomic import write_bytes
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, design_to_json, read_design
from fusionsmile.core.starter import starter_design
from fusionsmile.export.errors import ExportError

AUTOSAVE_INTERVAL_MS = 60_000
MAX_RECENT = 8
OPEN_FILTER = "FusionSmile designs (*.json *.png);;Design JSON (*.json);;FusionSmile PNG (*.png)"


class DesignFilesWindow(QMainWindow):
    """A main window over one design document; the subclass sets the attributes below
    (and `recent_menu`, the Open Recent menu, when it builds its menus)."""

    document: DesignDocument
    settings: QSettings
    autosave: Autosave
    recent_menu: QMenu | None

    def status_message(self, text: str, timeout_ms: int = 5000) -> None:
        bar = self.statusBar()
        if bar is not None:
            bar.showMessage(text, timeout_ms)

    def _update_title(self) -> None:
        path = self.document.path
        name = path.name if path else self.document.design.meta.title or "Untitled"
        self.setWindowModified(self.document.dirty)
        self.setWindowTitle(f"{name}[*] — FusionSmile")

    def confirm_discard(self) -> bool:
        """True when there are no unsaved changes, or the user saved or discarded them."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This smile has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_design(self) -> None:
        if self.confirm_discard():
            self.document.open(first_design(), None)
            self.document.set_selection(())

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a smile", start, OPEN_FILTER)
        if chosen:
            self.open_path(Path(chosen), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a design JSON or a FusionSmile PNG. A bad file shows a dialog naming the
        problem and leaves the current design as it was."""
        if ask and not self.confirm_discard():
            return False
        try:
            design = read_design(path)
        except DesignError as error:
            problems = "".join(f"<li>{html.escape(p)}</li>" for p in error.problems[:8])
            more = len(error.problems) - 8
            tail = f"<p>… and {more} more.</p>" if more > 0 else ""
            self._error(
                "Cannot open this file",
                f"<p><b>{html.escape(str(error.source))}</b> is not a design FusionSmile "
                f"can open:</p><ul>{problems}</ul>{tail}",
            )
            return False
        # A PNG carries its design but is not a design file: saving asks for a .json.
        self.document.open(design, path if path.suffix.lower() == ".json" else None)
        self.document.set_selection(())
        self._remember_recent(path)
        self.status_message(f"Opened {path.name}")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._write(self.document.path)

    def save_as(self) -> bool:
        title = self.document.design.meta.title or "smile"
        suggested = self.document.path or Path.home() / f"{file_stem(title)}.json"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the smile", str(suggested), "Design JSON (*.json)"
        )
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            write_bytes(path, design_to_json(self.document.design).encode("utf-8"))
        except (OSError, ExportError) as error:
            self._error("Cannot save", html.escape(str(error)))
            return False
        self.document.mark_saved(path)
        self.autosave.clear()
        self._remember_recent(path)
        self.status_message(f"Saved {path.name}")
        return True

    def _error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.exec()

    def recent_files(self) -> list[Path]:
        stored = self.settings.value("recent", [], type=list) or []
        return [Path(p) for p in stored if isinstance(p, str)]

    def _remember_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [
            str(p) for p in self.recent_files() if str(p) != str(path.resolve())
        ]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        assert menu is not None
        menu.clear()
        recent = [p for p in self.recent_files() if p.exists()]
        if not recent:
            empty = menu.addAction("No recent smiles")
            assert empty is not None
            empty.setEnabled(False)
        for path in recent:
            # The folder too: two "smile.json" in different folders are told apart.
            action = menu.addAction(recent_label(path, menu.fontMetrics()))
            assert action is not None
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent | None) -> None:
        if event is not None and dropped_design(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent | None) -> None:
        path = dropped_design(event) if event is not None else None
        if path is not None and event is not None:
            event.acceptProposedAction()
            self.open_dropped(path)

    def open_dropped(self, path: Path) -> None:
        """Open a dropped file (a window that shows photos opens those too)."""
        if path.suffix.lower() in (".json", ".png"):
            self.open_path(path)

    # -- autosave --------------------------------------------------------------------------

    def autosave_now(self) -> None:
        if self.document.dirty:
            try:
                self.autosave.save(self.document.design, self.document.path)
            except (OSError, ExportError) as error:
                self.status_message(f"Autosave failed: {error}", 10_000)

    def offer_recovery(self) -> bool:
        """Ask to recover a design left by a session that did not exit; True if recovered."""
        recovery = self.autosave.pending()
        if recovery is None:
            return False
        when = recovery.saved_at.astimezone().strftime("%d %b %Y, %H:%M")
        name = recovery.original.name if recovery.original else recovery.design.meta.title
        answer = QMessageBox.question(
            self,
            "Recover your smile?",
            f"FusionSmile did not close properly last time.\n\n"
            f"Recover the unsaved changes to “{name}” from {when}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.autosave.clear()
            return False
        self.recover(recovery.design, recovery.original)
        return True

    def recover(self, design: Design, original: Path | None) -> None:
        """Show a recovered design as unsaved changes to its original file."""
        self.document.open(design, original)
        self.document.undo_stack.resetClean()  # recovered work is not saved yet
        self.document.dirty_changed.emit(True)
        self._update_title()


# The folder of a recent file is elided in the middle beyond this width in pixels.
RECENT_FOLDER_WIDTH = 320


def recent_label(path: Path, metrics: QFontMetrics) -> str:
    """The "name — folder" of the Open Recent menu, the folder shortened in the middle
    (with ~ for the home folder) so that its start and its last folder both show."""
    folder = str(path.parent)
    home = str(Path.home())
    if folder == home or folder.startswith(home + "/"):
        folder = "~" + folder[len(home) :]
    folder = metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, RECENT_FOLDER_WIDTH)
    # "&" in a menu text marks a mnemonic: double it to show it.
    return f"{path.name} — {folder}".replace("&", "&&")


def first_design() -> Design:
    """What the app opens on: a natural smile with the joy glow, shown at night so the
    glow is what one sees first."""
    design = starter_design("joy", fusion=0.6)
    return design.model_copy(update={"view": design.view.model_copy(update={"lighting": "night"})})


# What a drop may carry: designs (JSON, FusionSmile PNG) and portrait photos.
DROPPED_SUFFIXES = (".json", ".png", ".jpg", ".jpeg", ".webp", ".heic", ".heif")


def dropped_design(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The first local file of a drop that is a design or a photo."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in DROPPED_SUFFIXES:
                return path
    return None


def file_stem(title: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_ " else "" for c in title).strip()
    return stem.replace(" ", "-").lower() or "smile"
