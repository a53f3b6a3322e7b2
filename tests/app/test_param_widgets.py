"""Parameter editors: one per Param.type, showing without emitting, emitting only what the
declaration accepts."""

from __future__ import annotations

from typing import get_args

import pytest
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QColorDialog, QFileDialog

from fusionsmile.app.widgets.param_widgets import (
    PARAM_WIDGETS,
    ColourField,
    FileField,
    NumberField,
    PaletteField,
    SeedField,
    TeethField,
    palette_stops,
    param_widget,
)
from fusionsmile.core.layers.params import SEED, Param, ParamType
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.palettes import palettes


def collect(widget) -> list[tuple[object, bool]]:
    seen: list[tuple[object, bool]] = []
    widget.changed.connect(lambda value, finished: seen.append((value, finished)))
    return seen


def declared(kind: str, name: str) -> Param:
    return next(p for p in kind_for(kind).params if p.name == name)


def test_every_param_type_has_an_editor() -> None:
    assert set(PARAM_WIDGETS) == set(get_args(ParamType))


def test_number_shows_without_emitting_and_emits_drag_then_finish(qtbot) -> None:
    param = declared("sparkle", "size_mm")
    widget = param_widget(param)
    qtbot.addWidget(widget)
    seen = collect(widget)
    widget.set_value(2.5)
    assert widget.value() == 2.5 and seen == []
    assert widget.slider.spin.suffix() == " mm"
    assert "0.2 – 3 mm" in widget.toolTip() and param.description[1:] in widget.toolTip()
    widget.slider.spin.setValue(1.75)  # typed and accepted
    widget.slider.spin.editingFinished.emit()
    assert seen == [(1.75, False), (1.75, True)]


def test_whole_numbers_are_ints_and_seeds_get_a_spin_box(qtbot) -> None:
    count = param_widget(declared("perikymata", "count"))
    seed = param_widget(SEED)
    qtbot.addWidget(count)
    qtbot.addWidget(seed)
    assert isinstance(count, NumberField) and isinstance(seed, SeedField)
    seen = collect(count)
    count.slider.spin.setValue(42)
    assert seen == [(42, False)] and isinstance(seen[0][0], int)
    seeds = collect(seed)
    seed.spin.setValue(1234)
    seed.roll()
    assert seeds[0] == (1234, True) and len(seeds) == 2 and isinstance(seeds[1][0], int)


def test_bool_and_choice(qtbot) -> None:
    flag = param_widget(declared("sparkle", "gums"))
    choice = param_widget(declared("bands", "orientation"))
    qtbot.addWidget(flag)
    qtbot.addWidget(choice)
    flags, choices = collect(flag), collect(choice)
    flag.set_value(True)
    choice.set_value("vertical")
    assert flags == [] and choices == [] and choice.combo.currentText() == "Vertical"
    flag.check.click()
    choice.combo.setCurrentIndex(choice.combo.findData("horizontal"))
    assert flags == [(False, True)] and choices == [("horizontal", True)]


def test_colour_opens_the_dialog_and_emits_its_hex(qtbot, monkeypatch) -> None:
    widget = param_widget(declared("brown-stains", "colour"))
    qtbot.addWidget(widget)
    assert isinstance(widget, ColourField) and widget.button.text() == "#7a5233"
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args: QColor("#112233"))
    seen = collect(widget)
    widget.button.click()
    assert seen == [("#112233", True)] and widget.value() == "#112233"


def test_palette_names_custom_gradient_and_bad_stops(qtbot) -> None:
    widget = param_widget(declared("sparkle", "palette"))
    qtbot.addWidget(widget)
    assert isinstance(widget, PaletteField)
    names = [widget.combo.itemData(i) for i in range(widget.combo.count())]
    assert names == [*palettes(), "custom"]
    assert all(not widget.combo.itemIcon(i).isNull() for i in range(len(palettes())))
    seen = collect(widget)
    widget.combo.setCurrentIndex(names.index("foxfire"))
    assert seen == [("foxfire", True)]
    widget.combo.setCurrentIndex(names.index("custom"))  # starts from foxfire's colours
    stops = " ".join(palette_stops("foxfire"))
    assert seen[-1] == (stops, True) and not widget.stops.isHidden()
    widget.stops.setText("#ff0000 nonsense")
    widget.stops.editingFinished.emit()
    assert len(seen) == 2 and "neither a palette" in widget.problem
    widget.stops.setText("#ff0000   #0000ff")
    widget.stops.editingFinished.emit()
    assert seen[-1] == ("#ff0000 #0000ff", True) and widget.problem == ""
    widget.set_value("firefly")
    assert widget.stops.isHidden() and widget.combo.currentData() == "firefly"


def test_file_offers_shipped_decals_and_refuses_missing_files(qtbot, monkeypatch, tmp_path):
    widget = param_widget(declared("decal", "image"))
    qtbot.addWidget(widget)
    assert isinstance(widget, FileField)
    decals = [widget.combo.itemData(i) for i in range(widget.combo.count() - 1)]
    assert "assets:decals/heart.png" in decals and "assets:decals/star.png" in decals
    seen = collect(widget)
    widget.combo.setCurrentIndex(decals.index("assets:decals/heart.png"))
    assert seen == [("assets:decals/heart.png", True)]
    widget.path.setText(str(tmp_path / "missing.png"))
    widget.path.editingFinished.emit()
    assert len(seen) == 1 and "no such file" in widget.problem
    own = tmp_path / "mine.png"
    own.write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(own), "PNG"))
    widget.browse.click()
    assert seen[-1] == (str(own), True) and widget.problem == ""
    assert widget.combo.currentData() == FileField.OWN_FILE


@pytest.mark.parametrize("text", ["11, 99", "eleven", "11,,21"])
def test_teeth_refuses_what_param_check_refuses(qtbot, text: str) -> None:
    widget = param_widget(declared("decal", "teeth"))
    qtbot.addWidget(widget)
    assert isinstance(widget, TeethField)
    seen = collect(widget)
    widget.line.setText(text)
    widget.line.editingFinished.emit()
    assert seen == [] and "FDI" in widget.problem
    assert "e5484d" in widget.line.styleSheet() and widget.problem in widget.toolTip()
    widget.line.setText("11, 21")
    widget.line.editingFinished.emit()
    assert seen == [("11, 21", True)] and widget.problem == "" and widget.line.styleSheet() == ""
