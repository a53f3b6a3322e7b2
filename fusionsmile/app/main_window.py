"""The main window: the 3D view (or the portrait) in the middle, the panels docked
around it, menus, toolbars and the status bar. It owns the document and the scene and
portrait services and wires them to everything; opening, saving and recovering the
design come from `DesignFilesWindow`, photos and the view modes from `PortraitWindow`.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSettings, QSize, Qt, QTimer
from PyQt6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QWindow,
)
from PyQt6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app import help_dialogs
from fusionsmile.app.autosave import Autosave
from fusionsmile.app.design_files import (
    AUTOSAVE_INTERVAL_MS,
    file_stem,
    first_design,
)
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.export_dialog import ExportDialog
from fusionsmile.app.icons import icon
from fusionsmile.app.panels.analysis_panel import AnalysisPanel
from fusionsmile.app.panels.gallery_panel import GalleryPanel
from fusionsmile.app.panels.geometry_panel import GeometryPanel
from fusionsmile.app.panels.inspector import InspectorPanel
from fusionsmile.app.panels.layers_panel import LayersPanel
from fusionsmile.app.panels.mood_panel import MoodPanel
from fusionsmile.app.panels.teeth_panel import TeethPanel
from fusionsmile.app.portrait_service import PortraitService
from fusionsmile.app.portrait_view import PortraitView
from fusionsmile.app.portrait_window import VIEW_MODE_KEYS, VIEW_MODES, PortraitWindow
from fusionsmile.app.scene_service import BuiltScene, SceneService
from fusionsmile.app.timeline import Timeline
from fusionsmile.app.view_state import ViewState
from fusionsmile.app.viewport import SmileView
from fusionsmile.core.design import Design
from fusionsmile.render.camera import CAMERA_PRESETS

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

_AREAS = {
    "left": Qt.DockWidgetArea.LeftDockWidgetArea,
    "right": Qt.DockWidgetArea.RightDockWidgetArea,
    "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
}
# Small enough for a 1280x720 screen with a title bar and a taskbar; the docks scroll
# rather than hold the window open.
MINIMUM_SIZE = QSize(960, 600)
# At most this share of the window's height goes to the docks under the view.
BOTTOM_SHARE = 0.3
# Bumped when the docks change, so a layout saved by an older version is not restored.
LAYOUT_VERSION = 1


class MainWindow(PortraitWindow):
    def __init__(self, design: Design | None = None, autosave: Autosave | None = None) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.resize(1600, 1000)
        self.setMinimumSize(MINIMUM_SIZE)
        self.settings = QSettings("FusionSmile", "FusionSmile")
        self.document = DesignDocument(parent=self)
        self.view_state = ViewState(self.settings, self)
        self.service = SceneService(self)
        self.autosave = autosave or Autosave()
        self.view = SmileView(self.document, self.service, self.view_state)
        self.portrait_service = PortraitService(self.service.cache, self)
        self.timeline = Timeline(self.view)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self._build_portrait(PortraitView(self.document, self.service, self.portrait_service))
        layout.addWidget(self.stack, 1)
        self.bottom_row = QHBoxLayout()
        self.bottom_row.setContentsMargins(0, 0, 0, 0)
        self.bottom_row.setSpacing(0)
        self.bottom_row.addWidget(self.timeline, 1)
        layout.addLayout(self.bottom_row)
        self.setCentralWidget(central)
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.document.changed.connect(self._on_changed)
        self.document.selection_changed.connect(self._on_selection)
        self.document.dirty_changed.connect(lambda _: self._update_title())
        self.document.opened.connect(lambda _: self._update_title())
        self.document.opened.connect(self._show_preferred_view)
        self.document.rejected.connect(
            lambda label, problem: self.status_message(f"{label}: not done, {problem}", 10_000)
        )
        self.view_state.camera_changed.connect(lambda _: self._sync_view_actions())
        self.view_state.lighting_changed.connect(lambda _: self._sync_view_actions())
        self.view.camera_moved_changed.connect(lambda _: self._sync_view_actions())
        self._dialog_window: QWindow | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._focus_window_changed)
        self.service.built.connect(self._on_built)
        self.service.failed.connect(self._on_build_failed)
        self.service.busy_changed.connect(self._on_busy)
        self.view.frame_drawn.connect(self._on_frame)
        self.view.gl_failed.connect(lambda message: self.status_message(message, 0))
        # The glow's clock and scrubber drive the portrait too.
        self.view.time_changed.connect(self.portrait_view.set_time)
        self.portrait_view.set_lighting(self.view_state.lighting)
        self.view_state.lighting_changed.connect(self.portrait_view.set_lighting)
        self.view.playing_changed.connect(self.portrait_view.set_playing)
        self.portrait_view.frame_shown.connect(self._on_portrait_frame)
        self.portrait_service.failed.connect(
            lambda _, message: self.status_message(f"Could not show the portrait: {message}")
        )
        analysis = self.analysis_panel
        self.portrait_view.measures_changed.connect(
            lambda measures: analysis.show_photo_metrics(measures and measures.metrics)
        )
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._autosave_timer.start()
        self.document.open(design or first_design(), None)
        self.service.request(self.document.design)
        self._update_title()
        self._restore_layout()

    # -- building the window -----------------------------------------------------------------

    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        # The side columns run the full height; the bottom docks sit under the view only.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        document = self.document
        self.mood_panel = MoodPanel(document, self.view_state)
        self.layers_panel = LayersPanel(document)
        self.inspector_panel = InspectorPanel(document)
        self.geometry_panel = GeometryPanel(document)
        self.teeth_panel = TeethPanel(document)
        self.analysis_panel = AnalysisPanel(document, self.service)
        self.gallery_panel = GalleryPanel(document)
        # "&&" shows one "&" (a single one marks a mnemonic).
        for key, title, panel, area in (
            ("mood", "Mood && Fusion", self.mood_panel, "right"),
            ("layers", "Layers", self.layers_panel, "right"),
            ("inspector", "Inspector", self.inspector_panel, "right"),
            ("geometry", "Geometry", self.geometry_panel, "left"),
            ("teeth", "Teeth", self.teeth_panel, "left"),
            ("analysis", "Analysis", self.analysis_panel, "bottom"),
            ("gallery", "Gallery", self.gallery_panel, "bottom"),
        ):
            # Analysis and Gallery scroll inside already (a list, a chart beside a list).
            self._add_dock(key, title, panel, area, scroll=area != "bottom")
        self.tabifyDockWidget(self.docks["geometry"], self.docks["teeth"])
        self.docks["geometry"].raise_()
        self.tabifyDockWidget(self.docks["analysis"], self.docks["gallery"])
        self.docks["analysis"].raise_()
        self.splitDockWidget(self.docks["mood"], self.docks["layers"], Qt.Orientation.Vertical)
        self.splitDockWidget(self.docks["layers"], self.docks["inspector"], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.docks["geometry"], self.docks["mood"]], [330, 360], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.docks["analysis"]], [230], Qt.Orientation.Vertical)
        # The mood dock as tall as its panel asks (it scrolls now, so nothing else makes
        # room for it); the inspector takes the rest.
        self.resizeDocks(
            [self.docks["mood"], self.docks["layers"], self.docks["inspector"]],
            [self.mood_panel.sizeHint().height() + 40, 220, 400],
            Qt.Orientation.Vertical,
        )
        self.gallery_panel.open_requested.connect(self.open_path)
        # Remix and Blend open new designs: the window's question guards unsaved work.
        self.gallery_panel.confirm_discard = self.confirm_discard
        self.gallery_panel.photo_file = self.photo_file
        self.gallery_panel.message.connect(self.status_message)

    def _add_dock(self, key: str, title: str, panel: QWidget, area: str, scroll: bool) -> None:
        """Dock panel, in a scroll area if `scroll`: on a small screen a dock scrolls
        instead of squeezing its rows or holding the window larger than the screen."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        if scroll:
            area_widget = QScrollArea()
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QFrame.Shape.NoFrame)
            area_widget.setWidget(panel)
            if key == "mood":
                # The mood grid scrolls down, never sideways (a cut-off mood is not seen;
                # the other docks may scroll sideways: their minimum widths together with
                # the timeline row would hold the window wider than 1280 px).
                area_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                scrollbar = area_widget.verticalScrollBar()
                extra = scrollbar.sizeHint().width() if scrollbar is not None else 0
                area_widget.setMinimumWidth(panel.minimumSizeHint().width() + extra)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(panel)
        self.addDockWidget(_AREAS[area], dock)
        self.panels[key], self.docks[key] = panel, dock

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
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        assert edit_menu is not None
        edit_menu.addActions([self.undo_action, self.redo_action])
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

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_toolbars()
        self._fit_bottom_docks()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_bottom_docks)  # once the docks have their sizes

    def _fit_bottom_docks(self) -> None:
        """Keep the bottom docks to BOTTOM_SHARE of the window's height: Qt gives all of
        a shrinking window's height to the view, which became a strip at 1280x720."""
        limit = round(self.height() * BOTTOM_SHARE)
        docks = [
            dock
            for dock in (self.docks["analysis"], self.docks["gallery"])
            if dock.isVisible() and not dock.isFloating() and dock.height() > limit
        ]
        if docks and self.dockWidgetArea(docks[0]) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.resizeDocks(docks[:1], [limit], Qt.Orientation.Vertical)

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

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        assert bar is not None
        self.triangles_label = QLabel("–")
        self.fps_label = QLabel("–")
        self.analysis_label = QLabel("")
        self.busy_label = QLabel("")
        bar.addPermanentWidget(self.photo_busy)
        for label, tip in (
            (self.busy_label, "the teeth are being rebuilt off the UI thread"),
            (self.analysis_label, "smile metrics inside their reference ranges"),
            (self.triangles_label, "triangles in the view"),
            (self.fps_label, "frames per second the view can draw"),
        ):
            label.setToolTip(tip)
            bar.addPermanentWidget(label)
        self.fps_label.setMinimumWidth(70)
        bar.setContentsMargins(0, 0, 12, 0)  # clear of the size grip

    # -- reacting to the document --------------------------------------------------------------

    def _on_changed(self, old: Design, new: Design) -> None:
        # The photo and its fit are not in the scene, nor is the preferred view (the
        # view state says what is shown): neither rebuilds anything.
        if old.model_copy(update={"photo": new.photo, "view": new.view}) != new:
            self.service.request(new)

    def _on_built(self, built: BuiltScene) -> None:
        self.triangles_label.setText(f"{built.scene.triangle_count:,} triangles")
        self.analysis_label.setText(self.analysis_panel.summary_text())

    def _on_selection(self, teeth: tuple[int, ...]) -> None:
        if not teeth:
            self.status_message("Selection cleared", 2000)
            return
        from fusionsmile.app.panels.teeth_chart import tooth_name

        if len(teeth) == 1:
            text = f"Selected {teeth[0]}: {tooth_name(teeth[0])}"
        else:
            text = f"Selected {len(teeth)} teeth: {', '.join(map(str, teeth))}"
        self.status_message(text + " (edit them in the Teeth panel)", 8000)
        teeth_dock = self.docks.get("teeth")
        if teeth_dock is not None and teeth_dock.visibleRegion().isEmpty():
            teeth_dock.raise_()  # its tab was behind Geometry: show where the edits are

    def _on_build_failed(self, request: int, message: str) -> None:
        self.status_message(f"Could not show this design: {message}", 10_000)

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText("building…" if busy else "")

    def _on_frame(self, ms: float) -> None:
        self.fps_label.setText(f"{self.view.frames_per_second():.0f} fps")

    def _on_portrait_frame(self, ms: float) -> None:
        fps = self.portrait_view.frames_per_second()
        if self.view_mode != "3d" and fps > 0:
            self.fps_label.setText(f"{fps:.0f} fps")

    def open_path(self, path: Path, ask: bool = True) -> bool:
        opened = super().open_path(path, ask)
        if opened:
            self.find_design_photo(self.document.design, path)
        return opened

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

    # -- layout (QSettings) ----------------------------------------------------------------

    def _restore_layout(self) -> None:
        self._default_layout = self.saveState(LAYOUT_VERSION)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))

    def reset_layout(self) -> None:
        """The docks where a first run puts them (View > Reset Layout)."""
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_layout, LAYOUT_VERSION)
        self.settings.remove("window/state")

    # -- focus after dialogs ---------------------------------------------------------------

    def _focus_window_changed(self, window: QWindow | None) -> None:
        """Watch this window's dialogs as they take the focus: when one closes and no
        window takes the focus back (window managers differ; with none, nothing does),
        this window takes it, so that its shortcuts work without a click in the view."""
        if window is None or window is self._dialog_window:
            return
        if window.transientParent() is self.windowHandle():
            self._dialog_window = window
            window.visibleChanged.connect(self._dialog_visible_changed)

    def _dialog_visible_changed(self, visible: bool) -> None:
        if not visible:
            QTimer.singleShot(0, self._take_focus)

    def _take_focus(self) -> None:
        focus = QGuiApplication.focusWindow()
        if (focus is None or not focus.isVisible()) and self.isVisible():
            self.activateWindow()
            self.raise_()

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

    # -- help ------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        verbs = (self.undo_action, self.redo_action)
        help_dialogs.show_shortcuts(self, help_dialogs.shortcut_rows(self.actions(), verbs))

    def show_about(self) -> None:
        help_dialogs.show_about(self)

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if event is None:
            return
        if not self.confirm_discard():
            event.ignore()
            return
        self.view.set_playing(False)
        self._save_layout()
        self.gallery_panel.thumbnails.stop()
        self.service.stop()
        self.portrait_service.stop()
        self.autosave.clear()
        event.accept()


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
