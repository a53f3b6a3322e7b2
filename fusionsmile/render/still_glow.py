"""Frames of a glow under a still camera, without drawing the surface again.

When only the light changes between frames (the same camera, lighting, size and every
channel but emission and fluorescence), the surface pass (190k triangles, shaded with
GGX, supersampled) is the same picture plus a different glow. So the surface is drawn
once, with a visibility pass recording for every sample its triangle's three vertices
and barycentric weights; each later frame rebuilds only the glow per sample from the
vertices' new glow (still_glow.frag), then runs bloom and the composite as usual.
It works with the renderer's own targets, buffers and composite (the same package), so
the scene uploaded once serves both. Anything else that changes (a turntable, a colour
layer that animates its albedo, the lighting) falls back to a full render, so the
result is always the full render's, up to half-float rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.scene import Scene
from fusionsmile.render.camera import Camera
from fusionsmile.render.glsl import full_screen_state, shader_source, uniform
from fusionsmile.render.lighting import Lighting
from fusionsmile.render.renderer import Renderer, tile_grid

GLOW_WIDTH = 2048  # texels per row of the per-vertex glow texture


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
    """

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        ctx = renderer.ctx
        self.ctx = ctx
        self._ids_program = ctx.program(
            vertex_shader=shader_source("surface_ids.vert"),
            geometry_shader=shader_source("surface_ids.geom"),
            fragment_shader=shader_source("surface_ids.frag"),
        )
        self._glow_program = ctx.program(
            vertex_shader=shader_source("fullscreen.vert"),
            fragment_shader=shader_source("still_glow.frag"),
        )
        self._glow_vao = ctx.vertex_array(self._glow_program, [])
        self._capture: _Capture | None = None
        self._objects: list[moderngl.Texture | moderngl.Framebuffer | moderngl.Renderbuffer]
        self._objects = []
        self._glow_texture: moderngl.Texture | None = None
        self.redrawn = 0

    def render(
        self, scene: Scene, camera: Camera, lighting: Lighting, size: tuple[int, int]
    ) -> NDArray[np.uint8]:
        """(h, w, 4) uint8 sRGB image of scene, as `Renderer.render` draws it."""
        renderer = self.renderer
        renderer.use_scene(scene)
        if not self._reusable(scene, camera, lighting, size):
            self._release()
            self.redrawn += 1
            if not self._capturable(size):
                self._capture = None
                return renderer.render(camera, lighting, size)
            self._capture_surface(scene, camera, lighting, size)
        else:
            self._relight(scene, lighting)
        output = renderer._output_target(size)
        # The composite of the frame's own colour and emission (bloom, tone map, sky).
        renderer.bloom.resize(size, renderer.bloom_coarsest)
        near, far = renderer.bloom.run(self._emission)
        output.use()
        self.ctx.viewport = (0, 0, *size)
        renderer._composite(self._colour, near, far, lighting, False, (0, 0), size)
        data = output.read(components=4, alignment=1)
        return np.frombuffer(data, dtype=np.uint8).reshape(size[1], size[0], 4)[::-1].copy()

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

    # -- drawing ---------------------------------------------------------------------------

    def _capture_surface(
        self, scene: Scene, camera: Camera, lighting: Lighting, size: tuple[int, int]
    ) -> None:
        renderer, ctx = self.renderer, self.ctx
        ss = renderer.supersample
        pixels = (size[0] * ss, size[1] * ss)
        renderer.draw_surface(camera, lighting, size)
        surface = renderer._surface_targets("frame", pixels)
        # The capture keeps its own copy: the renderer's targets serve other renders.
        self._base_colour = self._texture(pixels, 4, "f2")
        self._base_emission = self._texture(pixels, 3, "f2")
        copy = self._framebuffer([self._base_colour, self._base_emission])
        ctx.copy_framebuffer(copy, surface.scene)

        # Vertex rows must be exact (f4); weights and coverage are fine in half floats
        # (an error of 2e-4 in a weight is far below a level of 8-bit output), which
        # keeps a 4K capture near 1.6 GB of textures rather than 2.1.
        self._ids = self._texture(pixels, 3, "f4")
        self._weights = self._texture(pixels, 3, "f2")
        depth = ctx.depth_renderbuffer(pixels)
        self._objects.append(depth)
        ids_target = self._framebuffer([self._ids, self._weights], depth)
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

        self._colour = self._texture(pixels, 4, "f2")
        self._emission = self._texture(pixels, 3, "f2")
        self._frame = self._framebuffer([self._colour, self._emission])
        ctx.copy_framebuffer(self._frame, surface.scene)
        self._capture = _Capture(camera, lighting, size, scene)

    def _relight(self, scene: Scene, lighting: Lighting) -> None:
        """Rebuild the frame's colour and emission from the scene's glow (same surface)."""
        ctx = self.ctx
        glow = scene.emission + lighting.uv * scene.fluorescence
        count = len(glow)
        rows = -(-count // GLOW_WIDTH)
        texels = np.zeros((rows * GLOW_WIDTH, 4), "f4")
        texels[:count, :3] = glow
        texels[:count, 3] = scene.alpha
        if self._glow_texture is None or self._glow_texture.size != (GLOW_WIDTH, rows):
            if self._glow_texture is not None:
                self._glow_texture.release()
            self._glow_texture = ctx.texture((GLOW_WIDTH, rows), 4, dtype="f4")
            self._glow_texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._glow_texture.write(texels.tobytes())

        program = self._glow_program
        sources = (self._base_colour, self._base_emission, self._ids, self._weights)
        for location, texture in enumerate((*sources, self._glow_texture)):
            texture.use(location=location)
        for location, name in enumerate(("u_colour", "u_emission", "u_ids", "u_weights")):
            program[name] = location
        program["u_glow"] = 4
        program["u_glow_width"] = GLOW_WIDTH
        self._frame.use()
        ctx.viewport = (0, 0, *self._colour.size)
        full_screen_state(ctx)
        self._glow_vao.render(moderngl.TRIANGLES, vertices=3)

    # -- GL objects ------------------------------------------------------------------------

    def _texture(self, size: tuple[int, int], components: int, dtype: str) -> moderngl.Texture:
        texture = self.ctx.texture(size, components, dtype=dtype)
        texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self._objects.append(texture)
        return texture

    def _framebuffer(
        self,
        colours: list[moderngl.Texture],
        depth: moderngl.Renderbuffer | None = None,
    ) -> moderngl.Framebuffer:
        framebuffer = self.ctx.framebuffer(color_attachments=colours, depth_attachment=depth)
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
