"""The Mood & Fusion panel: the balance between the natural and the luminous smile, the
mood the glow follows, and the light the smile is seen in.

Fusion is the hero control, so it is the biggest thing here: its groove runs from enamel
to the current glow's colour. A mood button applies `apply_mood`, which also records
the mood in `design.meta.mood`: the glow a mood set up gives way to the new mood's own
pattern, and a glow the user built by hand is kept and retuned (the panel says which),
unless "Replace all glow" is chosen.

The lighting buttons change the view state (what the smile is seen in), not the design.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from PyQt6.QtCore import QPointF, QSize, Qt
from PyQt6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PyQt6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.view_state import ViewState
from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.core.colour import linear_to_hex
from fusionsmile.core.design import Design, LightingName
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.moods import MOODS, Mood, apply_mood, hand_built_glows
from fusionsmile.core.palettes import palette_for

ApplyMode = Literal["auto", "replace"]
NATURAL_COLOUR = "#e6dcc6"  # enamel, the left end of the Fusion groove
MOOD_COLUMNS = 4
APPLY_MODE_KEY = "mood/apply"


def palette_swatches(palette: str) -> list[str]:
    """'#rrggbb' of each stop of a palette at full brightness.

    Stops keep the luminance of their emitter (far red is ~0.4% of green), which would
    show as black; a swatch shows the hue, so each stop is scaled to its brightest channel.
    """
    stops = palette_for(palette).stops
    return [linear_to_hex(stop / max(float(np.max(stop)), 1e-9)) for stop in stops]


def swatch_icon(colours: list[str], size: QSize) -> QIcon:
    """A row of overlapping round swatches, like paint dabs."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = size.height() / 2 - 1
    step = min(1.6 * radius, (size.width() - 2 * radius - 2) / max(1, len(colours) - 1))
    left = (size.width() - step * (len(colours) - 1)) / 2  # centred, however many stops
    for index, colour in enumerate(colours):
        centre = QPointF(left + index * step, size.height() / 2)
        painter.setPen(QColor(0, 0, 0, 140))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(centre, radius, radius)
    painter.end()
    return QIcon(pixmap)


def _groove_style(glow: str) -> str:
    return f"""
        QSlider {{ min-height: 30px; }}
        QSlider::groove:horizontal {{
            height: 12px; border-radius: 6px;
            background: qlineargradient(x1:0, y1:0, x2:1, y2:0,
                stop:0 {NATURAL_COLOUR}, stop:0.5 #7d7a86, stop:1 {glow});
        }}
        QSlider::sub-page:horizontal {{ background: transparent; }}
        QSlider::handle:horizontal {{
            width: 22px; height: 22px; margin: -6px 0; border-radius: 11px;
            background: #ffffff; border: 3px solid #1b1d22;
        }}
    """


class MoodPanel(QWidget):
    """Fusion slider, mood picker with palette swatches, apply mode and lighting."""

    def __init__(
        self,
        document: DesignDocument,
        view_state: ViewState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.view_state = view_state if view_state is not None else ViewState(parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        layout.addLayout(self._fusion_row())
        layout.addWidget(self._mood_box())
        layout.addWidget(self._lighting_box())
        layout.addStretch(1)
        document.changed.connect(self._design_changed)
        document.opened.connect(lambda _path: self._show(document.design))
        self.view_state.lighting_changed.connect(lambda _: self._show_lighting())
        self._show(document.design)

    # -- building ------------------------------------------------------------------------

    def _fusion_row(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        header = QHBoxLayout()
        title = QLabel("Fusion")
        font = QFont(self.font())
        font.setPixelSize(18)
        font.setBold(True)
        title.setFont(font)
        self.percent = QLabel()
        self.percent.setFont(font)
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.percent)
        column.addLayout(header)
        tooltip = Design.model_fields["fusion"].description or ""
        self.fusion = FloatSlider(0.0, 100.0, "%", decimals=0, steps=100, tooltip=tooltip)
        self.fusion.setToolTip(f"Balance between the natural and the luminous smile ({tooltip})")
        self.fusion.spin.hide()  # the big percent above says it, and typing is rare here
        self.fusion.valueChanged.connect(self._fusion_edited)
        self.fusion.editingFinished.connect(self.document.end_merge)
        column.addWidget(self.fusion)
        ends = QHBoxLayout()
        for text, align in (
            ("Natural", Qt.AlignmentFlag.AlignLeft),
            ("Luminous", Qt.AlignmentFlag.AlignRight),
        ):
            label = QLabel(text)
            label.setAlignment(align)
            label.setEnabled(False)  # muted: they annotate the slider
            ends.addWidget(label)
        column.addLayout(ends)
        return column

    def _mood_box(self) -> QGroupBox:
        box = QGroupBox("Mood")
        column = QVBoxLayout(box)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.moods = QButtonGroup(self)
        self.mood_buttons: dict[str, QToolButton] = {}
        for index, mood in enumerate(MOODS.values()):
            button = QToolButton()
            button.setText(mood.label)
            button.setCheckable(True)
            button.setIcon(swatch_icon(palette_swatches(mood.palette), QSize(46, 14)))
            button.setIconSize(QSize(46, 14))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setToolTip(f"{mood.label}: {mood.feeling}\nPalette: {mood.palette}")
            # Wide enough for its name ("Courage" was cut to "Co…ge" in a narrow dock).
            button.setMinimumWidth(max(64, button.sizeHint().width()))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked, m=mood: self._mood_chosen(m))
            self.moods.addButton(button, index)
            grid.addWidget(button, index // MOOD_COLUMNS, index % MOOD_COLUMNS)
            self.mood_buttons[mood.name] = button
        column.addLayout(grid)
        self.feeling = QLabel()
        self.feeling.setWordWrap(True)
        self.feeling.setEnabled(False)
        column.addWidget(self.feeling)
        modes = QHBoxLayout()
        self.retune = QRadioButton("Keep my own glow")
        self.retune.setToolTip(
            "The mood's own glow replaces the glow a mood set up; a glow you built or\n"
            "tuned by hand is kept and takes the mood's colours, tempo and brightness"
        )
        self.replace = QRadioButton("Replace all glow")
        self.replace.setToolTip("Remove every glow layer and add the mood's own pattern")
        # How moods apply is the designer's habit, remembered between runs.
        remembered = self.view_state.choice(APPLY_MODE_KEY, "auto")
        (self.replace if remembered == "replace" else self.retune).setChecked(True)
        self.replace.toggled.connect(
            lambda on: self.view_state.set_choice(APPLY_MODE_KEY, "replace" if on else "auto")
        )
        modes.addWidget(self.retune)
        modes.addWidget(self.replace)
        modes.addStretch(1)
        column.addLayout(modes)
        return box

    def _lighting_box(self) -> QGroupBox:
        box = QGroupBox("Lighting")
        row = QHBoxLayout(box)
        row.setSpacing(4)
        self.lighting = QButtonGroup(self)
        self.lighting_buttons: dict[str, QToolButton] = {}
        for index, name in enumerate(get_args(LightingName)):
            button = QToolButton()
            button.setText(name.capitalize())
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked, n=name: self._lighting_chosen(n))
            self.lighting.addButton(button, index)
            row.addWidget(button)
            self.lighting_buttons[name] = button
        return box

    # -- editing -------------------------------------------------------------------------

    @property
    def apply_mode(self) -> ApplyMode:
        # "auto" rather than "retune": a design with no glow yet still gets the mood's.
        return "replace" if self.replace.isChecked() else "auto"

    def _fusion_edited(self, percent: float) -> None:
        self.document.update("Change fusion", merge_key="fusion", fusion=round(percent / 100, 4))

    def _mood_chosen(self, mood: Mood) -> None:
        design = apply_mood(self.document.design, mood.name, mode=self.apply_mode)
        verb = "Replace glow with" if self.apply_mode == "replace" else "Set mood"
        self.document.edit(design, f"{verb} {mood.label}")
        self._show(self.document.design)  # re-check the button even if nothing changed

    def _lighting_chosen(self, name: str) -> None:
        self.view_state.set_lighting(name)

    # -- showing -------------------------------------------------------------------------

    def _design_changed(self, old: Design, new: Design) -> None:
        if (old.fusion, old.meta.mood, old.layers) != (new.fusion, new.meta.mood, new.layers):
            self._show(new)

    def _show(self, design: Design) -> None:
        self.fusion.setValue(design.fusion * 100)
        self.percent.setText(f"{round(design.fusion * 100)} %")
        mood = MOODS.get(design.meta.mood or "")
        # An exclusive group cannot show "none checked"; lift it while unchecking.
        self.moods.setExclusive(False)
        for name, button in self.mood_buttons.items():
            button.setChecked(mood is not None and name == mood.name)
        self.moods.setExclusive(True)
        feeling = f"{mood.label}: {mood.feeling}" if mood else "No mood chosen"
        # Said from the design itself, so it holds after an undo or on opening a file.
        kept = hand_built_glows(design) if mood else []
        if kept:
            names = ", ".join(f"“{layer.name}”" for layer in kept)
            feeling += (
                f"\nKept your own glow {names}, retuned to {mood.label} "
                "(“Replace all glow” swaps it for the mood's)."
            )
        self.feeling.setText(feeling)
        self._show_lighting()
        self.fusion.slider.setStyleSheet(_groove_style(self._glow_colour(design)))

    def _show_lighting(self) -> None:
        for name, button in self.lighting_buttons.items():
            button.setChecked(name == self.view_state.lighting)

    def _glow_colour(self, design: Design) -> str:
        """The brightest-looking swatch of the first glow layer's palette, else cyan."""
        for layer in design.layers:
            if kind_for(layer.kind).group != "luminous" or not layer.enabled:
                continue
            palette = resolved_params(layer).get("palette")
            if isinstance(palette, str):
                try:
                    return palette_swatches(palette)[-1]
                except ValueError:
                    break
        return "#4ff0e0"
