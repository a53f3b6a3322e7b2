"""The 3D view: the project's renderer drawing into a QOpenGLWidget.

The same `Renderer` and shaders as headless export draw here, into Qt's framebuffer, so
what you see is what you export. The widget shows the newest `BuiltScene` from the
scene service; it never builds geometry itself. Animation re-composes only the look
(`compose` at time t with the builder's cache; static layers come from the cache),
and the camera is an orbit the mouse drives.

Two levels of detail, each with its own renderer holding its mesh on the GPU: the full
mesh when the view stands still, and the service's preview mesh (which arrives first)
at a reduced resolution while the camera moves, the glow plays or the full build of
the newest edit is on its way. Each level recomputes its look (time, selection) only
when it is drawn (`detail_level.DetailLevel`). How mouse motion steers the camera, and
within what limits, is `steering`; the selection's outline is `selection_outline`.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import moderngl
import numpy as np
from PyQt6.QtCore import QPointF, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QMouseEvent, QSurfaceFormat, QWheelEvent
from PyQt6.QtOpenGLWidgets import QOpenGLWidget
from PyQt6.QtWidgets import QWidget

from fusionsmile.app import steering
from fusionsmile.app.detail_level import DetailLevel
from fusionsmile.app.detail_level import styled_scene as styled_scene  # the portrait's too
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.scene_service import BuiltScene, PreviewScene, SceneService
from fusionsmile.app.selection_outline import SelectionOutline, tooth_outlines
from fusionsmile.app.view_state import ViewState
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.layers.compose import loop_period
from fusionsmile.core.scene import Scene
from fusionsmile.render.camera import Camera, camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.picking import pick_tooth
from fusionsmile.render.reduced import ReducedDraw
from fusionsmile.render.renderer import Renderer, smile_bounds

# Seconds shown when an animation does not loop (the scrubber needs an end).
OPEN_ENDED_SECONDS = 10.0
FRAME_INTERVAL_MS = 16
# While the camera moves or the glow plays, frames are drawn at a fraction of the
# resolution per axis and stretched; the full resolution follows once the view has been
# still for STILL_AFTER_MS. The fraction starts at MOTION_SCALE (a quarter of the pixels)
# and adapts within MOTION_SCALES, a step at a time, so that a moving frame takes about
# MOTION_FRAME_MS to draw: 30 frames per second with the rest of the 33 ms left for
# Qt's composition and the events (dynamic resolution, as games do).
MOTION_SCALE = 0.5
MOTION_SCALES = (0.3, 0.75)
MOTION_SCALE_STEP = 0.05
MOTION_FRAME_MS = 26.0
STILL_AFTER_MS = 250
# The full frame after motion is drawn in parts, one per turn of the event loop, so the
# window never waits for a whole full frame (~110 ms at 720p on llvmpipe): the surface
# pass in this many bands of rows (~45 ms each), then bloom and composite.
STILL_BANDS = 2
# ... and the bloom levels at least 4 reduced pixels per level pixel (bloom.level_sizes).
MOTION_BLOOM_PIXEL = 4.0


def surface_format() -> QSurfaceFormat:
    """OpenGL 3.3 core, as the shaders declare (`#version 330 core`)."""
    fmt = QSurfaceFormat()
    fmt.setVersion(3, 3)
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setDepthBufferSize(24)
    fmt.setSwapInterval(0)  # frame rate is measured, not capped to a display here
    return fmt


class SmileView(QOpenGLWidget):
    """Signals: frame_drawn(ms: float), time_changed(t: float), playing_changed(bool),
    gl_failed(message), camera_moved_changed(moved: bool): the user steered the camera
    off its preset (True) or it was framed on one again (False).

    What camera preset and lighting to show come from `view_state` (not the design).
    """

    frame_drawn = pyqtSignal(float)
    time_changed = pyqtSignal(float)
    playing_changed = pyqtSignal(bool)
    gl_failed = pyqtSignal(str)
    camera_moved_changed = pyqtSignal(bool)

    def __init__(
        self,
        document: DesignDocument,
        service: SceneService,
        view_state: ViewState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFormat(surface_format())
        self.setMinimumSize(320, 200)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(
            "Left drag: orbit · Middle drag or Shift+drag: pan · Wheel: zoom · "
            "Double-click: frame · Click a tooth: select · Ctrl+click: add to selection"
        )
        self.document, self.service = document, service
        self.ctx: moderngl.Context | None = None
        self.renderer: Renderer | None = None
        self.built: BuiltScene | None = None
        self.preview: PreviewScene | None = None  # the newest (before its full build)
        self.full_level: DetailLevel | None = None
        self.preview_level: DetailLevel | None = None
        self.drawn_level: DetailLevel | None = None  # the level of the last frame
        self.view_state = view_state if view_state is not None else ViewState(parent=self)
        self.camera: Camera | None = None
        self.camera_moved = False  # by the user; until then a resize re-frames
        self._framed_mm = 0.0  # the preset's distance, the scale of the zoom limits
        self.view_preset = self.view_state.camera
        self.bloom = self.view_state.bloom
        self.outline = SelectionOutline(self)
        self.time = 0.0
        self.playing = False
        self.loop = True
        self._cache = service.cache  # layers prepared by the builder are reused
        self._scene: Scene | None = None  # the newest mesh, preview or full (picking)
        self._press: QPointF | None = None
        self._press_camera: Camera | None = None
        self._dragged = False
        self._clock = QTimer(self)
        self._clock.setInterval(FRAME_INTERVAL_MS)
        self._clock.timeout.connect(self._tick)
        self._last_tick = 0.0
        self.frame_ms: list[float] = []
        self.motion_scale = MOTION_SCALE
        self.adaptive_motion = True  # adapt motion_scale to the measured frame time
        self._motion_ms = MOTION_FRAME_MS  # smoothed draw time of moving frames
        self.moving = False
        # What the last reduced frame showed, and the still frame being drawn in parts
        # with the bands of it drawn so far (see paintGL).
        self._reduced_shown: tuple[object, ...] | None = None
        self._still_key: tuple[object, ...] | None = None
        self._still_bands = 0
        self._still = QTimer(self)
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_AFTER_MS)
        self._still.timeout.connect(self._stood_still)
        self._reduced: ReducedDraw | None = None
        service.built.connect(self._on_built)
        service.preview_built.connect(self._on_preview_built)
        document.selection_changed.connect(lambda _: self.update())
        document.opened.connect(lambda _: self._on_opened())
        self.view_state.camera_changed.connect(self.set_view_preset)
        self.view_state.lighting_changed.connect(lambda _: self.update())
        self.view_state.bloom_changed.connect(self._set_bloom)

    # -- what to show ----------------------------------------------------------------------

    def _on_opened(self) -> None:
        self.frame()  # a new design is framed (in the view state's preset)
        self.set_time(0.0)

    def _set_bloom(self, on: bool) -> None:
        self.bloom = on
        self.update()

    def _on_preview_built(self, preview: PreviewScene) -> None:
        """A request's first result: shown (reduced) at once; its full build follows."""
        if self.preview is not None and preview.request < self.preview.request:
            return  # overtaken by a newer result
        if self.preview is not None:
            self._moved()  # edits keep coming (a slider drag): draw fast until still
        if preview.geometry_changed and not self.camera_moved:
            self.camera = None  # the smile changed size: frame it again
        self.preview = preview
        self._scene = preview.scene
        self.update()

    def _on_built(self, built: BuiltScene) -> None:
        if self.built is not None and built.request < self.built.request:
            return  # overtaken by a newer result
        framed_by_preview = self.preview is not None and self.preview.request == built.request
        if built.geometry_changed and not self.camera_moved and not framed_by_preview:
            self.camera = None
        self.built = built
        if not self._preview_is_newer():
            self._scene = built.scene
        self.update()

    def _preview_is_newer(self) -> bool:
        """Whether the newest result is a preview whose full build has not arrived."""
        preview, built = self.preview, self.built
        return preview is not None and (built is None or preview.request > built.request)

    def _level_to_draw(self, reduced: bool) -> DetailLevel | None:
        """The preview level while moving or playing (when it is as new as the full
        build) and while it is the newest result; the full level otherwise. The level's
        source is brought up to date here."""
        built, preview = self.built, self.preview
        if self.full_level is None or self.preview_level is None:
            return None
        as_new = preview is not None and (built is None or preview.request >= built.request)
        if preview is not None and as_new and (reduced or self._preview_is_newer()):
            self.preview_level.source = preview
            return self.preview_level
        if built is None:
            return None
        self.full_level.source = built
        return self.full_level

    # -- camera ----------------------------------------------------------------------------

    def set_view_preset(self, name: str) -> None:
        self.view_preset = name
        self.frame()

    def frame(self) -> None:
        """Back to the preset's framing (double-click)."""
        self.camera = None
        self._set_camera_moved(False)
        self.update()

    def _set_camera_moved(self, moved: bool) -> None:
        if moved != self.camera_moved:
            self.camera_moved = moved
            self.camera_moved_changed.emit(moved)

    def resizeGL(self, width: int, height: int) -> None:
        if not self.camera_moved:
            self.camera = None  # the framing depends on the aspect ratio

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.outline.setGeometry(self.rect())

    def _framed_camera(self) -> Camera | None:
        if self._scene is None:
            return None
        scene = self._scene
        enamel = scene.position[scene.region == Region.ENAMEL]
        camera = camera_for(self.view_preset, smile_bounds(scene), self._aspect(), points=enamel)
        self._framed_mm = camera.distance_mm
        return camera

    def _aspect(self) -> float:
        return max(1, self.width()) / max(1, self.height())

    def _moved(self) -> None:
        self.moving = True
        self._still.start()

    def _stood_still(self) -> None:
        self.moving = False
        self.update()

    def _steered(self, camera: Camera) -> None:
        self._moved()
        self._set_camera_moved(True)
        self.camera = camera
        self.update()

    def orbit(self, d_azimuth: float, d_elevation: float) -> None:
        """Turn by degrees, within the limits that keep the smile seen from outside."""
        if self.camera is not None:
            self._steered(steering.orbit(self.camera, d_azimuth, d_elevation))

    def orbit_by_pixels(self, dx: float, dy: float) -> None:
        """Turn for a drag of (dx, dy) pixels: a drag across the view's width turns
        steering.DEGREES_ACROSS_VIEW, whatever the view's size."""
        rate = steering.degrees_per_pixel(self.width())
        self.orbit(-dx * rate, dy * rate)

    def zoom(self, factor: float) -> None:
        if self.camera is not None:
            framed = self._framed_mm or self.camera.distance_mm
            self._steered(steering.zoom(self.camera, factor, framed))

    def pan(self, dx_pixels: float, dy_pixels: float) -> None:
        if self.camera is None or self._scene is None:
            return
        view = self.camera.view_matrix()
        right, up = view[0, :3], view[1, :3]
        mm_per_pixel = (
            2 * self.camera.distance_mm * math.tan(math.radians(self.camera.fov_deg) / 2)
        ) / max(1, self.height())
        shift = (-dx_pixels * right + dy_pixels * up) * mm_per_pixel
        self._steered(steering.pan(self.camera, shift, smile_bounds(self._scene)))

    # -- time ------------------------------------------------------------------------------

    def period(self) -> float:
        """Seconds of one loop of the design's animation (OPEN_ENDED_SECONDS if none)."""
        if self.built is None:
            return OPEN_ENDED_SECONDS
        period = loop_period(self.built.design)
        return period if period else OPEN_ENDED_SECONDS

    def set_time(self, t: float) -> None:
        self.time = max(0.0, t)
        self.time_changed.emit(self.time)
        self.update()

    def set_playing(self, playing: bool) -> None:
        if playing == self.playing:
            return
        self.playing = playing
        if playing:
            self._last_tick = time.perf_counter()
            self._clock.start()
        else:
            self._clock.stop()
            self.update()  # the still frame at full resolution
        self.playing_changed.emit(playing)

    def _tick(self) -> None:
        now = time.perf_counter()
        t = self.time + (now - self._last_tick)
        self._last_tick = now
        period = self.period()
        if t >= period:
            if self.loop:
                t %= period
            else:
                t = period
                self.set_playing(False)
        self.set_time(t)

    # -- GL --------------------------------------------------------------------------------

    def initializeGL(self) -> None:
        try:
            self.ctx = moderngl.create_context()
            # llvmpipe at 720p: 4x MSAA cost 3x and 2x supersampling 1.4x a plain frame
            # (benchmarks/bench_app_view.py), so the view draws 1x; exports keep 2x.
            self.renderer = Renderer(self.ctx, supersample=1, samples=1)
            self.full_level = DetailLevel(self.renderer)
            self.preview_level = DetailLevel(Renderer(self.ctx, supersample=1, samples=1))
            self._reduced = ReducedDraw(self.ctx)
        except Exception as error:  # no GL 3.3: the window still opens, and says why
            self.ctx = self.renderer = None
            self.gl_failed.emit(f"OpenGL 3.3 is not available for the 3D view: {error}")

    def paintGL(self) -> None:
        if self.ctx is None or self.renderer is None:
            return
        start = time.perf_counter()
        ratio = self.devicePixelRatio()
        size = (max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        target = self.ctx.detect_framebuffer(self.defaultFramebufferObject())
        # The newest preview is drawn reduced too: its full build is on the way.
        reduced = (self.moving or self.playing or self._preview_is_newer()) and (
            self.motion_scale < 1
        )
        level = self._level_to_draw(reduced)
        if level is None:
            target.use()
            target.clear(0.07, 0.07, 0.09, 1.0)
            return
        level.prepare(self.time, tuple(self.document.selection), self._cache)
        renderer = level.renderer
        self.drawn_level = level
        if self.camera is None:
            self.camera = self._framed_camera()
        assert self.camera is not None
        lighting = lighting_for(self.view_state.lighting)
        if not self.bloom:
            lighting = replace(lighting, bloom_strength=0.0)
        shown = (self.camera, lighting, size, level.source.request if level.source else 0)
        still = (id(level), level.uploaded_key, *shown)
        if reduced and self._reduced:
            renderer.bloom_coarsest = MOTION_BLOOM_PIXEL
            self._reduced.draw(renderer, self.camera, lighting, size, self.motion_scale, target)
            self._reduced_shown, self._still_key = shown, None
            self.ctx.finish()  # the frame's real cost, for the adaptive resolution
            self._adapt_motion_scale((time.perf_counter() - start) * 1000)
        else:
            renderer.bloom_coarsest = 1.0
            bands = self._still_bands if self._still_key == still else None
            if bands is None and self._reduced_shown == shown and self._reduced:
                bands = 0  # the still frame after motion: in parts, reduced frame up
            if bands is None or self._reduced is None:
                renderer.draw(self.camera, lighting, size, target)
                self._still_key = None
            elif bands < STILL_BANDS:
                # A band of the surface pass, while the reduced frame of the same view
                # stays up; the next part follows in the next turn of the event loop.
                h = size[1]
                rows = (round(bands * h / STILL_BANDS), round((bands + 1) * h / STILL_BANDS))
                renderer.draw_surface(self.camera, lighting, size, rows)
                self._reduced.present(size, target)
                self._still_key, self._still_bands = still, bands + 1
                QTimer.singleShot(0, self.update)
            else:
                renderer.finish_frame(lighting, size, target)  # bloom, composite
                self._still_key = None
            self._reduced_shown = None
        self._outline_selection(level, size)
        elapsed = (time.perf_counter() - start) * 1000
        self.frame_ms = [*self.frame_ms[-59:], elapsed]
        self.frame_drawn.emit(elapsed)

    def _outline_selection(self, level: DetailLevel, size: tuple[int, int]) -> None:
        selection = tuple(self.document.selection)
        source = level.source
        if not selection or source is None or self.camera is None:
            self.outline.set_outlines([])
            return
        ratio = self.devicePixelRatio()
        logical = (round(size[0] / ratio), round(size[1] / ratio))
        self.outline.set_outlines(tooth_outlines(source.scene, self.camera, logical, selection))

    @property
    def refining(self) -> bool:
        """Whether a still frame is being drawn in parts (the reduced frame shows)."""
        return self._still_key is not None

    def _adapt_motion_scale(self, ms: float) -> None:
        """Step the motion resolution towards MOTION_FRAME_MS per moving frame."""
        if not self.adaptive_motion:
            return
        self._motion_ms = 0.7 * self._motion_ms + 0.3 * ms
        low, high = MOTION_SCALES
        if self._motion_ms > 1.1 * MOTION_FRAME_MS:
            self.motion_scale = max(low, round(self.motion_scale - MOTION_SCALE_STEP, 2))
        elif self._motion_ms < 0.75 * MOTION_FRAME_MS:
            self.motion_scale = min(high, round(self.motion_scale + MOTION_SCALE_STEP, 2))

    def frames_per_second(self) -> float:
        """Frame rate the last frames could sustain (1000 / median draw time)."""
        if not self.frame_ms:
            return 0.0
        return 1000.0 / max(1e-3, float(np.median(self.frame_ms)))

    # -- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        self._press = event.position()
        self._last = event.position()
        self._dragged = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None or self._press is None:
            return
        position = event.position()
        dx, dy = position.x() - self._last.x(), position.y() - self._last.y()
        self._last = position
        if (position - self._press).manhattanLength() > 3:
            self._dragged = True
        buttons, modifiers = event.buttons(), event.modifiers()
        panning = buttons & Qt.MouseButton.MiddleButton or (
            buttons & Qt.MouseButton.LeftButton and modifiers & Qt.KeyboardModifier.ShiftModifier
        )
        if panning:
            self.pan(dx, dy)
        elif buttons & Qt.MouseButton.LeftButton:
            self.orbit_by_pixels(dx, dy)

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        if not self._dragged and event.button() == Qt.MouseButton.LeftButton:
            additive = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.click(event.position().x(), event.position().y(), additive)
        self._press = None

    def mouseDoubleClickEvent(self, event: QMouseEvent | None) -> None:
        self.frame()

    def wheelEvent(self, event: QWheelEvent | None) -> None:
        if event is None:
            return
        steps = event.angleDelta().y() / 120
        self.zoom(0.9**steps)

    def click(self, x: float, y: float, additive: bool) -> int:
        """Select the tooth at widget pixel (x, y); Ctrl (additive) toggles it in the
        selection. Clicking nothing clears the selection (unless additive)."""
        if self.camera is None:
            self.camera = self._framed_camera()  # not drawn since the last re-frame
        if self._scene is None or self.camera is None:
            return 0
        ndc = (2 * x / max(1, self.width()) - 1, 1 - 2 * y / max(1, self.height()))
        fdi = pick_tooth(self._scene, self.camera, self._aspect(), ndc)
        selection = set(self.document.selection)
        if additive:
            if fdi:
                selection ^= {fdi}
        else:
            selection = {fdi} if fdi else set()
        self.document.set_selection(selection)
        return fdi
