"""Creating a headless OpenGL context, and the one error users see when there is none."""

from __future__ import annotations

import ctypes
import ctypes.util

import moderngl

DEBIAN_PACKAGES = "libegl1 libegl-mesa0 libgl1-mesa-dri"


class RenderUnavailable(RuntimeError):
    """No OpenGL context could be created on this machine."""


def create_context() -> moderngl.Context:
    """A standalone OpenGL 3.3+ context through EGL (works with no display server).

    glcontext reports a missing libEGL or driver as a bare Exception ("libEGL.so not
    loaded", "eglInitialize failed (0x3001)"), so every failure is translated here.
    """
    try:
        # moderngl's stub types every keyword setting as a dict; backend is a name.
        ctx = moderngl.create_standalone_context(backend="egl")  # type: ignore[arg-type]
    except Exception as exc:
        raise RenderUnavailable(
            f"cannot create an OpenGL context for rendering ({exc}); "
            f"on Debian/Ubuntu install: apt-get install {DEBIAN_PACKAGES}"
        ) from exc
    if ctx.version_code < 330:
        ctx.release()
        raise RenderUnavailable(
            f"OpenGL 3.3 is needed, found {ctx.version_code}; "
            f"on Debian/Ubuntu install: apt-get install {DEBIAN_PACKAGES}"
        )
    return ctx


def release_thread_context() -> None:
    """Leave no EGL context current on this thread (a no-op when none is).

    A standalone context stays current on the thread that made it, even once released
    (EGL only destroys a context when no thread has it current). While it is, libglvnd
    refuses every GLX context on that thread: Qt's QOpenGLWidget then fails to make its
    context current and never paints, without an error a user would see.
    """
    name = ctypes.util.find_library("EGL") or "libEGL.so.1"
    try:
        egl = ctypes.CDLL(name)
    except OSError:
        return  # no EGL: no context of ours can be current
    egl.eglGetCurrentContext.restype = ctypes.c_void_p
    if egl.eglGetCurrentContext():  # EGL's own, never another API's (Qt's GLX)
        egl.eglReleaseThread()
