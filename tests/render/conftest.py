"""Fixture: the one shared headless renderer (the mouth comes from tests/conftest.py)."""

from __future__ import annotations

import pytest
from needs import missing

from fusionsmile.core.scene import Scene


@pytest.fixture(scope="session")
def renderer(scene: Scene):
    """The process-wide renderer: one EGL context per process (see renderer.py)."""
    from fusionsmile.render import RenderUnavailable, shared_renderer

    try:
        instance = shared_renderer()
    except RenderUnavailable as exc:
        missing(str(exc))
    instance.set_scene(scene)
    return instance
