"""Camera and lighting names are declared once (core.design) and every list of them
agrees: the renderer's presets, the command line, the app's menus and dialogs."""

from __future__ import annotations

from fusionsmile.core.design import CAMERA_NAMES, LIGHTING_NAMES
from fusionsmile.render.camera import CAMERA_PRESETS
from fusionsmile.render.lighting import LIGHTING_PRESETS


def test_the_renderer_has_a_preset_for_every_name_and_no_other() -> None:
    assert tuple(CAMERA_PRESETS) == CAMERA_NAMES
    assert tuple(LIGHTING_PRESETS) == LIGHTING_NAMES
