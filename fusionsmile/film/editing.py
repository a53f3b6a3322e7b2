"""Edits of a storyboard, each a new validated Storyboard (the app's Film dialog asks
for them; it never builds a storyboard itself).

Every function raises StoryboardError with one line when the result would not be a
valid storyboard (too long, too many shots, a caption too long, the last shot removed),
or, for a smile shot's change, when the change does not fit the design (a layer or
parameter it does not have, a value out of the parameter's range).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fusionsmile.core.design import Design
from fusionsmile.core.layers.params import Param
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.moods import MOODS
from fusionsmile.film.shots import check_changes, read_blends
from fusionsmile.film.storyboard import (
    CHANGE_KINDS,
    CardShot,
    PhotoShot,
    SmileShot,
    Storyboard,
    StoryboardError,
    first_problem,
    read_storyboard,
)

Shot = SmileShot | PhotoShot | CardShot


def validated(crossfade: float, shots: list[Shot] | tuple[Shot, ...]) -> Storyboard:
    """A storyboard of these shots, or StoryboardError naming the first problem."""
    body = {"crossfade": crossfade, "shots": [shot.model_dump() for shot in shots]}
    try:
        return Storyboard.model_validate(body)
    except ValidationError as error:
        where, message, _ = first_problem(error)
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
        where, message, _ = first_problem(error, within=("shots", index, shot.kind))
        raise StoryboardError(f"{where}: {message}") from None
    shots = list(board.shots)
    shots[index] = new
    return validated(board.crossfade, shots)


def changing_params(design: Design) -> dict[str, tuple[Param, ...]]:
    """The number parameters a shot can change, by layer name, in stack order. Layers
    with no name or no number parameter are left out; of two layers of one name, the
    first (the one a film changes)."""
    found: dict[str, tuple[Param, ...]] = {}
    for layer in design.layers:
        numbers = tuple(p for p in kind_for(layer.kind).params if p.type == "float")
        if layer.name and numbers and layer.name not in found:
            found[layer.name] = numbers
    return found


def with_change(
    board: Storyboard,
    index: int,
    kind: str | None,
    fields: Mapping[str, Any],
    design: Design,
) -> Storyboard:
    """board with the smile shot at index changing across it (kind None: no change).

    A kind other than the shot's change starts from `fresh_change`, then takes fields;
    the same kind keeps the shot's change and takes fields. A parameter change given
    another layer or parameter, and no ends, starts over from that parameter's value in
    the design. The change is checked against design (`film.shots.check_changes`).
    """
    shot = board.shots[index]
    if not isinstance(shot, SmileShot):
        raise StoryboardError(f"shot {index + 1}: only a smile shot has a change")
    if kind is None:
        return change_shot(board, index, change=None)
    if kind not in CHANGE_KINDS:
        kinds = ", ".join(CHANGE_KINDS)
        raise StoryboardError(f"shot {index + 1}: change: unknown kind {kind!r}; kinds: {kinds}")
    old = shot.change.model_dump() if shot.change is not None else {}
    if old.get("kind") == kind:
        change = {**old, **fields}
        moved = kind == "param" and any(
            change[key] != old[key] for key in ("layer", "param") if key in fields
        )
    else:
        change = {**fresh_change(design, kind, shot, index), **fields}
        moved = kind == "param" and bool({"layer", "param"} & fields.keys())
    if moved:  # the ends of that parameter, unless given; a layer's first one if need be
        ends = {key: value for key, value in fields.items() if key in ("start", "end")}
        change = {
            **_param_change(design, change["layer"], fields.get("param"), change["param"]),
            **ends,
        }
    # A fusion change sets the fusion of every frame: it takes the own fusion's place
    # (and starts from it, fresh_change).
    own = {"fusion": None} if kind == "fusion" else {}
    new = change_shot(board, index, change=change, **own)
    _check_fits(design, new, index)
    return new


def fresh_change(design: Design, kind: str, shot: SmileShot, index: int = 0) -> dict[str, Any]:
    """A change of kind for shot, starting where the shot is: fusion from the shot's
    (or design's) fusion to the other end; mood from the design's mood to the next one;
    a parameter (a glow's intensity when there is one) from its value in the design to
    the far end of its range; a blend from the design (0) to the other one (1), whose
    file the caller gives."""
    if kind == "fusion":
        start = design.fusion if shot.fusion is None else shot.fusion
        return {"kind": kind, "start": start, "end": 1.0 if start < 0.5 else 0.0}
    if kind == "mood":
        names = list(MOODS)
        mood = design.meta.mood if design.meta.mood in MOODS else names[0]
        return {"kind": kind, "start": mood, "end": names[(names.index(mood) + 1) % len(names)]}
    if kind == "param":
        layers = changing_params(design)
        if not layers:
            raise StoryboardError(
                f"shot {index + 1}: the design has no named layer with a number to change"
            )
        glows = [name for name, ps in layers.items() if any(p.name == "intensity" for p in ps)]
        layer = glows[0] if glows else next(iter(layers))
        return _param_change(design, layer, None, "intensity")
    return {"kind": kind, "start": 0.0, "end": 1.0}


def _param_change(
    design: Design, layer: str, param: str | None, wished: str | None = None
) -> dict[str, Any]:
    """A change of layer's param from its value in the design to the far end of its
    range. param None: wished if the layer has that number, else its first number. A
    layer or param the design does not have is kept as given (check_changes says so)."""
    layers = changing_params(design)
    numbers = {p.name: p for p in layers.get(layer, ())}
    if param is None:
        param = wished if wished in numbers else next(iter(numbers), wished)
    chosen = numbers.get(param or "")
    if chosen is None:
        return {"kind": "param", "layer": layer, "param": param or "?", "start": 0.0, "end": 0.0}
    stack = next(item for item in design.layers if item.name == layer)
    start = float(resolved_params(stack)[chosen.name])
    low = chosen.minimum if chosen.minimum is not None else start
    high = chosen.maximum if chosen.maximum is not None else start
    end = high if start <= (low + high) / 2 else low
    return {"kind": "param", "layer": layer, "param": chosen.name, "start": start, "end": end}


def _check_fits(design: Design, board: Storyboard, index: int) -> None:
    """StoryboardError (the film's own line, naming the shot) when the change of the
    shot at index does not fit design, or a blend's other design cannot be read."""
    shot = board.shots[index]
    try:
        check_changes(design, Storyboard(crossfade=0.0, shots=(shot,)))
        read_blends(design, (shot,), prepare=False)  # on the UI thread: the previews do
    except StoryboardError as error:
        raise StoryboardError(str(error).replace("shot 1:", f"shot {index + 1}:", 1)) from None


def opened(path: str | Path, design: Design) -> Storyboard:
    """The storyboard in the file at path (a blend's relative path made absolute), or
    StoryboardError, one line naming the file, when it cannot be read, a shot's change
    does not fit design or a blend's other design cannot be read."""
    board = read_storyboard(path)
    try:
        check_changes(design, board)
        read_blends(design, board.shots, prepare=False)  # on the UI thread: the previews do
    except StoryboardError as error:
        raise StoryboardError(f"{path}: {error}") from None
    return board


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
