"""The Film dialog never makes a smile shot with both its own fusion and a fusion change
(the storyboard refuses that pair: the change set every frame's fusion and the own one
was silently unused): choosing a fusion change takes the own fusion's place, starting
from it."""

from __future__ import annotations

from pathlib import Path

from fusionsmile.app.film_dialog import FilmDialog
from fusionsmile.core.design import Design
from fusionsmile.film.storyboard import CardShot, FusionChange, SmileShot, Storyboard


def test_a_fusion_change_takes_the_place_of_the_own_fusion(
    qtbot, design: Design, tmp_path: Path
) -> None:
    board = Storyboard(
        crossfade=0.0, shots=(CardShot(seconds=0.5, heading="Hi"), SmileShot(seconds=0.5))
    )
    dialog = FilmDialog(design, board, tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.shots.setCurrentRow(1)
    dialog.form.own_fusion.setChecked(True)
    dialog.form.fusion.setValue(0.3)
    assert dialog.storyboard.shots[1].fusion == 0.3
    rows = dialog.form.change_editor
    rows.kind.setCurrentIndex(rows.kind.findData("fusion"))
    shot = dialog.storyboard.shots[1]
    assert isinstance(shot, SmileShot)
    assert shot.change == FusionChange(start=0.3, end=1.0) and shot.fusion is None
    assert dialog.export.status.text() == ""
    assert not dialog.form.own_fusion.isChecked() and not dialog.form.own_fusion.isEnabled()
    assert not dialog.form.fusion.isEnabled()
    # No change again: the shot's own fusion can be given again.
    rows.kind.setCurrentIndex(rows.kind.findData(None))
    assert dialog.form.own_fusion.isEnabled() and not dialog.form.own_fusion.isChecked()
    dialog.form.own_fusion.setChecked(True)
    dialog.form.fusion.setValue(0.8)
    shot = dialog.storyboard.shots[1]
    assert isinstance(shot, SmileShot) and (shot.fusion, shot.change) == (0.8, None)
    dialog.reject()
