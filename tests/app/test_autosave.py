"""The autosave's recovery is a courtesy, never a reason to fail: whatever its session
file holds (it may be damaged), `pending` is a recovery or None, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fusionsmile.app.autosave import Autosave
from fusionsmile.core.design import Design


@pytest.mark.parametrize(
    "session",
    [
        '{"pid": 1e999, "saved_at": "2026-01-01T00:00:00+00:00"}',
        '{"pid": 1, "saved_at": "99999-01-01"}',
        "[" * 60_000,
        "{}",
        "",
    ],
    ids=["infinite pid", "bad time", "deep", "empty", "nothing"],
)
def test_a_damaged_session_is_nothing_to_recover(tmp_path: Path, session: str) -> None:
    autosave = Autosave(tmp_path)
    autosave.save(Design(), None)
    autosave.session_file.write_text(session, encoding="utf-8")
    assert autosave.pending() is None


@pytest.mark.parametrize("pid", [None, 10**26, -(10**26)], ids=["this one", "huge", "negative"])
def test_a_session_no_other_running_process_owns_is_recovered(
    tmp_path: Path, pid: int | None
) -> None:
    autosave = Autosave(tmp_path)
    autosave.save(Design(), None)
    if pid is not None:  # no process could have this pid
        session = json.loads(autosave.session_file.read_text(encoding="utf-8"))
        autosave.session_file.write_text(json.dumps({**session, "pid": pid}), encoding="utf-8")
    recovery = autosave.pending()
    assert recovery is not None and recovery.design == Design()
