"""The dark theme: a near-black blue-grey that lets the glow be the brightest thing on
screen, one cyan accent (the colour of the selection in the 3D view), Qt's Fusion style
so it looks the same on every platform."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PyQt6.QtGui import QColor, QPalette
from PyQt6.QtWidgets import QApplication

ACCENT = "#59c3ff"
BACKGROUND = "#16181d"
PANEL = "#1e2128"
RAISED = "#272b34"
TEXT = "#e3e6ec"
MUTED = "#8a92a3"
HOVER = "#2f3440"  # under the pointer: tool buttons and the menus' highlighted item
DISABLED = "#5b6270"
ERROR = "#ff8a7a"  # a message that something went wrong, readable on the panels
WARNING = "#ffc27a"  # a consequence to weigh before going on (amber, not red)
OUTLINE = "#6b7384"  # the edge of a check box or radio button, seen on every panel
# Fusion draws a check box's box in the Base colour with an outline darker than the
# window: on this theme an unchecked box was all but invisible. The style sheet draws
# it instead, so it needs its own check mark.
_CHECK = (Path(__file__).parent / "theme_images" / "check.svg").as_posix()

_STYLE = f"""
QMainWindow::separator {{ background: {BACKGROUND}; width: 4px; height: 4px; }}
QDockWidget {{ titlebar-close-icon: none; font-weight: 600; }}
QDockWidget::title {{ background: {RAISED}; padding: 5px 8px; }}
QToolBar {{ background: {PANEL}; border: none; spacing: 4px; padding: 3px; }}
QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolButton:checked {{ background: {RAISED}; color: {ACCENT}; }}
QToolButton:hover {{ background: {HOVER}; }}
QMenu {{ selection-background-color: {HOVER}; selection-color: #ffffff; }}
QStatusBar {{ background: {PANEL}; color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QGroupBox {{ border: 1px solid #2d323c; border-radius: 6px; margin-top: 14px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {MUTED}; }}
QSlider::groove:horizontal {{ height: 4px; background: #343a46; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {TEXT}; width: 12px; margin: -5px 0; border-radius: 6px;
}}
QToolTip {{ background: {RAISED}; color: {TEXT}; border: 1px solid #3a404c; padding: 4px; }}
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator,
QGroupBox::indicator {{
    width: 13px; height: 13px; border: 1px solid {OUTLINE}; background: {BACKGROUND};
}}
QCheckBox::indicator, QAbstractItemView::indicator, QGroupBox::indicator {{
    border-radius: 3px;
}}
QRadioButton::indicator {{ border-radius: 7px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover, QGroupBox::indicator:hover {{
    border-color: {ACCENT};
}}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked,
QGroupBox::indicator:checked {{
    background: {ACCENT}; border-color: {ACCENT}; image: url("{_CHECK}");
}}
QRadioButton::indicator:checked {{
    border-color: {ACCENT};
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
        stop: 0 {ACCENT}, stop: 0.45 {ACCENT}, stop: 0.55 {BACKGROUND}, stop: 1 {BACKGROUND});
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
    border-color: #3a404c; background: {PANEL};
}}
QCheckBox::indicator:checked:disabled {{ background: {DISABLED}; border-color: {DISABLED}; }}
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: PANEL,
        roles.WindowText: TEXT,
        roles.Base: BACKGROUND,
        roles.AlternateBase: RAISED,
        roles.ToolTipBase: RAISED,
        roles.ToolTipText: TEXT,
        roles.Text: TEXT,
        roles.Button: RAISED,
        roles.ButtonText: TEXT,
        roles.BrightText: "#ffffff",
        roles.Highlight: ACCENT,
        roles.HighlightedText: "#0b0d10",
        roles.Link: ACCENT,
        roles.PlaceholderText: MUTED,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        palette.setColor(disabled, role, QColor(DISABLED))
    return palette


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    app.setStyleSheet(_STYLE)
    pg.setConfigOptions(background=BACKGROUND, foreground=TEXT, antialias=True)
