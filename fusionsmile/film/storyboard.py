"""A storyboard: the shots of a film, as data (JSON beside the design, validated and
bounded like a design, with a schema).

A film is an ordered list of shots of a few seconds each, joined by cross-fades. A smile
shot shows the design through a camera (a preset view, and a move: still, orbit, dolly
or turntable) under a lighting, from a moment of its animation, optionally with a change
across the shot (the fusion rising or falling, one mood into another, a layer parameter
from one value to another, the design blending into another design), and a caption. A
photo shot shows the design on the person's portrait: a before/after wipe, or the glow on
the face. A card shot is text on a dark ground: titles and credits.

File form: {"schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.5,
"shots": [{"kind": "smile", ...}, {"kind": "card", ...}]}

A blend names the other design by its file; in a storyboard file a relative path is
relative to the file's folder, and reading the file makes it absolute (a storyboard
handed on as JSON, to a child process, still finds it). Writing the file makes a path
in its folder, or below it, relative again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from fusionsmile.core.design import SCHEMA_NAME as DESIGN_SCHEMA
from fusionsmile.core.design import CameraName, FrozenModel, LightingName
from fusionsmile.core.regular_file import open_regular, read_some
from fusionsmile.core.untrusted_text import brief, escape_controls

SCHEMA_NAME = "fusionsmile.storyboard"
SCHEMA_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_SECONDS = 180.0  # a film people share is short; this also bounds the work
MAX_SHOTS = 40

Caption = Annotated[str, StringConstraints(max_length=300)]
MAX_LINE = 200  # characters of a card line or heading
Line = Annotated[str, StringConstraints(max_length=MAX_LINE)]


class StoryboardError(ValueError):
    """A storyboard file that cannot be used; str() is one line naming the file."""


class FusionChange(FrozenModel):
    """The fusion balance moving from `start` to `end` across the shot (natural 0 ..
    luminous 1), eased in and out."""

    kind: Literal["fusion"] = "fusion"
    start: float = Field(ge=0.0, le=1.0)
    end: float = Field(ge=0.0, le=1.0)


def _known_mood(name: str) -> str:
    from fusionsmile.core.moods import MOODS

    if name not in MOODS:
        raise ValueError(f"unknown mood {brief(name)}; moods: {', '.join(MOODS)}")
    return name


MoodName = Annotated[str, AfterValidator(_known_mood)]


class MoodChange(FrozenModel):
    """The design under one mood turning into the design under another across the shot
    (each as the mood buttons make it), the two looks mixed on the teeth, eased."""

    kind: Literal["mood"] = "mood"
    start: MoodName
    end: MoodName


class ParamChange(FrozenModel):
    """One parameter of one layer (named as in the design's stack) moving from `start`
    to `end` across the shot, eased. Checked against the design when the film is made:
    the layer must exist and both values must be in the parameter's range."""

    kind: Literal["param"] = "param"
    layer: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    param: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    start: float = Field(ge=-1e6, le=1e6)
    end: float = Field(ge=-1e6, le=1e6)


class BlendChange(FrozenModel):
    """The film's design blending into another design across the shot (gallery.synergy.blend:
    numbers interpolated, choices switch halfway, layer stacks cross-fade), eased."""

    kind: Literal["blend"] = "blend"
    # The other design's file (JSON, or a PNG that FusionSmile wrote).
    design: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    start: float = Field(ge=0.0, le=1.0)  # 0 = the film's design, 1 = the other
    end: float = Field(ge=0.0, le=1.0)


Change = Annotated[
    FusionChange | MoodChange | ParamChange | BlendChange, Field(discriminator="kind")
]


class SmileShot(FrozenModel):
    """The design on camera."""

    kind: Literal["smile"] = "smile"
    seconds: float = Field(default=3.0, ge=0.5, le=20.0)
    camera: CameraName = "front"
    move: Literal["still", "orbit", "dolly", "turntable"] = "still"
    lighting: LightingName = "night"
    time: float = Field(default=0.0, ge=0.0, le=3600.0, description="design time at the start, s")
    fusion: float | None = Field(
        default=None, ge=0.0, le=1.0, description="fusion for the shot (None: the design's)"
    )
    change: Change | None = None
    caption: Caption = ""

    @model_validator(mode="after")
    def _one_fusion(self) -> SmileShot:
        # Both given, the change won and the shot's own fusion was silently unused.
        if self.fusion is not None and isinstance(self.change, FusionChange):
            raise ValueError("a fusion change sets the fusion; leave the shot's own fusion out")
        return self


class PhotoShot(FrozenModel):
    """The design on the person's portrait (when the film is made with one): a wipe from
    their own smile to the designed one (before/after), or the glow playing on the face."""

    kind: Literal["photo"] = "photo"
    seconds: float = Field(default=3.0, ge=0.5, le=20.0)
    effect: Literal["wipe", "glow"] = "wipe"
    lighting: LightingName = "day"
    time: float = Field(default=0.0, ge=0.0, le=3600.0, description="design time at the start, s")
    caption: Caption = ""


class CardShot(FrozenModel):
    """A heading and lines of text on a dark ground (title card, credits)."""

    kind: Literal["card"] = "card"
    seconds: float = Field(default=3.0, ge=0.5, le=20.0)
    heading: Line = ""
    lines: tuple[Line, ...] = Field(default=(), max_length=24)


Shot = Annotated[SmileShot | PhotoShot | CardShot, Field(discriminator="kind")]


def _kinds(union: Any) -> tuple[str, ...]:
    """The kinds of an Annotated union of models tagged by `kind`, in its order."""
    return tuple(model.model_fields["kind"].default for model in get_args(get_args(union)[0]))


SHOT_KINDS = _kinds(Shot)  # ("smile", "photo", "card")
CHANGE_KINDS = _kinds(Change)  # ("fusion", "mood", "param", "blend")


class Storyboard(FrozenModel):
    """Shots in order; `crossfade` seconds of each shot's end blend into the next."""

    crossfade: float = Field(default=0.5, ge=0.0, le=1.5)
    shots: tuple[Shot, ...] = Field(min_length=1, max_length=MAX_SHOTS)

    @model_validator(mode="after")
    def _fits(self) -> Storyboard:
        total = sum(shot.seconds for shot in self.shots)
        if total > MAX_SECONDS:
            raise ValueError(f"the shots last {total:g} s; a film is at most {MAX_SECONDS:g} s")
        shortest = min(shot.seconds for shot in self.shots)
        if len(self.shots) > 1 and 2 * self.crossfade > shortest:
            raise ValueError(
                f"crossfade {self.crossfade:g} s is more than half the shortest shot "
                f"({shortest:g} s)"
            )
        return self

    @property
    def seconds(self) -> float:
        """Length of the film: the shots, less the overlaps of the cross-fades."""
        return sum(shot.seconds for shot in self.shots) - self.crossfade * (len(self.shots) - 1)


def storyboard_schema() -> dict[str, Any]:
    """JSON Schema of a storyboard's body (without the schema and version keys)."""
    return Storyboard.model_json_schema()


def storyboard_to_json(storyboard: Storyboard) -> str:
    body = storyboard.model_dump(mode="json")
    return json.dumps({"schema": SCHEMA_NAME, "version": SCHEMA_VERSION, **body}, indent=2)


def write_storyboard(board: Storyboard, path: str | Path) -> None:
    """Write board to path as JSON, all at once or not at all (core.atomic: WriteError
    when it cannot be). A file there already is replaced only when it is a storyboard:
    the design being filmed (picked by mistake in a Save dialog, or the command line's
    --save-storyboard), a video or a folder is StoryboardError, one line, and untouched."""
    from fusionsmile.core.atomic import atomic_write

    check_replaceable(path)
    text = storyboard_to_json(relative_paths(board, Path(path).parent))
    with atomic_write(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")


def relative_paths(board: Storyboard, folder: str | Path) -> Storyboard:
    """board with every absolute path (a blend's other design) that lies in folder or
    below it made relative to folder, with "/" between its parts (a storyboard shared
    with its designs finds them, and does not carry the user's home folder); a path
    elsewhere is kept. The reverse of resolve_paths (which joins to the same absolute
    folder); the same board when there is nothing to change.

    Compared as written, never tidied (os.path.relpath would): "a/link/../b" is not
    "a/b" when link is a link, so only a path that begins with folder as written and
    has no ".." after it is inside it."""
    base = Path(folder).absolute()
    shots = []
    for shot in board.shots:
        change = getattr(shot, "change", None)
        if isinstance(change, BlendChange) and Path(change.design).is_relative_to(base):
            inside = Path(change.design).relative_to(base)
            if ".." not in inside.parts:
                change = change.model_copy(update={"design": inside.as_posix()})
                shot = shot.model_copy(update={"change": change})
        shots.append(shot)
    if all(new is old for new, old in zip(shots, board.shots, strict=True)):
        return board
    return board.model_copy(update={"shots": tuple(shots)})


def check_replaceable(path: str | Path) -> None:
    """StoryboardError (one line naming path) unless path is free or holds a storyboard
    (its schema name is enough: a damaged storyboard may be saved over)."""
    target = Path(path)
    source = escape_controls(str(path))
    try:
        if not target.exists():
            return  # nothing there (or a link to nothing: the link is what is replaced)
    except OSError as error:  # a name too long for the file system
        raise StoryboardError(f"{source}: cannot write: {error.strerror or error}") from None
    try:
        with open_regular(target) as handle:
            data = read_some(handle, MAX_BYTES + 1)
    except OSError as error:
        raise StoryboardError(f"{source}: not replaced: {error.strerror or error}") from None
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raw = None
    schema = raw.get("schema") if isinstance(raw, dict) else None
    if schema != SCHEMA_NAME:
        what = "a design" if schema == DESIGN_SCHEMA else "not a storyboard"
        raise StoryboardError(f"{source}: {what}, not replaced (choose another file)")


def read_storyboard(path: str | Path) -> Storyboard:
    """Load a storyboard file, or raise StoryboardError with one line naming the file and
    the first problem (and how many more there are)."""
    source = escape_controls(str(path))
    try:
        with open_regular(Path(path)) as handle:
            data = read_some(handle, MAX_BYTES + 1)
    except OSError as error:
        raise StoryboardError(
            f"{source}: cannot read the file: {error.strerror or error}"
        ) from None
    if len(data) > MAX_BYTES:
        raise StoryboardError(f"{source}: larger than {MAX_BYTES // 1024} KB")
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise StoryboardError(f"{source}: not UTF-8 text") from None
    except (ValueError, RecursionError) as error:
        raise StoryboardError(f"{source}: not valid JSON ({error})") from None
    return storyboard_from_object(raw, source, Path(path).parent)


def storyboard_from_object(
    raw: Any, source: str = "<storyboard>", folder: str | Path | None = None
) -> Storyboard:
    """A storyboard from its parsed JSON, or StoryboardError (one line naming source).
    folder: where relative paths in it (a blend's other design) are relative to; they
    are made absolute. None: kept as written."""
    if not isinstance(raw, dict):
        raise StoryboardError(f"{source}: expected a JSON object")
    if raw.get("schema") != SCHEMA_NAME:
        raise StoryboardError(f"{source}: schema: expected {SCHEMA_NAME!r}")
    if raw.get("version") != SCHEMA_VERSION:
        raise StoryboardError(f"{source}: version: expected {SCHEMA_VERSION}")
    body = {key: value for key, value in raw.items() if key not in ("schema", "version")}
    board = _validated(body, source)
    if folder is None:
        return board
    resolved = resolve_paths(board, folder)
    # Checked again: an absolute path may be over the length a path may have.
    return board if resolved is board else _validated(resolved.model_dump(), source)


def resolve_paths(board: Storyboard, folder: str | Path) -> Storyboard:
    """board with every relative path (a blend's other design) joined to folder, made
    absolute (not validated again; the same board when there is nothing to change)."""
    base = Path(folder).absolute()
    shots = []
    for shot in board.shots:
        change = getattr(shot, "change", None)
        if isinstance(change, BlendChange) and not Path(change.design).is_absolute():
            # Joined as written ("..", links): the file system follows it when it is read.
            change = change.model_copy(update={"design": str(base / change.design)})
            shot = shot.model_copy(update={"change": change})
        shots.append(shot)
    if all(new is old for new, old in zip(shots, board.shots, strict=True)):
        return board
    return board.model_copy(update={"shots": tuple(shots)})


def _validated(body: dict[str, Any], source: str) -> Storyboard:
    try:
        return Storyboard.model_validate(body)
    except ValidationError as error:
        where, message, others = first_problem(error)
        more = f" (and {others} more)" if others else ""
        raise StoryboardError(
            escape_controls(f"{source}: {where or '(top level)'}: {message}{more}")
        ) from None


def first_problem(error: ValidationError, within: tuple[Any, ...] = ()) -> tuple[str, str, int]:
    """(where, what, how many other problems) of a storyboard's ValidationError, escaped
    and short. where numbers a shot from 1, as the film's own errors and the app's list
    do ("shot 2: change.start"), names a field of the storyboard ("crossfade"), or is ""
    for the storyboard as a whole. An unknown or missing kind (of a shot or a change) is
    what lists the kinds. within: the location of what was validated (a shot's errors
    are under ("shots", index, kind))."""
    # A bad shot also fails its tuple's length check ("at least 1 item"): keep only
    # problems that do not merely contain another one.
    every = error.errors()
    problems = [
        item for item in every if not any(_inside(other["loc"], item["loc"]) for other in every)
    ] or every
    first = problems[0]
    loc = (*within, *first["loc"])
    if len(loc) >= 2 and loc[0] == "shots" and isinstance(loc[1], int):
        # After a shot's index and after "change" comes pydantic's union branch (the
        # kind: "smile", "blend"): not a field the user wrote.
        rest = [part for i, part in enumerate(loc[3:]) if not (i and loc[2 + i] == "change")]
        head = [f"shot {loc[1] + 1}"] if not rest else [f"shot {loc[1] + 1}", _path(rest)]
    else:
        head = [_path(loc)] if loc else []
    kinds = CHANGE_KINDS if loc and loc[-1] == "change" else SHOT_KINDS
    written = first["input"].get("kind") if isinstance(first["input"], dict) else None
    if first["type"] == "union_tag_invalid":
        message = f"unknown kind {brief(written)}; kinds: {', '.join(kinds)}"
    elif first["type"] == "union_tag_not_found":
        message = f"no kind given; kinds: {', '.join(kinds)}"
    else:
        # A key, a mood or a path is the stranger's text, as long as the file.
        message = _clipped(escape_controls(str(first["msg"]).removeprefix("Value error, ")), 300)
    return ": ".join(head), message, len(problems) - 1


def _path(parts: Any) -> str:
    return ".".join(_clipped(escape_controls(str(part)), 60) for part in parts)


def _clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _inside(inner: tuple[Any, ...], outer: tuple[Any, ...]) -> bool:
    return len(inner) > len(outer) and tuple(inner[: len(outer)]) == tuple(outer)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")
