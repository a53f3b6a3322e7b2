"""Lighting presets: a few directional lights, hemisphere ambient, background, exposure.

Light directions are in VIEW space (x right, y up, z towards the viewer) and point from
the surface towards the light. Lights travel with the camera, as a photographer's
strobes do, so the occlusal views (camera above or below the arch) are lit as well as
the front view. Colours of lights are linear RGB; background colours are sRGB bytes,
as a designer would pick them, and are drawn exactly (not tone mapped).
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Light:
    """A directional light: unit-less direction towards the light and linear RGB radiance."""

    direction: RGB
    colour: RGB


@dataclass(frozen=True)
class Lighting:
    """Everything the shader needs besides the scene and the camera.

    lights : up to MAX_LIGHTS directional lights
    sky, ground : hemisphere ambient for normals pointing up / down (view space), linear
    background_top, background_bottom : sRGB 0-255, vertical gradient behind the mouth
    exposure : multiplier on linear radiance before tone mapping
    bloom_strength : how much of the blurred emission is added back
    uv : strength of ultraviolet light: scales the fluorescence channel (0 = none)
    tone_mapped : the filmic curve on (every preset); off, radiance is shown as it is
    """

    lights: tuple[Light, ...]
    sky: RGB
    ground: RGB
    background_top: tuple[int, int, int]
    background_bottom: tuple[int, int, int]
    exposure: float
    bloom_strength: float
    uv: float = 0.0
    tone_mapped: bool = True


MAX_LIGHTS = 4

LIGHTING_PRESETS: dict[str, Lighting] = {
    # Studio: warm key from the upper left, cool fill from the right, a rim light from
    # behind and above that makes thin incisal edges glow through.
    "day": Lighting(
        lights=(
            Light((-0.45, 0.55, 0.70), (1.25, 1.14, 0.98)),
            Light((0.60, 0.10, 0.80), (0.30, 0.36, 0.45)),
            Light((0.10, 0.50, -0.85), (0.9, 0.9, 0.95)),
        ),
        sky=(0.22, 0.23, 0.25),
        ground=(0.08, 0.075, 0.07),
        # A photographer's mid-grey backdrop, darker than the lightest enamel shades.
        background_top=(196, 199, 205),
        background_bottom=(138, 141, 148),
        # Teeth sit below the filmic shoulder, which would bleach their chroma (A1 came
        # out at b* 6.5 instead of its 14 at exposure 1).
        exposure=0.72,
        bloom_strength=0.6,
    ),
    # Moonlight: one dim, cold light; the glow layers carry the picture. Bright enough
    # that natural teeth, the most reflective thing in a face, still read as teeth (above
    # the filmic curve's toe, which would crush them to black), and stay brighter than the
    # skin of a photo turned to night (portrait.composite.NIGHT_GRADE).
    "night": Lighting(
        lights=(
            Light((0.30, 0.70, 0.65), (0.11, 0.14, 0.23)),
            Light((-0.20, 0.40, -0.90), (0.07, 0.085, 0.15)),
        ),
        sky=(0.02, 0.025, 0.042),
        ground=(0.004, 0.004, 0.008),
        background_top=(14, 16, 26),
        background_bottom=(2, 3, 6),
        exposure=1.0,
        bloom_strength=1.2,
    ),
    # A UV-A lamp in a dark room: its visible leak is a dim deep violet, and the teeth
    # fluoresce blue-white (the uv-fluorescence layer writes how much).
    "blacklight": Lighting(
        lights=(
            Light((-0.30, 0.50, 0.80), (0.05, 0.012, 0.16)),
            Light((0.50, 0.20, 0.80), (0.025, 0.006, 0.08)),
        ),
        sky=(0.012, 0.004, 0.03),
        ground=(0.003, 0.001, 0.008),
        background_top=(22, 8, 40),
        background_bottom=(4, 2, 10),
        exposure=1.0,
        bloom_strength=1.0,
        uv=1.0,
    ),
}


# A check light, not a look: uniform white from every direction (a diffuse, integrating
# sphere as in a spectrophotometer's d/8 geometry), no tone curve. A diffuse surface
# renders as its own reflectance, so an enamel shade can be compared with the L*a*b* it
# was measured as (tests/render/test_shade_accuracy.py).
REFERENCE_LIGHTING = Lighting(
    lights=(),
    sky=(1.0, 1.0, 1.0),
    ground=(1.0, 1.0, 1.0),
    background_top=(128, 128, 128),
    background_bottom=(128, 128, 128),
    exposure=1.0,
    bloom_strength=0.0,
    tone_mapped=False,
)


def lighting_for(name: str) -> Lighting:
    """The preset called name; ValueError listing the valid names otherwise."""
    if name not in LIGHTING_PRESETS:
        valid = ", ".join(LIGHTING_PRESETS)
        raise ValueError(f"unknown lighting {name!r}; valid lightings: {valid}")
    return LIGHTING_PRESETS[name]
