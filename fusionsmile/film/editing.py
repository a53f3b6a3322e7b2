"""Edits of a storyboard, each a new validated Storyboard (the app's Film dialog asks
for them; it never builds a storyboard itself).

Every function raises StoryboardError with one line when the result would not be a
valid storyboard (too long, too many shots, a caption too long, the last shot removed).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from fusionsmile.film.storyboard import (
    CardShot,
    PhotoShot,
    SmileShot,
    Storyboard,
    StoryboardError,
)

Shot = SmileShot | PhotoShot | CardShot
_CHANGES = ("fusion", "mood", "param", "blend")


def validated(crossfade: float, shots: list[Shot] | tuple[Shot, ...]) -> Storyboard:
    """A storyboard of these shots, or StoryboardError naming the first problem."""
    body = {"crossfade": crossfade, "shots": [shot.model_dump() for shot in shots]}
    try:
        return Storyboard.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("smile", "card", *_CHANGES))
        message = str(first["msg"]).removeprefix("Value error, ")
        raise StoryboardError(f"{where or 'storyboard'}: {message}") from None


def add_shot(board: Storyboard, shot: Shot, index: int | None = None) -> Storyboard:
    """board with shot inserted before index (None: at the end)."""
    shots = list(board.shots)
    shots.insert(len(shots) if index is None else index, shot)
    return validated(board.crossfade, shots)


def remove_shot(board: Storyboard, index: int) -> Storyboard:
    if len(board.shots) == 1:
        raise StoryboardError("a film has at least one shot")
    shots = list(board.shots)
    del shots[index]
    return validated(board.crossfade, shots)


def move_shot(board: Storyboard, index: int, to: int) -> Storyboard:
    """board with the shot at index moved to position to (clamped to the ends)."""
    shots = list(board.shots)
    shot = shots.pop(index)
    shots.insert(max(0, min(to, len(shots))), shot)
    return validated(board.crossfade, shots)


def change_shot(board: Storyboard, index: int, **changes: Any) -> Storyboard:
    """board with fields of the shot at index changed (validated, like a file's)."""
    shot = board.shots[index]
    try:
        new = type(shot).model_validate({**shot.model_dump(), **changes})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise StoryboardError(f"shot {index + 1}: {where}: {message}") from None
    shots = list(board.shots)
    shots[index] = new
    return validated(board.crossfade, shots)


def with_crossfade(board: Storyboard, seconds: float) -> Storyboard:
    return validated(seconds, board.shots)


def shot_title(shot: Shot) -> str:
    """A short line naming what a shot shows, for lists."""
    if isinstance(shot, CardShot):
        return f"Card: {shot.heading or '(no heading)'} · {shot.seconds:g} s"
    if isinstance(shot, PhotoShot):
        return f"Portrait: {shot.effect}, {shot.lighting} · {shot.seconds:g} s"
    move = "" if shot.move == "still" else f" {shot.move}"
    change = ""
    if shot.change is not None:
        what = shot.change.param if shot.change.kind == "param" else shot.change.kind
        ends = [f"{end:g}" if isinstance(end, float) else end
                for end in (shot.change.start, shot.change.end)]  # fmt: skip
        change = f" · {what} {ends[0]}→{ends[1]}"
    return f"Smile: {shot.camera}{move}, {shot.lighting}{change} · {shot.seconds:g} s"
