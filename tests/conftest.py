"""Fixtures shared by the render and export tests: a small synthetic mouth and its scene."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The synthetic mouth lives once in tests/, shared with the benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_mouth import synthetic_dentition

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene, plain_scene


@pytest.fixture(scope="session")
def dentition() -> Dentition:
    return synthetic_dentition(subdivisions=2, gum_sections=48)


@pytest.fixture(scope="session")
def scene(dentition: Dentition) -> Scene:
    return plain_scene(dentition)
