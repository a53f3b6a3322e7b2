"""`fusionsmile quilt` beyond the still quilt: a quilt video and a stereo pair."""

from __future__ import annotations

from pathlib import Path

import av
from cli_run import SHOWCASE, run
from PIL import Image


def test_a_quilt_video_and_a_stereo_pair(tmp_path: Path) -> None:
    result = run("quilt", str(SHOWCASE), "-o", str(tmp_path / "q.mp4"), "--columns", "2",
                 "--rows", "2", "--size", "128x96", "--seconds", "0.25", "--fps", "24")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with av.open(str(tmp_path / "q_qs2x2a1.333.mp4")) as container:
        assert sum(1 for _ in container.decode(video=0)) == 6
    result = run("quilt", str(SHOWCASE), "-o", str(tmp_path / "pair.png"), "--stereo", "64x48")
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "pair.png") as pair:
        assert pair.size == (128, 48)
