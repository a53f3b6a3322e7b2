"""The portrait view in a real window: opening a photo (and refusing one), the design's
reference to it, fit handles and undo, the before/after wipe, the reference lines, and
the composite itself, checked on screen."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import pytest
from PIL import Image
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QImage
from PyQt6.QtWidgets import QMessageBox

from fusionsmile.core.design_io import design_to_json

pytest.importorskip("mediapipe")

from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.portrait.photo import read_photo, sample_portrait_path

PORTRAIT_TIMEOUT_MS = 60_000


def _grab(widget) -> np.ndarray:
    """(h, w, 3) uint8 of what the widget shows, in its own (logical) pixels."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    image = image.scaled(widget.width(), widget.height())
    pointer = image.constBits()
    pointer.setsize(image.sizeInBytes())
    rows = np.frombuffer(pointer, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).copy()


def _settled(qtbot, window, lighting: str | None = None) -> None:
    """Wait for a full-mesh frame of the current fit (and lighting)."""
    view = window.portrait_view

    def ready() -> bool:
        frame, fit = view.frame, view.effective_fit()
        return (
            frame is not None
            and frame.full_mesh
            and frame.fit == fit
            and (lighting is None or frame.lighting == lighting)
            and window.portrait_service.idle()
        )

    qtbot.waitUntil(ready, timeout=PORTRAIT_TIMEOUT_MS)
    qtbot.wait(30)


@pytest.fixture
def portrait(qtbot, window):
    """The window with the sample portrait opened, in day lighting, composited."""
    window.set_lighting("day")
    steps = window.document.undo_stack.count()
    window.open_sample_portrait()
    qtbot.waitUntil(
        lambda: window.portrait_view.current_face() is not None, timeout=PORTRAIT_TIMEOUT_MS
    )
    assert window.document.undo_stack.count() == steps + 1
    _settled(qtbot, window, "day")
    return window


def test_opening_the_sample_names_the_photo_and_shows_the_portrait(portrait):
    window = portrait
    photo = window.document.design.photo
    sample = read_photo(sample_portrait_path())
    assert photo is not None
    assert photo.sha256 == sample.sha256 and photo.file_name == "astronaut.png"
    assert photo.fit is None  # the automatic fit
    assert window.view_mode == "portrait"
    assert window.stack.currentWidget() is window.portrait_view
    assert window.document.undo_stack.undoText() == "Open photo astronaut.png"
    # Hash and file name only: nothing of the pixels is in the design.
    dumped = photo.model_dump()
    assert set(dumped) == {"sha256", "file_name", "face", "fit"}
    assert len(design_to_json(window.document.design)) < 100_000
    assert window.portrait_view.frame.pixels.shape[2] == 3


def test_a_fit_drag_is_one_undo_step_and_undo_restores_the_fit(qtbot, portrait):
    window, view = portrait, portrait.portrait_view
    stack = window.document.undo_stack
    before, steps = window.document.design.photo.fit, stack.count()
    handles = view.handles()
    start = view.to_widget(handles.positions()["move"])
    view.drag_handle("move", start, start + QPointF(40, 12), steps=10)
    assert stack.count() == steps + 1
    moved = window.document.design.photo.fit
    assert moved is not None and moved != handles.fit
    width, height = window.portrait_view.current_face().photo.size
    scale = view.framing.scale
    assert moved.x * width == pytest.approx(handles.fit.x * width + 40 / scale, abs=0.01)
    assert moved.y * height == pytest.approx(handles.fit.y * height + 12 / scale, abs=0.01)
    _settled(qtbot, window)

    rotate = view.to_widget(view.handles().positions()["rotate"])
    view.drag_handle("rotate", rotate, rotate + QPointF(0, -30))
    assert stack.count() == steps + 2
    assert window.document.design.photo.fit.roll_deg > moved.roll_deg + 5  # counter-clockwise

    scale_handle = view.to_widget(view.handles().positions()["scale"])
    view.drag_handle("scale", scale_handle, scale_handle + QPointF(-30, 0))
    grown = window.document.design.photo.fit
    assert grown.width_mm < moved.width_mm  # the smile grew: less of the photo per mm

    stack.undo()
    stack.undo()
    assert window.document.design.photo.fit == moved
    stack.undo()
    assert window.document.design.photo.fit == before  # the automatic fit again


def test_midline_handle_slides_along_the_eyes_only(portrait):
    view = portrait.portrait_view
    handles = view.handles()
    start = view.to_widget(handles.positions()["midline"])
    view.drag_handle("midline", start, start + QPointF(25, 40))
    fit = portrait.document.design.photo.fit
    width, height = view.current_face().photo.size
    shift = np.array([(fit.x - handles.fit.x) * width, (fit.y - handles.fit.y) * height])
    across, down = view.current_face().frame.mouth_axes
    assert abs(shift @ down) < 1e-6 and abs(shift @ across) > 1.0


def test_reset_fit_restores_the_automatic_fit(portrait):
    window, view = portrait, portrait.portrait_view
    start = view.to_widget(view.handles().positions()["move"])
    view.drag_handle("move", start, start + QPointF(-20, 0))
    dragged = window.document.design.photo.fit
    assert dragged is not None
    window.reset_fit_action.trigger()
    assert window.document.design.photo.fit is None
    assert window.document.undo_stack.undoText() == "Reset the fit"
    window.document.undo_stack.undo()
    assert window.document.design.photo.fit == dragged


def test_a_bad_photo_gets_a_dialog_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bad = tmp_path / "holiday.jpg"
    bad.write_text("this is not a photo at all\n", encoding="utf-8")
    design, steps = window.document.design, window.document.undo_stack.count()
    window.open_photo(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=PORTRAIT_TIMEOUT_MS)
    assert "holiday.jpg" in shown[0] and "not a photo" in shown[0]
    assert window.document.design is design
    assert window.document.undo_stack.count() == steps
    assert window.view_mode == "3d"
    assert not window.view_mode_actions.actions()[1].isEnabled()


def test_before_after_shows_the_original_photo_left_of_the_wipe(qtbot, portrait):
    window, view = portrait, portrait.portrait_view
    window.set_lighting("night")  # the designed side differs from the photo everywhere
    _settled(qtbot, window, "night")
    window.view_mode_actions.actions()[2].trigger()
    assert view.mode == "compare"
    view.wipe = 0.5
    view.update()
    qtbot.wait(30)
    shown = _grab(view)
    photo = view.current_face().photo.pixels
    target = view.photo_rect()
    split = view.wipe_x()
    height, width = photo.shape[:2]

    def photo_at(x: float, y: float) -> np.ndarray:
        point = view.to_photo(QPointF(x, y))
        return photo[int(np.clip(point[1], 0, height - 1)), int(np.clip(point[0], 0, width - 1))]

    ys = np.linspace(max(target.top(), 0) + 20, min(target.bottom(), view.height()) - 20, 12)
    left = [(split - 30, y) for y in ys]
    right = [(split + 30, y) for y in ys]
    before = np.array([shown[int(y), int(x)] for x, y in left], dtype=float)
    expected = np.array([photo_at(x, y) for x, y in left], dtype=float)
    after = np.array([shown[int(y), int(x)] for x, y in right], dtype=float)
    original_right = np.array([photo_at(x, y) for x, y in right], dtype=float)
    assert np.abs(before - expected).mean() < 12  # the photo itself (smoothly scaled)
    assert np.abs(after - original_right).mean() > 40  # the designed side, at night


def test_reference_lines_toggle_draws_them_over_the_photo(qtbot, portrait):
    window, view = portrait, portrait.portrait_view
    qtbot.waitUntil(lambda: view.measures is not None, timeout=PORTRAIT_TIMEOUT_MS)
    _settled(qtbot, window)
    plain = _grab(view)
    window.reference_lines_action.trigger()
    assert view.show_lines
    qtbot.wait(30)
    lined = _grab(view)
    (x0, y0), (x1, y1) = view.measures.lines.interpupillary
    middle = view.to_widget(((x0 + x1) / 2 + 15, (y0 + y1) / 2))
    x, y = round(middle.x()), round(middle.y())
    patch = (slice(y - 2, y + 3), slice(x - 2, x + 3))
    assert np.abs(lined[patch].astype(int) - plain[patch].astype(int)).max() > 60
    window.reference_lines_action.trigger()
    qtbot.wait(30)
    assert np.abs(_grab(view)[patch].astype(int) - plain[patch].astype(int)).max() < 8
    # The analysis panel shows the smile measured in the face beside the 3D metrics.
    names = window.panels["analysis"].photo_metric_names()
    assert "photo_midline" in names and "photo_buccal_corridor" in names


def test_the_composite_changes_the_pixels_inside_the_mouth_only(qtbot, portrait):
    """The portrait on screen against the photo as it was, drawn by the same view at the
    same scale (Before/After with the wipe at the right edge: all "before")."""
    window, view = portrait, portrait.portrait_view
    view.handles_shown = False
    view.update()
    qtbot.wait(30)
    after = _grab(view).astype(float)
    window.set_view_mode("compare")
    view.wipe = 1.0
    view.update()
    qtbot.wait(30)
    before = _grab(view).astype(float)
    face = view.current_face()

    def difference(points: np.ndarray) -> float:
        values = []
        for point in points:
            widget = view.to_widget(point)
            x, y = int(widget.x()), int(widget.y())
            if 0 <= x < view.width() and 0 <= y < view.height():
                values.append(np.abs(after[y, x] - before[y, x]).mean())
        assert values
        return float(np.mean(values))

    lip = face.frame.inner_lip
    centre = lip.mean(axis=0)
    # Points well inside the mouth opening (pulled towards its centre), and the cheeks.
    inside = centre + (lip - centre) * 0.5
    cheeks = face.frame.commissures + np.array([[-25.0, -10.0], [25.0, -10.0]])
    changed, kept = difference(inside), difference(cheeks)
    # Her own teeth show in the photo: new natural teeth differ from them moderately
    # (some 7-8 levels, with the view's size: 8.4 at 728 px wide, 7.4 at 699 px), and
    # several times more than the photo outside the mouth does.
    assert changed > 6 and changed > 3 * kept, (changed, kept)
    assert kept < 3.0, kept  # outside the mouth, by day, the photo is its own (resampled)


def test_cropped_composite_matches_the_whole_photo_composite():
    """The service passes the photo already in its lighting: the same pixels as compositing
    the whole photo (run on a thread with its own GL context, as the service does)."""
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.scene import design_scene
    from fusionsmile.core.starter import starter_design
    from fusionsmile.portrait.analysis import analyse_photo, anchor_mm, fit_of
    from fusionsmile.portrait.composite import (
        PortraitLook,
        composite_portrait,
        graded_photo,
        mouth_scene,
    )
    from fusionsmile.render.context import create_context
    from fusionsmile.render.renderer import Renderer

    results: dict[str, int] = {}

    def run() -> None:
        face = analyse_photo(read_photo(sample_portrait_path()))
        design = starter_design("joy", fusion=0.6)
        dentition = build(design.geometry.model_copy(update={"resolution": "preview"}))
        fit, anchor = fit_of(design, face, dentition), anchor_mm(dentition)
        scene = mouth_scene(design_scene(design, dentition, 0.0))
        ctx = create_context()
        try:
            renderer = Renderer(ctx)
            pixels, frame, look = face.at_scale(1.25)
            for lighting in ("day", "night"):
                options = PortraitLook(lighting)
                whole = composite_portrait(
                    pixels, frame, look, fit, scene, anchor, options, renderer
                )
                base = graded_photo(pixels, lighting)
                cropped = composite_portrait(
                    pixels, frame, look, fit, scene, anchor, options, renderer, base
                )
                results[lighting] = int(np.abs(whole.astype(int) - cropped.astype(int)).max())
                results[lighting + "-changed"] = int((whole != pixels).any(axis=2).sum())
        finally:
            ctx.release()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert results.get("day") == 0 and results.get("night") == 0
    assert results["day-changed"] > 100  # the smile was drawn at all


def test_a_design_finds_its_photo_beside_it(qtbot, portrait, tmp_path, monkeypatch):
    window = portrait
    design = window.document.design
    shutil.copy(sample_portrait_path(), tmp_path / "astronaut.png")
    (tmp_path / "smile.json").write_text(design_to_json(design), encoding="utf-8")
    window.portrait_view.faces.clear()
    window.document.undo_stack.setClean()
    assert window.open_path(tmp_path / "smile.json")
    qtbot.waitUntil(
        lambda: window.portrait_view.current_face() is not None, timeout=PORTRAIT_TIMEOUT_MS
    )
    # A photo the design names that is not beside it, then one with other content:
    # the user is asked to locate it, and the portrait is not shown meanwhile.
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No,
    )
    stranger = design.photo.model_copy(update={"sha256": "0" * 64, "file_name": "someone.jpg"})
    other = design.model_copy(update={"photo": stranger})
    (tmp_path / "other.json").write_text(design_to_json(other), encoding="utf-8")
    window.document.undo_stack.setClean()
    assert window.open_path(tmp_path / "other.json")
    assert asked and "someone.jpg" in asked[0] and "not beside" in asked[0]
    assert window.view_mode == "3d"
    shutil.copy(sample_portrait_path(), tmp_path / "someone.jpg")
    assert window.open_path(tmp_path / "other.json")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=PORTRAIT_TIMEOUT_MS)
    assert "other content" in asked[1]
    assert window.portrait_view.current_face() is None


def test_a_dropped_png_opens_as_a_design_when_it_carries_one(tmp_path, design):
    from fusionsmile.app.portrait_window import carries_design
    from fusionsmile.export.png_design import save_png

    image = Image.new("RGB", (80, 80), (200, 180, 160))
    save_png(image, tmp_path / "card.png", design)
    image.save(tmp_path / "photo.png")
    assert carries_design(tmp_path / "card.png")
    assert not carries_design(tmp_path / "photo.png")


def test_publishing_shares_the_portrait_only_when_ticked(portrait, qtbot, tmp_path, monkeypatch):
    from fusionsmile.app.publish_dialog import PublishDialog
    from fusionsmile.app.thumbnails import CACHE_ENVIRONMENT
    from fusionsmile.gallery.entry import PHOTO_FILE
    from fusionsmile.gallery.store import Gallery

    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.setenv("FUSIONSMILE_GALLERY", str(tmp_path / "gallery"))
    window = portrait
    window.gallery_panel.thumbnails.stop()
    dialog = window.gallery_panel.publish()
    try:
        # The photo is open, so it may be shared, but only once the box is ticked.
        assert dialog.share_photo.isVisibleTo(dialog) and dialog.share_photo.isEnabled()
        assert not dialog.share_photo.isChecked()
        assert not dialog.photo_warning.isVisibleTo(dialog)
        dialog.share_photo.setChecked(True)
        assert dialog.photo_warning.isVisibleTo(dialog)
        assert "will see the face" in dialog.photo_warning.text()
        dialog.form.title.setText("Eileen's own smile")
        with qtbot.waitSignal(dialog.published, timeout=180_000) as blocker:
            dialog.publish_button.click()
        result, _ = blocker.args
    finally:
        dialog.close()
    gallery = Gallery(tmp_path / "gallery")
    try:
        entry = gallery.get(result.id)
        assert entry.photo is not None and entry.photo.name == PHOTO_FILE
        assert entry.design.photo is not None and entry.design.photo.file_name == PHOTO_FILE
        with Image.open(entry.photo) as shared:
            assert shared.format == "JPEG" and len(shared.getexif()) == 0
    finally:
        gallery.close()
    # A design whose photo is not open offers no photo to share.
    closed = PublishDialog(window.document.design, tmp_path / "gallery", window)
    assert closed.share_photo.isVisibleTo(closed) and not closed.share_photo.isEnabled()
    closed.close()
    # Opened from the gallery, the entry shows on the photo its maker shared.
    window.document.undo_stack.setClean()
    assert window.open_path(entry.folder / "design.json")
    qtbot.waitUntil(
        lambda: (
            (face := window.portrait_view.current_face()) is not None
            and face.photo.sha256 == entry.design.photo.sha256
        ),
        timeout=PORTRAIT_TIMEOUT_MS,
    )


def test_next_face_fits_the_smile_to_another_face_of_a_group_photo(
    qtbot, window, tmp_path, monkeypatch
):
    shown: list[str] = []  # a refusal would be a modal dialog: recorded, not shown
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    # A "group photo" from the sample portrait: the same face twice, at two sizes.
    with Image.open(sample_portrait_path()) as image:
        big = image.convert("RGB")
    group = Image.new("RGB", (1040, 560), (128, 128, 130))
    group.paste(big, (0, 24))
    group.paste(big.resize((470, 470), Image.Resampling.LANCZOS), (560, 60))
    group.save(tmp_path / "group.jpg", quality=92)
    window.open_photo(tmp_path / "group.jpg")
    qtbot.waitUntil(
        lambda: bool(shown) or window.portrait_view.current_face() is not None,
        timeout=PORTRAIT_TIMEOUT_MS,
    )
    first = window.portrait_view.current_face()
    assert not shown
    assert first.face_count == 2 and first.face_index == 0
    assert window.next_face_action.isEnabled()
    steps = window.document.undo_stack.count()
    window.next_face_action.trigger()
    qtbot.waitUntil(
        lambda: bool(shown) or window.document.design.photo.face == 1,
        timeout=PORTRAIT_TIMEOUT_MS,
    )
    assert not shown
    second = window.portrait_view.current_face()
    assert second.face_index == 1
    # the smaller face, on the right: its mouth is right of and smaller than the first's
    assert second.frame.commissures[:, 0].mean() > 560 > first.frame.commissures[:, 0].mean()
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText() == "Face 2 of 2"
    window.next_face_action.trigger()  # round again, to the face already found
    assert window.document.design.photo.face == 0
    window.document.undo_stack.undo()
    assert window.document.design.photo.face == 1


def test_use_my_own_shade_takes_the_shade_of_the_photo_s_teeth(portrait):
    from fusionsmile.portrait.own_shade import own_shade

    window = portrait

    def enamel_shade() -> str:
        (layer,) = [x for x in window.document.design.layers if x.kind == "enamel-shade"]
        return str(resolved_params(layer)["shade"])

    before = enamel_shade()
    measured = own_shade(window.portrait_view.current_face().look)
    assert measured is not None and measured.name != before
    assert window.own_shade_action.isEnabled()
    window.own_shade_action.trigger()
    assert enamel_shade() == measured.name
    assert window.document.undo_stack.undoText() == f"Own shade {measured.name}"
    window.document.undo_stack.undo()
    assert enamel_shade() == before
