"""Blend dialog: a second design and how far towards it, with a live description of the
blend, before it is opened as a new design with both as its parents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.core.design import Design
from fusionsmile.gallery.synergy import blend

MAX_LAYERS_SHOWN = 6


@dataclass(frozen=True)
class Choice:
    """A design to blend: its name in the list and how to read it (design, content id)."""

    label: str
    load: Callable[[], tuple[Design, str]]


def describe_blend(a: Design, b: Design, mixed: Design) -> list[str]:
    """What the blend looks like, in a few lines a person can scan."""
    lines = [f"Title: {mixed.meta.title}"]
    if a.fusion != b.fusion:
        lines.append(f"Fusion: {mixed.fusion:.2f}   ({a.fusion:.2f} → {b.fusion:.2f})")
    shape = mixed.geometry
    if a.geometry != b.geometry:
        lines.append(
            f"Arch: {shape.arch_form}, upper {shape.upper_arch.width_mm:.1f} ×"
            f" {shape.upper_arch.depth_mm:.1f} mm, teeth ×{shape.tooth_size:.2f}"
        )
    if a.meta.mood != b.meta.mood:
        lines.append(f"Mood: {mixed.meta.mood or 'none'}")
    layers = [f"{layer.name or layer.kind} {layer.opacity:.0%}" for layer in mixed.layers]
    more = len(layers) - MAX_LAYERS_SHOWN
    shown = ", ".join(layers[:MAX_LAYERS_SHOWN]) + (f", +{more} more" if more > 0 else "")
    lines.append(f"Layers ({len(layers)}): {shown}")
    return lines


class BlendDialog(QDialog):
    """first blended with a partner at t (0 = first, 1 = partner); `blended()` after
    accept is the new design."""

    def __init__(
        self,
        first: Choice,
        partners: list[Choice],
        chosen: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Blend")
        self.setMinimumWidth(440)
        self.first, self.partners = first, partners
        self._loaded: dict[int, tuple[Design, str]] = {}
        self._first = first.load()
        self.partner = QComboBox()
        self.partner.addItems([choice.label for choice in partners])
        self.partner.setCurrentIndex(chosen)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setValue(50)
        self.amount = QLabel()
        self.amount.setMinimumWidth(36)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # titles come from strangers
        self.preview.setStyleSheet("color: palette(placeholder-text);")
        self.preview.setMinimumHeight(90)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(QLabel("A"))
        row.addWidget(self.slider, 1)
        row.addWidget(QLabel("B"))
        row.addWidget(self.amount)
        form = QFormLayout()
        a_label = QLabel()
        a_label.setTextFormat(Qt.TextFormat.PlainText)
        a_label.setText(first.label)
        form.addRow("A", a_label)
        form.addRow("B", self.partner)
        form.addRow("Amount", row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Blend")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.partner.currentIndexChanged.connect(self._update)
        self.slider.valueChanged.connect(self._update)
        self._update()

    @property
    def t(self) -> float:
        return self.slider.value() / 100.0

    def _partner(self) -> tuple[Design, str]:
        index = self.partner.currentIndex()
        if index not in self._loaded:
            self._loaded[index] = self.partners[index].load()
        return self._loaded[index]

    def blended(self) -> Design:
        """The design at the chosen amount, with both parents' ids in meta.parents."""
        (a, a_id), (b, b_id) = self._first, self._partner()
        return blend(a, b, self.t, a_id, b_id)

    def _update(self, *_: object) -> None:
        self.amount.setText(f"{self.t:.2f}")
        try:
            a, b = self._first[0], self._partner()[0]
            lines = describe_blend(a, b, self.blended())
        except Exception as error:  # a broken partner is described, not raised into Qt
            self.preview.setText(f"Cannot blend: {error}")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)  # type: ignore[union-attr]
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)  # type: ignore[union-attr]
        self.preview.setText("\n".join(lines))
