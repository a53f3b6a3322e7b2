"""The window's actions, menus and toolbars, and what the actions do that belongs to
no other part: the camera, lighting and bloom (view state, never an undo step), the
design's preferred view, selecting all teeth, the export dialogs and the help.

A new menu entry: an action made with `_action` in `_build_actions` (a name, a slot, a
shortcut, a status tip and an icon from `app/icons.py`), then added to its menu in
`_build_menus` (and to a toolbar if it is used often).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QEvent, QObject, QSize, Qt
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import QHBoxLayout, QToolBar, QToolButton

from fusionsmile.app import help_dialogs
from fusionsmile.app.design_files import file_stem
from fusionsmile.app.details_dialog import DetailsDialog
from fusionsmile.app.docked_window import DockedWindow
from fusionsmile.app.export_dialog import ExportDialog
from fusionsmile.app.icons import icon
from fusionsmile.app.portrait_window import VIEW_MODE_KEYS, VIEW_MODES
from fusionsmile.app.viewport import SmileView
from fusionsmile.render.camera import CAMERA_PRESETS


class _OnResize(QObject):
    """Calls `callback` after each resize of the widgets it filters."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() == QEvent.Type.Resize:
            self.callback()
        return False


VIEW_LABELS = {
    "front": "Front",
    "three-quarter-left": "Three-quarter left",
    "three-quarter-right": "Three-quarter right",
    "occlusal-upper": "Occlusal upper",
    "occlusal-lower": "Occlusal lower",
}
# Shorter on the toolbar buttons, so the view toolbar fits a 1400-px window; the menu
# and the tooltip keep the full name.
VIEW_BUTTON_LABELS = {"three-quarter-left": "¾ left", "three-quarter-right": "¾ right"}
LIGHTING_LABELS = {"day": "Day", "night": "Night", "blacklight": "Blacklight"}
GALLERY_ICONS = {
    "publish_action": "gallery_publish",
    "import_action": "gallery_import",
    "export_action": "gallery_export",
    "remix_action": "gallery_remix",
    "blend_action": "gallery_blend",
    "lineage_action": "gallery_lineage",
}
# Icons drawn at this size in the toolbars: the 24-px grid Material Design Icons are
# drawn on, smaller than Fusion's default so a label beside the icon sits level with it.
TOOLBAR_ICON_SIZE = QSize(20, 20)


class MenusWindow(DockedWindow):
    """A docked design window with its actions, menus and toolbars; the subclass sets
    `view` and `bottom_row` (the row under the view that takes the view-mode switch),
    builds the docks, then calls `_build_actions` and `_build_menus`."""

    view: SmileView
    bottom_row: QHBoxLayout

    def _action(
        self,
        text: str,
        slot,
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name is not None:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        _name_in_tooltip(action, tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_design, keys.New, "A new smile", "new")
        self.open_action = self._action("&Open…", self.open_dialog, keys.Open, icon_name="open")
        self.open_photo_action = self._action(
            "Open &Photo…", self.open_photo_dialog, "Ctrl+Shift+O",
            "Design on a portrait: a JPEG, PNG, WebP or HEIC photo of a smiling face",
            "open_photo",
        )  # fmt: skip
        self.sample_portrait_action = self._action(
            "Try the Sample &Portrait", self.open_sample_portrait,
            tip="A public-domain portrait (NASA) to try the portrait view on",
            icon_name="sample_portrait",
        )  # fmt: skip
        self.save_action = self._action("&Save", self.save, keys.Save, icon_name="save")
        self.save_as_action = self._action(
            "Save &As…", self.save_as, keys.SaveAs, icon_name="save_as"
        )
        self.export_image_action = self._action(
            "Export &Image…", lambda: self.export("image"), "Ctrl+E", "Render a PNG",
            "export_image",
        )  # fmt: skip
        self.export_animation_action = self._action(
            "Export A&nimation…", lambda: self.export("animation"), "Ctrl+Shift+E",
            "A looping GIF, APNG or WebP of the glow or a turntable", "export_animation",
        )  # fmt: skip
        self.export_mesh_action = self._action(
            "Export &Mesh…", lambda: self.export("mesh"), "Ctrl+M",
            "GLB, glTF, OBJ, STL or PLY", "export_mesh",
        )  # fmt: skip
        self.film_action = self._action(
            "&Film…", self.film, "Ctrl+Alt+F",
            "A short film of the design: storyboard, previews, MP4 or WebM", "film",
        )  # fmt: skip
        self.quit_action = self._action("&Quit", self.close, keys.Quit, icon_name="quit")
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, name in ((self.undo_action, "undo"), (self.redo_action, "redo")):
            action.setIcon(icon(name))
            # Their text names the step ("Undo Move Sparkle up"): keep the tooltip with it.
            action.changed.connect(lambda a=action: _name_in_tooltip(a))
            _name_in_tooltip(action)
        self.addActions([self.undo_action, self.redo_action])  # listed under Help too
        self.details_action = self._action(
            "&Title and Story…", self.edit_details,
            tip="Name the smile and say who made it and what it is about",
            icon_name="details",
        )  # fmt: skip
        self.select_all_action = self._action(
            "Select &All Teeth", self.select_all_teeth, "Ctrl+A", icon_name="select_all_teeth"
        )
        self.clear_selection_action = self._action(
            "&Clear Selection", lambda: self.document.set_selection(()), "Esc",
            icon_name="clear_selection",
        )  # fmt: skip
        self.view_actions = QActionGroup(self)
        for index, name in enumerate(CAMERA_PRESETS):
            action = self._action(
                VIEW_LABELS.get(name, name), lambda _=False, n=name: self.set_view(n),
                str(index + 1), icon_name="view_" + name.replace("-", "_"),
            )  # fmt: skip
            action.setCheckable(True)
            action.setData(name)
            if name in VIEW_BUTTON_LABELS:
                action.setIconText(VIEW_BUTTON_LABELS[name])
            self.view_actions.addAction(action)
        self.lighting_actions = QActionGroup(self)
        for name, key in zip(LIGHTING_LABELS, ("D", "N", "B"), strict=True):
            action = self._action(
                LIGHTING_LABELS[name], lambda _=False, n=name: self.set_lighting(n), key,
                icon_name=f"lighting_{name}",
            )  # fmt: skip
            action.setCheckable(True)
            action.setData(name)
            self.lighting_actions.addAction(action)
        self.bloom_action = self._action("&Bloom", self._toggle_bloom, "L", "Glow halo", "bloom")
        self.bloom_action.setCheckable(True)
        self.bloom_action.setChecked(self.view_state.bloom)
        self.preferred_view_action = self._action(
            "&Use This View for Renders", self.use_view_for_renders,
            tip="The design's thumbnails and renders will use this camera and lighting",
            icon_name="preferred_view",
        )  # fmt: skip
        self.reset_layout_action = self._action(
            "Reset &Layout", self.reset_layout, tip="The panels back where they started",
            icon_name="reset_layout",
        )  # fmt: skip
        self.frame_action = self._action(
            "&Frame the Smile", self.view.frame, "F", icon_name="frame"
        )
        self.play_action = self._action(
            "&Play / Pause", lambda: self.view.set_playing(not self.view.playing), "Space",
            icon_name="play_pause",
        )  # fmt: skip
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, keys.HelpContents, icon_name="shortcuts"
        )
        self.about_action = self._action("&About FusionSmile", self.show_about, icon_name="about")
        self.view_mode_actions = QActionGroup(self)
        for mode, label in VIEW_MODES.items():
            action = self._action(
                label, lambda _=False, m=mode: self.set_view_mode(m), VIEW_MODE_KEYS[mode],
                "The smile in 3D" if mode == "3d" else "The smile on the photo",
                f"mode_{mode}",
            )  # fmt: skip
            action.setCheckable(True)
            action.setData(mode)
            action.setChecked(mode == "3d")
            action.setIconText(label.replace("&", "").replace(" View", ""))
            self.view_mode_actions.addAction(action)
        self.reset_fit_action = self._action(
            "&Reset the Fit", self.reset_fit, "Ctrl+Shift+R",
            "Back to the automatic fit found from the face", "reset_fit",
        )  # fmt: skip
        self.next_face_action = self._action(
            "Next &Face", self.next_face, "Ctrl+Shift+F",
            "Fit the smile to the next face of a group photo", "next_face",
        )  # fmt: skip
        self.own_shade_action = self._action(
            "Use My Own &Shade", self.use_own_shade, None,
            "The enamel shade of the teeth that show in the photo", "own_shade",
        )  # fmt: skip
        self.reference_lines_action = self._action(
            "Reference &Lines", lambda: self.set_reference_lines(
                self.reference_lines_action.isChecked()
            ), "Ctrl+G", "Eyes, midlines, incisal plane and curve, commissures and lower lip",
            "reference_lines",
        )  # fmt: skip
        self.reference_lines_action.setCheckable(True)
        self._on_photo_available(False)
        self._sync_view_actions()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        assert bar is not None
        file_menu = bar.addMenu("&File")
        assert file_menu is not None
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        assert self.recent_menu is not None
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.open_photo_action, self.sample_portrait_action])
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions(
            [self.export_image_action, self.export_animation_action, self.export_mesh_action]
        )
        file_menu.addAction(self.film_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        assert edit_menu is not None
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.details_action)
        edit_menu.addSeparator()
        edit_menu.addActions([self.select_all_action, self.clear_selection_action])
        view_menu = bar.addMenu("&View")
        assert view_menu is not None
        view_menu.addActions(self.view_mode_actions.actions())
        view_menu.addActions(
            [self.reference_lines_action, self.reset_fit_action, self.next_face_action]
        )
        edit_menu.addSeparator()
        edit_menu.addAction(self.own_shade_action)
        view_menu.addSeparator()
        view_menu.addActions(self.view_actions.actions())
        view_menu.addSeparator()
        view_menu.addActions(self.lighting_actions.actions())
        view_menu.addSeparator()
        view_menu.addActions([self.bloom_action, self.frame_action, self.play_action])
        view_menu.addAction(self.preferred_view_action)
        view_menu.addSeparator()
        panels_menu = view_menu.addMenu("&Panels")
        assert panels_menu is not None
        for dock in self.docks.values():
            panels_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.reset_layout_action)
        gallery = self.gallery_panel
        gallery_menu = bar.addMenu("&Gallery")
        assert gallery_menu is not None
        for attribute, icon_name in GALLERY_ICONS.items():
            action = getattr(gallery, attribute)
            action.setIcon(icon(icon_name))
        gallery_menu.addActions(gallery.menu_actions())
        help_menu = bar.addMenu("&Help")
        assert help_menu is not None
        help_menu.addActions([self.shortcuts_action, self.about_action])
        # File and edit: icons everyone knows, so icons alone (the tooltip names them).
        self.file_toolbar = self._toolbar("File", Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.file_toolbar.addActions([self.new_action, self.open_action, self.save_action])
        self.file_toolbar.addSeparator()
        self.file_toolbar.addActions([self.undo_action, self.redo_action])
        self.file_toolbar.addSeparator()
        self.file_toolbar.addActions(
            [self.export_image_action, self.export_animation_action, self.export_mesh_action]
        )
        self.file_toolbar.addSeparator()  # apart from the view toolbar that follows
        # The view: camera presets and lighting have no icons one reads without a label.
        self.view_toolbar = self._toolbar("View", Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.view_toolbar.addActions(self.view_actions.actions())
        self.view_toolbar.addAction(self.frame_action)
        self.view_toolbar.addSeparator()
        self.view_toolbar.addActions(self.lighting_actions.actions())
        self.view_toolbar.addSeparator()
        self.view_toolbar.addAction(self.bloom_action)
        frame_button = self.view_toolbar.widgetForAction(self.frame_action)
        if isinstance(frame_button, QToolButton):
            frame_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._labelled_toolbars_width = 0  # measured once shown (see _fit_toolbars)
        # The view modes, a segmented control beside the timeline under the view (the
        # toolbar row is full at 1400 px, and the switch belongs to the view).
        self.mode_toolbar = QToolBar("View mode")
        self.mode_toolbar.setObjectName("toolbar-view-mode")
        self.mode_toolbar.setIconSize(TOOLBAR_ICON_SIZE)
        self.mode_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.mode_toolbar.addActions(self.view_mode_actions.actions())
        self.bottom_row.insertWidget(0, self.mode_toolbar)
        self._labelled_modes_width = self.mode_toolbar.sizeHint().width()
        # The row under the view narrows when a dock widens as well as with the window.
        central = self.centralWidget()
        assert central is not None
        self._central_resized = _OnResize(self._fit_view_row, self)
        central.installEventFilter(self._central_resized)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_toolbars()

    def _fit_view_row(self) -> None:
        """The view modes with their names when the row under the view has room for them
        and the timeline, as icons (named in the tooltip) when it has not: at 1280 px
        "Before / After" dropped out of the row and the time slider shrank to nothing."""
        central = self.centralWidget()
        if central is None:
            return
        needed = self._labelled_modes_width + self.timeline.minimumSizeHint().width()
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if central.width() >= needed
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        if self.mode_toolbar.toolButtonStyle() != style:
            self.mode_toolbar.setToolButtonStyle(style)

    def _fit_toolbars(self) -> None:
        """Camera presets with their names when the toolbars fit the window, as icons
        (named in the tooltip) when they do not: on a 1280-px screen the lighting and
        bloom buttons used to drop off the end of the bar."""
        presets = [self.view_toolbar.widgetForAction(a) for a in self.view_actions.actions()]
        buttons = [b for b in presets if isinstance(b, QToolButton)]
        if not self._labelled_toolbars_width and buttons:
            labelled = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            for button in buttons:
                button.setToolButtonStyle(labelled)
            self._labelled_toolbars_width = (
                self.file_toolbar.sizeHint().width() + self.view_toolbar.sizeHint().width() + 24
            )
        wide = self.width() >= self._labelled_toolbars_width
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if wide
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        for button in buttons:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def _toolbar(self, title: str, style: Qt.ToolButtonStyle) -> QToolBar:
        toolbar = self.addToolBar(title)
        assert toolbar is not None
        toolbar.setObjectName(f"toolbar-{title.lower()}")
        toolbar.setMovable(False)
        toolbar.setIconSize(TOOLBAR_ICON_SIZE)
        toolbar.setToolButtonStyle(style)
        return toolbar

    def _sync_view_actions(self) -> None:
        # A preset button is lit only while the camera is on it: after an orbit, none is.
        camera = None if self.view.camera_moved else self.view_state.camera
        self.view_actions.setExclusive(False)  # an exclusive group cannot show none
        for action in self.view_actions.actions():
            action.setChecked(action.data() == camera)
        self.view_actions.setExclusive(True)
        for action in self.lighting_actions.actions():
            action.setChecked(action.data() == self.view_state.lighting)

    # -- view (view state: never an undo step) ----------------------------------------------

    def set_view(self, name: str) -> None:
        self.view_state.set_camera(name)  # also re-frames when the preset is unchanged

    def set_lighting(self, name: str) -> None:
        self.view_state.set_lighting(name)

    def _toggle_bloom(self) -> None:
        self.view_state.set_bloom(self.bloom_action.isChecked())

    def _show_preferred_view(self, path: object) -> None:
        """A file opens in its preferred view; a new design keeps the light in use."""
        if path is not None:
            self.view_state.adopt(self.document.design.view)

    def use_view_for_renders(self) -> None:
        """Make what is shown the design's preferred view: an edit, made on purpose."""
        design = self.document.design
        update = {"view": self.view_state.as_view()}
        self.document.edit(design.model_copy(update=update), "Use this view for renders")

    def edit_details(self) -> DetailsDialog:
        dialog = DetailsDialog(self.document, self)
        dialog.open()
        self._details_dialog = dialog
        return dialog

    def select_all_teeth(self) -> None:
        built = self.service.latest
        if built is not None:
            self.document.set_selection([int(t) for t in built.dentition.placements])

    # -- export ----------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        stem = self.document.path.with_suffix("") if self.document.path else None
        suggested = stem or Path.home() / file_stem(self.document.design.meta.title or "smile")
        # The export starts from what is shown (the view state), not the file's view.
        dialog = ExportDialog(
            kind, self.document.design, suggested, self.view.time, self,  # type: ignore[arg-type]
            view=self.view_state.as_view(),
        )  # fmt: skip
        dialog.exported.connect(
            lambda files: self.status_message("Exported " + ", ".join(Path(f).name for f in files))
        )
        dialog.open()
        self._export_dialog = dialog

    def film(self) -> None:
        """The Film dialog on the open design (its storyboard kept while the window lives).
        It does not block the window (an export takes minutes): it follows the design as
        it is edited, and another design opened gets that design's own film."""
        from fusionsmile.app.film_dialog import FilmDialog, design_storyboard

        shown = getattr(self, "_film_dialog", None)
        if shown is not None and shown.isVisible():
            shown.raise_()
            shown.activateWindow()
            return
        design = self.document.design
        stem = self.document.path.with_suffix("") if self.document.path else None
        suggested = stem or Path.home() / file_stem(design.meta.title or "smile")
        board = getattr(self, "_film_storyboard", None) or design_storyboard(design)
        photo, face = self._film_portrait()
        dialog = FilmDialog(design, board, suggested, self, photo=photo, face=face)
        dialog.storyboard_changed.connect(lambda b: setattr(self, "_film_storyboard", b))
        dialog.exported.connect(
            lambda files: self.status_message("Exported " + ", ".join(Path(f).name for f in files))
        )
        dialog.setModal(False)
        dialog.show()
        self._film_dialog = dialog

    def _film_portrait(self) -> tuple[Path | None, int]:
        """The open design's portrait photo (None without one) and which face in it."""
        ref = self.document.design.photo
        if ref is None:
            return None, 0
        return self.photo_file(ref.sha256), ref.face  # type: ignore[attr-defined]

    def _film_follows_design(self, opened: bool = False) -> None:
        """The open Film dialog shown the design as it is now (a design opened: its own
        film, an undoable step of the dialog's)."""
        dialog = getattr(self, "_film_dialog", None)
        if dialog is None or not dialog.isVisible():
            return
        dialog.follow_design(self.document.design, *self._film_portrait())
        if opened:
            dialog.reset_board()

    # -- help ------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        verbs = (self.undo_action, self.redo_action)
        help_dialogs.show_shortcuts(self, help_dialogs.shortcut_rows(self.actions(), verbs))

    def show_about(self) -> None:
        help_dialogs.show_about(self)


def _name_in_tooltip(action: QAction, tip: str = "") -> None:
    """A tooltip that names the action and its shortcut ("Save (Ctrl+S)"), with what
    it does on a second line: a toolbar button that shows only an icon is still told."""
    name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    text = f"{name.removesuffix('…')} ({shortcut})" if shortcut else name.removesuffix("…")
    if tip:
        text += f"\n{tip}"
    if action.toolTip() != text:
        action.setToolTip(text)
