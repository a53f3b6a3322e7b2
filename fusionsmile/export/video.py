"""Video files people share: MP4 (H.264) and WebM (VP9), encoded by PyAV (FFmpeg).

Both are 8-bit 4:2:0 (yuv420p), the one format every browser and phone decodes, tagged
BT.709 with limited range, the colours a player assumes for HD video. 4:2:0 halves the
chroma in both directions, so width and height must be even.

Frames stream into the encoder one at a time (a 10 s 4K film would not fit in memory as
images) and the file is written through `atomic_write`: a failure or a cancel (an
exception raised by the progress callback) leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from fusionsmile.core.atomic import atomic_write
from fusionsmile.export.errors import ExportError

if TYPE_CHECKING:
    from av.container import OutputContainer
    from av.video.stream import VideoStream

MAX_SIZE = (3840, 2160)
# Quilt videos for light-field displays are square and larger (Looking Glass Portrait:
# 3360x3360); x264 encodes them at level 6, which those displays' players decode.
QUILT_MAX_SIZE = (4096, 4096)
MIN_FPS, MAX_FPS = 24.0, 60.0
MIN_SIDE = 16  # pixels, as the command line's --size
QUALITIES = ("draft", "standard", "high")


@dataclass(frozen=True)
class VideoCodec:
    """How one container is encoded.

    crf : constant rate factor per quality (lower is better; each codec has its scale)
    options : per quality, the encoder's speed knobs (FFmpeg private options)
    """

    container: str
    codec: Literal["libx264", "libvpx-vp9"]
    crf: dict[str, int]
    options: dict[str, dict[str, str]]


# x264: CRF 18 is near transparent for this kind of soft glow, 23 is FFmpeg's default.
# "standard" is the veryfast preset at CRF 19: on 1080p frames of the glow it matched the
# fast preset at CRF 21 (42.5 dB PSNR through 4:2:0 either way, files within 5%) at half
# the encoding time (49 against 88 ms of CPU a frame), and a film's encode shares the
# two cores with its rendering.
# VP9 in constant-quality mode (b:v 0) has a 0-63 scale where ~31 matches x264's 23.
# libvpx-vp9 is the slow one: "good" deadline with cpu-used 4-8 and row multithreading
# keeps a 1080p frame in the tens of milliseconds on two cores.
CODECS: dict[str, VideoCodec] = {
    "mp4": VideoCodec(
        "mp4",
        "libx264",
        {"draft": 28, "standard": 19, "high": 17},
        {
            "draft": {"preset": "veryfast"},
            "standard": {"preset": "veryfast"},
            "high": {"preset": "medium"},
        },
    ),
    "webm": VideoCodec(
        "webm",
        "libvpx-vp9",
        {"draft": 40, "standard": 31, "high": 24},
        {
            "draft": {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "b": "0"},
            "standard": {"deadline": "good", "cpu-used": "5", "row-mt": "1", "b": "0"},
            "high": {"deadline": "good", "cpu-used": "3", "row-mt": "1", "b": "0"},
        },
    ),
}


def video_format(out: str | os.PathLike[str]) -> str | None:
    """The video format ("mp4" or "webm") out's suffix names, else None."""
    suffix = Path(out).suffix.lower().removeprefix(".")
    return suffix if suffix in CODECS else None


def check_video(
    size: tuple[int, int],
    fps: float,
    quality: str = "standard",
    max_size: tuple[int, int] = MAX_SIZE,
) -> None:
    """Raise ExportError with one clear line when a video cannot be made as asked."""
    width, height = size
    if width < MIN_SIDE or height < MIN_SIDE:  # the renderer divides by them
        raise ExportError(f"{width}x{height}: videos are at least {MIN_SIDE}x{MIN_SIDE}")
    if width > max_size[0] or height > max_size[1]:
        raise ExportError(f"{width}x{height}: videos are at most {max_size[0]}x{max_size[1]}")
    if width % 2 or height % 2:
        raise ExportError(f"{width}x{height}: video width and height must be even (4:2:0)")
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ExportError(f"{fps:g} fps: videos play at {MIN_FPS:g}-{MAX_FPS:g} fps")
    if quality not in QUALITIES:
        raise ExportError(f"quality {quality!r}: choose one of {', '.join(QUALITIES)}")


def frame_rate(fps: float) -> Fraction:
    """fps as the exact rational players expect: the NTSC rates typed as 23.976, 29.97
    or 59.94 are n * 1000/1001, others the nearest simple fraction (25, 30, 48...)."""
    for whole in (24, 30, 60):
        if abs(fps - whole * 1000 / 1001) < 0.005:
            return Fraction(whole * 1000, 1001)
    return Fraction(fps).limit_denominator(1000)


def write_video(
    frames: Iterable[Image.Image | NDArray[np.uint8]],
    fps: float,
    out: str | os.PathLike[str],
    quality: str = "standard",
    title: str = "",
    progress: Callable[[int], None] | None = None,
    max_size: tuple[int, int] = MAX_SIZE,
) -> int:
    """Encode frames (RGB or RGBA, one size, even sides) to out (.mp4 or .webm) at fps,
    atomically. Returns the number of frames.

    frames : Pillow images or (h, w, 3|4) uint8 sRGB arrays; alpha is dropped
    progress : called with the count of frames encoded so far; raising from it cancels
    max_size : largest (w, h); light-field quilts are square, up to QUILT_MAX_SIZE
    """
    import av  # FFmpeg's libraries load only when a video is written

    fmt = video_format(out)
    if fmt is None:
        raise ExportError(f"{out}: a video is a .mp4 or .webm file")
    codec = CODECS[fmt]
    rate = frame_rate(fps)
    count = 0
    with atomic_write(out) as temporary:
        # The temporary's suffix is not the container's: name the format. An MP4 gets
        # its index at the front, so a browser starts playing before the file has loaded.
        muxing = {"movflags": "+faststart"} if fmt == "mp4" else {}
        with av.open(str(temporary), mode="w", format=codec.container, options=muxing) as container:
            if title:
                container.metadata["title"] = title
            encoder: _Encoder | None = None
            try:
                for image in frames:
                    pixels = _rgb(image)
                    if encoder is None:
                        height, width = pixels.shape[:2]
                        check_video((width, height), float(rate), quality, max_size)
                        stream = _open_stream(container, codec, rate, (width, height), quality)
                        encoder = _Encoder(container, stream)
                    elif pixels.shape[:2] != (encoder.height, encoder.width):
                        raise ExportError(
                            f"{out}: every frame must be {encoder.width}x{encoder.height}"
                        )
                    encoder.put(pixels)
                    count += 1
                    if progress is not None:
                        progress(count)
                if encoder is None:
                    raise ExportError(f"{out}: no frames to write")
                encoder.finish()
            finally:
                if encoder is not None:
                    encoder.stop()
    return count


class _Encoder:
    """Colour conversion, encoding and muxing in a thread of their own, one frame
    behind the caller: FFmpeg releases the GIL, so the next frame is drawn (and its
    layers composed in numpy) while this one is encoded. A bounded queue keeps at most
    two frames waiting; an error in the thread is raised by the next `put` or `finish`.
    """

    def __init__(self, container: object, stream: object) -> None:
        self.container, self.stream = container, stream
        self.width, self.height = stream.width, stream.height  # type: ignore[attr-defined]
        self._queue: queue.Queue[NDArray[np.uint8] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="video encoder", daemon=True)
        self._thread.start()

    def put(self, pixels: NDArray[np.uint8]) -> None:
        self._raise()
        self._queue.put(pixels)

    def finish(self) -> None:
        """Encode what is queued, flush the encoder, and raise any error of the thread."""
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def stop(self) -> None:
        """End the thread without flushing (after an error or a cancel); idempotent."""
        if self._thread.is_alive():
            self._error = self._error or _Stopped()
            while self._thread.is_alive():
                with contextlib.suppress(queue.Empty):  # room, so the thread sees the end
                    self._queue.get_nowait()
                with contextlib.suppress(queue.Full):
                    self._queue.put_nowait(None)
                self._thread.join(timeout=0.05)

    def _raise(self) -> None:
        if self._error is not None and not isinstance(self._error, _Stopped):
            raise self._error

    def _run(self) -> None:
        import av

        stream, container = self.stream, self.container
        try:
            index = 0
            while (pixels := self._queue.get()) is not None:
                if self._error is not None:
                    return
                frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
                frame = frame.reformat(format="yuv420p", dst_colorspace="itu709")
                frame.pts = index
                index += 1
                for packet in stream.encode(frame):  # type: ignore[attr-defined]
                    container.mux(packet)  # type: ignore[attr-defined]
            if self._error is None:
                for packet in stream.encode(None):  # type: ignore[attr-defined]
                    container.mux(packet)  # type: ignore[attr-defined]
        except BaseException as exc:  # raised again in the caller's thread
            self._error = exc


class _Stopped(Exception):
    """The caller stopped the encoder thread."""


def _open_stream(
    container: OutputContainer,
    codec: VideoCodec,
    rate: Fraction,
    size: tuple[int, int],
    quality: str,
) -> VideoStream:
    options = {"crf": str(codec.crf[quality]), **codec.options[quality]}
    stream = container.add_stream(codec.codec, rate=rate, options=options)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.time_base = 1 / rate
    context = stream.codec_context
    # BT.709 primaries, transfer and matrix (1), limited "MPEG" range (1): what the
    # frames were converted with, said in the stream so players do not guess BT.601.
    context.color_primaries = context.color_trc = context.colorspace = 1
    context.color_range = 1
    return stream


def _rgb(image: Image.Image | NDArray[np.uint8]) -> NDArray[np.uint8]:
    pixels = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image)
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4) or pixels.dtype != np.uint8:
        raise ExportError(f"a video frame must be (h, w, 3 or 4) uint8, not {pixels.shape}")
    return np.ascontiguousarray(pixels[:, :, :3])
