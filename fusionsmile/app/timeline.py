"""The strip under the 3D view: play and pause, loop, a time scrubber over one loop of
the glow's animation, and the time."""

from __future__ import annotations

from PyQt6.QtCore import QSignalBlocker, QSize, Qt
from PyQt6.QtGui import QIcon
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from fusionsmile.app.icons import icon
from fusionsmile.app.viewport import SmileView

TICKS_PER_SECOND = 100


class Timeline(QWidget):
    def __init__(self, view: SmileView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        # Checked while playing: the button then shows pause, in the accent.
        self.play = _tool_button(icon("play", on="pause"), "Play")
        self.play.setToolTip("Play or pause the glow (Space)")
        self.play.setMinimumWidth(84)  # "Play" and "Pause" take the same room
        self.loop = _tool_button(icon("loop"), "Loop")
        self.loop.setChecked(True)
        self.loop.setToolTip("Start again at the end of the loop")
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setToolTip("Time in the glow's animation, seconds")
        self.scrubber.setMinimumWidth(140)  # a slider one can still aim at
        self.label = QLabel("0.00 s")
        self.label.setMinimumWidth(110)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.play)
        layout.addWidget(self.loop)
        layout.addWidget(self.scrubber, 1)
        layout.addWidget(self.label)
        self.play.toggled.connect(view.set_playing)
        self.loop.toggled.connect(self._set_loop)
        self.scrubber.valueChanged.connect(lambda ticks: view.set_time(ticks / TICKS_PER_SECOND))
        view.time_changed.connect(self._show_time)
        view.playing_changed.connect(self._show_playing)
        view.service.built.connect(lambda _: self._show_time(view.time))

    def _set_loop(self, loop: bool) -> None:
        self.view.loop = loop

    def _show_playing(self, playing: bool) -> None:
        with QSignalBlocker(self.play):
            self.play.setChecked(playing)
        self.play.setText("Pause" if playing else "Play")

    def _show_time(self, t: float) -> None:
        period = self.view.period()
        with QSignalBlocker(self.scrubber):
            self.scrubber.setRange(0, round(period * TICKS_PER_SECOND))
            self.scrubber.setValue(round(min(t, period) * TICKS_PER_SECOND))
        self.label.setText(f"{t:5.2f} / {period:.2f} s")


def _tool_button(button_icon: QIcon, text: str) -> QToolButton:
    button = QToolButton()
    button.setCheckable(True)
    button.setIcon(button_icon)
    button.setIconSize(QSize(18, 18))
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    return button
