"""The panels around the view: which panel sits in which dock, how the docks share the
window (tabs, splits, the bottom docks' share of the height), and the layout kept
between runs in QSettings with View > Reset Layout.
"""

from __future__ import annotations

from PyQt6.QtCore import QSettings, Qt, QTimer
from PyQt6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.analysis_panel import AnalysisPanel
from fusionsmile.app.panels.gallery_panel import GalleryPanel
from fusionsmile.app.panels.geometry_panel import GeometryPanel
from fusionsmile.app.panels.inspector import InspectorPanel
from fusionsmile.app.panels.layers_panel import LayersPanel
from fusionsmile.app.panels.mood_panel import MoodPanel
from fusionsmile.app.panels.teeth_panel import TeethPanel
from fusionsmile.app.portrait_window import PortraitWindow
from fusionsmile.app.scene_service import SceneService
from fusionsmile.app.view_state import ViewState

_AREAS = {
    "left": Qt.DockWidgetArea.LeftDockWidgetArea,
    "right": Qt.DockWidgetArea.RightDockWidgetArea,
    "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
}
# Docks that keep their panel's whole width (one per side column: the columns' minimum
# widths and the view's together still fit a 1280-px screen).
NO_SIDEWAYS_SCROLL = ("mood", "geometry")
# At most this share of the window's height goes to the docks under the view.
BOTTOM_SHARE = 0.3
# Bumped when the docks change, so a layout saved by an older version is not restored.
LAYOUT_VERSION = 1


class DockedWindow(PortraitWindow):
    """A design window with its panels docked around the view; the subclass sets the
    attributes below before it calls `_build_docks`, and `_restore_layout` once the
    window is built."""

    document: DesignDocument
    settings: QSettings
    view_state: ViewState
    service: SceneService

    def _build_docks(self) -> None:
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
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
        # Remix and Blend open new designs: the window's question guards unsaved work.
        self.gallery_panel = GalleryPanel(
            document, confirm_discard=self.confirm_discard, photo_file=self.photo_file
        )
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
        self.service.built.connect(
            lambda built: self.geometry_panel.show_fit(built.dentition.arch_fit)
        )
        self.gallery_panel.open_requested.connect(self.open_path)
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
            if key in NO_SIDEWAYS_SCROLL:
                # Scrolls down, never sideways: a cut-off mood is not seen, and cut-off
                # geometry values (their numbers at the right edge) are not read. The
                # other docks may scroll sideways: with their minimum widths too, the
                # timeline row would hold the window wider than 1280 px.
                area_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                scrollbar = area_widget.verticalScrollBar()
                extra = scrollbar.sizeHint().width() if scrollbar is not None else 0
                area_widget.setMinimumWidth(panel.minimumSizeHint().width() + extra)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(panel)
        self.addDockWidget(_AREAS[area], dock)
        self.panels[key], self.docks[key] = panel, dock

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
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

    # -- layout kept between runs (QSettings) ------------------------------------------------

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
