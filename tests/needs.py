"""What a test needs from the machine (EGL, node, Chromium, git, mounting a tmpfs).

On a developer's machine a missing part skips the test, saying what is missing. In CI
(`FUSIONSMILE_CI=1`, set by `.ci/run`, which installs everything first) it fails the
test instead, so a missing install step cannot hide behind a green run.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

CI = os.environ.get("FUSIONSMILE_CI") == "1"


def missing(reason: str, module_level: bool = False) -> NoReturn:
    """Skip (or, in CI, fail) the test for want of reason."""
    if CI:
        pytest.fail(f"CI installs everything, yet: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)
