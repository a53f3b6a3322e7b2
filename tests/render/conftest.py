"""Fixtures: a small synthetic mouth and one shared headless renderer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The synthetic mouth lives once in tests/, shared with the export tests and benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic_mouth import synthetic_dentition

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene, plain_scene


@pytest.fixture(scope="session")
def dentition() -> Dentition:
    return synthetic_dentition(subdivisions=2, gum_sections=48)


@pytest.fixture(scope="session")
def scene(dentition: Dentition) -> Scene:
    return plain_scene(dentition)


@pytest.fixture(scope="session")
def renderer(scene: Scene):
    """The process-wide renderer: one EGL context per process (see renderer.py)."""
    from fusionsmile.render import RenderUnavailable, shared_renderer

    try:
        instance = shared_renderer()
    except RenderUnavailable as exc:
        pytest.skip(str(exc))
    instance.set_scene(scene)
    return instance
