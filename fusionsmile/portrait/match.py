"""What a photo says about its light and its camera, so new teeth can match it.

Measured around one face: the colour of the light (from the sclera, the nearest thing
to a white reference a face carries), how bright a white surface comes out, the dark
of the oral cavity, the person's own visible teeth, the sensor noise and the softness
of the optics. Phone photos are not calibrated (no grey card, no cross-polarised
light), so all of these are approximate: good enough to keep new teeth from looking
pasted on, not a colorimeter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw
from scipy import ndimage

from fusionsmile.core.colour import REC709_LUMINANCE
from fusionsmile.core.reference import reference
from fusionsmile.export.colour import srgb_bytes_to_linear
from fusionsmile.portrait.face import FacialFrame
from fusionsmile.portrait.landmarks import FaceLandmarks

EYE_CONTOURS = (
    (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246),
    (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466),
)
IRIS_CENTRES = (468, 473)
# A healthy sclera is not white: slightly warm in neutral light [approximate; sclera
# reflectance spectra rise towards red]. Its cast is divided out of the measured one.
SCLERA_CAST = np.array([1.05, 1.0, 0.93], dtype=np.float32)
DEFAULT_CAVITY = np.array([0.010, 0.003, 0.003], dtype=np.float32)  # linear, dark red-brown
# Linear green/red above which a bright pixel inside the lips is a tooth: yellowed teeth
# are ~0.7 (sRGB 215, 185, 130), lips, gums and tongue 0.25-0.35.
TEETH_GREEN_TO_RED = 0.55
# Natural teeth are barely red (a* of an upper central 0.17, tooth-optics.json); a sclera
# is often pinker than SCLERA_CAST (vessels, the lids' shade). When the person's teeth
# show, the red-green half of the white balance comes from their bright half: the sample
# portrait's sclera gave every neutral render a* +4.4, and the new teeth came out a* 4.6
# against her 2.6. Moved by at most this factor on the red gain.
TEETH_RED_GREEN_LIMIT = 1.15
_SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
_D65 = np.array([0.95047, 1.0, 1.08883])


@dataclass(frozen=True)
class PhotoLook:
    """The light and camera of a photo, measured around a face.

    white_gain : (3,) linear RGB gains that give a neutral render the photo's colour cast
    white_level : linear luminance of a white surface (the sclera's, brightened a little)
    cavity : (3,) linear colour of the dark inside the mouth
    own_teeth : (3,) linear colour of the person's visible teeth, or None when too few
                show
    noise_sigma : standard deviation of the sensor noise, in 8-bit sRGB levels
    blur_px : sigma (pixels) of the softness of the photo around the mouth
    own_teeth_bright : linear luminance of the bright part of the person's visible teeth
                       (85th percentile of their pixels), or None when too few show
    """

    white_gain: NDArray[np.float32]
    white_level: float
    cavity: NDArray[np.float32]
    own_teeth: NDArray[np.float32] | None
    noise_sigma: float
    blur_px: float
    own_teeth_bright: float | None = None


NOISE_PX = 0.5  # pre-blur of the softness measure (pixels)


def measure_look(pixels: NDArray[np.uint8], face: FaceLandmarks, frame: FacialFrame) -> PhotoLook:
    """The look of the photo (h, w, 3) uint8 around face."""
    left, top, right, bottom = _face_box(face, pixels.shape)
    crop = pixels[top:bottom, left:right]
    offset = np.array([left, top], dtype=np.float64)
    linear = srgb_bytes_to_linear(crop)
    luminance = linear @ REC709_LUMINANCE

    sclera = _polygon_mask(crop.shape, [face.points[list(c), :2] - offset for c in EYE_CONTOURS])
    iris_radius = 0.6 * 11.7 / frame.mm_per_px  # the iris and a margin of its limbus
    rows, cols = np.mgrid[0 : crop.shape[0], 0 : crop.shape[1]]
    for centre in IRIS_CENTRES:
        cx, cy = face.points[centre, :2] - offset
        sclera &= (cols - cx) ** 2 + (rows - cy) ** 2 > iris_radius**2
    white_gain, white_level = _white(linear[sclera], luminance[sclera])

    mouth = _polygon_mask(crop.shape, [frame.inner_lip - offset])
    mouth_inner = ndimage.binary_erosion(mouth, iterations=1) if mouth.sum() > 50 else mouth
    cavity, own_teeth, own_bright, own_bright_colour = _mouth_colours(
        linear[mouth_inner], luminance[mouth_inner], white_level
    )
    if own_bright_colour is not None:
        white_gain = _teeth_red_green(white_gain, own_bright_colour)

    return PhotoLook(
        white_gain=white_gain,
        white_level=white_level,
        cavity=cavity,
        own_teeth=own_teeth,
        noise_sigma=noise_sigma(crop),
        blur_px=_softness(luminance, frame, offset),
        own_teeth_bright=own_bright,
    )


def _face_box(face: FaceLandmarks, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    left, top, right, bottom = face.box
    return (
        max(0, int(left) - 2),
        max(0, int(top) - 2),
        min(shape[1], math.ceil(right) + 2),
        min(shape[0], math.ceil(bottom) + 2),
    )


def _polygon_mask(shape: tuple[int, ...], polygons: list[NDArray[np.float64]]) -> NDArray[np.bool_]:
    image = Image.new("1", (shape[1], shape[0]), 0)
    draw = ImageDraw.Draw(image)
    for polygon in polygons:
        draw.polygon([(float(x), float(y)) for x, y in polygon], fill=1)
    return np.array(image, dtype=bool)


def _white(
    colours: NDArray[np.float32], luminance: NDArray[np.float32]
) -> tuple[NDArray[np.float32], float]:
    """Gains and white level from sclera pixels: the brightest 40 %, which skips lashes,
    lids and shadow."""
    if len(luminance) < 12:
        return np.ones(3, dtype=np.float32), 0.6
    bright = colours[luminance >= np.quantile(luminance, 0.6)]
    mean = bright.mean(axis=0)
    cast = mean / max(float(mean.mean()), 1e-6) / SCLERA_CAST
    gain = np.clip(cast / cast.mean(), 0.75, 1.3).astype(np.float32)
    # The sclera sits in the eye's shade and is less bright than a lit white surface.
    level = float(np.clip(mean @ REC709_LUMINANCE * 1.25, 0.05, 1.0))
    return gain, level


def _mouth_colours(
    colours: NDArray[np.float32], luminance: NDArray[np.float32], white_level: float
) -> tuple[
    NDArray[np.float32], NDArray[np.float32] | None, float | None, NDArray[np.float32] | None
]:
    """The cavity (darkest tenth inside the lips), the person's own teeth (bright,
    nearly neutral pixels), their bright part's luminance (85th percentile) and the
    colour of their brighter half, if enough show."""
    if len(luminance) < 10:
        return DEFAULT_CAVITY, None, None, None
    dark = colours[luminance <= np.quantile(luminance, 0.1)].mean(axis=0)
    dark_luminance = float(dark @ REC709_LUMINANCE)
    if dark_luminance > 0.02:  # no real dark inside: keep it dark, in its hue
        dark = dark * (0.02 / dark_luminance)
    # Teeth are bright and yellowish to white (green close to red); lips, gums and the
    # tongue are red to pink (green far below red). A chroma bound would also drop
    # yellowed teeth, whose colour is what the own shade is for.
    green_to_red = colours[:, 1] / np.maximum(colours[:, 0], 1e-6)
    teeth = (luminance > 0.3 * white_level) & (green_to_red > TEETH_GREEN_TO_RED)
    if teeth.sum() < max(12, 0.05 * len(luminance)):
        return dark.astype(np.float32), None, None, None
    own = colours[teeth].mean(axis=0).astype(np.float32)
    # Their brighter half: the rest is shadow, the lips' pink bounce and the lips' edge.
    bright = teeth & (luminance >= np.quantile(luminance[teeth], 0.5))
    own_bright = colours[bright].mean(axis=0).astype(np.float32)
    return (
        dark.astype(np.float32),
        own,
        float(np.quantile(luminance[teeth], 0.85)),
        own_bright,
    )


def _a_star(rgb: NDArray[np.float64]) -> float:
    """CIE a* (D65) of one linear sRGB colour, in closed form (no colour-science import
    while a photo is being read)."""
    xyz = _SRGB_TO_XYZ @ rgb / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(500.0 * (f[0] - f[1]))


def _teeth_red_green(gain: NDArray[np.float32], teeth: NDArray[np.float32]) -> NDArray[np.float32]:
    """gain with its red scaled so that teeth (linear, as photographed) come out, once
    freed of the cast, at a natural central's a*: bisection on the red factor."""
    target = float(reference("natural_central_lab").value[1])
    teeth64 = np.asarray(teeth, dtype=np.float64)

    def a_star(k: float) -> float:
        scaled = gain * np.array([k, 1.0, 1.0])
        return _a_star(teeth64 / scaled)

    low, high = 1.0 / TEETH_RED_GREEN_LIMIT, TEETH_RED_GREEN_LIMIT
    if a_star(low) <= target:
        k = low
    elif a_star(high) >= target:
        k = high
    else:
        for _ in range(30):  # a* falls as the red gain rises
            k = 0.5 * (low + high)
            low, high = (k, high) if a_star(k) > target else (low, k)
        k = 0.5 * (low + high)
    scaled: NDArray[np.float32] = (gain * np.array([k, 1.0, 1.0])).astype(np.float32)
    return scaled / np.float32(scaled.mean())


def noise_sigma(crop: NDArray[np.uint8]) -> float:
    """Sensor noise (8-bit levels) of a crop, by Immerkær's method (1996): the image
    filtered by the difference of two Laplacians leaves mostly noise."""
    grey = crop.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if min(grey.shape) < 8:
        return 0.0
    kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
    response = np.abs(ndimage.convolve(grey, kernel, mode="reflect"))[1:-1, 1:-1]
    # Edges answer too: keep the quieter half of the picture (skin, cheeks).
    quiet = response[response <= np.quantile(response, 0.5)]
    sigma = math.sqrt(math.pi / 2) * float(quiet.mean()) / 6.0 * 2.0
    return float(np.clip(sigma, 0.0, 12.0))


def _softness(
    luminance: NDArray[np.float32], frame: FacialFrame, offset: NDArray[np.float64]
) -> float:
    """Softness of the photo around the mouth (pixels, a Gaussian's sigma), from how much
    a known blur lowers its strongest edges (lips, teeth): a step blurred by sigma rises
    at most as 1 / sigma, so blurring it by s more lowers that by sqrt(sigma^2 + s^2) /
    sigma. Measured on the 99th percentile of the gradient, after a light pre-blur
    (NOISE_PX) that keeps noise from passing for edges.

    One lip-edge profile, as before, measured 0.3 px on the sample portrait at 512,
    1024 and 1536 px alike (so its 3x enlargement got crisp new teeth on soft lips); this
    measures 0.4, 1.0 and 1.5 px there, as an enlargement should."""
    corners = frame.commissures - offset
    centre = corners.mean(axis=0)
    half = max(0.5 * float(np.linalg.norm(corners[1] - corners[0])), 4.0)
    top, left = (max(0, int(centre[k] - (0.8 if k else 1.3) * half)) for k in (1, 0))
    bottom = min(luminance.shape[0], int(centre[1] + 0.8 * half) + 1)
    right = min(luminance.shape[1], int(centre[0] + 1.3 * half) + 1)
    mouth = luminance[top:bottom, left:right].astype(np.float64)
    if min(mouth.shape) < 8:
        return 0.8
    extra = max(2.0, 0.3 / frame.mm_per_px)

    def strongest_edge(sigma: float) -> float:
        gy, gx = np.gradient(ndimage.gaussian_filter(mouth, sigma))
        return float(np.quantile(np.hypot(gx, gy), 0.99))

    sharp, blurred = strongest_edge(NOISE_PX), strongest_edge(math.hypot(NOISE_PX, extra))
    if blurred <= 0.0 or sharp <= blurred:
        return 8.0 if sharp > 0.0 else 0.8
    ratio = sharp / blurred
    sigma_squared = extra**2 / (ratio**2 - 1.0) - NOISE_PX**2
    return float(np.clip(math.sqrt(max(sigma_squared, 0.0)), 0.3, 8.0))
