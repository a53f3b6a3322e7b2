"""Glow curves sampled off the UI thread (a sparkle layer's preparation alone takes
~0.2 s): one worker thread, the newest request first, older ones dropped."""

from __future__ import annotations

import threading

from PyQt6.QtCore import QObject, pyqtSignal

from fusionsmile.core.design import Layer
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.glow_curve import GlowCurve, glow_curve


class GlowSampler(QObject):
    """Signal: sampled(request id: int, curve: GlowCurve)."""

    sampled = pyqtSignal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._pending: tuple[int, Layer, SurfaceAttributes] | None = None
        self._thread: threading.Thread | None = None
        self._next_id = 0

    def request(self, layer: Layer, attributes: SurfaceAttributes) -> int:
        with self._condition:
            self._next_id += 1
            self._pending = (self._next_id, layer, attributes)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="glow-curve", daemon=True)
                self._thread.start()
            return self._next_id

    def _work(self) -> None:
        while True:
            with self._condition:
                if self._pending is None:
                    self._thread = None
                    return
                request, layer, attributes = self._pending
                self._pending = None
            try:
                curve = glow_curve(layer, attributes)
            except Exception as error:  # a broken layer shows its error, the panel lives
                curve = GlowCurve.empty(layer.name, f"{type(error).__name__}: {error}")
            try:
                self.sampled.emit(request, curve)
            except RuntimeError:  # the panel was closed while this curve was sampled
                return
