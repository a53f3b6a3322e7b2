"""Composites the designed smile into the portrait, off the UI thread, newest request first.

The portrait view asks with `request(PortraitRequest)`: the photo's face, the scene the
scene service built (preview or full mesh), the fit, the lighting, the moment of the
glow and the scale of the display copy. One worker thread owns a headless EGL context
of its own (a standalone context must be used on one thread, and this one never meets
the view's Qt context) with one renderer per mesh, so switching between the preview
mesh while a handle is dragged and the full mesh at rest uploads nothing twice.
Requests that arrive while one is composited replace each other; `composited` and
`measured` arrive on the UI thread, and the view drops any older than the last shown.

The photo in the scene's lighting (`graded_photo`) is made once per scale and lighting
and passed to every composite, which then works only in the render box around the
mouth: at night, turning the whole photo to night is most of the cost of a frame.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PyQt6.QtCore import QObject, pyqtSignal

from fusionsmile.app.scene_service import BuiltScene, PreviewScene
from fusionsmile.app.viewport import styled_scene
from fusionsmile.core.analysis import Metric
from fusionsmile.core.design import PhotoFit
from fusionsmile.core.layers.compose import ComposeCache
from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.portrait.composite import (
    PortraitLook,
    composite_portrait,
    graded_photo,
    mouth_scene,
)
from fusionsmile.portrait.fit import anchor_mm, placement
from fusionsmile.portrait.metrics import ReferenceLines, photo_metrics, reference_lines
from fusionsmile.render.context import create_context
from fusionsmile.render.renderer import Renderer

CACHED_SCALES = 3


@dataclass(frozen=True, eq=False)
class PortraitRequest:
    """What to composite. scale : the display copy's size over the photo's (1 = the
    photo's own pixels); t : seconds of the glow."""

    photo_face: PhotoFace
    source: BuiltScene | PreviewScene
    fit: PhotoFit
    lighting: str = "day"
    t: float = 0.0
    scale: float = 1.0
    composite: bool = True  # False: measure only (the portrait is not on screen)


@dataclass(frozen=True, eq=False)
class PortraitFrame:
    """A finished composite. pixels and original : (h, w, 3) uint8 sRGB, the portrait
    and the photo as it was, both at `scale` of the photo's size."""

    request: int
    pixels: NDArray[np.uint8]
    original: NDArray[np.uint8]
    scale: float
    sha256: str
    fit: PhotoFit
    lighting: str
    full_mesh: bool
    seconds: float


@dataclass(frozen=True, eq=False)
class PhotoMeasures:
    """The smile measured in the face for a fit: metrics, and the reference lines in the
    photo's own pixels."""

    request: int
    sha256: str
    fit: PhotoFit
    metrics: dict[str, Metric]
    lines: ReferenceLines


class _Cache:
    """A few recent values by key, least recently used out first."""

    def __init__(self, size: int) -> None:
        self._size, self._store = size, OrderedDict[Hashable, Any]()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        if key in self._store:
            self._store.move_to_end(key)
            return self._store[key]
        value = self._store[key] = make()
        while len(self._store) > self._size:
            self._store.popitem(last=False)
        return value


class PortraitService(QObject):
    """composited(PortraitFrame), measured(PhotoMeasures), failed(request, message),
    busy_changed(bool)."""

    composited = pyqtSignal(object)
    measured = pyqtSignal(object)
    failed = pyqtSignal(int, str)

    def __init__(self, cache: ComposeCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._pending: tuple[int, PortraitRequest] | None = None
        self._next_id = 0
        self._running = True
        self._busy = False
        self._compose_cache = cache  # the scene service's: layers prepared there are reused
        self._thread: threading.Thread | None = None
        # Worker-thread state: GL, and what was made for recent requests.
        self._renderers: dict[str, Renderer] = {}
        self._copies = _Cache(CACHED_SCALES)
        self._graded = _Cache(CACHED_SCALES * 2)
        self._scenes = _Cache(2)
        self._measured_key: tuple[object, ...] | None = None

    def request(self, request: PortraitRequest) -> int:
        """Queue request (replacing any queued one); its id."""
        with self._condition:
            self._next_id += 1
            self._pending = (self._next_id, request)
            if self._thread is None and self._running:
                self._thread = threading.Thread(
                    target=self._work, name="portrait-compositor", daemon=True
                )
                self._thread.start()
            self._condition.notify()
            return self._next_id

    def idle(self) -> bool:
        with self._condition:
            return self._pending is None and not self._busy

    def stop(self) -> None:
        with self._condition:
            self._running = False
            self._condition.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=10)

    def _work(self) -> None:
        while True:
            with self._condition:
                while self._running and self._pending is None:
                    self._condition.wait()
                if not self._running:
                    self._release()
                    return
                assert self._pending is not None
                request_id, request = self._pending
                self._pending = None
                self._busy = True
            try:
                frame = self._composite(request_id, request) if request.composite else None
                measures = self._measure(request_id, request)
                if frame is not None:
                    self.composited.emit(frame)
                if measures is not None:
                    self.measured.emit(measures)
            except RuntimeError as error:
                if "has been deleted" in str(error):
                    return  # the window closed while this frame was composited
                traceback.print_exc()
                self._emit_failure(request_id, error)
            except Exception as error:  # shown in the status bar; the last frame stays
                traceback.print_exc()
                self._emit_failure(request_id, error)
            finally:
                with self._condition:
                    self._busy = False

    def _emit_failure(self, request_id: int, error: Exception) -> None:
        with contextlib.suppress(RuntimeError):
            self.failed.emit(request_id, f"{type(error).__name__}: {error}")

    def _release(self) -> None:
        for renderer in self._renderers.values():
            renderer.ctx.release()
            break  # one context shared by the renderers
        self._renderers.clear()

    def _renderer(self, level: str) -> Renderer:
        if not self._renderers:
            ctx = create_context()  # current on this thread only
            self._renderers = {name: Renderer(ctx) for name in ("preview", "full")}
            # The preview mesh is what moves: its bloom at a coarser level, as the 3D
            # view's in motion (the halo is low-frequency; its cost was a third).
            self._renderers["preview"].bloom_coarsest = 4.0
        return self._renderers[level]

    def _composite(self, request_id: int, request: PortraitRequest) -> PortraitFrame:
        start = time.perf_counter()
        face, source = request.photo_face, request.source
        key = (face.photo.sha256, face.face_index, round(request.scale, 4))
        pixels, frame, look = self._copies.get(key, lambda: face.at_scale(request.scale))
        base = self._graded.get(
            (*key, request.lighting),
            lambda: graded_photo(pixels, request.lighting),
        )
        animated_t = request.t
        scene = self._scenes.get(
            (id(source), animated_t),
            lambda: mouth_scene(styled_scene(source, animated_t, (), self._compose_cache)),
        )
        full = isinstance(source, BuiltScene)
        out = composite_portrait(
            pixels,
            frame,
            look,
            request.fit,
            scene,
            anchor_mm(source.dentition),
            PortraitLook(request.lighting),
            self._renderer("full" if full else "preview"),
            base,
        )
        return PortraitFrame(
            request=request_id,
            pixels=out,
            original=pixels,
            scale=pixels.shape[1] / face.photo.size[0],
            sha256=face.photo.sha256,
            fit=request.fit,
            lighting=request.lighting,
            full_mesh=full,
            seconds=time.perf_counter() - start,
        )

    def _measure(self, request_id: int, request: PortraitRequest) -> PhotoMeasures | None:
        """The metrics and lines of the request's fit, when the fit or the teeth changed
        since the last ones (on the preview mesh too: the lines follow a drag)."""
        source, face = request.source, request.photo_face
        key = (id(source.dentition), face.photo.sha256, face.face_index, request.fit)
        if key == self._measured_key:
            return None
        self._measured_key = key
        place = placement(request.fit, face.photo.size, anchor_mm(source.dentition))
        return PhotoMeasures(
            request=request_id,
            sha256=face.photo.sha256,
            fit=request.fit,
            metrics=photo_metrics(face.frame, place, source.dentition),
            lines=reference_lines(face.frame, place, source.dentition),
        )
