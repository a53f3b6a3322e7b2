"""The portrait side of the main window: opening a photo (dialog, drop, the sample
portrait), finding the photo a design names, the view modes (3D, Portrait,
Before/After), the reference lines and the fit's reset.

A photo opened becomes the design's `photo` (hash and file name, automatic fit) as one
undo step; the pixels stay in memory and on the person's disk, never in the design and
never copied. A refused photo (not a photo, no face, a closed mouth) gets a dialog with
the one line saying why, and the design stays as it was.
"""

from __future__ import annotations

import html
from pathlib import Path

from PyQt6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QStackedWidget

from fusionsmile.app.design_files import DesignFilesWindow
from fusionsmile.app.photo_loader import PHOTO_FILTER, PHOTO_SUFFIXES, PhotoJob, PhotoLoader
from fusionsmile.app.portrait_view import PortraitView
from fusionsmile.core.design import Design
from fusionsmile.core.design_png import PngDesignError, design_text_from_png
from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade
from fusionsmile.portrait.photo import Photo, PhotoError, sample_portrait_path

VIEW_MODES = {"3d": "&3D View", "portrait": "&Portrait", "compare": "&Before / After"}
VIEW_MODE_KEYS = {"3d": "Ctrl+1", "portrait": "Ctrl+2", "compare": "Ctrl+3"}


def carries_design(path: Path) -> bool:
    """Whether a PNG holds a FusionSmile design (a damaged one counts: opening it as a
    design names the damage, where opening it as a photo would look for a face)."""
    try:
        with path.open("rb") as handle:
            design_text_from_png(handle, 1)
    except PngDesignError as error:
        return "no FusionSmile design" not in str(error)
    except OSError:
        return True  # the design error names what is wrong with the file
    return True


class PortraitWindow(DesignFilesWindow):
    """A design window that can show the design on a portrait; the subclass makes
    `stack` (the 3D view at index 0), `portrait_view` and `photo_loader` through
    `_build_portrait` and adds the actions to its menus."""

    stack: QStackedWidget
    portrait_view: PortraitView
    photo_loader: PhotoLoader
    view_mode = "3d"

    def _build_portrait(self, portrait_view: PortraitView) -> None:
        self.portrait_view = portrait_view
        # Where each photo read this session lies, by content: publishing may share one
        # (on request), and only from the file the person chose.
        self.photo_files: dict[str, Path] = {}
        self.stack.addWidget(portrait_view)
        self.photo_loader = PhotoLoader(self)
        self.photo_loader.loaded.connect(self._on_photo_loaded)
        self.photo_loader.refused.connect(self._on_photo_refused)
        self.photo_loader.mismatched.connect(self._on_photo_mismatched)
        self.photo_busy = QProgressBar()
        self.photo_busy.setRange(0, 0)  # busy, no end known
        self.photo_busy.setMaximumWidth(120)
        self.photo_busy.setMaximumHeight(14)
        self.photo_busy.setToolTip("reading the photo and finding the face")
        self.photo_busy.hide()
        self.photo_loader.busy_changed.connect(self._on_photo_busy)
        portrait_view.photo_changed.connect(self._on_photo_available)
        portrait_view.message.connect(lambda text: self.status_message(text, 3000))

    # -- opening a photo ---------------------------------------------------------------

    def open_photo_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a portrait photo", start, PHOTO_FILTER)
        if chosen:
            self.open_photo(Path(chosen))

    def open_sample_portrait(self) -> None:
        try:
            path = sample_portrait_path()
        except PhotoError as error:
            self._refuse(str(error))
            return
        self.open_photo(path)

    def open_photo(self, path: Path, face: int = 0) -> None:
        """Read the photo and find its face off the UI thread; the design takes it when
        the face is found."""
        self.status_message(f"Finding the face in {path.name}…", 0)
        self.photo_loader.load(PhotoJob(path, face))

    def open_dropped(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix == ".json" or (suffix == ".png" and carries_design(path)):
            self.open_path(path)
        elif suffix in PHOTO_SUFFIXES:
            self.open_photo(path)

    def _on_photo_busy(self, busy: bool) -> None:
        self.photo_busy.setVisible(busy)
        if not busy:
            self.status_message("", 1)

    def _on_photo_loaded(self, job: PhotoJob, face: PhotoFace) -> None:
        self.portrait_view.add_face(face)
        self.photo_files[face.photo.sha256] = job.path
        name = face.photo.file_name
        if job.reason in ("open", "face"):
            design = self.document.design
            photo = face.reference(None)  # a new face starts from its automatic fit
            what = (
                f"Face {face.face_index + 1} of {face.face_count}"
                if job.reason == "face"
                else f"Open photo {name}"
            )
            if design.photo != photo:
                self.document.edit(design.model_copy(update={"photo": photo}), what)
            self.set_view_mode("portrait")
        faces = f" (face {face.face_index + 1} of {face.face_count})" if face.face_count > 1 else ""
        self.status_message(f"{name}: face found{faces}", 5000)

    def next_face(self) -> None:
        """Fit the smile to the next face of a group photo (largest first, then round
        again), as one undo step; the fit starts from that face's automatic fit."""
        face = self.portrait_view.current_face()
        if face is None or face.face_count < 2:
            self.status_message("The photo has one face only", 4000)
            return
        index = (face.face_index + 1) % face.face_count
        known = self.portrait_view.faces.get((face.photo.sha256, index))
        if known is not None:
            self._on_photo_loaded(PhotoJob(Path(face.photo.file_name), index, reason="face"), known)
            return
        path = self.photo_files.get(face.photo.sha256)
        if path is None:
            self.status_message("Open the photo again to choose another face", 5000)
            return
        self.status_message(f"Finding face {index + 1} of {face.face_count}…", 0)
        self.photo_loader.load(PhotoJob(path, index, reason="face"))

    def use_own_shade(self) -> None:
        """Give the design the person's own tooth shade, measured on the teeth that show
        in their photo, as one undo step."""
        face = self.portrait_view.current_face()
        measured = own_shade(face.look) if face is not None else None
        if measured is None:
            self.status_message("Too few of the person's own teeth show to measure them", 5000)
            return
        self.document.edit(
            with_enamel_shade(self.document.design, measured.name), f"Own shade {measured.name}"
        )
        self.status_message(f"Enamel shade {measured.name}, measured on the photo", 5000)

    def photo_file(self, sha256: str) -> Path | None:
        """The file of the photo with this content, when it was read this session."""
        return self.photo_files.get(sha256)

    def _on_photo_refused(self, job: PhotoJob, message: str) -> None:
        self.status_message("", 1)
        self._refuse(message)

    def _refuse(self, message: str) -> None:
        self._error(
            "Cannot use this photo",
            f"<p>{html.escape(message)}</p><p>The design is unchanged.</p>",
        )

    # -- the photo a design names ------------------------------------------------------

    def find_design_photo(self, design: Design, design_path: Path | None) -> None:
        """Look for the photo design names beside its file and load it when its content
        is the same; offer to locate it when it is missing or different."""
        ref = design.photo
        if ref is None or (ref.sha256, ref.face) in self.portrait_view.faces:
            return
        beside = design_path.parent / ref.file_name if design_path is not None else None
        if beside is not None and beside.is_file():
            self.photo_loader.load(PhotoJob(beside, ref.face, ref.sha256, "design"))
        else:
            self._offer_to_locate(f"{ref.file_name} is not beside the design.")

    def _offer_to_locate(self, why: str) -> None:
        ref = self.document.design.photo
        if ref is None:
            return
        answer = QMessageBox.question(
            self,
            "Where is the photo?",
            f"This smile was designed on the photo {ref.file_name}. {why}\n\n"
            "Locate it? (It is read where it is, never copied.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.status_message(f"Portrait not shown: {ref.file_name} not found", 8000)
            return
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, f"Locate {ref.file_name}", start, PHOTO_FILTER
        )
        if chosen:
            self.photo_loader.load(PhotoJob(Path(chosen), ref.face, ref.sha256, "design"))

    def _on_photo_mismatched(self, job: PhotoJob, photo: Photo) -> None:
        ref = self.document.design.photo
        if ref is None or ref.sha256 != job.expected_sha256:
            return  # the design moved on while the file was read
        self._offer_to_locate(
            f"{job.path.name} has other content than the photo the design was made on."
        )

    # -- view modes --------------------------------------------------------------------

    def _on_photo_available(self, available: bool) -> None:
        actions = getattr(self, "view_mode_actions", None)
        if actions is not None:
            for action in actions.actions():
                if action.data() != "3d":
                    action.setEnabled(available)
        for name in ("reset_fit_action", "reference_lines_action", "own_shade_action"):
            action = getattr(self, name, None)
            if action is not None:
                action.setEnabled(available)
        next_face = getattr(self, "next_face_action", None)
        if next_face is not None:
            face = self.portrait_view.current_face()
            next_face.setEnabled(available and face is not None and face.face_count > 1)
        if not available and self.view_mode != "3d":
            self.set_view_mode("3d")

    def set_view_mode(self, mode: str) -> None:
        """ "3d", "portrait" or "compare" (before/after)."""
        if mode != "3d" and self.portrait_view.current_face() is None:
            mode = "3d"
        self.view_mode = mode
        if mode == "3d":
            self.stack.setCurrentIndex(0)
        else:
            self.portrait_view.set_mode(mode)
            self.stack.setCurrentWidget(self.portrait_view)
            self.portrait_view.setFocus()
        actions = getattr(self, "view_mode_actions", None)
        if actions is not None:
            for action in actions.actions():
                action.setChecked(action.data() == mode)

    def reset_fit(self) -> None:
        self.portrait_view.reset_fit()

    def set_reference_lines(self, show: bool) -> None:
        self.portrait_view.set_show_lines(show)
