"""The designed smile inside a person's photo.

The scene is drawn by the app's own renderer, with the camera of the fit, over a box
around the mouth; it shows only inside the mouth opening (the inner-lip polygon,
feathered), over the dark of the oral cavity, shaded where the upper lip and the
corners of the mouth (the buccal corridor) hide the light, in the photo's colour of
light, brightness, softness and noise. In day lighting every pixel outside the opening
is the photo's own. At night the photo turns to night and the glow lights the lips and
the skin around the mouth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw
from scipy import ndimage

from fusionsmile.core.colour import REC709_LUMINANCE
from fusionsmile.core.design import PhotoFit
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.scene import Scene
from fusionsmile.export.colour import linear_to_srgb_bytes, srgb_bytes_to_linear
from fusionsmile.portrait.face import FacialFrame
from fusionsmile.portrait.fit import Placement, placement
from fusionsmile.portrait.match import PhotoLook
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import Renderer, shared_renderer

MATTE_SUPERSAMPLE = 4
LIP_OVERLAP_MM = 0.4
UPPER_LIP_OVERLAP_MM = 0.8  # more, on the upper lip
# Gums in a portrait: what shows of them in a smile is the thin, wet margin and the
# papillae, lit from near the camera, and next to the lips they read a light coral pink.
# Drawn with the studio model's deep red (and a darker, greyer version of it, as before)
# they stood out crimson beside the person's own lips. The gums are mixed this far
# towards that pink, in linear RGB (sRGB ~(236, 158, 156)).
GUM_PINK = np.array([0.84, 0.34, 0.33], dtype=np.float32)
GUM_LIGHTEN = 0.35
# The incisal edge in a portrait: lit from near the camera, a real incisal third reads a
# little greyer and more see-through than the body, not the grey-blue band the studio
# model's opalescence (L* ~74, b* ~3 against the body's 84 and 14, and a third less of
# the light diffused) drew across the sample portrait's new teeth. Its colour and
# translucency are moved this far back towards the tooth's body (the more, the more
# translucent), so the edge still shows.
INCISAL_TAME = 0.5
INCISAL_SPAN = 0.35  # translucency above the body's at which the full share applies
# Between the crowns the teeth are in shade, and shade in a translucent, dentin-backed
# material is warmer, not greyer: what light reaches it has crossed the dentin. The
# renderer's ambient occlusion only darkens, and on the sample portrait the embrasures
# came out b* 7.5-9.6 against her 10-13, grey lines between the crowns. Where the
# occlusion dims the enamel, its albedo is raised to a power 1 + SHADE_WARMTH x (the
# occluded share) and brought back to its luminance: more chromatic, no darker.
SHADE_WARMTH = 1.5
# The upper lip's shadow on what it hangs over: darkest at the lip, gone in a few mm. A
# portrait is lit from near the camera, so the shadow is short; a stronger one turned the
# papillae under the lip crimson, which no photo of a smile shows.
UPPER_LIP_SHADE = 0.3
UPPER_LIP_SHADE_MM = 1.5
# How the photo is turned to night ("day for night", as films do): darker, bluer, less
# saturated. Blacklight: a deep violet room.
NIGHT_GRADE = np.array([0.035, 0.045, 0.075], dtype=np.float32)
BLACKLIGHT_GRADE = np.array([0.035, 0.012, 0.08], dtype=np.float32)
NIGHT_SATURATION = 0.45
NIGHT_EXPOSURE = 2.2
GLOW_SPILL = 7.0  # how much of the glow leaving the mouth falls on the face around it


@dataclass(frozen=True)
class PortraitLook:
    """How the smile is shown in the photo (every choice a user can make)."""

    lighting: str = "day"
    seed: int = 0  # of the grain laid over the new teeth


@dataclass(frozen=True)
class MouthShading:
    """Per-pixel shading of the render box ((h, w) float32 each)."""

    matte: NDArray[np.float32]  # 1 inside the mouth opening, feathered
    shade: NDArray[np.float32]  # upper lip, lower lip and buccal corridor shadows


def mouth_scene(scene: Scene) -> Scene:
    """The scene as it looks inside a mouth in a portrait: the gums lighter and pinker
    than a model's on a studio table (GUM_PINK), the incisal edges less grey-blue
    (INCISAL_TAME), the shade between the crowns warm (SHADE_WARMTH). Make it once per
    look and pass it to `composite_portrait` (the renderer keeps the scene it was last
    given)."""
    gums = scene.region == Region.GINGIVA
    albedo = scene.albedo.copy()
    albedo[gums] += GUM_LIGHTEN * (GUM_PINK - albedo[gums])
    translucency = scene.translucency.copy()
    crowns = np.flatnonzero(scene.region == Region.ENAMEL)
    if len(crowns):
        t = translucency[crowns]
        base = float(t.min())
        teeth = np.clip(scene.tooth[crowns].astype(np.int64), 0, 99)
        # Each tooth's body: its least translucent enamel.
        body = t <= base + 0.01
        counts = np.bincount(teeth[body], minlength=100).astype(np.float32)
        colour = (
            np.stack(
                [
                    np.bincount(teeth[body], albedo[crowns][body, c], minlength=100)
                    for c in range(3)
                ],
                axis=1,
            )
            / np.maximum(counts, 1.0)[:, None]
        )
        share = INCISAL_TAME * np.clip((t - base - 0.01) / INCISAL_SPAN, 0.0, 1.0)
        share *= counts[teeth] > 0
        albedo[crowns] += share[:, None] * (colour[teeth] - albedo[crowns])
        translucency[crowns] = t - share * (t - base)
        occluded = 1.0 - np.clip(scene.ambient[crowns], 0.0, 1.0)
        power = (1.0 + SHADE_WARMTH * occluded)[:, None]
        before = np.clip(albedo[crowns], 0.0, 1.0)
        warm = before**power
        # As light as before: the occlusion darkens it already.
        lightness = (before @ REC709_LUMINANCE) / np.maximum(warm @ REC709_LUMINANCE, 1e-6)
        albedo[crowns] = np.clip(warm * lightness[:, None], 0.0, 1.0)
    return replace(scene, albedo=albedo, translucency=translucency)


def composite_portrait(
    pixels: NDArray[np.uint8],
    frame: FacialFrame,
    look: PhotoLook,
    fit: PhotoFit,
    scene: Scene,
    anchor: NDArray[np.float64],
    options: PortraitLook = PortraitLook(),
    renderer: Renderer | None = None,
    base: NDArray[np.uint8] | None = None,
) -> NDArray[np.uint8]:
    """(h, w, 3) uint8: the photo pixels ((h, w, 3) uint8 RGB) with scene (a `mouth_scene`)
    drawn into the mouth, fitted by fit; anchor is the dentition's fit anchor (mm).

    base : `graded_photo(pixels, options.lighting)` when the caller keeps it (the photo
           in the lighting is the same for every frame and fit; at night it costs more
           than the mouth's composite), else it is made here
    """
    height, width = pixels.shape[:2]
    place = placement(fit, (width, height), anchor, _half_extent(options.lighting))
    renderer = renderer or shared_renderer()
    renderer.use_scene(scene)
    lighting = lighting_for(options.lighting)
    render = renderer.render(place.camera, lighting, place.size, transparent=True)
    return composite_render(pixels, frame, look, place, render, options, base)


def composite_render(
    pixels: NDArray[np.uint8],
    frame: FacialFrame,
    look: PhotoLook,
    place: Placement,
    render: NDArray[np.uint8],
    options: PortraitLook = PortraitLook(),
    base: NDArray[np.uint8] | None = None,
) -> NDArray[np.uint8]:
    """The compositing half of `composite_portrait`: render ((bh, bw, 4) uint8, straight
    alpha) is the scene drawn for place's box."""
    height, width = pixels.shape[:2]
    left, top, right, bottom = place.box
    # The part of the box inside the photo, in photo and in box pixels.
    x0, y0, x1, y1 = max(left, 0), max(top, 0), min(right, width), min(bottom, height)
    if base is None:
        out = graded_photo(pixels, options.lighting)
    elif base.shape == pixels.shape:
        out = base.copy()
    else:
        raise ValueError(f"base {base.shape} is not of the photo's shape {pixels.shape}")
    if x1 <= x0 or y1 <= y0:
        return out
    box_slice = (slice(y0 - top, y1 - top), slice(x0 - left, x1 - left))
    photo_slice = (slice(y0, y1), slice(x0, x1))

    shading = mouth_shading(frame, place)
    matte = shading.matte[box_slice][:, :, None]
    colour = srgb_bytes_to_linear(render[box_slice][:, :, :3])
    alpha = render[box_slice][:, :, 3:4].astype(np.float32) / 255.0
    day = options.lighting == "day"
    if day:
        colour = colour * look.white_gain * _exposure(colour, alpha, matte, look)
    premultiplied = colour * alpha
    softness = math.sqrt(max(look.blur_px**2 - 0.5**2, 0.0))
    if softness > 0.05:
        premultiplied = ndimage.gaussian_filter(premultiplied, (softness, softness, 0))
        alpha = ndimage.gaussian_filter(alpha, (softness, softness, 0))
    cavity = look.cavity if day else look.cavity * NIGHT_GRADE / NIGHT_GRADE.mean() * 0.1
    shade = shading.shade[box_slice][:, :, None]
    inside = (premultiplied + (1.0 - alpha) * cavity) * shade

    # The photo around the mouth in linear light (out holds the graded photo by now).
    around = srgb_bytes_to_linear(out[photo_slice])
    if not day:
        # The glow that leaves the mouth lights the lips and skin around it: the photo's
        # own colours (their reflectance) lit by the blurred light, plus a faint halo.
        light = _glow_light(premultiplied * matte, place.px_per_mm)
        reflectance = srgb_bytes_to_linear(pixels[photo_slice])
        around = around + (1.0 - matte) * (reflectance * light * 1.6 + 0.15 * light)
        inside = inside + 0.15 * light
    inside_bytes = linear_to_srgb_bytes(inside).astype(np.float32)
    if look.noise_sigma > 0.2:
        rng = np.random.default_rng(options.seed)
        grain = rng.normal(0.0, look.noise_sigma, inside_bytes.shape[:2]).astype(np.float32)
        inside_bytes += grain[:, :, None]
    base_bytes = linear_to_srgb_bytes(around).astype(np.float32) if not day else out[photo_slice]
    mixed = base_bytes * (1.0 - matte) + inside_bytes * matte
    region = np.clip(mixed + 0.5, 0, 255).astype(np.uint8)
    if day:
        # Outside the opening the photo stays its own, byte for byte.
        keep = shading.matte[box_slice] <= 0.0
        region[keep] = out[photo_slice][keep]
    out[photo_slice] = region
    return out


def mouth_shading(frame: FacialFrame, place: Placement) -> MouthShading:
    """The matte and the shadows of the mouth, over place's box."""
    left, top, right, bottom = place.box
    w, h = right - left, bottom - top
    offset = np.array([left, top], dtype=np.float64)
    lip = frame.inner_lip - offset
    # The upper lip hangs over the teeth further than the lower lip lies on them.
    lip[: len(frame.upper_inner_lip)] += (
        frame.mouth_axes[1] * UPPER_LIP_OVERLAP_MM * place.px_per_mm
    )
    ss = MATTE_SUPERSAMPLE
    canvas = Image.new("L", (w * ss, h * ss), 0)
    ImageDraw.Draw(canvas).polygon([(float(x * ss), float(y * ss)) for x, y in lip], fill=255)
    coverage = np.asarray(canvas.reduce(ss), dtype=np.float32) / 255.0
    # The lips' inner edge lies on the teeth: the matte starts a little inside the
    # landmark contour, so no rendered gum shows where the photo had lip.
    inset = LIP_OVERLAP_MM * place.px_per_mm
    depth = ndimage.distance_transform_edt(coverage > 0.5).astype(np.float32)
    matte = np.where(depth > 1.0, np.clip(depth - inset, 0.0, 1.0), coverage * (inset < 0.5))
    feather = max(0.6, 0.12 * place.px_per_mm)  # a pixel or so, more on a large face
    matte = ndimage.gaussian_filter(matte, feather)
    matte[matte < 1.0 / 512] = 0.0  # far outside: exactly the photo

    across, down = frame.mouth_axes
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float32)
    anchor = np.array([(w - 1) / 2, (h - 1) / 2])
    a = (cols - anchor[0]) * across[0] + (rows - anchor[1]) * across[1]
    d = (cols - anchor[0]) * down[0] + (rows - anchor[1]) * down[1]
    upper = frame.upper_inner_lip - offset - anchor
    lower = frame.lower_inner_lip - offset - anchor
    upper_a, upper_d = upper @ across, upper @ down
    lower_a, lower_d = lower @ across, lower @ down
    below_upper = d - _profile(upper_a, upper_d, a)
    above_lower = _profile(lower_a, lower_d, a) - d
    mm = place.px_per_mm
    # The upper lip shades the cervical third; the lower lip a little; the corners of the
    # mouth hold the buccal corridor's shadow.
    shade = 1.0 - UPPER_LIP_SHADE * np.exp(
        -np.maximum(below_upper, 0.0) / (UPPER_LIP_SHADE_MM * mm)
    )
    shade *= 1.0 - 0.25 * np.exp(-np.maximum(above_lower, 0.0) / (0.8 * mm))
    commissures = (frame.commissures - offset - anchor) @ across
    half = max(abs(float(commissures[0])), abs(float(commissures[1])), 1.0)
    u = np.abs(a) / half
    shade *= 1.0 - 0.65 * _smoothstep(0.45, 0.95, u)
    return MouthShading(matte.astype(np.float32), shade.astype(np.float32))


def _profile(
    xs: NDArray[np.float64], ys: NDArray[np.float64], at: NDArray[np.float32]
) -> NDArray[np.float32]:
    order = np.argsort(xs)
    return np.interp(at, xs[order], ys[order]).astype(np.float32)


def _smoothstep(e0: float, e1: float, x: NDArray[np.float32]) -> NDArray[np.float32]:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    smooth: NDArray[np.float32] = t * t * (3.0 - 2.0 * t)
    return smooth


def _exposure(
    colour: NDArray[np.float32],
    alpha: NDArray[np.float32],
    matte: NDArray[np.float32],
    look: PhotoLook,
) -> float:
    """Brightness gain that gives the rendered teeth the photo's exposure: the bright
    part of the person's own teeth when they show (the same 85th percentile as of the
    render: the mean of all their pixels, shadowed ones too, times 1.15 left the new
    teeth L* ~8 darker than hers on the sample portrait), else a little under the white
    of the eye."""
    seen = (alpha[:, :, 0] > 0.95) & (matte[:, :, 0] > 0.5)
    if seen.sum() < 8:
        return 1.0
    luminance = colour[seen] @ REC709_LUMINANCE
    rendered = float(np.quantile(luminance, 0.85))
    if look.own_teeth_bright is not None:
        target = look.own_teeth_bright
    elif look.own_teeth is not None:
        target = float(look.own_teeth @ REC709_LUMINANCE) * 1.15
    else:
        target = 0.75 * look.white_level
    return float(np.clip(target / max(rendered, 1e-4), 0.3, 2.5))


def _glow_light(glow: NDArray[np.float32], px_per_mm: float) -> NDArray[np.float32]:
    """The light the glow throws on the face around the mouth: two blurs (a few mm
    and a centimetre), as bloom does."""
    near = ndimage.gaussian_filter(glow, (3.0 * px_per_mm, 3.0 * px_per_mm, 0))
    far = ndimage.gaussian_filter(glow, (9.0 * px_per_mm, 9.0 * px_per_mm, 0))
    light: NDArray[np.float32] = (0.6 * near + 0.4 * far) * GLOW_SPILL
    return light


def _half_extent(lighting: str) -> tuple[float, float]:
    """mm around the anchor the render covers: the dentition, and at night the reach
    of the glow's light."""
    return (45.0, 32.0) if lighting == "day" else (60.0, 50.0)


def graded_photo(pixels: NDArray[np.uint8], lighting: str) -> NDArray[np.uint8]:
    """The photo in the scene's lighting: itself by day, turned to night otherwise."""
    if lighting == "day":
        return pixels.copy()
    grade = NIGHT_GRADE if lighting == "night" else BLACKLIGHT_GRADE
    linear = srgb_bytes_to_linear(pixels)
    grey = linear @ REC709_LUMINANCE
    muted = grey[:, :, None] + NIGHT_SATURATION * (linear - grey[:, :, None])
    return linear_to_srgb_bytes(muted * grade * NIGHT_EXPOSURE)
