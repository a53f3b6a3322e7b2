"""A quilt video asked for beyond what a video can be (too large, too fast, too long) is
refused before a single view is drawn: its 48 views hold ~180 bytes of GL memory per
quilt pixel, and the frame times are listed up front."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fusionsmile.core.design import Design
from fusionsmile.export import quilt
from fusionsmile.export.errors import ExportError
from fusionsmile.export.quilt import PRESETS, QuiltLayout


@pytest.fixture
def no_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    def drawn(*args: object, **kwargs: object) -> None:
        raise AssertionError("a view was drawn for a video that cannot be made")

    monkeypatch.setattr(quilt, "quilt_frames", drawn)


@pytest.mark.usefixtures("no_drawing")
@pytest.mark.parametrize(
    ("layout", "seconds", "fps", "problem"),
    [
        (QuiltLayout(8, 6, (8192, 8192)), 1.0, 30.0, "at most 4096x4096"),
        (PRESETS["portrait"], 1.0, 1000.0, "fps"),
        (PRESETS["portrait"], 1.0, 0.001, "fps"),
        (PRESETS["portrait"], 100.0, 30.0, "100 s"),
        (PRESETS["portrait"], 1.0, 30.0, "quality"),
    ],
)
def test_a_quilt_video_out_of_bounds_is_refused_before_drawing(
    tmp_path: Path, layout: QuiltLayout, seconds: float, fps: float, problem: str
) -> None:
    quality = "ultra" if problem == "quality" else "standard"
    never_built: Any = None  # nothing may be drawn from it
    with pytest.raises(ExportError, match=problem):
        quilt.write_quilt_video(
            Design(), never_built, layout, tmp_path / "q.mp4", seconds, fps, quality
        )
    assert list(tmp_path.iterdir()) == []
