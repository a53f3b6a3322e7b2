"""The view's levels of detail: one mesh it can draw (the full build or the service's
preview) with its renderer, and the look last uploaded to it.

A level recomputes its look (the glow at time t, the selection tinted) and uploads it
only when it is drawn and its source, the time or the selection changed since, so
playing the glow on the preview costs nothing on the full mesh. Which level to draw,
and at what resolution, is the view's policy (`viewport.SmileView`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from fusionsmile.app.scene_service import BuiltScene, PreviewScene
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.layers.compose import ComposeCache, compose, is_animated
from fusionsmile.core.scene import Scene
from fusionsmile.render.renderer import Renderer

# Selected teeth are tinted towards this colour and given a faint glow of it, so the
# selection reads in day light and in the dark alike.
SELECTION_TINT = np.array([0.35, 0.75, 1.0], dtype=np.float32)


def styled_scene(
    source: BuiltScene | PreviewScene,
    t: float,
    selection: tuple[int, ...],
    cache: ComposeCache,
) -> Scene:
    """The scene of source as the view draws it: its look at time t, selection tinted."""
    scene = source.scene
    if t > 0 and is_animated(source.design):
        scene = scene.with_channels(compose(source.design, source.attributes, t, cache))
    if selection:
        picked = np.isin(scene.tooth, np.asarray(selection, dtype=np.int16))
        picked &= scene.region == Region.ENAMEL
        albedo = scene.albedo.copy()
        albedo[picked] = albedo[picked] * 0.55 + SELECTION_TINT * 0.45
        emission = scene.emission.copy()
        emission[picked] += SELECTION_TINT * 0.12
        scene = replace(scene, albedo=albedo, emission=emission)
    return scene


class DetailLevel:
    """One mesh the view can draw (full or preview): its renderer, and the look last
    uploaded to it. The look is recomputed and uploaded only when this level is drawn
    and its source, the time or the selection changed since, so playing the glow on
    the preview costs nothing on the full mesh."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.source: BuiltScene | PreviewScene | None = None
        self.uploaded_key: tuple[object, ...] | None = None
        self._uploaded_dentition: object = None

    def prepare(self, t: float, selection: tuple[int, ...], cache: ComposeCache) -> None:
        """Upload the look of the source at t with selection, unless it is already up."""
        source = self.source
        assert source is not None
        t = t if is_animated(source.design) else 0.0
        key = (id(source), t, selection)
        if key == self.uploaded_key and self.renderer.scene is not None:
            return
        scene = styled_scene(source, t, selection, cache)
        if self._uploaded_dentition is not source.dentition or self.renderer.scene is None:
            self.renderer.set_scene(scene)  # new geometry
            self._uploaded_dentition = source.dentition
        else:
            self.renderer.update_channels(scene)  # same mesh, new look
        self.uploaded_key = key
