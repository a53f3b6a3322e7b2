"""Frames of a glow under a still camera, without drawing the surface again.

When only the light changes between frames (the same camera, lighting, size and every
channel but emission and fluorescence), the surface pass (190k triangles, shaded with
GGX, supersampled) is the same picture plus a different glow. So the surface is drawn
once, with a visibility pass recording for every sample its triangle's three vertices
and barycentric weights, and what of its colour is not glow. Each later frame uploads
the vertices' new glow and runs two passes:

- the glow's emission at a reduced size (bloom is low frequency), then bloom;
- the composite with the glow rebuilt inside it (still_composite.frag). It runs per
  output pixel, not per supersample: at capture (still_prepare.frag) every pixel whose
  samples agree (on the surface or not, at most eight vertices, and the same tone-mapped
  colour whether shaded once or per sample, within half a level) is marked to be shaded
  once from its mean; the rest (silhouettes, highlights, corners) per sample. Eight
  vertices, not four: at 640x360 a triangle covers about a pixel, and four slots sent
  14% of the pixels per sample where eight send 1.6% (a glow frame 9% cheaper there,
  the same at 1280x720, 6% dearer at 1080p, where the second slots are rarely used).

On llvmpipe every full-screen pass over the supersampled frame costs ~60 ms at 1080p
before it reads anything, so the passes per frame went from relight + composite over
8.3 M samples to one over 2 M pixels. `bloom_rows` lets a film use a coarser bloom
(its near level ~180 rows instead of ~270: ~4x cheaper, within 3 levels of the
reference look); it applies to this object's full renders too, so its frames agree.

It works with the renderer's own targets, buffers and bloom (the same package), so the
scene uploaded once serves both. Anything else that changes (a turntable, a colour
layer that animates its albedo, the lighting) falls back to a full render.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import moderngl
import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.colour import bytes_to_linear
from fusionsmile.core.scene import Scene
from fusionsmile.render.camera import Camera
from fusionsmile.render.glsl import full_screen_state, load_program, shader_source, uniform
from fusionsmile.render.lighting import Lighting
from fusionsmile.render.renderer import EMISSION_SAMPLES, Renderer, tile_grid

GLOW_SHIFT = 11  # texels per row of the per-vertex glow texture: a power of two (the
GLOW_WIDTH = 1 << GLOW_SHIFT  # shaders find a vertex's texel by mask and shift)
# sRGB difference (0-1) between shading a pixel once from its mean and per sample below
# which it is shaded once: half a level of 8-bit output.
ONCE_TOLERANCE = 0.5 / 255
# Largest range of exposed glow (linear) over a pixel's vertices shaded once: a steeper
# glow (a sparkle on one vertex) is shaded per sample.
GLOW_RANGE = 0.1
FILM_BLOOM_ROWS = 180  # near bloom level rows for films (bloom_rows)


@dataclass(frozen=True)
class _Capture:
    """What the captured surface pass was drawn from: a later frame may reuse it only
    when all of this is unchanged."""

    camera: Camera
    lighting: Lighting
    size: tuple[int, int]
    scene: Scene  # the scene at the capture; its non-glow channels must still hold


class StillGlow:
    """Render frames of one renderer, reusing the surface pass while the camera is still.

    `render` takes the place of `Renderer.render` for frames in order; `redrawn` counts
    the frames that drew the surface (for benchmarks and tests).
    bloom_rows : rows of the near bloom level at most (None: the renderer's own bloom)
    """

    def __init__(self, renderer: Renderer, bloom_rows: int | None = None) -> None:
        self.renderer = renderer
        self.bloom_rows = bloom_rows
        ctx = renderer.ctx
        self.ctx = ctx
        self._ids_program = ctx.program(
            vertex_shader=shader_source("surface_ids.vert"),
            geometry_shader=shader_source("surface_ids.geom"),
            fragment_shader=shader_source("surface_ids.frag"),
        )
        self._programs = {
            name: load_program(ctx, "fullscreen.vert", f"still_{name}.frag")
            for name in ("static", "prepare", "emission", "composite")
        }
        self._vaos = {name: ctx.vertex_array(p, []) for name, p in self._programs.items()}
        self._capture: _Capture | None = None
        self._objects: list[moderngl.Texture | moderngl.Framebuffer | moderngl.Renderbuffer]
        self._objects = []
        self._glow_texture: moderngl.Texture | None = None
        self.redrawn = 0

    def render(
        self,
        scene: Scene,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int],
        keep: bool = True,
    ) -> NDArray[np.uint8]:
        """(h, w, 4) uint8 sRGB image of scene, as `Renderer.render` draws it.
        keep : False when the next frame will not share this one's surface (its teeth
        or its camera change every frame: a blend of two designs, a turntable), so
        capturing it would be wasted: drawn in full (with this object's bloom), and any
        capture dropped."""
        renderer = self.renderer
        with self._bloom(size):
            if not keep or not self._reusable(scene, camera, lighting, size):
                renderer.use_scene(scene)  # a reused surface needs only the glow uploaded
                self._release()
                self.redrawn += 1
                if not keep or not self._capturable(size):
                    self._capture = None
                    return renderer.render(camera, lighting, size)
                self._capture_surface(scene, camera, lighting, size)
            output = renderer._output_target(size)
            self._draw_frame(scene, lighting, size, output)
        data = output.read(components=4, alignment=1)
        return np.frombuffer(data, dtype=np.uint8).reshape(size[1], size[0], 4)[::-1].copy()

    @contextmanager
    def _bloom(self, size: tuple[int, int]) -> Iterator[None]:
        """The renderer's bloom coarsened to bloom_rows for the duration of a frame."""
        renderer = self.renderer
        before = renderer.bloom_coarsest
        if self.bloom_rows is not None:
            renderer.bloom_coarsest = max(before, size[1] / self.bloom_rows)
        try:
            yield
        finally:
            renderer.bloom_coarsest = before

    # -- deciding --------------------------------------------------------------------------

    def _capturable(self, size: tuple[int, int]) -> bool:
        """One-piece frames without MSAA: the visibility pass then sees every sample the
        surface pass shaded (a multisampled or tiled frame is rendered in full)."""
        renderer = self.renderer
        tiles = tile_grid(size, renderer.supersample, renderer.max_texture_side())
        return renderer.samples == 1 and len(tiles) == 1

    def _reusable(
        self, scene: Scene, camera: Camera, lighting: Lighting, size: tuple[int, int]
    ) -> bool:
        capture = self._capture
        if capture is None or (capture.camera, capture.lighting, capture.size) != (
            camera,
            lighting,
            size,
        ):
            return False
        before = capture.scene
        if before.position is not scene.position or before.faces is not scene.faces:
            return False
        return all(
            np.array_equal(getattr(before, name), getattr(scene, name))
            for name in ("albedo", "alpha", "translucency", "roughness", "bump")
        )

    # -- capturing -------------------------------------------------------------------------

    def _capture_surface(
        self, scene: Scene, camera: Camera, lighting: Lighting, size: tuple[int, int]
    ) -> None:
        renderer, ctx = self.renderer, self.ctx
        ss = renderer.supersample
        pixels = (size[0] * ss, size[1] * ss)
        renderer.draw_surface(camera, lighting, size)
        surface = renderer._surface_targets("frame", pixels)

        # Per sample: the colour without its glow, kept (the renderer's targets serve
        # other renders).
        self._static = self._texture(pixels, 4, "f2")
        program = self._programs["static"]
        surface.colour.use(location=0)
        surface.emission.use(location=1)
        program["u_colour"], program["u_emission"] = 0, 1
        self._pass("static", self._framebuffer([self._static]), pixels)

        # Vertex rows must be exact (f4); weights and coverage are fine in half floats
        # (an error of 2e-4 in a weight is far below a level of 8-bit output).
        self._ids = self._texture(pixels, 4, "f4")
        self._weights = self._texture(pixels, 4, "f2")
        depth = ctx.depth_renderbuffer(pixels)
        ids_target = ctx.framebuffer(color_attachments=[self._ids, self._weights],
                                     depth_attachment=depth)  # fmt: skip
        # The same matrices as the surface pass just drawn (it set them on its program).
        uniform(self._ids_program, "u_view").write(uniform(renderer.surface, "u_view").read())
        uniform(self._ids_program, "u_projection").write(
            uniform(renderer.surface, "u_projection").read()
        )
        vao = ctx.vertex_array(
            self._ids_program,
            [(renderer._geometry, "3f 12x", "in_position")],
            index_buffer=renderer._indices,
            index_element_size=4,
        )
        ids_target.use()
        ctx.viewport = (0, 0, *pixels)
        ids_target.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)
        ctx.enable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        ctx.disable(moderngl.BLEND)
        for first, count in renderer._ranges[camera.arch]:
            vao.render(moderngl.TRIANGLES, vertices=3 * count, first=3 * first)
        ctx.disable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        vao.release()
        ids_target.release()
        depth.release()

        # Per output pixel: shaded once or per sample (still_prepare.frag).
        self._pixel_static = self._texture(size, 4, "f4")
        self._pixel_ids = self._texture(size, 4, "f4")
        self._pixel_weights = self._texture(size, 4, "f4")
        self._pixel_more_ids = self._texture(size, 4, "f4")  # vertices five to eight
        self._pixel_more_weights = self._texture(size, 4, "f4")
        program = self._programs["prepare"]
        for location, texture in enumerate((self._static, self._ids, self._weights)):
            texture.use(location=location)
        program["u_static"], program["u_ids"], program["u_weights"] = 0, 1, 2
        program["u_exposure"] = lighting.exposure
        program["u_tone_map"] = lighting.tone_mapped
        program["u_tolerance"] = ONCE_TOLERANCE
        program["u_supersample"] = ss
        pixel_textures = [
            self._pixel_static,
            self._pixel_ids,
            self._pixel_weights,
            self._pixel_more_ids,
            self._pixel_more_weights,
        ]
        self._pass("prepare", self._framebuffer(pixel_textures), size)

        # The glow's emission for the bloom: EMISSION_SAMPLES per near level pixel.
        renderer.bloom.resize(size, renderer.bloom_coarsest)
        near = renderer.bloom.levels[0].size
        scale = min(1.0, EMISSION_SAMPLES * near[1] / size[1])
        emission_size = (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))
        self._emission = self._texture(emission_size, 4, "f2")
        self._emission_target = self._framebuffer([self._emission])
        self._capture = _Capture(camera, lighting, size, scene)

    # -- each frame ------------------------------------------------------------------------

    def _draw_frame(
        self, scene: Scene, lighting: Lighting, size: tuple[int, int], output: moderngl.Framebuffer
    ) -> None:
        renderer = self.renderer
        glow = self._upload_glow(scene, lighting)
        program = self._programs["emission"]
        self._pixel_ids.use(location=0)
        self._pixel_weights.use(location=1)
        glow.use(location=2)
        self._ids.use(location=3)
        self._weights.use(location=4)
        self._pixel_more_ids.use(location=5)
        self._pixel_more_weights.use(location=6)
        program["u_ids"], program["u_weights"], program["u_glow"] = 0, 1, 2
        program["u_sample_ids"], program["u_sample_weights"] = 3, 4
        program["u_more_ids"], program["u_more_weights"] = 5, 6
        program["u_supersample"] = renderer.supersample
        program["u_glow_width"], program["u_glow_shift"] = GLOW_WIDTH, GLOW_SHIFT
        program["u_scale"] = (size[0] / self._emission.size[0], size[1] / self._emission.size[1])
        self._pass("emission", self._emission_target, self._emission.size)

        renderer.bloom.resize(size, renderer.bloom_coarsest)
        near, far = renderer.bloom.run(self._emission)

        program = self._programs["composite"]
        textures = {
            "u_pixel_static": self._pixel_static,
            "u_pixel_ids": self._pixel_ids,
            "u_pixel_weights": self._pixel_weights,
            "u_pixel_more_ids": self._pixel_more_ids,
            "u_pixel_more_weights": self._pixel_more_weights,
            "u_static": self._static,
            "u_ids": self._ids,
            "u_weights": self._weights,
            "u_glow": glow,
            "u_bloom_near": near,
            "u_bloom_far": far,
        }
        for location, (name, texture) in enumerate(textures.items()):
            texture.use(location=location)
            program[name] = location
        program["u_glow_width"], program["u_glow_shift"] = GLOW_WIDTH, GLOW_SHIFT
        program["u_glow_range"] = GLOW_RANGE
        program["u_supersample"] = renderer.supersample
        program["u_frame_size"] = size
        program["u_exposure"] = lighting.exposure
        program["u_bloom_strength"] = lighting.bloom_strength
        program["u_background_top"] = bytes_to_linear(lighting.background_top)
        program["u_background_bottom"] = bytes_to_linear(lighting.background_bottom)
        program["u_transparent"] = False
        program["u_tone_map"] = lighting.tone_mapped
        self._pass("composite", output, size)

    def _upload_glow(self, scene: Scene, lighting: Lighting) -> moderngl.Texture:
        """Per vertex glow (emission plus the UV lamp's fluorescence) and alpha."""
        count = len(scene.emission)
        rows = -(-count // GLOW_WIDTH)
        texels = np.zeros((rows * GLOW_WIDTH, 4), "f4")
        np.multiply(scene.fluorescence, lighting.uv, out=texels[:count, :3])
        texels[:count, :3] += scene.emission
        texels[:count, 3] = scene.alpha
        if self._glow_texture is None or self._glow_texture.size != (GLOW_WIDTH, rows):
            if self._glow_texture is not None:
                self._glow_texture.release()
            self._glow_texture = self.ctx.texture((GLOW_WIDTH, rows), 4, dtype="f4")
            self._glow_texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._glow_texture.write(texels)
        return self._glow_texture

    def _pass(self, name: str, target: moderngl.Framebuffer, size: tuple[int, int]) -> None:
        target.use()
        self.ctx.viewport = (0, 0, *size)
        full_screen_state(self.ctx)
        self._vaos[name].render(moderngl.TRIANGLES, vertices=3)

    # -- GL objects ------------------------------------------------------------------------

    def _texture(self, size: tuple[int, int], components: int, dtype: str) -> moderngl.Texture:
        texture = self.ctx.texture(size, components, dtype=dtype)
        texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._objects.append(texture)
        return texture

    def _framebuffer(self, colours: list[moderngl.Texture]) -> moderngl.Framebuffer:
        framebuffer = self.ctx.framebuffer(color_attachments=colours)
        self._objects.append(framebuffer)
        return framebuffer

    def _release(self) -> None:
        for item in reversed(self._objects):
            item.release()
        self._objects = []

    def release(self) -> None:
        """Free this object's GL objects (not the renderer's)."""
        self._release()
        if self._glow_texture is not None:
            self._glow_texture.release()
            self._glow_texture = None
        self._capture = None
