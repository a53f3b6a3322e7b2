"""Designs from strangers that once ended in a traceback or an unreadable line (issue 17):
huge integers, terminal escapes in keys and values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fusionsmile.core.design import SCHEMA_NAME
from fusionsmile.core.design_io import DesignError, design_from_object, read_design
from fusionsmile.core.untrusted_text import brief, escape_controls

HUGE = 10**400


def _problems(body: dict) -> list[str]:
    with pytest.raises(DesignError) as caught:
        design_from_object({"schema": SCHEMA_NAME, "version": 2, **body}, "hostile.json")
    return caught.value.problems


@pytest.mark.parametrize(
    ("kind", "param"),
    [("solid-glow", "intensity"), ("sparkle", "seed"), ("sparkle", "size_mm")],
)
@pytest.mark.parametrize("sign", [1, -1], ids=["positive", "negative"])
def test_a_huge_integer_layer_parameter_is_one_short_line(kind: str, param: str, sign: int) -> None:
    (problem,) = _problems({"layers": [{"kind": kind, "params": {param: sign * HUGE}}]})
    assert problem.startswith(f"layers.0: {param}: ")
    assert "out of range" in problem
    assert len(problem) < 200


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"layers": [{"kind": "solid-glow", "mask": {"teeth": [HUGE]}}]}, "layers.0.mask"),
        ({"version": HUGE}, "version"),
        ({"layers": [{"kind": "sparkle", "params": {"palette": HUGE}}]}, "layers.0: palette"),
    ],
)
def test_huge_numbers_elsewhere_are_shown_cut_short(body: dict, where: str) -> None:
    (problem,) = _problems(body)
    assert problem.startswith(where)
    assert len(problem) < 200


def test_keys_and_values_from_the_file_are_shown_escaped() -> None:
    evil = "\x1b]0;owned\x07\x1b[2J"
    problems = _problems({"geometry": {evil: 1}, "meta": {"title": 5}})
    assert all("\x1b" not in problem and "\x07" not in problem for problem in problems)
    assert any("\\x1b]0;owned\\x07" in problem for problem in problems)
    (problem,) = _problems({"schema": evil})
    assert "\x1b" not in problem


def test_escape_controls_and_brief() -> None:
    assert escape_controls("a\x1b[2Jb\x9b\u202e\tc\n") == "a\\x1b[2Jb\\x9b\\u202e\\x09c\\x0a"
    assert escape_controls("Café — ok") == "Café — ok"
    shown = brief(HUGE)
    assert len(shown) < 80 and shown.startswith("1000") and "401 characters" in shown


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_design_path_that_is_not_a_regular_file_is_refused_without_waiting(
    kind: str, tmp_path: Path
) -> None:
    # A FIFO with no writer once held `validate` and `info` forever in open().
    path = {"fifo": tmp_path / "design.json", "device": Path("/dev/zero"), "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(DesignError, match="not a regular file"):
        read_design(path)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "link to a device"])
def test_a_path_that_is_not_a_regular_file_is_never_opened(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opening a device can do something by itself: /dev/watchdog arms the machine's
    # watchdog (root: a reboot when it is not fed), a tape rewinds, a terminal becomes
    # the process's controlling one. A storyboard's blend or a design's decal may name
    # one; it is refused from what the path is, before anything is opened.
    from fusionsmile.core import regular_file

    path = {
        "fifo": tmp_path / "design.json",
        "device": Path("/dev/null"),
        "folder": tmp_path,
        "link to a device": tmp_path / "link.json",
    }[kind]
    if kind == "fifo":
        os.mkfifo(path)
    if kind == "link to a device":
        path.symlink_to("/dev/null")
    opened: list[object] = []
    real_open = os.open

    def spy(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(regular_file.os, "open", spy)
    with pytest.raises(DesignError, match="not a regular file"):
        read_design(path)
    assert opened == []
