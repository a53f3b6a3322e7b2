"""Fixtures: a small synthetic mouth, and the Khronos glTF validator run through node."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# The synthetic mouth lives once in tests/, shared with the render tests and benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic_mouth import synthetic_dentition

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene, plain_scene

VALIDATOR = Path(__file__).parent / "gltf_validator"


@pytest.fixture(scope="session")
def dentition() -> Dentition:
    return synthetic_dentition(subdivisions=2, gum_sections=48)


@pytest.fixture(scope="session")
def scene(dentition: Dentition) -> Scene:
    return plain_scene(dentition)


@pytest.fixture(scope="session")
def gltf_report():
    """Function FILE -> the validator's JSON report (a dict)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the glTF validator runs on node")
    if not (VALIDATOR / "node_modules" / "gltf-validator").is_dir():
        pytest.skip(f"gltf-validator is not installed: run npm ci --prefix {VALIDATOR}")

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
