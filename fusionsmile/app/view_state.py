"""How the smile is being looked at (the camera preset, the lighting preview, bloom) and
the choices panels remember (how one works, such as the mood panel's apply mode).

This is view state, not the design: changing it is not an undo step and does not make
the file unsaved (a designer who switches to Day and back has edited nothing). It is
remembered for the session and in QSettings, so the app opens in the light last used.
A design still carries a *preferred* view (`design.view`) for its renders and
thumbnails: a file opens in it, and "Use This View for Renders" sets it on purpose.
"""

from __future__ import annotations

from PyQt6.QtCore import QObject, QSettings, pyqtSignal

from fusionsmile.core.design import CAMERA_NAMES, LIGHTING_NAMES, View

_LIGHTING_KEY = "view/lighting"
_BLOOM_KEY = "view/bloom"


class ViewState(QObject):
    """Signals: camera_changed(name), lighting_changed(name), bloom_changed(on)."""

    camera_changed = pyqtSignal(str)
    lighting_changed = pyqtSignal(str)
    bloom_changed = pyqtSignal(bool)

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        self._camera = "front"
        lighting = settings.value(_LIGHTING_KEY, "night", type=str) if settings else "night"
        self._lighting = lighting if lighting in LIGHTING_NAMES else "night"
        self._bloom = bool(settings.value(_BLOOM_KEY, True, type=bool)) if settings else True
        self._choices: dict[str, str] = {}  # without settings: for this session only

    @property
    def camera(self) -> str:
        return self._camera

    @property
    def lighting(self) -> str:
        return self._lighting

    @property
    def bloom(self) -> bool:
        return self._bloom

    def set_camera(self, name: str) -> None:
        if name not in CAMERA_NAMES:
            raise ValueError(f"unknown camera preset {name!r}")
        # Emitted even when unchanged: choosing the preset again re-frames the view.
        self._camera = name
        self.camera_changed.emit(name)

    def set_lighting(self, name: str) -> None:
        if name not in LIGHTING_NAMES:
            raise ValueError(f"unknown lighting {name!r}")
        if name != self._lighting:
            self._lighting = name
            self._remember(_LIGHTING_KEY, name)
            self.lighting_changed.emit(name)

    def set_bloom(self, on: bool) -> None:
        if on != self._bloom:
            self._bloom = on
            self._remember(_BLOOM_KEY, on)
            self.bloom_changed.emit(on)

    def adopt(self, view: View) -> None:
        """Show a design's preferred view (a file was opened)."""
        self.set_lighting(view.lighting)
        self.set_camera(view.camera)

    def choice(self, key: str, default: str) -> str:
        """A panel's remembered choice (a mode, a tab): how one works, not the design."""
        if self._settings is None:
            return self._choices.get(key, default)
        return str(self._settings.value(f"choices/{key}", default, type=str))

    def set_choice(self, key: str, value: str) -> None:
        self._choices[key] = value
        self._remember(f"choices/{key}", value)

    def as_view(self) -> View:
        """This view as a design's preferred view."""
        return View(camera=self._camera, lighting=self._lighting)  # type: ignore[arg-type]

    def _remember(self, key: str, value: object) -> None:
        if self._settings is not None:
            self._settings.setValue(key, value)
