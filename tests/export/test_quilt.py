"""Looking Glass quilts: the layout tag in the name, views in the displays' order
(bottom-left first, left to right, upwards), re-read by Pillow; side-by-side stereo
pairs, the left eye on the left."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import design_scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.quilt import (
    PRESETS,
    QuiltLayout,
    quilt_path,
    write_quilt,
    write_stereo,
)
from fusionsmile.render.camera import camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds

ROOT = Path(__file__).parents[2]
SHOWCASE = read_design(ROOT / "presets" / "showcase.json")


def test_the_layout_tag_is_the_one_looking_glass_reads() -> None:
    assert PRESETS["portrait"].suffix() == "_qs8x6a0.75"
    assert quilt_path("out/smile.png", PRESETS["portrait"]) == Path("out/smile_qs8x6a0.75.png")
    again = quilt_path("smile_qs5x9a1.2.png", QuiltLayout(4, 2, (256, 128)))
    assert again == Path("smile_qs4x2a1.png")


def test_a_quilt_holds_its_views_bottom_left_first(tmp_path: Path) -> None:
    layout = QuiltLayout(4, 2, (384, 144))  # views of 96x72
    dentition = build(SHOWCASE.geometry)
    written = write_quilt(SHOWCASE, dentition, layout, tmp_path / "smile.png", cone=40.0)
    assert written.name == "smile_qs4x2a1.333.png"
    assert read_design(written) == SHOWCASE
    with Image.open(written) as image:
        assert image.size == (384, 144)
        quilt = np.asarray(image.convert("RGB"), dtype=int)
    views = [
        quilt[144 - (row + 1) * 72 : 144 - row * 72, col * 96 : (col + 1) * 96]
        for row in range(2)
        for col in range(4)
    ]
    # View 0 (bottom-left) is the leftmost camera: 20 degrees to the viewer's left.
    renderer = shared_renderer()
    scene = design_scene(SHOWCASE, dentition, 0.0)
    renderer.set_scene(scene)
    enamel = scene.position[scene.region == Region.ENAMEL]
    centre = camera_for("front", smile_bounds(scene), 96 / 72, points=enamel)
    left = replace(centre, azimuth_deg=centre.azimuth_deg - 20.0)
    expected = renderer.render(left, lighting_for("night"), (96, 72))[:, :, :3]
    assert np.abs(views[0] - expected).max() <= 1
    # Neighbours are closer to each other than the two ends are.
    step = np.abs(views[0] - views[1]).mean()
    assert np.abs(views[0] - views[7]).mean() > 2 * step > 0


def test_a_bad_layout_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    dentition = build(SHOWCASE.geometry)
    for layout, problem in (
        (QuiltLayout(1, 1, (256, 256)), "2-100 views"),
        (QuiltLayout(11, 10, (4096, 4096)), "2-100 views"),
        (QuiltLayout(8, 6, (9000, 9000)), "16-8192 pixels"),
        (QuiltLayout(40, 2, (100, 100)), "too small"),
    ):
        with pytest.raises(ExportError, match=problem):
            write_quilt(SHOWCASE, dentition, layout, tmp_path / "q.png")
    with pytest.raises(ExportError, match=r"as a \.png"):
        write_quilt(SHOWCASE, dentition, PRESETS["portrait"], tmp_path / "q.jpg")
    assert list(tmp_path.iterdir()) == []


def test_a_stereo_pair_has_the_left_eye_on_the_left(tmp_path: Path) -> None:
    dentition = build(SHOWCASE.geometry)
    path = write_stereo(SHOWCASE, dentition, (96, 72), tmp_path / "pair.png", separation=6.0)
    assert read_design(path) == SHOWCASE
    with Image.open(path) as image:
        assert image.size == (192, 72)
        pair = np.asarray(image.convert("RGB"), dtype=int)
    renderer = shared_renderer()
    scene = design_scene(SHOWCASE, dentition, 0.0)
    renderer.set_scene(scene)
    enamel = scene.position[scene.region == Region.ENAMEL]
    centre = camera_for("front", smile_bounds(scene), 96 / 72, points=enamel)
    for eye, offset in ((pair[:, :96], -3.0), (pair[:, 96:], 3.0)):
        camera = replace(centre, azimuth_deg=centre.azimuth_deg + offset)
        expected = renderer.render(camera, lighting_for("night"), (96, 72))[:, :, :3]
        assert np.abs(eye - expected).max() <= 1
    assert np.abs(pair[:, :96] - pair[:, 96:]).mean() > 1  # the eyes do see differently
    for bad, problem in (({"separation": 0.0}, "separation"), ({"separation": 11.0}, "0-10")):
        with pytest.raises(ExportError, match=problem):
            write_stereo(SHOWCASE, dentition, (96, 72), tmp_path / "bad.png", **bad)
    with pytest.raises(ExportError, match=r"as a \.png"):
        write_stereo(SHOWCASE, dentition, (96, 72), tmp_path / "pair.jpg")
    assert [p.name for p in tmp_path.iterdir()] == ["pair.png"]


def test_a_quilt_video_plays_the_glow_in_every_view(tmp_path: Path) -> None:
    av = pytest.importorskip("av")
    from fusionsmile.export.quilt import quilt_frames, write_quilt_video

    layout = QuiltLayout(2, 2, (192, 144))  # views of 96x72
    dentition = build(SHOWCASE.geometry)
    path = write_quilt_video(SHOWCASE, dentition, layout, tmp_path / "q.mp4", 0.25, 24.0)
    assert path.name == "q_qs2x2a1.333.mp4"
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 192, 144)
        frames = [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(stream)]
    assert len(frames) == 6
    quilts = [
        np.asarray(q, dtype=int) for q in quilt_frames(SHOWCASE, dentition, layout, [0.0, 2.0])
    ]
    # The first frame is the first quilt through H.264 4:2:0 (small views lose chroma),
    # much nearer to it than to the quilt of a later moment: the glow does move.
    assert np.abs(frames[0] - quilts[0]).mean() < 5
    assert np.abs(frames[0] - quilts[1]).mean() > 1.5 * np.abs(frames[0] - quilts[0]).mean()
    for bad, problem in (
        (tmp_path / "q.webm", r"as an \.mp4"),
        (tmp_path / "q.png", r"as an \.mp4"),
    ):
        with pytest.raises(ExportError, match=problem):
            write_quilt_video(SHOWCASE, dentition, layout, bad, 0.25, 24.0)
    with pytest.raises(ExportError, match="even sides"):
        write_quilt_video(
            SHOWCASE, dentition, QuiltLayout(3, 1, (195, 65)), tmp_path / "o.mp4", 0.25, 24.0
        )
    assert [p.name for p in tmp_path.iterdir()] == ["q_qs2x2a1.333.mp4"]
