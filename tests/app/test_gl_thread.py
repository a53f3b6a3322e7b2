"""Qt's OpenGL and the headless renderer on one thread (the test process's main thread:
tests/film renders films in-process, then tests/app opens windows there).

A standalone EGL context stays current on the thread that made it; while it is,
libglvnd refuses Qt's GLX contexts and a QOpenGLWidget never paints (the first window
of tests/app timed out waiting for its view when tests/film ran first)."""

from __future__ import annotations

import ctypes

import numpy as np
from PyQt6.QtGui import QOpenGLContext
from PyQt6.QtOpenGLWidgets import QOpenGLWidget

from fusionsmile.core.scene import Scene
from fusionsmile.render.renderer import release_shared_renderer, render_image


class Painted(QOpenGLWidget):
    painted = False

    def paintGL(self) -> None:
        self.painted = True


def current_egl_context() -> int:
    egl = ctypes.CDLL("libEGL.so.1")
    egl.eglGetCurrentContext.restype = ctypes.c_void_p
    return egl.eglGetCurrentContext() or 0


def test_qt_paints_once_the_headless_renderer_is_released(qtbot, scene: Scene) -> None:
    qt_context = QOpenGLContext.currentContext()
    if qt_context is not None:  # an earlier test's window: as in a fresh process
        qt_context.doneCurrent()
    first = np.asarray(render_image(scene, (64, 36)))  # its EGL context current here
    assert current_egl_context()
    release_shared_renderer()
    assert not current_egl_context()
    widget = Painted()
    qtbot.addWidget(widget)
    widget.resize(64, 36)
    widget.show()
    qtbot.waitUntil(lambda: widget.painted, timeout=10_000)
    widget.close()
    # The headless renderer comes back on demand, and draws the same.
    release_shared_renderer()  # Qt's GLX context may be current: left alone
    again = np.asarray(render_image(scene, (64, 36)))
    assert np.array_equal(first, again)
    release_shared_renderer()
