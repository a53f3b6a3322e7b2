"""Frames of a storyboard: each shot drawn, captioned, and cross-faded into the next.

Frames stream out one at a time (a film at 4K does not fit in memory); only the last
`crossfade` seconds of a shot wait, to be blended with the start of the next one, so a
film of shots lasting s_i seconds has round(fps * (sum s_i - crossfade * (n - 1)))
frames, give or take one per shot from rounding. A still smile shot draws its surface
once (render/still_glow.py); a moving camera or a changing fusion draws every frame.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np
from PIL import Image
from pydantic import ValidationError

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import validate_layer
from fusionsmile.core.moods import apply_mood
from fusionsmile.core.scene import design_scene
from fusionsmile.film.lettering import card, with_caption
from fusionsmile.film.storyboard import (
    CardShot,
    FusionChange,
    MoodChange,
    ParamChange,
    SmileShot,
    Storyboard,
    StoryboardError,
)
from fusionsmile.render.camera import Camera, camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds
from fusionsmile.render.still_glow import FILM_BLOOM_ROWS, StillGlow

ORBIT_DEGREES = 18.0  # an orbit swings this far each side of the view
DOLLY = (1.15, 0.88)  # a dolly moves in from/to these multiples of the view's distance
# A view frames the smile from its own side; seen side-on, the arch is deeper than it is
# wide from the front and its near molars came within the frame's edge (looked at in a
# 1280x720 film): a turntable stands this much further back.
TURNTABLE_PULLBACK = 1.4
PREVIEW_FPS = 24.0  # the frame rate a preview's moment is counted in


def shot_frames(shot: SmileShot | CardShot, fps: float) -> int:
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
) -> Iterator[Image.Image]:
    """RGB frames of the whole film, in order. StoryboardError (before any frame) when a
    shot's change does not fit the design."""
    check_changes(design, storyboard)
    overlap = _overlap(storyboard, fps)
    fading: deque[Image.Image] = deque()  # the end of the previous shot
    draw = _SmileDrawer(design, dentition, size)
    try:
        for index, shot in enumerate(storyboard.shots):
            last = index == len(storyboard.shots) - 1
            count = shot_frames(shot, fps)
            frames = (
                draw.frames(shot, fps, count)
                if isinstance(shot, SmileShot)
                else _card_frames(shot, size, count)
            )
            incoming, held = fading, deque[Image.Image]()
            for i, frame in enumerate(frames):
                if incoming:
                    # Cross-fade: the previous shot gives way as this one comes in.
                    weight = (i + 1) / (overlap + 1)
                    frame = Image.blend(incoming.popleft(), frame, weight)
                if not last and i >= count - overlap:
                    held.append(frame)
                else:
                    yield frame
            fading = held
    finally:
        draw.release()


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
            raise StoryboardError(
                f"shot {number}: the design has no layer {change.layer!r} "
                f"(its layers: {', '.join(names)})"
            )
        layer = design.layers[names.index(change.layer)]
        params = {param.name: param for param in kind_for(layer.kind).params}
        param = params.get(change.param)
        if param is None or param.type != "float":
            moving = [name for name, p in params.items() if p.type == "float"]
            raise StoryboardError(
                f"shot {number}: layer {change.layer!r} ({layer.kind}) has no number "
                f"parameter {change.param!r} to change (it has: {', '.join(moving)})"
            )
        for eased in (0.0, 1.0):
            try:
                validate_layer(changed(design, change, eased).layers[names.index(change.layer)])
            except ValidationError as error:
                message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
                raise StoryboardError(f"shot {number}: {change.layer}: {message}") from None


def shot_stills(
    design: Design,
    dentition: Dentition,
    shots: Sequence[SmileShot | CardShot],
    size: tuple[int, int],
    at: float = 0.5,
) -> Iterator[Image.Image]:
    """One RGB frame of each shot, at the fraction `at` of its length, as the film shows
    it (captions included): previews of a storyboard, shot by shot."""
    check_changes(design, Storyboard(crossfade=0.0, shots=tuple(shots)))
    draw = _SmileDrawer(design, dentition, size)
    try:
        for shot in shots:
            if isinstance(shot, CardShot):
                yield card(size, shot.heading, shot.lines)
                continue
            count = shot_frames(shot, PREVIEW_FPS)
            yield draw.frame(shot, PREVIEW_FPS, min(count - 1, int(at * count)), count)
    finally:
        draw.release()


def _overlap(storyboard: Storyboard, fps: float) -> int:
    if len(storyboard.shots) < 2:
        return 0
    shortest = min(shot_frames(shot, fps) for shot in storyboard.shots)
    return min(round(storyboard.crossfade * fps), shortest // 2)


def _card_frames(shot: CardShot, size: tuple[int, int], count: int) -> Iterator[Image.Image]:
    picture = card(size, shot.heading, shot.lines)
    for _ in range(count):
        yield picture


class _SmileDrawer:
    """Renders smile shots of one design at one size, sharing its scene and renderer."""

    def __init__(self, design: Design, dentition: Dentition, size: tuple[int, int]) -> None:
        self.design, self.size = design, size
        self.renderer = shared_renderer()
        self.scene = design_scene(design, dentition, 0.0)
        self.renderer.set_scene(self.scene)
        _, self.attributes = dentition.merged()
        self.bounds = smile_bounds(self.scene)
        self.enamel = self.scene.position[self.scene.region == Region.ENAMEL]
        self.still = StillGlow(self.renderer, bloom_rows=FILM_BLOOM_ROWS)

    def frames(self, shot: SmileShot, fps: float, count: int) -> Iterator[Image.Image]:
        for i in range(count):
            yield self.frame(shot, fps, i, count)

    def frame(self, shot: SmileShot, fps: float, i: int, count: int) -> Image.Image:
        """Frame i of count of shot (frames in order reuse the still camera's surface)."""
        w, h = self.size
        view = camera_for(shot.camera, self.bounds, w / h, points=self.enamel)
        lighting = lighting_for(shot.lighting)
        design = self.design
        if shot.fusion is not None:
            design = design.model_copy(update={"fusion": shot.fusion})
        progress = i / count  # never 1: a turntable's last frame is not its first
        t = shot.time + i / fps
        eased = _ease(i / max(1, count - 1))
        if isinstance(shot.change, MoodChange):
            # Both moods' looks, mixed: a glow pattern cannot be interpolated as numbers.
            start, end = (apply_mood(design, name) for name in (shot.change.start, shot.change.end))
            channels = Channels.lerp(
                compose(start, self.attributes, t), compose(end, self.attributes, t), eased
            )
        else:
            if shot.change is not None:
                design = changed(design, shot.change, eased)
            channels = compose(design, self.attributes, t)
        moment = self.scene.with_channels(channels)
        camera = _moved(view, shot.move, progress)
        pixels = self.still.render(moment, camera, lighting, self.size)
        return with_caption(Image.fromarray(pixels[:, :, :3]), shot.caption)

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
