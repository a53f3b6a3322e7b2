"""Camera and lighting names are declared once (core.design) and every list of them
agrees: the renderer's presets, the command line, the app's menus and dialogs. The shading
channels are declared once (core.layers.channels) and the renderer and shader follow."""

from __future__ import annotations

from fusionsmile.core.design import CAMERA_NAMES, LIGHTING_NAMES
from fusionsmile.render.camera import CAMERA_PRESETS
from fusionsmile.render.lighting import LIGHTING_PRESETS


def test_the_renderer_has_a_preset_for_every_name_and_no_other() -> None:
    assert tuple(CAMERA_PRESETS) == CAMERA_NAMES
    assert tuple(LIGHTING_PRESETS) == LIGHTING_NAMES


def test_the_surface_shader_reads_every_shading_channel_by_its_name() -> None:
    # The renderer lays the channels out from channels.py; a channel added there and not
    # to the shader (or one left in the shader) would be read as garbage or not at all.
    import re
    from importlib.resources import files

    from fusionsmile.core.layers.channels import CHANNEL_NAMES, channel_width

    source = (files("fusionsmile.render") / "shaders" / "surface.vert").read_text()
    found = re.findall(r"^in (float|vec3) in_(\w+);", source, re.MULTILINE)
    inputs = {name: glsl_type for glsl_type, name in found}
    geometry_inputs = {"position", "normal", "ambient"}  # from the surface, not the layers
    assert set(inputs) - geometry_inputs == set(CHANNEL_NAMES)
    for name in CHANNEL_NAMES:
        assert {"float": 1, "vec3": 3}[inputs[name]] == channel_width(name), name
