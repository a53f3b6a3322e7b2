"""The renderer: draws a Scene with a Camera and a Lighting into a moderngl context.

Passes: surface (supersampled, two targets: premultiplied HDR radiance and emission)
-> bloom of the emission -> composite (tone map, downsample, background, sRGB) into the
target framebuffer. The drawing code never assumes EGL: the Qt viewport passes its own
context and framebuffer to `draw`; headless callers use `render`, which owns an RGBA8
target and reads it back, and tiles images too large for one framebuffer.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from fusionsmile.core.colour import bytes_to_linear
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.layers.channels import CHANNEL_NAMES, channel_width
from fusionsmile.core.scene import Scene
from fusionsmile.core.teeth import arch_of
from fusionsmile.render.bloom import Bloom
from fusionsmile.render.camera import Arch, Camera, camera_for
from fusionsmile.render.context import create_context, release_thread_context
from fusionsmile.render.glsl import full_screen_state, load_program, uniform
from fusionsmile.render.lighting import MAX_LIGHTS, Lighting, lighting_for


def _arches_of(part_name: str) -> tuple[str, ...]:
    """Arches a part belongs to: by gum name or FDI quadrant; unknown parts show in both."""
    if part_name.startswith("gingiva-"):
        return (part_name.removeprefix("gingiva-"),)
    if part_name.isdigit():
        return (arch_of(int(part_name)),)
    return ("upper", "lower")


class Renderer:
    """GL resources for one context. Reuse one instance: only the first render compiles.

    supersample : render the surface pass at this multiple of the output size per axis,
                  then box-filter down after tone mapping (bright edges stay clean)
    samples : MSAA samples per pixel of the surface pass (1 = off). On a GPU 4x MSAA
              with supersample=1 is the cheap choice; on llvmpipe (1080p, 190k
              triangles) 4x MSAA measured ~390 ms against ~330 ms for 2x supersampling.
    """

    def __init__(
        self, ctx: moderngl.Context | None = None, supersample: int = 2, samples: int = 1
    ) -> None:
        # GL objects belong to the context current when they are made: the caller keeps
        # ctx current (Qt does so around paintGL). Switching between standalone EGL
        # contexts with moderngl's `with ctx:` lost framebuffer contents in a test, so
        # headless code shares one context per process (`shared_renderer`).
        self.ctx = ctx if ctx is not None else create_context()
        if samples > self.ctx.max_samples:
            samples, supersample = 1, max(supersample, 2)
        self.samples = samples
        self.supersample = supersample
        # Output pixels per bloom level pixel, at least (see bloom.level_sizes); 1 keeps
        # the reference look, the live view raises it while the camera moves.
        self.bloom_coarsest = 1.0
        self.surface = load_program(self.ctx, "surface.vert", "surface.frag")
        self.composite = load_program(self.ctx, "fullscreen.vert", "composite.frag")
        self._composite_vao = self.ctx.vertex_array(self.composite, [])
        self.bloom = Bloom(self.ctx)
        self._vao: moderngl.VertexArray | None = None
        self.scene: Scene | None = None  # the scene last uploaded
        self._buffers: list[moderngl.Buffer] = []
        self._ranges: dict[Arch, list[tuple[int, int]]] = {}
        self._bounds = np.zeros((2, 3))
        self._vertex_count = 0
        self._targets: dict[str, _SurfaceTargets | _OutputTarget] = {}

    # -- scene ---------------------------------------------------------------------------

    def set_scene(self, scene: Scene) -> None:
        """Upload geometry, channels and faces; replaces any previous scene."""
        for buffer in self._buffers:
            buffer.release()
        if self._vao is not None:
            self._vao.release()
        geometry = np.hstack([scene.position, scene.normal]).astype("f4")
        self._geometry = self.ctx.buffer(geometry.tobytes())
        self._channels = self.ctx.buffer(_channel_bytes(scene))
        self._indices = self.ctx.buffer(scene.faces.astype("u4").tobytes())
        # Apart from the geometry buffer, whose layout other passes read (still_glow).
        self._ambient = self.ctx.buffer(scene.ambient.astype("f4").tobytes())
        self._buffers = [self._geometry, self._channels, self._indices, self._ambient]
        self._vao = self.ctx.vertex_array(
            self.surface,
            [
                (self._geometry, "3f 3f", "in_position", "in_normal"),
                (self._channels, CHANNEL_LAYOUT, *CHANNEL_ATTRIBUTES),
                (self._ambient, "1f", "in_ambient"),
            ],
            index_buffer=self._indices,
            index_element_size=4,
        )
        self._vertex_count = len(scene.position)
        self._bounds = scene.bounds().astype(np.float64)
        self._ranges = arch_face_ranges(scene)
        self.scene = scene

    def use_scene(self, scene: Scene) -> None:
        """Make scene the one drawn: nothing to do when it already is, only its colour
        channels when it shares the surface (the same position and face arrays) of the
        scene uploaded last (a new frame of animation), else a full upload."""
        current = self.scene
        if current is scene:
            return
        if (
            current is not None
            and current.position is scene.position
            and current.faces is scene.faces
        ):
            self.update_channels(scene)
            self.scene = scene
            return
        self.set_scene(scene)

    def update_channels(self, scene: Scene) -> None:
        """Re-upload only the colour channels (same vertices, new look: animation)."""
        if len(scene.position) != self._vertex_count:
            raise ValueError("update_channels needs the scene given to set_scene")
        self._channels.write(_channel_bytes(scene))

    # -- drawing -------------------------------------------------------------------------

    def draw(
        self,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int],
        target: moderngl.Framebuffer,
        transparent: bool = False,
    ) -> None:
        """Render into target (any framebuffer of this context) at size (w, h) pixels, in
        one piece: size * supersample must fit the context (`render` tiles when not)."""
        self.draw_surface(camera, lighting, size)
        self.finish_frame(lighting, size, target, transparent)

    def draw_surface(
        self,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int],
        rows: tuple[int, int] | None = None,
    ) -> None:
        """The first part of `draw`: the surface pass of a frame of size (w, h) into this
        renderer's own targets. The live view draws the parts in separate turns of the
        event loop, so that a full frame never blocks the window for its whole time.

        rows : (first, end) rows of the frame from the bottom to draw; the other rows
               keep what earlier calls drew (None: the whole frame)
        """
        ss = self.supersample
        surface = self._surface_targets("frame", (size[0] * ss, size[1] * ss))
        band = None if rows is None else (rows[0] * ss, rows[1] * ss)
        self._draw_surface(surface, camera, lighting, size, (0, 0, *size), band=band)

    def finish_frame(
        self,
        lighting: Lighting,
        size: tuple[int, int],
        target: moderngl.Framebuffer,
        transparent: bool = False,
    ) -> None:
        """The second half of `draw`: bloom and composite of the last `draw_surface` of
        the same size into target."""
        ss = self.supersample
        surface = self._surface_targets("frame", (size[0] * ss, size[1] * ss))
        self.bloom.resize(size, self.bloom_coarsest)
        near, far = self.bloom.run(surface.emission)
        target.use()
        self.ctx.viewport = (0, 0, *size)
        self._composite(surface.colour, near, far, lighting, transparent, (0, 0), size)

    def render(
        self,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int] = (1920, 1080),
        transparent: bool = False,
        max_tile: int | None = None,
    ) -> NDArray[np.uint8]:
        """(h, w, 4) uint8 sRGB image, straight (not premultiplied) alpha, top row first.

        Images whose supersampled surface pass does not fit the context's limits (or
        TILE_PIXELS) are drawn in tiles, each through its own part of the frustum; the
        bloom and the background are computed for the whole frame, so no seam shows.
        max_tile : largest tile side in output pixels (None: as large as the context and
                   TILE_PIXELS allow); smaller values force tiling, e.g. in tests.
        """
        tiles = tile_grid(size, self.supersample, self.max_texture_side(), max_tile)
        if len(tiles) == 1:
            output = self._output_target(size)
            self.draw(camera, lighting, size, output, transparent)
            data = output.read(components=4, alignment=1)
            return np.frombuffer(data, dtype=np.uint8).reshape(size[1], size[0], 4)[::-1].copy()
        return self._render_tiled(camera, lighting, size, transparent, tiles)

    def max_texture_side(self) -> int:
        """Largest side (pixels) of a texture, renderbuffer and viewport of this context."""
        info = self.ctx.info
        sides = [info["GL_MAX_TEXTURE_SIZE"], info["GL_MAX_RENDERBUFFER_SIZE"]]
        return int(min(*sides, *info["GL_MAX_VIEWPORT_DIMS"]))

    def _render_tiled(
        self,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int],
        transparent: bool,
        tiles: list[tuple[int, int, int, int]],
    ) -> NDArray[np.uint8]:
        w, h = size
        # Bloom is low-frequency: the emission of the whole frame drawn once at a reduced
        # size (a few samples per near-level pixel) is enough, and its halo crosses tiles.
        self.bloom.resize(size)
        near_h = self.bloom.levels[0].size[1]
        scale = min(EMISSION_SAMPLES * near_h / h, self.supersample)
        scale = min(scale, self.max_texture_side() / max(size))
        emission_size = (max(1, round(w * scale)), max(1, round(h * scale)))
        reduced = self._surface_targets("emission", emission_size)
        self._draw_surface(reduced, camera, lighting, size, (0, 0, w, h))
        near, far = self.bloom.run(reduced.emission)

        ss = self.supersample
        tile_w = max(t[2] for t in tiles)
        tile_h = max(t[3] for t in tiles)
        surface = self._surface_targets("tile", (tile_w * ss, tile_h * ss))
        output = self._output_target((tile_w, tile_h))
        image = np.empty((h, w, 4), dtype=np.uint8)
        for x, y, tw, th in tiles:
            rect = (x, y, tw, th)
            self._draw_surface(surface, camera, lighting, size, rect, (tw * ss, th * ss))
            output.use()
            self.ctx.viewport = (0, 0, tw, th)
            self._composite(surface.colour, near, far, lighting, transparent, (x, y), size)
            data = output.read(viewport=(0, 0, tw, th), components=4, alignment=1)
            # GL rows run bottom-up from y; the image's rows run top-down.
            tile = np.frombuffer(data, dtype=np.uint8).reshape(th, tw, 4)
            image[h - y - th : h - y, x : x + tw] = tile[::-1]
        return image

    def _draw_surface(
        self,
        targets: _SurfaceTargets,
        camera: Camera,
        lighting: Lighting,
        frame: tuple[int, int],
        rect: tuple[int, int, int, int],
        pixels: tuple[int, int] | None = None,
        band: tuple[int, int] | None = None,
    ) -> None:
        """Surface pass of the part rect (x, y, w, h output pixels from the bottom left)
        of a frame of (w, h) pixels into the bottom left of the targets, at `pixels`
        (w, h) (default: their whole size); only the target rows band (first, end) when
        given, through the scissor (the rasteriser skips the rest)."""
        if self._vao is None:
            raise RuntimeError("set_scene must be called before drawing")
        width, height = pixels or targets.size
        targets.scene.use()
        self.ctx.viewport = (0, 0, width, height)
        if band is not None:
            self.ctx.scissor = (0, band[0], width, band[1] - band[0])
        try:
            targets.scene.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)  # within the scissor
            self.ctx.enable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
            self.ctx.disable(moderngl.BLEND)
            self._set_surface_uniforms(camera, lighting, frame, rect)
            for first, count in self._ranges[camera.arch]:
                self._vao.render(moderngl.TRIANGLES, vertices=3 * count, first=3 * first)
        finally:
            self.ctx.scissor = None
        self.ctx.disable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        if targets.resolve is not None:
            self.ctx.copy_framebuffer(targets.resolve, targets.scene)

    def _composite(
        self,
        colour: moderngl.Texture,
        near: moderngl.Texture,
        far: moderngl.Texture,
        lighting: Lighting,
        transparent: bool,
        origin: tuple[int, int],
        frame: tuple[int, int],
    ) -> None:
        """Composite into the bound framebuffer, whose viewport is the part of the frame
        (frame: (w, h) pixels) starting at origin (x, y pixels from the bottom left)."""
        full_screen_state(self.ctx)
        colour.use(location=0)
        near.use(location=1)
        far.use(location=2)
        program = self.composite
        program["u_colour"], program["u_bloom_near"], program["u_bloom_far"] = 0, 1, 2
        program["u_supersample"] = self.supersample
        program["u_origin"] = origin
        program["u_frame_size"] = frame
        program["u_exposure"] = lighting.exposure
        program["u_bloom_strength"] = lighting.bloom_strength
        program["u_background_top"] = bytes_to_linear(lighting.background_top)
        program["u_background_bottom"] = bytes_to_linear(lighting.background_bottom)
        program["u_transparent"] = transparent
        program["u_tone_map"] = lighting.tone_mapped
        self._composite_vao.render(moderngl.TRIANGLES, vertices=3)

    def _set_surface_uniforms(
        self,
        camera: Camera,
        lighting: Lighting,
        frame: tuple[int, int],
        rect: tuple[int, int, int, int],
    ) -> None:
        corners = np.array(
            [
                [x, y, z]
                for x in self._bounds[:, 0]
                for y in self._bounds[:, 1]
                for z in self._bounds[:, 2]
            ]
        )
        radius = float(np.linalg.norm(corners - np.asarray(camera.target), axis=1).max())
        program = self.surface
        uniform(program, "u_view").write(camera.view_matrix().T.astype("f4").tobytes())
        projection = camera.projection_matrix(frame[0] / frame[1], radius)
        projection = tile_projection(frame, rect) @ projection
        uniform(program, "u_projection").write(projection.T.astype("f4").tobytes())
        lights = lighting.lights[:MAX_LIGHTS]
        directions = np.zeros((MAX_LIGHTS, 3), "f4")
        colours = np.zeros((MAX_LIGHTS, 3), "f4")
        for i, light in enumerate(lights):
            directions[i] = np.asarray(light.direction) / np.linalg.norm(light.direction)
            colours[i] = light.colour
        program["u_light_count"] = len(lights)
        uniform(program, "u_light_direction").write(directions.tobytes())
        uniform(program, "u_light_colour").write(colours.tobytes())
        program["u_sky"], program["u_ground"] = lighting.sky, lighting.ground
        program["u_uv"] = lighting.uv

    def _surface_targets(self, role: str, size: tuple[int, int]) -> _SurfaceTargets:
        """Surface-pass targets of size for a role ("frame", "tile", "emission"), kept
        until a different size (or sample count) is asked for."""
        current = self._targets.get(role)
        if (
            isinstance(current, _SurfaceTargets)
            and current.size == size
            and current.samples == self.samples
        ):
            return current
        if current is not None:
            current.release()
        targets = _SurfaceTargets(self.ctx, size, self.samples)
        self._targets[role] = targets
        return targets

    def _output_target(self, size: tuple[int, int]) -> moderngl.Framebuffer:
        """An RGBA8 framebuffer of size to composite into and read back."""
        current = self._targets.get("output")
        if isinstance(current, _OutputTarget) and current.size == size:
            return current.framebuffer
        if current is not None:
            current.release()
        output = _OutputTarget(self.ctx, size)
        self._targets["output"] = output
        return output.framebuffer

    def release(self) -> None:
        """Free every GL object of this renderer (not the context it was given)."""
        for buffer in self._buffers:
            buffer.release()
        for targets in self._targets.values():
            targets.release()
        self._buffers, self._targets = [], {}


# The shading channels in one interleaved buffer, in channels.py's order; the surface
# shader reads each as `in_<channel>`.
CHANNEL_LAYOUT = " ".join(f"{channel_width(name)}f" for name in CHANNEL_NAMES)
CHANNEL_ATTRIBUTES = tuple(f"in_{name}" for name in CHANNEL_NAMES)
# Supersampled pixels one tile may hold: 4096 x 4096 x 2 (~660 MB of half-float colour,
# emission and depth). 3840x2160 at 2x supersampling fits in one piece; 7680x4320 takes
# four tiles.
TILE_PIXELS = 2 * 4096 * 4096
# Samples per near-bloom-level pixel (per axis) of the reduced emission pass of a tiled
# render: the near level is ~480x270, so the pass is ~1920x1080 at any size.
EMISSION_SAMPLES = 4


def tile_grid(
    size: tuple[int, int],
    supersample: int,
    max_side: int,
    max_tile: int | None = None,
    max_pixels: int = TILE_PIXELS,
) -> list[tuple[int, int, int, int]]:
    """Tiles (x, y, w, h) in output pixels from the bottom left that cover size (w, h):
    as few as keep each tile's supersampled sides within max_side (and max_tile output
    pixels when given) and its supersampled area within max_pixels; one tile when the
    image fits. Tiles of a row differ in size by at most a pixel."""
    w, h = size
    side = max(1, max_side // supersample)
    if max_tile is not None:
        side = max(1, min(side, max_tile))
    columns, rows = math.ceil(w / side), math.ceil(h / side)
    while math.ceil(w / columns) * math.ceil(h / rows) * supersample**2 > max_pixels and (
        columns < w or rows < h
    ):
        if math.ceil(w / columns) >= math.ceil(h / rows) and columns < w:
            columns += 1
        else:
            rows += 1
    xs = [round(i * w / columns) for i in range(columns + 1)]
    ys = [round(j * h / rows) for j in range(rows + 1)]
    return [
        (xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j])
        for j in range(rows)
        for i in range(columns)
    ]


def tile_projection(frame: tuple[int, int], rect: tuple[int, int, int, int]) -> NDArray[np.float64]:
    """(4, 4) clip -> clip that maps the part rect (x, y, w, h pixels from the bottom left)
    of a frame of (w, h) pixels onto the whole viewport: applied after the projection it
    gives the off-centre frustum of that tile (identity for the whole frame)."""
    x, y, w, h = rect
    left, right = 2 * x / frame[0] - 1, 2 * (x + w) / frame[0] - 1
    bottom, top = 2 * y / frame[1] - 1, 2 * (y + h) / frame[1] - 1
    crop = np.eye(4)
    crop[0, 0], crop[0, 3] = 2 / (right - left), -(right + left) / (right - left)
    crop[1, 1], crop[1, 3] = 2 / (top - bottom), -(top + bottom) / (top - bottom)
    return crop


class _SurfaceTargets:
    """Targets of the surface pass at one (supersampled) size: premultiplied radiance and
    emission textures and depth; with MSAA, multisampled buffers resolved into them."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int], samples: int) -> None:
        self.size, self.samples = size, samples
        self.colour = ctx.texture(size, 4, dtype="f2")
        self.emission = ctx.texture(size, 3, dtype="f2")
        self._items: list[moderngl.Framebuffer | moderngl.Texture | moderngl.Renderbuffer]
        self._items = [self.colour, self.emission]
        self.resolve: moderngl.Framebuffer | None = None
        attachments: list[moderngl.Texture | moderngl.Renderbuffer]
        if samples > 1:
            # Draw into multisampled buffers, then resolve into the textures.
            attachments = [
                ctx.renderbuffer(size, 4, samples=samples, dtype="f2"),
                ctx.renderbuffer(size, 3, samples=samples, dtype="f2"),
            ]
            depth = ctx.depth_renderbuffer(size, samples=samples)
            self.resolve = ctx.framebuffer(color_attachments=[self.colour, self.emission])
            self._items += [*attachments, self.resolve]
        else:
            attachments, depth = [self.colour, self.emission], ctx.depth_renderbuffer(size)
        self.scene = ctx.framebuffer(color_attachments=attachments, depth_attachment=depth)
        self._items += [depth, self.scene]

    def release(self) -> None:
        for item in self._items:
            item.release()


class _OutputTarget:
    """An RGBA8 renderbuffer and its framebuffer."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int]) -> None:
        self.size = size
        self.buffer = ctx.renderbuffer(size, 4)
        self.framebuffer = ctx.framebuffer(color_attachments=[self.buffer])

    def release(self) -> None:
        self.framebuffer.release()
        self.buffer.release()


def _channel_bytes(scene: Scene) -> bytes:
    count = len(scene.position)
    channels = [getattr(scene, name).reshape(count, -1) for name in CHANNEL_NAMES]
    return np.hstack(channels).astype("f4").tobytes()


def arch_face_ranges(scene: Scene) -> dict[Arch, list[tuple[int, int]]]:
    """(first_face, face_count) runs of each arch ("both", "upper", "lower"), neighbouring
    parts merged: what a camera showing that arch draws."""
    runs: dict[Arch, list[tuple[int, int]]] = {"both": [(0, scene.triangle_count)]}
    for arch in ("upper", "lower"):
        merged: list[tuple[int, int]] = []
        for name, (first, count, _, _) in sorted(scene.parts.items(), key=lambda p: p[1][0]):
            if arch not in _arches_of(name):
                continue
            if merged and merged[-1][0] + merged[-1][1] == first:
                merged[-1] = (merged[-1][0], merged[-1][1] + count)
            else:
                merged.append((first, count))
        runs[arch] = merged
    return runs


def smile_bounds(scene: Scene) -> NDArray[np.float32]:
    """(2, 3) mm bounds of the crowns: the views frame the smile, and gums may be cut."""
    enamel = scene.position[scene.region == Region.ENAMEL]
    if len(enamel) == 0:
        return scene.bounds()
    return np.stack([enamel.min(axis=0), enamel.max(axis=0)])


_shared: list[Renderer] = []


def shared_renderer() -> Renderer:
    """One headless renderer (and EGL context) per process: renders after the first are
    fast, and no second standalone context steals the current one."""
    if not _shared:
        _shared.append(Renderer())
    return _shared[0]


def release_shared_renderer() -> None:
    """Free the headless renderer and its context, and leave this thread with no EGL
    context current: code that renders headless on a thread where Qt will draw (a test
    process that renders a film, then opens a window) calls this in between, or Qt's
    OpenGL widgets on that thread cannot make their own contexts current."""
    while _shared:
        renderer = _shared.pop()
        renderer.release()
        renderer.ctx.release()
    release_thread_context()


def render_image(
    scene: Scene,
    size: tuple[int, int] = (1920, 1080),
    view: str = "front",
    lighting: str = "day",
    transparent: bool = False,
) -> Image.Image:
    """RGBA PIL image of scene from a named view under a named lighting preset."""
    renderer = shared_renderer()
    if renderer.scene is not scene:
        renderer.set_scene(scene)
    enamel = scene.position[scene.region == Region.ENAMEL]
    camera = camera_for(view, smile_bounds(scene), aspect=size[0] / size[1], points=enamel)
    pixels = renderer.render(camera, lighting_for(lighting), size, transparent)
    return Image.fromarray(pixels, mode="RGBA")
