"""Videos (MP4 H.264, WebM VP9) re-read by PyAV: codec, pixel format, frame count,
duration, size; a looping film comes round; failures and cancels write nothing."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.export.animation import AnimationRequest, frames, write_animation
from fusionsmile.export.errors import ExportError
from fusionsmile.export.video import frame_rate, write_video

ROOT = Path(__file__).parents[2]
SHOWCASE = read_design(ROOT / "presets" / "showcase.json")


@pytest.fixture(scope="module")
def dentition():  # type: ignore[no-untyped-def]
    return build(SHOWCASE.geometry)


def decoded(path: Path) -> tuple[av.video.stream.VideoStream, float, list[np.ndarray]]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        pictures = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
        return stream, container.duration / 1e6, pictures


@pytest.mark.parametrize(("suffix", "codec"), [("mp4", "h264"), ("webm", "vp9")])
def test_a_glow_video_rereads_with_its_codec_frames_length_and_size(
    tmp_path: Path,
    dentition,  # type: ignore[no-untyped-def]
    suffix: str,
    codec: str,
) -> None:
    out = tmp_path / f"glow.{suffix}"
    request = AnimationRequest(0.5, 24, (96, 54), "front", "night")
    assert write_animation(SHOWCASE, dentition, request, out, quality="draft") == 12
    stream, seconds, pictures = decoded(out)
    assert stream.codec_context.name == codec
    assert stream.codec_context.pix_fmt == "yuv420p"
    assert (stream.width, stream.height) == (96, 54)
    assert stream.average_rate == 24
    assert len(pictures) == 12
    assert seconds == pytest.approx(0.5, abs=0.01)
    assert pictures[0].shape == (54, 96, 3)
    assert not list(tmp_path.glob("*.part"))


def test_a_looping_film_comes_round_within_a_few_levels(
    tmp_path: Path,
    dentition,  # type: ignore[no-untyped-def]
) -> None:
    # The showcase loops every 24 s: at 24 fps, frames 0 and 576 are one moment. Render
    # just those two and encode them, so the test costs two frames, not 577.
    period = 24.0
    request = AnimationRequest(2 * period, 1 / period, (128, 72), "front", "night")
    first, at_period = list(frames(SHOWCASE, dentition, request))
    out = tmp_path / "loop.mp4"
    write_video([first, at_period], 24, out, quality="high")
    _, _, (start, end) = decoded(out)
    assert np.abs(start.astype(int) - end.astype(int)).max() <= 6
    # and the encoder kept the picture: the glow is there, within a few levels
    source = np.asarray(first.convert("RGB"), dtype=int)
    assert np.abs(source - start).mean() < 5  # 4:2:0 halves the chroma of small glows
    assert start.max() > 100  # not a black frame


def test_frame_rates_are_exact_rationals() -> None:
    assert frame_rate(29.97) == pytest.approx(30000 / 1001, abs=1e-9)
    assert frame_rate(24) == 24


def test_a_bad_frame_or_a_cancel_writes_nothing_and_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "film.mp4"
    out.write_bytes(b"the previous film")
    size_changes = [np.zeros((36, 64, 3), np.uint8), np.zeros((38, 64, 3), np.uint8)]
    with pytest.raises(ExportError, match="every frame must be 64x36"):
        write_video(size_changes, 24, out)

    def cancel(done: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    gray = [Image.new("RGB", (64, 36), (90, 90, 90))] * 10
    with pytest.raises(KeyboardInterrupt):
        write_video(gray, 24, out, progress=cancel)
    with pytest.raises(ExportError, match="must be even"):
        write_video([np.zeros((35, 64, 3), np.uint8)], 24, out)
    with pytest.raises(ExportError, match="no frames"):
        write_video([], 24, out)
    assert out.read_bytes() == b"the previous film"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.mp4"]


@pytest.mark.parametrize("size", [(0, 0), (0, 720), (2, 2), (14, 720)])
def test_a_video_too_small_to_draw_is_one_line(size: tuple[int, int]) -> None:
    # The Film dialog's size box takes any WxH: 0x0 died in the film's child as
    # "division by zero"; the command line's --size already asks for 16 or more.
    from fusionsmile.export.video import check_video

    with pytest.raises(ExportError, match=r"^\d+x\d+: videos are at least 16x16"):
        check_video(size, 30.0)
