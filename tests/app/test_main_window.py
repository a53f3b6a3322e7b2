"""The main window in a real Qt window under Xvfb: drawing, picking, undo and redo,
files (save, open, recent, drag and drop, bad files), autosave and recovery, exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image
from PyQt6.QtCore import QMimeData, QPointF, Qt, QUrl
from PyQt6.QtGui import QDragEnterEvent, QDropEvent
from PyQt6.QtWidgets import QFileDialog, QMessageBox

from fusionsmile.app.autosave import Autosave
from fusionsmile.app.export_dialog import ExportDialog
from fusionsmile.app.main_window import MainWindow
from fusionsmile.core.design import Design, Layer
from fusionsmile.core.design_io import design_to_json, read_design
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.geometry_values import fit_words
from fusionsmile.export.png_design import save_png

BUILD_TIMEOUT_MS = 120_000


def _settle(qtbot, window: MainWindow) -> None:
    """Wait until every requested build has arrived."""
    qtbot.waitUntil(window.service.idle, timeout=BUILD_TIMEOUT_MS)
    qtbot.wait(50)


def test_the_geometry_panel_shows_how_the_built_teeth_fit(qtbot, window: MainWindow) -> None:
    # The window draws the quick preview first; the fit is shown with the full build.
    qtbot.waitUntil(lambda: bool(window.geometry_panel.fit_label.text()), timeout=BUILD_TIMEOUT_MS)
    _settle(qtbot, window)
    fits = window.service.latest.dentition.arch_fit
    expected = [f"{arch.capitalize()}: {fit_words(fits[arch].discrepancy_mm)}" for arch in fits]
    assert window.geometry_panel.fit_label.text().splitlines() == expected
    design = window.document.design
    spaced = design.geometry.with_arch_value("spacing", upper=1.5)
    window.document.edit(design.model_copy(update={"geometry": spaced}), "Space")
    qtbot.waitUntil(
        lambda: "more than the arch holds" in window.geometry_panel.fit_label.text(),
        timeout=BUILD_TIMEOUT_MS,
    )
    assert window.geometry_panel.fit_label.text().splitlines()[1].startswith("Lower: ")


def test_title_and_story_names_the_window_and_the_file(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    dialog = window.edit_details()
    dialog.form.title.setText("Sea for Mira")
    dialog.apply()
    assert window.windowTitle().startswith("Sea for Mira")
    suggested: list[str] = []

    def save_dialog(parent, caption, start, kinds):
        suggested.append(Path(start).name)
        return str(tmp_path / "saved.json"), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    assert window.save_as()
    assert suggested == ["sea-for-mira.json"]


def test_the_view_draws_the_smile(window: MainWindow) -> None:
    image = window.view.grabFramebuffer()
    width, height = image.width(), image.height()
    pixels = np.array(
        [[image.pixelColor(x, y).lightness() for x in range(0, width, 8)]
         for y in range(0, height, 8)]
    )  # fmt: skip
    rows, columns = pixels.shape
    centre = pixels[rows // 3 : 2 * rows // 3, columns // 3 : 2 * columns // 3]
    background = np.median(pixels[:2])
    # Enamel, gums and the gaps between teeth against a plain background: the smile is
    # really drawn, with detail.
    assert np.abs(centre - background).max() > 60 and centre.std() > 15
    assert "triangles" in window.triangles_label.text()


def test_clicking_a_tooth_selects_it_and_ctrl_click_adds(qtbot, window: MainWindow) -> None:
    window.set_view("front")
    qtbot.waitUntil(lambda: window.view.camera is not None, timeout=BUILD_TIMEOUT_MS)
    scene, camera = window.view._scene, window.view.camera
    assert scene is not None and camera is not None

    def pixel_of(fdi: int) -> tuple[float, float]:
        mask = (scene.tooth == fdi) & (scene.region == Region.ENAMEL)
        point = np.append(scene.position[mask].mean(axis=0), 1.0)
        point[2] = scene.position[mask][:, 2].max()
        clip = camera.projection_matrix(window.view._aspect()) @ camera.view_matrix() @ point
        x, y = clip[0] / clip[3], clip[1] / clip[3]
        return (x + 1) / 2 * window.view.width(), (1 - y) / 2 * window.view.height()

    x, y = pixel_of(11)
    qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=QPointF(x, y).toPoint())
    assert window.document.selection == (11,)
    x, y = pixel_of(21)
    qtbot.mouseClick(
        window.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
        QPointF(x, y).toPoint(),
    )  # fmt: skip
    assert window.document.selection == (11, 21)


def test_undo_and_redo_a_sequence_of_edits_by_name(qtbot, window: MainWindow) -> None:
    start = window.document.design
    window.panels["layers"].add_layer("sparkle")
    window.use_view_for_renders()  # the preferred view, set on purpose, is an edit
    geometry = window.document.design.geometry.model_copy(update={"spacing_mm": 1.5})
    window.document.edit(
        window.document.design.model_copy(update={"geometry": geometry}), "Change spacing"
    )
    end = window.document.design
    assert window.undo_action.text() == "&Undo Change spacing"
    for _ in range(3):
        window.undo_action.trigger()
    assert window.document.design == start
    assert window.redo_action.text() == "&Redo Add Sparkle"
    for _ in range(3):
        window.redo_action.trigger()
    assert window.document.design == end
    assert end.layers[-1].kind == "sparkle"
    _settle(qtbot, window)
    assert window.service.latest.design == end  # the view shows the redone design


def test_save_open_round_trip_title_and_recent(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "my smile.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.document.edit(window.document.design.model_copy(update={"fusion": 0.8}), "Fusion")
    assert window.isWindowModified()
    assert window.save()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("my smile.json")
    assert read_design(target) == window.document.design
    saved = window.document.design
    window.document.edit(saved.model_copy(update={"fusion": 0.1}), "Fusion")
    assert window.isWindowModified()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.open_path(target)
    assert window.document.design == saved and not window.document.dirty
    assert window.recent_files()[0] == target.resolve()


def _drop(window: MainWindow, path: Path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPointF(20, 20).toPoint(), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    return True


def test_dropping_a_png_that_carries_a_design_opens_it(window: MainWindow, tmp_path: Path) -> None:
    design = Design(fusion=0.25, layers=(Layer(kind="solid-glow"),))
    picture = tmp_path / "shared.png"
    save_png(Image.new("RGBA", (32, 18), (10, 20, 30, 255)), picture, design)
    assert _drop(window, picture)
    assert window.document.design == design
    assert window.document.path is None  # a picture is not a design file to save over
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    assert not _drop(window, plain)


def test_dropping_a_design_json_opens_it(window: MainWindow, tmp_path: Path) -> None:
    design = Design(fusion=0.3)
    path = tmp_path / "dropped.json"
    path.write_text(design_to_json(design))
    assert _drop(window, path)
    assert window.document.design == design and window.document.path == path


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"schema": "fusionsmile/design", "version": 2, "geometry": {"tooth_size": 9}}',
         "tooth_size"),
        ("{ not json", "JSON"),
        ('{"schema": "fusionsmile/design", "version": 2, "fusion": 0.5, "evil": 1}', "evil"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_problem_and_keeps_the_design(
    window: MainWindow, tmp_path: Path, monkeypatch, content: str, named: str
) -> None:
    before = window.document.design
    window.document.edit(before.model_copy(update={"fusion": 0.9}), "Fusion")
    edited = window.document.design
    shown: list[str] = []
    monkeypatch.setattr(window, "_error", lambda title, text: shown.append(text))
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert not window.open_path(path, ask=False)
    assert shown and named in shown[0] and "bad.json" in shown[0]
    assert window.document.design == edited and window.document.dirty


def test_closing_with_unsaved_changes_asks_and_can_be_cancelled(
    window: MainWindow, monkeypatch
) -> None:
    window.document.edit(window.document.design.model_copy(update={"fusion": 0.2}), "Fusion")
    asked = []

    def cancel(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    assert not window.close()
    assert asked and "unsaved" in asked[0] and window.isVisible()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_recovery_after_a_crash(qtbot, design: Design, tmp_path: Path, monkeypatch) -> None:
    # A session edits, autosaves, then dies without a clean exit.
    autosave = Autosave(tmp_path / "autosave")
    crashed = design.model_copy(update={"fusion": 0.77})
    original = tmp_path / "work.json"
    autosave.save(crashed, original)
    session = json.loads(autosave.session_file.read_text())
    session["pid"] = _dead_pid()
    autosave.session_file.write_text(json.dumps(session))
    # The next start offers the design back.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(Design(), Autosave(tmp_path / "autosave"))
    assert window.offer_recovery()
    assert window.document.design == crashed
    assert window.document.path == original and window.document.dirty
    assert "*" in window.windowTitle() and window.isWindowModified()
    window.document.undo_stack.setClean()
    window.close()
    assert not autosave.design_file.exists()  # a clean exit leaves nothing to recover


def test_autosave_writes_only_when_dirty_and_a_live_session_is_not_offered(
    window: MainWindow,
) -> None:
    window.autosave_now()
    assert not window.autosave.design_file.exists()
    window.document.edit(window.document.design.model_copy(update={"fusion": 0.4}), "Fusion")
    window.autosave_now()
    assert read_design(window.autosave.design_file).fusion == 0.4
    assert Autosave(window.autosave.folder).pending() is not None  # same process: offered
    session = json.loads(window.autosave.session_file.read_text())
    session["pid"] = 1  # a process that is alive and is not this one
    window.autosave.session_file.write_text(json.dumps(session))
    assert Autosave(window.autosave.folder).pending() is None


def test_export_a_mesh_from_the_app(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog("mesh", window.document.design, tmp_path / "smile", parent=window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("stl")
    assert dialog.path.text().endswith("smile.stl")
    with qtbot.waitSignal(dialog.exported, timeout=BUILD_TIMEOUT_MS) as blocker:
        dialog.start()
    (written,) = blocker.args[0]
    mesh = trimesh.load(written, force="mesh")
    assert mesh.is_watertight and len(mesh.faces) > 10_000


def test_cancelling_an_export_leaves_no_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog("animation", window.document.design, tmp_path / "glow", parent=window)
    qtbot.addWidget(dialog)
    dialog.seconds.setValue(20.0)
    dialog.fps.setValue(30)
    with qtbot.waitSignal(dialog.runner_started, timeout=10_000):
        dialog.start()
    qtbot.waitUntil(lambda: "frame" in dialog.status.text(), timeout=BUILD_TIMEOUT_MS)
    dialog.cancel_button.click()
    assert "cancelled" in dialog.status.text()
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_export_option_is_named_and_nothing_starts(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = ExportDialog("image", window.document.design, tmp_path / "still", parent=window)
    qtbot.addWidget(dialog)
    dialog.size.setCurrentText("99999x10")
    dialog.start()
    assert dialog.runner is None and "99999x10" in dialog.status.text()


def test_lighting_and_view_change_the_view_not_the_design(window: MainWindow) -> None:
    design = window.document.design
    window.lighting_actions.actions()[2].trigger()  # Blacklight
    window.view_actions.actions()[3].trigger()  # Occlusal upper
    assert window.view_state.lighting == "blacklight"
    assert window.view.view_preset == "occlusal-upper"
    assert window.document.design == design and window.document.undo_stack.count() == 0


def test_help_lists_every_shortcut(window: MainWindow, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.show_shortcuts()
    (text,) = shown
    for name, key in (
        ("Undo", "Ctrl+Z"),
        ("Redo", "Ctrl+Shift+Z"),
        ("Open", "Ctrl+O"),
        ("Night", "N"),
        ("Play / Pause", "Space"),
        ("Export Image", "Ctrl+E"),
    ):
        assert f"<td>{name}" in text and f"<b>{key}" in text, name
