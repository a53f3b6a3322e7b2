"""A missing part of the machine skips a test locally and fails it in CI."""

from __future__ import annotations

import needs
import pytest


def test_missing_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(needs, "CI", False)
    with pytest.raises(pytest.skip.Exception, match="no EGL"):
        needs.missing("no EGL")
    monkeypatch.setattr(needs, "CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI installs everything, yet: no EGL"):
        needs.missing("no EGL")
