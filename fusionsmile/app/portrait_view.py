"""The portrait view: the designed smile on the person's photo, with the handles that fit
it, the reference lines a smile designer draws, and a before/after wipe.

The view shows the newest `PortraitFrame` from the portrait service, scaled into the
widget; it never composites itself. Every change that shows in the portrait (an edit of
the design, the fit, the lighting, the glow's time, the zoom) becomes one request, and
a frame older than the last one shown is dropped. While a handle is dragged or the glow
plays, the preview mesh is composited (what costs is the render, and at a face's size
in a photo the two meshes look the same); the full mesh follows when the view rests.

Modes: "portrait" (the smile and its handles) and "compare" (the photo as it was left
of the wipe, the designed smile right of it). Zoom (wheel), pan (middle drag, or left
drag away from the handles) and the wipe are view state; only a fit handle writes the
design, through the document, one undo step per drag.

The widget keeps the state and routes the input; each concept it draws on lives in its
own module: `photo_framing` (zoom, pan, photo <-> widget pixels), `fit_controls` (the
handles on screen and the nudge keys), `before_after` (the wipe) and `reference_lines`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PyQt6.QtCore import QPointF, QRectF, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QWheelEvent,
)
from PyQt6.QtWidgets import QWidget

from fusionsmile.app.before_after import paint_wipe, wipe_at, wipe_line_x
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.fit_controls import grab_reach, key_nudge, paint_handles, screen_handles
from fusionsmile.app.fit_handles import HANDLE_LABELS, FitHandles, nudged
from fusionsmile.app.photo_framing import PhotoFraming
from fusionsmile.app.portrait_service import (
    PhotoMeasures,
    PortraitFrame,
    PortraitRequest,
    PortraitService,
)
from fusionsmile.app.reference_lines import paint_reference_lines
from fusionsmile.app.scene_service import BuiltScene, PreviewScene, SceneService
from fusionsmile.core.design import Design, PhotoFit
from fusionsmile.core.layers.compose import is_animated
from fusionsmile.portrait.analysis import PhotoFace, fit_of

MODES = ("portrait", "compare")
BACKGROUND = QColor(18, 18, 23)
STILL_AFTER_MS = 250
MAX_COMPOSITE_PIXELS = 4_000_000  # the display copy's size at most
SCALE_STEPS_PER_OCTAVE = 3  # display copies at 2**(k/3): zooming reuses a few
# While a handle is dragged or the glow plays, the copy is composited at a lower
# resolution and stretched, as the 3D view does in motion: it starts an octave down (a
# quarter of the pixels to render, blur and blend) and adapts a step at a time within
# MOTION_STEPS so that a moving composite takes about MOTION_COMPOSITE_MS (the night's
# glow on the face costs more than the day's).
MOTION_STEPS = (2, 6)
MOTION_COMPOSITE_MS = 30.0


@dataclass
class _Drag:
    kind: str  # "handle", "pan" or "wipe"
    handle: str = ""
    handles: FitHandles | None = None
    start: NDArray[np.float64] | None = None  # photo pixels at the press
    last: QPointF | None = None  # widget pixels of the last move


class PortraitView(QWidget):
    """Signals: photo_changed(bool), frame_shown(ms), measures_changed(PhotoMeasures|None),
    message(str)."""

    photo_changed = pyqtSignal(bool)
    frame_shown = pyqtSignal(float)
    measures_changed = pyqtSignal(object)
    message = pyqtSignal(str)

    def __init__(
        self,
        document: DesignDocument,
        scenes: SceneService,
        portraits: PortraitService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 200)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setToolTip(
            "Drag a handle to fit the smile · Arrows: move · [ ]: rotate · + −: scale · "
            "Wheel: zoom · Middle drag: pan · Double-click: frame the face"
        )
        self.document, self.scenes, self.portraits = document, scenes, portraits
        self.faces: dict[tuple[str, int], PhotoFace] = {}
        self.mode = "portrait"
        self.wipe = 0.5  # of the photo's width: the photo as it was left of it
        self.show_lines = False
        self.time = 0.0
        # The lighting preview is view state (the window's ViewState), not the design.
        self.lighting: str = document.design.view.lighting
        self.playing = False
        self.frame: PortraitFrame | None = None
        self.measures: PhotoMeasures | None = None
        self.frame_ms: list[float] = []  # request to frame shown, the last 60
        self._preview: PreviewScene | None = None
        self._built: BuiltScene | None = None
        self.framing = PhotoFraming(self)
        self._drag: _Drag | None = None
        self._hover: str | None = None
        # The handles sit on the smile: drawn while the pointer is over the view (or a
        # key nudges), so the smile itself is what one sees otherwise.
        self.handles_shown = False
        self._wipe_placed = False  # by the user; until then it follows the midline
        self._moving = False
        self._motion_steps = SCALE_STEPS_PER_OCTAVE  # down from the still scale
        self._requested: dict[int, float] = {}  # request id -> when asked
        self._shown_request = 0
        self._had_photo = False
        self._images: dict[str, tuple[object, QImage]] = {}
        self._still = QTimer(self)
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_AFTER_MS)
        self._still.timeout.connect(self._stood_still)
        scenes.preview_built.connect(self._on_preview)
        scenes.built.connect(self._on_built)
        portraits.composited.connect(self._on_composited)
        portraits.measured.connect(self._on_measured)
        document.changed.connect(self._on_design_changed)

    # -- what to show --------------------------------------------------------------------

    def add_face(self, face: PhotoFace) -> None:
        """Keep a loaded photo's face; it shows whenever the design names it."""
        self.faces[(face.photo.sha256, face.face_index)] = face
        self._photo_maybe_changed()
        self.request()

    def current_face(self) -> PhotoFace | None:
        """The loaded face the design names, or None."""
        ref = self.document.design.photo
        return None if ref is None else self.faces.get((ref.sha256, ref.face))

    def source(self) -> BuiltScene | PreviewScene | None:
        """The mesh to composite: the preview while moving or playing (when it is as
        new as the full build) and while it is the newest result, the full one else."""
        preview, built = self._preview, self._built
        if preview is None:
            return built
        if built is None or preview.request > built.request:
            return preview
        if (self._moving or self.playing) and preview.request >= built.request:
            return preview
        return built

    def effective_fit(self) -> PhotoFit | None:
        """The fit the portrait shows: the design's own, or the automatic one."""
        face, source = self.current_face(), self.source()
        if face is None or source is None:
            return None
        return fit_of(self.document.design, face, source.dentition)

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"portrait mode {mode!r}: one of {', '.join(MODES)}")
        self.mode = mode
        self._drag = None
        fit = self.effective_fit()
        if mode == "compare" and fit is not None and not self._wipe_placed:
            self.wipe = float(np.clip(fit.x, 0.0, 1.0))  # through the dental midline
        self.update()

    def set_show_lines(self, show: bool) -> None:
        self.show_lines = show
        self.update()

    def set_time(self, t: float) -> None:
        self.time = t
        if is_animated(self.document.design):
            self.request()

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        if not playing:
            self.request()  # the full mesh again

    def _on_preview(self, preview: PreviewScene) -> None:
        if self._preview is None or preview.request >= self._preview.request:
            self._preview = preview
            self.request()

    def _on_built(self, built: BuiltScene) -> None:
        if self._built is None or built.request >= self._built.request:
            self._built = built
            self.request()

    def set_lighting(self, name: str) -> None:
        if name != self.lighting:
            self.lighting = name
            self.request()

    def _on_design_changed(self, old: Design, new: Design) -> None:
        if old.photo != new.photo:
            self._photo_maybe_changed()
            self.request()

    def _photo_maybe_changed(self) -> None:
        has = self.current_face() is not None
        face = self.current_face()
        shown = self.frame.sha256 if self.frame is not None else None
        if face is not None and shown != face.photo.sha256:
            self.frame = None  # another photo: frame its face
            self.framing.forget()
        if not has:
            self.frame = None
            self.measures = None
            self.measures_changed.emit(None)
        if has != self._had_photo:
            self._had_photo = has
            self.photo_changed.emit(has)
        self.update()

    # -- asking for frames ---------------------------------------------------------------

    def request(self) -> int:
        """Ask for the portrait as it stands (composited only while the view shows;
        measured always). 0 when there is nothing to show yet."""
        face, source, fit = self.current_face(), self.source(), self.effective_fit()
        if face is None or source is None or fit is None:
            return 0
        t = self.time if is_animated(source.design) else 0.0
        request = PortraitRequest(
            photo_face=face,
            source=source,
            fit=fit,
            lighting=self.lighting,
            t=t,
            scale=self.composite_scale(face),
            composite=self.isVisible(),
        )
        request_id = self.portraits.request(request)
        self._requested[request_id] = time.perf_counter()
        return request_id

    def composite_scale(self, face: PhotoFace) -> float:
        """The display copy's scale: the view's (half of it in motion), in steps, within
        MAX_COMPOSITE_PIXELS."""
        width, height = face.photo.size
        self._ensure_framed(face)
        wanted = self.framing.view_scale * self.devicePixelRatioF()
        step = round(math.log2(max(wanted, 1e-3)) * SCALE_STEPS_PER_OCTAVE)
        if self._moving or self.playing:
            step -= self._motion_steps
        scale: float = 2.0 ** (step / SCALE_STEPS_PER_OCTAVE)
        return min(scale, math.sqrt(MAX_COMPOSITE_PIXELS / (width * height)))

    def _on_composited(self, frame: PortraitFrame) -> None:
        asked = self._requested.pop(frame.request, None)
        for old in [r for r in self._requested if r < frame.request]:
            del self._requested[old]  # overtaken: their frames were never made
        if frame.request < self._shown_request:
            return
        face = self.current_face()
        if face is None or frame.sha256 != face.photo.sha256:
            return
        self._shown_request = frame.request
        self.frame = frame
        if self._moving or self.playing:
            ms, (low, high) = frame.seconds * 1000, MOTION_STEPS
            if ms > 1.1 * MOTION_COMPOSITE_MS:
                self._motion_steps = min(high, self._motion_steps + 1)
            elif ms < 0.5 * MOTION_COMPOSITE_MS:
                self._motion_steps = max(low, self._motion_steps - 1)
        self.repaint() if self._drag is not None else self.update()
        if asked is not None and (self._moving or self.playing):
            # Frames in motion only: a still frame after a zoom makes a new display copy
            # once, which says nothing of how smoothly a drag or the glow runs.
            ms = (time.perf_counter() - asked) * 1000
            self.frame_ms = [*self.frame_ms[-59:], ms]
            self.frame_shown.emit(ms)

    def _on_measured(self, measures: PhotoMeasures) -> None:
        face = self.current_face()
        if face is None or measures.sha256 != face.photo.sha256:
            return
        self.measures = measures
        self.measures_changed.emit(measures)
        if self.show_lines:
            self.update()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.request()

    def frames_per_second(self) -> float:
        if not self.frame_ms:
            return 0.0
        return 1000.0 / max(1e-3, float(np.median(self.frame_ms)))

    # -- where the photo is (PhotoFraming) -----------------------------------------------

    def _ensure_framed(self, face: PhotoFace) -> None:
        if self.framing.scale is None:
            self.frame_face(face)

    def frame_face(self, face: PhotoFace | None = None) -> None:
        """Show the face large, centred (double-click)."""
        face = face or self.current_face()
        if face is None:
            return
        self.framing.frame_face(face)
        self.update()

    def zoom(self, factor: float, around: QPointF | None = None) -> None:
        """Zoom by factor keeping the photo point under around (widget) in place."""
        face = self.current_face()
        if face is None or self.framing.scale is None:
            return
        around = around if around is not None else QPointF(self.width() / 2, self.height() / 2)
        self.framing.zoom(face, factor, around)
        self.request()
        self.update()

    def to_widget(self, point: NDArray[np.float64] | tuple[float, float]) -> QPointF:
        return self.framing.to_widget(point)

    def to_photo(self, position: QPointF) -> NDArray[np.float64]:
        return self.framing.to_photo(position)

    def photo_rect(self) -> QRectF:
        """Where the whole photo lands in the widget (empty with no photo)."""
        face = self.current_face()
        return QRectF() if face is None else self.framing.photo_rect(face)

    def handles(self) -> FitHandles | None:
        face, fit = self.current_face(), self.effective_fit()
        if face is None or fit is None:
            return None
        return screen_handles(face, fit, self.framing.view_scale)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        face = self.current_face()
        if face is not None and self.framing.scale is not None:
            self.framing.resized(face)
            self.update()
            self.request()

    # -- painting ------------------------------------------------------------------------

    def _image(self, key: str, pixels: NDArray[np.uint8]) -> QImage:
        """A QImage over pixels ((h, w, 3) uint8), made once per array."""
        cached = self._images.get(key)
        if cached is not None and cached[0] is pixels:
            return cached[1]
        data = np.ascontiguousarray(pixels)
        height, width = data.shape[:2]
        # PyQt6's stubs ask for bytes; a memoryview shares the array's pixels, no copy.
        image: QImage = QImage(
            data.data,  # type: ignore[call-overload]
            width,
            height,
            3 * width,
            QImage.Format.Format_RGB888,
        )
        self._images[key] = (data, image)  # the array outlives the image over it
        return image

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        face = self.current_face()
        if face is None:
            self._paint_placeholder(painter)
            return
        self._ensure_framed(face)
        # Stretched smoothly at rest; in motion the frame is a lower-resolution copy and
        # is drawn with the cheaper nearest-pixel stretch (the raster engine's filtered
        # scaling of a megapixel image costs the UI thread tens of milliseconds).
        moving = self._moving or self.playing or self._drag is not None
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not moving)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self.photo_rect()
        frame = self.frame
        original = self._image("original", face.photo.pixels)
        if frame is None:
            painter.drawImage(target, original)
        else:
            painter.drawImage(target, self._image("portrait", frame.pixels))
        if self.mode == "compare":
            paint_wipe(painter, target, original, self.wipe_x(), self.height())
        if self.show_lines and self.measures is not None and self.measures.lines is not None:
            paint_reference_lines(painter, self.measures.lines, self.to_widget)
        if self.mode == "portrait" and (self.handles_shown or self._drag is not None):
            self._paint_handles(painter)
        if frame is None:
            self._paint_note(painter, "Fitting the smile…")

    def _paint_placeholder(self, painter: QPainter) -> None:
        painter.setPen(QColor(170, 176, 186))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        ref = self.document.design.photo
        text = (
            f"This smile was designed on {ref.file_name}, which is not open.\n"
            "Open it with File › Open Photo…"
            if ref is not None
            else "Design on your own smile: File › Open Photo…, or drop a photo here,\n"
            "or try the sample portrait (File › Try the Sample Portrait)."
        )
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_note(self, painter: QPainter, text: str) -> None:
        painter.setPen(QColor(230, 232, 236))
        painter.drawText(
            self.rect().adjusted(0, 0, 0, -14),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            text,
        )

    def wipe_x(self) -> float:
        """Widget x of the wipe line."""
        return wipe_line_x(self.wipe, self.photo_rect())

    def _paint_handles(self, painter: QPainter) -> None:
        handles = self.handles()
        if handles is None:
            return
        points = {name: self.to_widget(p) for name, p in handles.positions().items()}
        dragged = self._drag.handle if self._drag is not None else None
        paint_handles(painter, points, {name for name in (self._hover, dragged) if name})

    # -- editing the fit -----------------------------------------------------------------

    def write_fit(self, fit: PhotoFit | None, label: str, merge_key: str | None = None) -> None:
        """Make fit (None: the automatic fit) the design's, as one named undo step."""
        design = self.document.design
        if design.photo is None:
            return
        photo = design.photo.model_copy(update={"fit": fit})
        self.document.edit(design.model_copy(update={"photo": photo}), label, merge_key)

    def reset_fit(self) -> None:
        self.write_fit(None, "Reset the fit")

    def _moved(self) -> None:
        self._moving = True
        self._still.start()

    def _stood_still(self) -> None:
        self._moving = False
        self.request()  # the full mesh

    def handle_at(self, position: QPointF) -> str | None:
        handles = self.handles()
        if handles is None or self.mode != "portrait":
            return None
        return handles.nearest(self.to_photo(position), grab_reach(self.framing.view_scale))

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is None or self.current_face() is None:
            return
        position = event.position()
        button = event.button()
        if button == Qt.MouseButton.LeftButton and self.mode == "compare":
            self._drag = _Drag("wipe")
            self._wipe_placed = True
            self._set_wipe(position.x())
        elif button == Qt.MouseButton.LeftButton and (name := self.handle_at(position)):
            self._drag = _Drag("handle", name, self.handles(), self.to_photo(position), position)
            self.message.emit(HANDLE_LABELS[name])
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._drag = _Drag("pan", last=position)
        event.accept()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        position = event.position()
        drag = self._drag
        if drag is None:
            hover = self.handle_at(position)
            if hover != self._hover:
                self._hover = hover
                cursor = Qt.CursorShape.OpenHandCursor if hover else Qt.CursorShape.ArrowCursor
                self.setCursor(cursor)
                self.update()
            return
        if drag.kind == "wipe":
            self._set_wipe(position.x())
        elif drag.kind == "pan" and drag.last is not None:
            delta = position - drag.last
            drag.last = position
            face = self.current_face()
            if face is not None:
                self.framing.pan(face, delta)
            self.update()
        elif drag.kind == "handle" and drag.handles is not None and drag.start is not None:
            fit = drag.handles.dragged(drag.handle, drag.start, self.to_photo(position))
            self._moved()
            self.write_fit(fit, f"Fit: {HANDLE_LABELS[drag.handle].lower()}", "photo.fit.drag")

    def drag_handle(self, name: str, start: QPointF, end: QPointF, steps: int = 8) -> None:
        """Drag handle name from start to end (widget pixels) as a hand would (tests,
        benchmark)."""
        from PyQt6.QtCore import QEvent

        def send(kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
            event = QMouseEvent(
                kind, point, point, Qt.MouseButton.LeftButton, buttons,
                Qt.KeyboardModifier.NoModifier,
            )  # fmt: skip
            {
                QEvent.Type.MouseButtonPress: self.mousePressEvent,
                QEvent.Type.MouseMove: self.mouseMoveEvent,
                QEvent.Type.MouseButtonRelease: self.mouseReleaseEvent,
            }[kind](event)

        held = Qt.MouseButton.LeftButton
        send(QEvent.Type.MouseButtonPress, start, held)
        assert self._drag is not None and self._drag.handle == name, "no handle there"
        for index in range(1, steps + 1):
            send(QEvent.Type.MouseMove, start + (end - start) * (index / steps), held)
        send(QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and drag.kind == "handle":
            self.document.end_merge()  # the next drag is its own undo step
        self.update()

    def enterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.handles_shown = True
        self.update()

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.handles_shown = False
        self._hover = None
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent | None) -> None:
        self.framing.zoomed = False
        self.frame_face()
        self.request()

    def _set_wipe(self, x: float) -> None:
        self.wipe = wipe_at(x, self.photo_rect(), self.wipe)
        self.update()

    def wheelEvent(self, event: QWheelEvent | None) -> None:
        face = self.current_face()
        if event is None or face is None or self.framing.scale is None:
            return
        factor = 1.15 ** (event.angleDelta().y() / 120)  # a notch of the wheel: 15 %
        self.zoom(factor, event.position())

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        face, fit = self.current_face(), self.effective_fit()
        if event is None or face is None or fit is None or self.mode != "portrait":
            super().keyPressEvent(event)
            return
        big = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        change = key_nudge(Qt.Key(event.key()), big, self.framing.view_scale)
        if change is None:
            super().keyPressEvent(event)
            return
        self._moved()
        self.handles_shown = True
        self.write_fit(nudged(fit, face.photo.size, **change), "Nudge the fit", "photo.fit.nudge")
