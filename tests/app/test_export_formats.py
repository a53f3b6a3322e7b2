"""The Export dialogs offer what the exporters write (one list each, in export/): every
mesh format of the registry, and the animation formats including MP4 and WebM video."""

from __future__ import annotations

from pathlib import Path

import av

from fusionsmile.app.export_dialog import ExportDialog
from fusionsmile.core.design import Design
from fusionsmile.export.animation import FORMATS as ANIMATION_FORMATS
from fusionsmile.export.mesh import EXPORTERS, MESH_FORMATS

BUILD_TIMEOUT_MS = 120_000


def _offered(dialog: ExportDialog) -> list[str]:
    return [dialog.format.itemText(i) for i in range(dialog.format.count())]


def test_mesh_formats_are_the_registrys_meshes_and_only_stl_splits(
    qtbot, design: Design, tmp_path: Path
) -> None:
    dialog = ExportDialog("mesh", design, tmp_path / "smile")
    qtbot.addWidget(dialog)
    assert _offered(dialog) == list(MESH_FORMATS)
    assert "png" in EXPORTERS and "png" not in MESH_FORMATS  # a picture, offered as an image
    for fmt in MESH_FORMATS:
        dialog.format.setCurrentText(fmt)
        assert dialog.split.isEnabled() == (fmt == "stl"), fmt
    dialog.split.setCurrentText("tooth")
    dialog.format.setCurrentText("ply")
    assert dialog.request().split == "none"  # a split only where the format takes one


def test_an_mp4_exports_from_the_app_and_plays(qtbot, design: Design, tmp_path: Path) -> None:
    dialog = ExportDialog("animation", design, tmp_path / "glow")
    qtbot.addWidget(dialog)
    assert _offered(dialog) == list(ANIMATION_FORMATS)
    dialog.format.setCurrentText("mp4")
    assert dialog.path.text().endswith("glow.mp4")
    dialog.size.setCurrentText("160x96")
    dialog.seconds.setValue(1.0)
    dialog.fps.setValue(12)
    assert dialog.fps.value() == 24  # video plays at 24 fps or more
    with qtbot.waitSignal(dialog.exported, timeout=BUILD_TIMEOUT_MS) as blocker:
        dialog.start()
    (written,) = blocker.args[0]
    with av.open(str(written)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = list(container.decode(stream))
    assert len(frames) == 24
    assert (frames[0].width, frames[0].height) == (160, 96)
