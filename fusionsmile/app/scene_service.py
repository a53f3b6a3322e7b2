"""Builds what the view shows, off the UI thread, newest request first.

The window asks for a design with `request(design)`; a worker thread builds the
dentition (only when the geometry changed), composes the look and measures the smile,
then `built(BuiltScene)` arrives on the UI thread. Requests that arrive while one is
being built replace each other, so a slider drag costs one build per result the user
can see, and a result older than the last one delivered is dropped.

Each request is first built on the coarse "preview" mesh (a sixth of the triangles):
`preview_built(PreviewScene)` arrives within tens of milliseconds, and the view draws
it while the camera moves, the glow plays or a slider is dragged, where a software
rasteriser's per-triangle cost would otherwise cap the frame rate and a full build
would lag behind the hand. The full build follows only when no newer request waits, so
a drag costs one cheap build per step and one full build when it rests.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass

from numpy.typing import NDArray
from PyQt6.QtCore import QObject, pyqtSignal

from fusionsmile.core.analysis import Metric, analyse
from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, SurfaceAttributes
from fusionsmile.core.layers.compose import ComposeCache, compose
from fusionsmile.core.scene import Scene, scene_with_channels


@dataclass(frozen=True, eq=False)
class BuiltScene:
    """One finished build. `scene` is the look at t = 0; animation re-composes from
    `attributes` (the merged mesh samples) with the shared `cache`."""

    request: int
    design: Design
    dentition: Dentition
    faces: NDArray
    attributes: SurfaceAttributes
    scene: Scene
    metrics: dict[str, Metric]
    geometry_changed: bool
    seconds: float


@dataclass(frozen=True, eq=False)
class PreviewScene:
    """The design of one request on the preview mesh, for drawing in motion. Animation
    re-composes from `attributes` with the shared cache, as for `BuiltScene`."""

    request: int
    design: Design
    dentition: Dentition
    attributes: SurfaceAttributes
    scene: Scene
    geometry_changed: bool


class SceneService(QObject):
    """built(BuiltScene), preview_built(PreviewScene), failed(request: int, message: str),
    busy_changed(bool)."""

    built = pyqtSignal(object)
    preview_built = pyqtSignal(object)
    failed = pyqtSignal(int, str)
    busy_changed = pyqtSignal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._pending: tuple[int, Design] | None = None
        self._next_id = 0
        self._delivered = -1
        self._running = True
        self._busy = False
        # Shared with the view, which composes animation frames from what was prepared here.
        self.cache = ComposeCache()
        self._geometry: Geometry | None = None
        self._dentition: Dentition | None = None
        self._metrics: dict[str, Metric] = {}
        self._preview_geometry: Geometry | None = None
        self._preview_dentition: Dentition | None = None
        self.latest: BuiltScene | None = None
        self.built.connect(self._remember)
        self._thread = threading.Thread(target=self._work, name="scene-builder", daemon=True)
        self._thread.start()

    def request(self, design: Design) -> int:
        """Queue design for building (replacing any queued one); its request id."""
        with self._condition:
            self._next_id += 1
            self._pending = (self._next_id, design)
            self._condition.notify()
            return self._next_id

    def idle(self) -> bool:
        with self._condition:
            return self._pending is None and not self._busy

    def stop(self) -> None:
        with self._condition:
            self._running = False
            self._condition.notify()
        self._thread.join(timeout=10)

    def _remember(self, result: BuiltScene) -> None:
        # Runs on the UI thread, in order: a stale result (overtaken) is not kept.
        if result.request > self._delivered:
            self._delivered = result.request
            self.latest = result

    def _work(self) -> None:
        while True:
            with self._condition:
                while self._running and self._pending is None:
                    self._condition.wait()
                if not self._running:
                    return
                assert self._pending is not None
                request, design = self._pending
                self._pending = None
                self._busy = True
            self.busy_changed.emit(True)
            try:
                self.preview_built.emit(self._build_preview(request, design))
                if not self._superseded():
                    self.built.emit(self._build(request, design))
            except Exception as error:  # shown in the status bar; the last view stays
                traceback.print_exc()
                self.failed.emit(request, f"{type(error).__name__}: {error}")
            finally:
                with self._condition:
                    self._busy = False
                    waiting = self._pending is not None
                if not waiting:
                    self.busy_changed.emit(False)

    def _build(self, request: int, design: Design) -> BuiltScene:
        start = time.perf_counter()
        geometry_changed = design.geometry != self._geometry or self._dentition is None
        if geometry_changed:
            self._dentition = build(design.geometry)
            self._geometry = design.geometry
            self._metrics = analyse(self._dentition)
        dentition = self._dentition
        assert dentition is not None
        faces, attributes = dentition.merged()
        channels = compose(design, attributes, 0.0, self.cache)
        scene = scene_with_channels(dentition, attributes, faces, channels)
        return BuiltScene(
            request=request,
            design=design,
            dentition=dentition,
            faces=faces,
            attributes=attributes,
            scene=scene,
            metrics=self._metrics,
            geometry_changed=geometry_changed,
            seconds=time.perf_counter() - start,
        )

    def _superseded(self) -> bool:
        with self._condition:
            return self._pending is not None or not self._running

    def _build_preview(self, request: int, design: Design) -> PreviewScene:
        geometry = design.geometry.model_copy(update={"resolution": "preview"})
        geometry_changed = geometry != self._preview_geometry or self._preview_dentition is None
        if geometry_changed:
            self._preview_dentition = build(geometry)
            self._preview_geometry = geometry
        dentition = self._preview_dentition
        assert dentition is not None
        faces, attributes = dentition.merged()
        channels = compose(design, attributes, 0.0, self.cache)
        scene = scene_with_channels(dentition, attributes, faces, channels)
        return PreviewScene(request, design, dentition, attributes, scene, geometry_changed)
