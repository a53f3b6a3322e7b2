"""What every command shares: safe output, one-line failures, and reading its inputs.

Titles, authors, keys and paths reach our output from strangers' files (bundles, git
remotes, designs), and a terminal obeys the escape sequences they may hold (set the
window title, clear the screen). Every line goes through `echo`, which shows control
characters escaped; fields that may hold a newline of their own are escaped where they
are formatted (`shown`), so one item stays one line.

Every failure a user can cause (a bad design, an unwritable folder, no OpenGL) ends
with one clear line on stderr (`fail`) and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from fusionsmile.core.design import CAMERA_NAMES, LIGHTING_NAMES, Design
from fusionsmile.core.design_io import DesignError, design_to_json, read_design
from fusionsmile.core.problem_line import problem_line
from fusionsmile.core.untrusted_text import escape_controls

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from fusionsmile.core.geometry.surface import Dentition
    from fusionsmile.core.scene import Scene
    from fusionsmile.portrait.analysis import PhotoFace

VIEWS = CAMERA_NAMES
LIGHTINGS = LIGHTING_NAMES
# A moment of the design's glow, in seconds: an hour, as a storyboard shot's `time` allows.
MAX_DESIGN_TIME_S = 3600.0

shown = escape_controls  # a field from a file, inside a line we format


def echo(text: str = "", err: bool = False) -> None:
    """Print text (lines separated by newlines), control characters escaped."""
    typer.echo("\n".join(escape_controls(line) for line in text.split("\n")), err=err)


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and exit with code."""
    echo(f"fusionsmile: {escape_controls(message)}", err=True)
    raise typer.Exit(code)


def load(path: Path) -> Design:
    """The design in a JSON file or a FusionSmile PNG, or one line naming its first problem."""
    try:
        return read_design(path)
    except DesignError as error:
        fail(problem_line(error))


def look(design: Design, dentition: Dentition, time: float) -> Scene:
    """The design's layers composed on its dentition, or one clear line if a layer cannot
    be evaluated (a decal file that is missing or broken)."""
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.core.scene import design_scene

    try:
        return design_scene(design, dentition, time)
    except LayerError as error:
        fail(str(error))


def number_from(low: float, high: float, unit: str) -> Callable[[str], float]:
    """A parser for a float option (typer's `parser=`): a finite number from low to high
    in unit, else typer's one-line "Invalid value" naming the range.

    Python's float() reads "inf" and "nan", so a float option takes them: `render --time
    inf` died in a traceback (a pulsing glow's phase came out nan). typer's `min`/`max`
    would refuse inf, but refuse nan naming a bound it does not break ("should be less
    than or equal to 3600"); a parser replaces them, so the option's help names the range."""

    def parse(text: str | float) -> float:
        try:
            value = float(text)
        except ValueError:
            raise typer.BadParameter(f"{text!r} is not a number") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise typer.BadParameter(f"{text} is not {low:g}-{high:g} {unit}")
        return value

    return parse


def parse_size(text: str) -> tuple[int, int]:
    """--size WIDTHxHEIGHT in pixels, each within what a renderer can draw."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        fail(f"--size {text!r}: expected WIDTHxHEIGHT, for example 1920x1080")
    if not (16 <= width <= 7680 and 16 <= height <= 4320):
        fail(f"--size {text}: width must be 16-7680 and height 16-4320 pixels")
    return width, height


def view_and_lighting(design: Design, view: str | None, lighting: str | None) -> tuple[str, str]:
    """--view and --lighting, or the design's own when not given; a name we do not know
    is one line naming the choices."""
    view = view or design.view.camera
    lighting = lighting or design.view.lighting
    if view not in VIEWS:
        fail(f"--view {view!r}: choose one of {', '.join(VIEWS)}")
    check_lighting(lighting)
    return view, lighting


def check_lighting(lighting: str) -> None:
    if lighting not in LIGHTINGS:
        fail(f"--lighting {lighting!r}: choose one of {', '.join(LIGHTINGS)}")


def read_face(path: Path, face: int) -> PhotoFace:
    """The photo at path and its chosen face, or one clear line."""
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.face import FaceError
    from fusionsmile.portrait.landmarks import LandmarksUnavailable
    from fusionsmile.portrait.photo import PhotoError, read_photo

    try:
        return analyse_photo(read_photo(path), face)
    except (PhotoError, FaceError) as error:
        fail(str(error))
    except LandmarksUnavailable as error:
        fail(str(error), code=2)


def with_photo(design: Design, photo_face: PhotoFace) -> Design:
    """design naming its photo (hash, file name, face), keeping a fit it had for it."""
    ref = design.photo
    same = (
        ref is not None
        and ref.sha256 == photo_face.photo.sha256
        and ref.face == photo_face.face_index
    )
    fit = ref.fit if same and ref is not None else None
    return design.model_copy(update={"photo": photo_face.reference(fit)})


def write_design(design: Design, out: Path) -> None:
    """The design's JSON written whole to out, or one line saying why it cannot be."""
    from fusionsmile.core.atomic import WriteError, atomic_write

    try:
        with atomic_write(out) as temporary:
            temporary.write_text(design_to_json(design), encoding="utf-8")
    except WriteError as error:
        fail(str(error))


class LazyProgress:
    """A rich progress bar on stderr that appears only when there is real work to show."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 50:  # a handful of folders: not worth a bar
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def frame_progress() -> Progress:
    """The bar of a film or animation's frames, on stderr when it is a terminal."""
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    return Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), transient=True, console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
    )  # fmt: skip


@contextmanager
def spinner(text: str) -> Iterator[None]:
    """A spinner on stderr while the block runs."""
    from rich.console import Console

    with Console(stderr=True).status(text):
        yield
