"""Fixtures: the Khronos glTF validator run through node, and a real preview mouth."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from needs import missing

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build

VALIDATOR = Path(__file__).parent / "gltf_validator"


@pytest.fixture(scope="session")
def gltf_report():
    """Function FILE -> the validator's JSON report (a dict)."""
    node = shutil.which("node")
    if node is None:
        missing("node is not installed: the glTF validator runs on node")
    if not (VALIDATOR / "node_modules" / "gltf-validator").is_dir():
        missing(f"gltf-validator is not installed: run npm ci --prefix {VALIDATOR}")

    def report(path: Path) -> dict:
        done = subprocess.run(
            [node, str(VALIDATOR / "validate.mjs"), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return report


@pytest.fixture(scope="session")
def mouth():
    """A real dentition at the preview level (the synthetic one is `dentition`)."""
    return build(Geometry(resolution="preview"))
