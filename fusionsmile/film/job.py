"""Film jobs for the app: a frozen request in, a video or previews out, progress
reported as it goes, run in a child process (`run_film_in_child`,
`run_previews_in_child`: see app/child_job.py) so that Cancel can end one at once.

A cancel terminates the child (SIGTERM): the child turns the signal into SystemExit so
the atomic writer removes its temporary; the target is never half written either way.
"""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fusionsmile.core.atomic import atomic_write
from fusionsmile.core.design_io import design_from_bytes
from fusionsmile.film.storyboard import storyboard_from_object

Progress = Callable[[float, str], None]  # fraction done in [0, 1], what is happening


@dataclass(frozen=True)
class FilmRequest:
    """A film to write: the design as saved and the storyboard as JSON (the child
    validates both again), out (.mp4 or .webm), size (w, h), fps, quality."""

    design_json: str
    storyboard_json: str
    out: str
    size: tuple[int, int] = (1280, 720)
    fps: float = 30.0
    quality: str = "standard"
    photo: str | None = None  # the person's portrait, for photo shots
    face: int = 0  # which face of the photo, largest first


@dataclass(frozen=True)
class PreviewRequest:
    """One still of each shot (PNG files in folder), at size (w, h)."""

    design_json: str
    storyboard_json: str
    folder: str
    size: tuple[int, int] = (320, 180)
    photo: str | None = None
    face: int = 0


def _inputs(design_json: str, storyboard_json: str):  # type: ignore[no-untyped-def]
    import json

    from fusionsmile.core.geometry.dentition import build

    design = design_from_bytes(design_json.encode("utf-8"), "the open design")
    board = storyboard_from_object(json.loads(storyboard_json), "the storyboard")
    return design, build(design.geometry), board


def _photo_face(photo: str | None, face: int, board: object) -> object:
    """The portrait analysed, when a photo is given and a shot shows it."""
    from fusionsmile.film.storyboard import PhotoShot

    if photo is None or not any(isinstance(s, PhotoShot) for s in board.shots):  # type: ignore[attr-defined]
        return None
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.photo import read_photo

    return analyse_photo(read_photo(photo), face)


def run_film(request: FilmRequest, progress: Progress) -> list[str]:
    """Write the film in this process; returns [out]. Raises on failure."""
    from fusionsmile.export.video import check_video, write_video
    from fusionsmile.film.shots import film_frame_count, film_frames

    check_video(request.size, request.fps, request.quality)
    progress(0.01, "building the teeth")
    design, dentition, board = _inputs(request.design_json, request.storyboard_json)
    total = film_frame_count(board, request.fps)

    def frame_done(done: int) -> None:
        progress(0.03 + 0.97 * done / total, f"frame {done} of {total}")

    face = _photo_face(request.photo, request.face, board)
    frames = film_frames(design, dentition, board, request.size, request.fps, face)  # type: ignore[arg-type]
    write_video(frames, request.fps, request.out, request.quality, design.meta.title, frame_done)
    return [request.out]


def run_previews(request: PreviewRequest, progress: Progress) -> list[str]:
    """Write one PNG still per shot into request.folder; returns their paths in order."""
    from fusionsmile.film.shots import shot_stills

    design, dentition, board = _inputs(request.design_json, request.storyboard_json)
    folder = Path(request.folder)
    paths = []
    count = len(board.shots)
    face = _photo_face(request.photo, request.face, board)
    stills = shot_stills(design, dentition, board.shots, request.size, photo_face=face)  # type: ignore[arg-type]
    for index, still in enumerate(stills):
        path = folder / f"shot-{index:02d}.png"
        with atomic_write(path) as temporary:  # the dialog may read it as it appears
            still.save(temporary, format="PNG", compress_level=1)
        paths.append(str(path))
        progress((index + 1) / count, f"shot {index + 1} of {count}")
    return paths


def run_film_in_child(request: FilmRequest, messages: Any) -> None:
    """Child process entry: ("progress", fraction, text)..., then ("done", [out]) or
    ("error", one line, traceback) on the multiprocessing queue messages."""
    _in_child(run_film, request, messages)


def run_previews_in_child(request: PreviewRequest, messages: Any) -> None:
    _in_child(run_previews, request, messages)


def _in_child(work: Callable[[Any, Progress], list[str]], request: object, messages: Any) -> None:
    # A cancel is SIGTERM: as SystemExit it unwinds the atomic writer, which removes its
    # temporary (the default action would leave it for the next writer to sweep).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        result = work(request, lambda f, text: messages.put(("progress", f, text)))
    except Exception as error:  # reported to the window as one line
        messages.put(("error", str(error) or type(error).__name__, traceback.format_exc()))
    else:
        messages.put(("done", result))
