"""Loop lengths in the Export Animation dialog (issue 15): "one seamless loop" choices
from the design's loop, and a warning when a chosen length will jump as it repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from fusionsmile.app.export_dialog import ExportDialog
from fusionsmile.core.design import Design
from fusionsmile.core.layers.compose import loop_period
from fusionsmile.core.starter import starter_design


@pytest.fixture
def calm() -> Design:
    # A calm design as moods made it before they picked dividing periods: 34.29 s.
    design = starter_design("calm")
    glow = design.layers[-1].with_params(speed=0.35)
    return design.model_copy(update={"layers": (*design.layers[:-1], glow)})


def test_the_dialog_offers_seamless_loops_and_starts_on_one(
    qtbot, design: Design, tmp_path: Path
) -> None:
    dialog = ExportDialog("animation", design, tmp_path / "glow")
    qtbot.addWidget(dialog)
    period = loop_period(design)
    assert dialog.seconds.value() == pytest.approx(period)
    assert dialog.length_choice.currentText().startswith("One seamless loop")
    assert dialog.loop_note.text() == ""
    dialog.length_choice.setCurrentIndex(1)  # two loops
    assert dialog.seconds.value() == pytest.approx(2 * period)
    assert dialog.request().seconds == pytest.approx(2 * period)


def test_a_length_that_will_not_loop_is_warned_about(qtbot, design: Design, tmp_path: Path) -> None:
    dialog = ExportDialog("animation", design, tmp_path / "glow")
    qtbot.addWidget(dialog)
    dialog.seconds.setValue(3.0)
    assert dialog.length_choice.currentText() == "Custom length"
    assert "3 s will jump" in dialog.loop_note.text()
    assert f"{loop_period(design):g} s" in dialog.loop_note.text()


def test_a_long_loop_is_offered_whole_not_cut_to_a_jump(
    qtbot, calm: Design, tmp_path: Path
) -> None:
    dialog = ExportDialog("animation", calm, tmp_path / "calm")
    qtbot.addWidget(dialog)
    assert dialog.seconds.value() == pytest.approx(loop_period(calm))  # not 12 s
    assert dialog.loop_note.text() == ""
