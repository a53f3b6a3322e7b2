"""Frames of a storyboard: each shot drawn, captioned, and cross-faded into the next.

Frames stream out one at a time (a film at 4K does not fit in memory); only the last
`crossfade` seconds of a shot wait, to be blended with the start of the next one, so a
film of shots lasting s_i seconds has round(fps * (sum s_i - crossfade * (n - 1)))
frames, give or take one per shot from rounding. A still smile shot draws its surface
once (render/still_glow.py); a moving camera or a changing fusion draws every frame. A
blend into another design builds the teeth again for every frame whose blended geometry
differs from the last one's (two designs of the same geometry build nothing).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from pydantic import ValidationError

from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region, SurfaceAttributes
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.layers.kind import LayerError
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import validate_layer
from fusionsmile.core.moods import apply_mood
from fusionsmile.core.scene import Scene, scene_with_channels
from fusionsmile.core.untrusted_text import brief, escape_controls
from fusionsmile.film.lettering import card, with_caption
from fusionsmile.film.storyboard import (
    BlendChange,
    CardShot,
    FusionChange,
    MoodChange,
    ParamChange,
    PhotoShot,
    SmileShot,
    Storyboard,
    StoryboardError,
)
from fusionsmile.gallery.synergy import blend
from fusionsmile.render.camera import Camera, camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds
from fusionsmile.render.still_glow import FILM_BLOOM_ROWS, StillGlow

if TYPE_CHECKING:  # the portrait package (MediaPipe, scipy) loads only for photo shots
    from fusionsmile.portrait.analysis import PhotoFace

ORBIT_DEGREES = 18.0  # an orbit swings this far each side of the view
DOLLY = (1.15, 0.88)  # a dolly moves in from/to these multiples of the view's distance
# A view frames the smile from its own side; seen side-on, the arch is deeper than it is
# wide from the front and its near molars came within the frame's edge (looked at in a
# 1280x720 film): a turntable stands this much further back.
TURNTABLE_PULLBACK = 1.4
FACE_HEIGHTS = 2.6  # a photo shot's frame is this many eyes-to-mouth distances tall
PREVIEW_FPS = 24.0  # the frame rate a preview's moment is counted in


def shot_frames(shot: SmileShot | PhotoShot | CardShot, fps: float) -> int:
    return max(1, round(shot.seconds * fps))


def film_frame_count(storyboard: Storyboard, fps: float) -> int:
    """How many frames film_frames yields for storyboard at fps."""
    overlap = _overlap(storyboard, fps)
    counts = [shot_frames(shot, fps) for shot in storyboard.shots]
    return sum(counts) - overlap * (len(counts) - 1)


def film_frames(
    design: Design,
    dentition: Dentition,
    storyboard: Storyboard,
    size: tuple[int, int],
    fps: float,
    photo_face: PhotoFace | None = None,
    others: dict[str, Design] | None = None,
) -> Iterator[Image.Image]:
    """RGB frames of the whole film, in order. StoryboardError (before any frame) when a
    shot's change does not fit the design, a blend's other design cannot be read, or a
    photo shot has no photo_face (the person's portrait, `portrait.analysis.analyse_photo`).
    others: the blends' other designs when already read (`read_blends`), else read here."""
    check_changes(design, storyboard)
    if others is None:
        others = read_blends(design, storyboard.shots)
    if photo_face is None:
        for number, shot in enumerate(storyboard.shots, start=1):
            if isinstance(shot, PhotoShot):
                raise StoryboardError(f"shot {number} shows the portrait, but no photo is given")
    overlap = _overlap(storyboard, fps)
    # The end of the previous shot, its pictures without the caption, and the caption.
    fading: deque[Image.Image] = deque()
    fading_caption = ""
    draw = _SmileDrawer(design, dentition, size, others)
    try:
        for index, shot in enumerate(storyboard.shots):
            last = index == len(storyboard.shots) - 1
            count = shot_frames(shot, fps)
            caption = "" if isinstance(shot, CardShot) else shot.caption
            if isinstance(shot, SmileShot):
                frames = draw.frames(shot, fps, count)
            elif isinstance(shot, PhotoShot):
                assert photo_face is not None
                frames = _photo_frames(shot, photo_face, design, dentition, size, fps, count)
            else:
                frames = _card_frames(shot, size, count)
            incoming, held = fading, deque[Image.Image]()
            for i, frame in enumerate(frames):
                if not last and i >= count - overlap:
                    held.append(frame)  # captioned when it is blended with the next shot
                    continue
                if incoming:
                    # Cross-fade: the previous shot gives way as this one comes in.
                    weight = (i + 1) / (overlap + 1)
                    picture = Image.blend(incoming.popleft(), frame, weight)
                    yield crossfaded_caption(picture, fading_caption, caption, weight)
                else:
                    yield with_caption(frame, caption)
            fading, fading_caption = held, caption
    finally:
        draw.release()


def crossfaded_caption(
    picture: Image.Image, outgoing: str, incoming: str, weight: float
) -> Image.Image:
    """picture (a cross-fade, weight of the way into the next shot) with one caption at a
    time: the outgoing one fading out over the first half, the incoming one in over the
    second (two captions blended over each other could not be read). A caption the two
    shots share stays."""
    if outgoing == incoming:
        return with_caption(picture, incoming)
    caption, strength = (outgoing, 1 - 2 * weight) if weight < 0.5 else (incoming, 2 * weight - 1)
    if strength <= 0.0 or not caption.strip():
        return picture
    return Image.blend(picture, with_caption(picture, caption), min(1.0, strength))


def changed(design: Design, change: FusionChange | ParamChange, eased: float) -> Design:
    """design at the point eased (0 .. 1) through a fusion or parameter change."""
    value = change.start + (change.end - change.start) * eased
    if isinstance(change, FusionChange):
        return design.model_copy(update={"fusion": value})
    layers = list(design.layers)
    index = next(i for i, layer in enumerate(layers) if layer.name == change.layer)
    layers[index] = layers[index].with_params(**{change.param: value})
    return design.model_copy(update={"layers": tuple(layers)})


def check_changes(design: Design, storyboard: Storyboard) -> None:
    """Raise StoryboardError (one line naming the shot) when a shot changes a layer the
    design does not have, a parameter that layer does not have, or goes out of its range."""
    for number, shot in enumerate(storyboard.shots, start=1):
        change = getattr(shot, "change", None)
        if not isinstance(change, ParamChange):
            continue
        names = [layer.name for layer in design.layers]
        if change.layer not in names:
            # The design may be a stranger's: 64 names of 200 characters, escape codes.
            listed = _clipped(", ".join(brief(name, 40) for name in names), 300)
            raise StoryboardError(
                f"shot {number}: the design has no layer {brief(change.layer)} "
                f"(its layers: {listed})"
            )
        layer = design.layers[names.index(change.layer)]
        params = {param.name: param for param in kind_for(layer.kind).params}
        param = params.get(change.param)
        if param is None or param.type != "float":
            moving = [name for name, p in params.items() if p.type == "float"]
            raise StoryboardError(
                f"shot {number}: layer {brief(change.layer)} ({layer.kind}) has no number "
                f"parameter {brief(change.param)} to change (it has: {', '.join(moving)})"
            )
        for eased in (0.0, 1.0):
            try:
                validate_layer(changed(design, change, eased).layers[names.index(change.layer)])
            except ValidationError as error:
                message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
                raise StoryboardError(
                    escape_controls(f"shot {number}: {change.layer}: {message}")
                ) from None


# A blended design's parents are content ids; its meta is never shown, so any will do.
_NO_ID = "0" * 64


def read_blends(
    design: Design, shots: Sequence[SmileShot | PhotoShot | CardShot], prepare: bool = True
) -> dict[str, Design]:
    """The other design of every blend shot, by its path, each file read once (a
    stranger's file: through the design reader, bounded and validated). StoryboardError,
    one line naming the shot, when one cannot be read or does not blend with design.
    prepare: also prepare each one's layers, so that one that cannot be drawn (a decal
    file that is not there) is said before any frame; it reads and decodes their decals
    (up to 64 a design), which an edit on the app's UI thread leaves to the previews."""
    others: dict[str, Design] = {}
    for number, shot in enumerate(shots, start=1):
        change = getattr(shot, "change", None)
        if not isinstance(change, BlendChange):
            continue
        if change.design not in others:
            others[change.design] = _read_other(change.design, number, prepare)
        other = others[change.design]
        middle = (change.start + change.end) / 2
        for amount in sorted({change.start, middle, change.end}):
            try:  # two valid designs blend, but say which shot if ever they do not
                blend(design, other, amount, _NO_ID, _NO_ID)
            except ValueError as error:
                if isinstance(error, ValidationError):
                    message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
                else:
                    message = str(error).splitlines()[0]
                raise StoryboardError(
                    escape_controls(f"shot {number}: blend at {amount:.2f}: {message}")
                ) from None
    return others


def _read_other(path: str, number: int, prepare: bool) -> Design:
    try:
        other = read_design(path)
        if prepare:  # on no samples: only what does not depend on them (decal files)
            compose(other, _no_samples(), 0.0)
        return other
    except DesignError as error:
        more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        message = f"{_clipped(error.source, 200)}: {error.problems[0]}{more}"
    except LayerError as error:
        message = f"{_clipped(path, 200)}: {_clipped(str(error), 200)}"
    except ValueError as error:  # a NUL in the path, which no file system takes
        message = f"{_clipped(path, 200)}: cannot read the file: {error}"
    raise StoryboardError(escape_controls(f"shot {number}: blend: {message}"))


def _no_samples() -> SurfaceAttributes:
    """Attributes of no surface sample (a new object: the compositor caches by it)."""
    none = np.zeros(0, dtype=np.float32)
    return SurfaceAttributes(
        tooth=np.zeros(0, dtype=np.int16), u=none, v=none, region=np.zeros(0, dtype=np.uint8),
        s=none, position=np.zeros((0, 3), dtype=np.float32),
        normal=np.zeros((0, 3), dtype=np.float32),
    )  # fmt: skip


def _clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def shot_stills(
    design: Design,
    dentition: Dentition,
    shots: Sequence[SmileShot | PhotoShot | CardShot],
    size: tuple[int, int],
    at: float = 0.5,
    photo_face: PhotoFace | None = None,
) -> Iterator[Image.Image]:
    """One RGB frame of each shot, at the fraction `at` of its length, as the film shows
    it (captions included): previews of a storyboard, shot by shot. A photo shot without
    photo_face is a card saying so."""
    check_changes(design, Storyboard(crossfade=0.0, shots=tuple(shots)))
    draw = _SmileDrawer(design, dentition, size, read_blends(design, shots))
    try:
        for shot in shots:
            if isinstance(shot, CardShot):
                yield card(size, shot.heading, shot.lines)
                continue
            if isinstance(shot, PhotoShot):
                if photo_face is None:
                    yield card(size, "Portrait", (f"{shot.effect}: needs the design's photo",))
                    continue
                count = shot_frames(shot, PREVIEW_FPS)
                moment = min(count - 1, int(at * count))
                # Only the frame shown: a 20 s glow shot would composite 480 faces.
                picture = next(
                    _photo_frames(
                        shot, photo_face, design, dentition, size, PREVIEW_FPS, count, moment
                    )
                )
                yield with_caption(picture, shot.caption)
                continue
            count = shot_frames(shot, PREVIEW_FPS)
            picture = draw.frame(shot, PREVIEW_FPS, min(count - 1, int(at * count)), count)
            yield with_caption(picture, shot.caption)
    finally:
        draw.release()


def _overlap(storyboard: Storyboard, fps: float) -> int:
    if len(storyboard.shots) < 2:
        return 0
    shortest = min(shot_frames(shot, fps) for shot in storyboard.shots)
    return min(round(storyboard.crossfade * fps), shortest // 2)


def _photo_frames(
    shot: PhotoShot,
    photo_face: PhotoFace,
    design: Design,
    dentition: Dentition,
    size: tuple[int, int],
    fps: float,
    count: int,
    only: int | None = None,
) -> Iterator[Image.Image]:
    """The face in the portrait, framed to fill the frame: a wipe from the person's own
    smile to the design's, or the glow playing on the face. `only`: just that frame of
    the count (a preview). Without the caption (the film draws it)."""
    from fusionsmile.portrait.portrait_image import compare, portrait_frames

    box = face_box(photo_face, size[0] / size[1])
    width, height = photo_face.photo.size
    # Composite no larger than the frame needs (a 12 MP photo is drawn at a fraction).
    factor = min(1.0, size[1] / (box[3] - box[1]))
    scaled = (max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor)))
    indices = range(count) if only is None else [only]
    times = [shot.time + i / fps for i in indices]

    def framed(pixels: NDArray[np.uint8]) -> Image.Image:
        scale = pixels.shape[1] / width
        left, top, right, bottom = (round(v * scale) for v in box)
        crop = Image.fromarray(pixels).crop((left, top, right, bottom))
        return crop.resize(size, Image.Resampling.LANCZOS)  # captioned by the film

    if shot.effect == "glow":
        for pixels in portrait_frames(photo_face, design, dentition, scaled, times, shot.lighting):
            yield framed(pixels)
        return
    # The design's side of the wipe holds still at the shot's start.
    after = next(portrait_frames(photo_face, design, dentition, scaled, [shot.time], shot.lighting))
    before, _, _ = photo_face.at_scale(after.shape[1] / width)
    left, right = (v * after.shape[1] / width for v in (box[0], box[2]))
    for i in indices:
        # The line crosses the face from the right: their own smile gives way to the design's.
        split = right - (right - left) * _ease(i / max(1, count - 1))
        yield framed(compare(before, after, "wipe", split))


def face_box(photo_face: PhotoFace, aspect: float) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) photo pixels of a box of aspect (w / h) around the face:
    from above the eyes to below the chin, the mouth a little below the middle, kept
    inside the photo."""
    frame = photo_face.frame
    width, height = photo_face.photo.size
    mouth = frame.outer_lip.mean(axis=0)
    eyes = frame.pupils.mean(axis=0)
    reach = float(np.linalg.norm(mouth - eyes))  # eyes to mouth, ~70 mm on a face
    box_h = min(float(height), FACE_HEIGHTS * max(reach, 8.0))
    box_w = box_h * aspect
    if box_w > width:
        box_w, box_h = float(width), width / aspect
    centre = mouth + 0.3 * (eyes - mouth)
    left = float(np.clip(centre[0] - box_w / 2, 0.0, width - box_w))
    top = float(np.clip(centre[1] - box_h / 2, 0.0, height - box_h))
    return round(left), round(top), round(left + box_w), round(top + box_h)


def _card_frames(shot: CardShot, size: tuple[int, int], count: int) -> Iterator[Image.Image]:
    picture = card(size, shot.heading, shot.lines)
    for _ in range(count):
        yield picture


@dataclass
class _Surface:
    """The teeth of one geometry, to draw: its scene (None until the first frame gives
    its channels) and where the crowns are, for the camera."""

    geometry: Geometry
    dentition: Dentition
    scene: Scene | None = None
    bounds: NDArray[np.float32] | None = None  # smile_bounds
    enamel: NDArray[np.float32] | None = None  # (k, 3) crown positions, mm

    @property
    def attributes(self) -> SurfaceAttributes:
        return self.dentition.merged()[1]

    def drawn(self, channels: Channels) -> Scene:
        """The scene with these channels, kept (its surface arrays stay the same: the
        renderer then uploads only the channels)."""
        if self.scene is None:
            faces, attributes = self.dentition.merged()
            self.scene = scene_with_channels(self.dentition, attributes, faces, channels)
            self.bounds = smile_bounds(self.scene)
            self.enamel = self.scene.position[self.scene.region == Region.ENAMEL]
        else:
            self.scene = self.scene.with_channels(channels)
        return self.scene


class _SmileDrawer:
    """Renders smile shots of one design at one size, sharing its scene and renderer.
    others: the designs blend shots blend into, by path (`read_blends`)."""

    def __init__(
        self,
        design: Design,
        dentition: Dentition,
        size: tuple[int, int],
        others: dict[str, Design] | None = None,
    ) -> None:
        self.design, self.size = design, size
        self.others = others or {}
        self.renderer = shared_renderer()
        self.own = _Surface(design.geometry, dentition)
        self.own.drawn(compose(design, self.own.attributes, 0.0))
        assert self.own.scene is not None
        self.renderer.set_scene(self.own.scene)
        self.blended: _Surface | None = None  # the teeth of the last blended geometry
        self.still = StillGlow(self.renderer, bloom_rows=FILM_BLOOM_ROWS)

    def frames(self, shot: SmileShot, fps: float, count: int) -> Iterator[Image.Image]:
        for i in range(count):
            yield self.frame(shot, fps, i, count)

    def frame(self, shot: SmileShot, fps: float, i: int, count: int) -> Image.Image:
        """Frame i of count of shot, without its caption (frames in order reuse the still
        camera's surface)."""
        w, h = self.size
        lighting = lighting_for(shot.lighting)
        design = self.design
        progress = i / count  # never 1: a turntable's last frame is not its first
        t = shot.time + i / fps
        eased = _ease(i / max(1, count - 1))
        if isinstance(shot.change, BlendChange):
            amount = shot.change.start + (shot.change.end - shot.change.start) * eased
            design = blend(design, self.others[shot.change.design], amount, _NO_ID, _NO_ID)
        if shot.fusion is not None:
            design = design.model_copy(update={"fusion": shot.fusion})
        surface = self._surface(design.geometry)
        attributes = surface.attributes
        if isinstance(shot.change, MoodChange):
            # Both moods' looks, mixed: a glow pattern cannot be interpolated as numbers.
            start, end = (apply_mood(design, name) for name in (shot.change.start, shot.change.end))
            channels = Channels.lerp(
                compose(start, attributes, t), compose(end, attributes, t), eased
            )
        else:
            if isinstance(shot.change, FusionChange | ParamChange):
                design = changed(design, shot.change, eased)
            channels = compose(design, attributes, t)
        # A scene of other teeth (other position and face arrays) is uploaded, and the
        # still camera's captured surface drawn again, by StillGlow.render.
        moment = surface.drawn(channels)
        assert surface.bounds is not None
        view = camera_for(shot.camera, surface.bounds, w / h, points=surface.enamel)
        camera = _moved(view, shot.move, progress)
        # Teeth or a camera that change every frame are drawn in full: a capture of the
        # surface would never be reused.
        blending = isinstance(shot.change, BlendChange) and shot.change.start != shot.change.end
        moving = blending or shot.move != "still"
        pixels = self.still.render(moment, camera, lighting, self.size, keep=not moving)
        return Image.fromarray(pixels[:, :, :3])  # captioned by the film

    def _surface(self, geometry: Geometry) -> _Surface:
        """The teeth of geometry: the design's own, the last blended ones when equal, or
        built anew (replacing the last blended ones)."""
        if geometry == self.own.geometry:
            return self.own
        if self.blended is None or self.blended.geometry != geometry:
            self.blended = _Surface(geometry, build(geometry))
        return self.blended

    def release(self) -> None:
        self.still.release()


def _moved(view: Camera, move: str, progress: float) -> Camera:
    """The camera at progress (0 .. 1) through a shot with this move."""
    if move == "turntable":
        return replace(
            view,
            azimuth_deg=view.azimuth_deg + 360.0 * progress,
            distance_mm=view.distance_mm * TURNTABLE_PULLBACK,
        )
    if move == "orbit":
        swing = ORBIT_DEGREES * math.sin(2 * math.pi * progress)
        return replace(view, azimuth_deg=view.azimuth_deg + swing)
    if move == "dolly":
        start, end = DOLLY
        factor = start + (end - start) * _ease(progress)
        return replace(view, distance_mm=view.distance_mm * factor)
    return view


def _ease(x: float) -> float:
    """Smoothstep: a change that starts and stops gently."""
    x = float(np.clip(x, 0.0, 1.0))
    return x * x * (3 - 2 * x)
