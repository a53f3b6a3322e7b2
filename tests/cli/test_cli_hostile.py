"""Files from strangers through the command line, as a user runs it: a design whose layer
params the model accepts but the layer registry does not, through every command that
reads a design; storyboards that do not fit the design or hold very long names. Each is
one line on stderr naming the file and the field, exit code 1, no traceback, and nothing
written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import SHOWCASE, run

STORY = {"schema": "fusionsmile.storyboard", "version": 1, "crossfade": 0.0}
MISSING_LAYER = {"kind": "param", "layer": "No such", "param": "intensity", "start": 0, "end": 1}
BAD_PARAMS = [
    ({"intensity": 99}, "intensity: 99 is above the maximum 20"),
    ({"bogus": 1}, "bogus: unknown parameter"),
    ({"intensity": "bright"}, "intensity: must be a number"),
]


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr[-2000:]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[-2000:]
    assert len(lines[0]) < 1000, lines[0][:300]
    return lines[0]


def _glow_layer(design: dict) -> int:
    return next(i for i, layer in enumerate(design["layers"]) if "intensity" in _params(layer))


def _params(layer: dict) -> dict:
    from fusionsmile.core.design import Layer
    from fusionsmile.core.layers.validate import resolved_params

    return resolved_params(Layer.model_validate(layer))


def _bad_design(tmp_path: Path, params: dict) -> tuple[Path, int]:
    design = json.loads(SHOWCASE.read_text(encoding="utf-8"))
    index = _glow_layer(design)
    design["layers"][index]["params"].update(params)
    path = tmp_path / "stranger.json"
    path.write_text(json.dumps(design), encoding="utf-8")
    return path, index


COMMANDS = [
    ("validate",),
    ("info",),
    ("render", "-o", "{out}/r.png", "--size", "32x32"),
    ("animate", "-o", "{out}/a.gif", "--size", "32x32", "--seconds", "0.2"),
    ("sheet", "-o", "{out}/s.png"),
    ("export", "-o", "{out}/e.glb"),
    ("film", "-o", "{out}/f.mp4", "--size", "64x64"),
    ("quilt", "-o", "{out}/q.png", "--columns", "2", "--rows", "1", "--size", "64x32"),
    ("gallery", "publish"),
]


# Each command with one of the bad params in turn (every command reads through one
# loader; a subprocess each is what this costs).
CASES = [(command, *BAD_PARAMS[i % len(BAD_PARAMS)]) for i, command in enumerate(COMMANDS)]


@pytest.mark.parametrize(("command", "params", "problem"), CASES, ids=lambda c: str(c)[:30])
def test_a_design_with_bad_layer_params_is_refused_by_every_command(
    tmp_path: Path,
    command: tuple[str, ...],
    params: dict,
    problem: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, index = _bad_design(tmp_path, params)
    problem = f"layers.{index}: {problem}"
    out = tmp_path / "out"
    out.mkdir()
    gallery = tmp_path / "gallery"
    monkeypatch.setenv("FUSIONSMILE_GALLERY", str(gallery))
    args = [part.format(out=out) for part in command]
    where = 2 if command[0] == "gallery" else 1
    result = run(*args[:where], str(path), *args[where:])
    assert result.returncode == 1, (result.stdout, result.stderr[-2000:])
    if command == ("validate",):  # every problem, one a line, on stdout
        assert result.stdout.strip() == f"{path}: {problem}"
        return
    line = _one_line(result.stderr)
    assert problem in line and str(path) in line
    assert list(out.iterdir()) == []
    assert not (gallery / "entries").exists() or not any((gallery / "entries").iterdir())


@pytest.mark.parametrize(
    ("shots", "problem"),
    [
        (
            [{"kind": "smile", "seconds": 0.5, "change": MISSING_LAYER}],
            "shot 1: the design has no layer 'No such'",
        ),
        ([{"kind": "photo", "seconds": 0.5}], "shot 1 shows the portrait: give your photo with"),
        (
            [{"kind": "smile", "seconds": 0.5, "change": {"kind": "mood", "start": "m" * 100_000,
                                                          "end": "joy"}}],
            "shot 1: change.start: unknown mood 'mmmm",
        ),
        (
            [{"kind": "smile", "seconds": 0.5, "k" * 100_000: 1}],
            "shot 1: kkkk",
        ),
    ],
    ids=["missing layer", "photo without one", "long mood", "long key"],
)  # fmt: skip
def test_a_storyboard_that_does_not_fit_is_one_short_line(
    tmp_path: Path, shots: list, problem: str
) -> None:
    board = tmp_path / "story.json"
    board.write_text(json.dumps({**STORY, "shots": shots}), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run("film", str(SHOWCASE), "-o", str(out / "f.mp4"), "--storyboard", str(board),
                 "--size", "64x64")  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    assert problem in _one_line(result.stderr)
    assert list(out.iterdir()) == []
