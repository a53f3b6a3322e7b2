"""The main window: the 3D view (or the portrait) in the middle, the panels docked
around it, menus, toolbars and the status bar. It owns the document and the scene and
portrait services and wires them to everything. Each part of the window is a layer of
its own module, from the bottom:

- `DesignFilesWindow` (design_files.py): new, open, save, recent files, autosave;
- `PortraitWindow` (portrait_window.py): photos and the view modes;
- `DockedWindow` (docked_window.py): the panels in their docks, the layout kept;
- `MenusWindow` (window_menus.py): actions, menus, toolbars and what they do;
- `MainWindow` (here): builds the parts in order, the status bar, focus, closing.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSettings, QSize, QTimer
from PyQt6.QtGui import QCloseEvent, QGuiApplication, QWindow
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from fusionsmile.app.autosave import Autosave
from fusionsmile.app.design_files import AUTOSAVE_INTERVAL_MS, first_design
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.portrait_service import PortraitService
from fusionsmile.app.portrait_view import PortraitView
from fusionsmile.app.scene_service import BuiltScene, SceneService
from fusionsmile.app.timeline import Timeline
from fusionsmile.app.view_state import ViewState
from fusionsmile.app.viewport import SmileView
from fusionsmile.app.window_menus import MenusWindow
from fusionsmile.core.design import Design

# Small enough for a 1280x720 screen with a title bar and a taskbar; the docks scroll
# rather than hold the window open.
MINIMUM_SIZE = QSize(960, 600)
# The first run's size where the screen has room for it.
PREFERRED_SIZE = QSize(1600, 1000)
# Room left for a window manager's title bar and border when the window fills a screen.
FRAME_ALLOWANCE = QSize(16, 40)


def available_size() -> QSize:
    """The free area of the screen the window opens on (no taskbar, no panels)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else PREFERRED_SIZE


def first_size(available: QSize) -> QSize:
    """The window's size on a first run: the preferred size, or as much of a smaller
    screen as a framed window can take (never below the minimum: the docks scroll)."""
    room = available - FRAME_ALLOWANCE
    return PREFERRED_SIZE.boundedTo(room).expandedTo(MINIMUM_SIZE)


class MainWindow(MenusWindow):
    def __init__(self, design: Design | None = None, autosave: Autosave | None = None) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        # A 1280x720 screen used to get a 1600x1000 window, its right docks and status
        # bar off the screen.
        self.resize(first_size(available_size()))
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
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.document.changed.connect(self._on_changed)
        self.document.selection_changed.connect(self._on_selection)
        self.document.dirty_changed.connect(lambda _: self._update_title())
        # An unsaved design is named by its title, which Title and Story may change.
        self.document.changed.connect(lambda *_: self._update_title())
        self.document.opened.connect(lambda _: self._update_title())
        self.document.opened.connect(self._show_preferred_view)
        # The Film dialog's storyboard is kept for the design it was made for, not the next.
        self.document.opened.connect(lambda _: setattr(self, "_film_storyboard", None))
        # An open Film dialog (it does not block the window) follows the design.
        self.document.changed.connect(lambda *_: self._film_follows_design())
        self.document.opened.connect(lambda _: self._film_follows_design(opened=True))
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

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if event is None:
            return
        if not self.confirm_discard():
            event.ignore()
            return
        self.view.set_playing(False)
        self._save_layout()
        self.gallery_panel.stop()
        self.service.stop()
        self.portrait_service.stop()
        self.autosave.clear()
        event.accept()
