"""Drawing at a reduced resolution and stretching the result over the target.

A software rasteriser's cost grows with the pixel count: at half the resolution per
axis a frame costs about a quarter. The live view draws this way while the camera moves
or the glow plays, and draws the full resolution once things stand still (as Blender's
viewport does while navigating). Exports never use it.
"""

from __future__ import annotations

import moderngl

from fusionsmile.render.camera import Camera
from fusionsmile.render.glsl import full_screen_state, load_program
from fusionsmile.render.lighting import Lighting
from fusionsmile.render.renderer import Renderer


class ReducedDraw:
    """Owns the reduced frame for one context."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.program = load_program(ctx, "fullscreen.vert", "upscale.frag")
        self._vao = ctx.vertex_array(self.program, [])
        self._texture: moderngl.Texture | None = None
        self._framebuffer: moderngl.Framebuffer | None = None

    def draw(
        self,
        renderer: Renderer,
        camera: Camera,
        lighting: Lighting,
        size: tuple[int, int],
        scale: float,
        target: moderngl.Framebuffer,
    ) -> tuple[int, int]:
        """Render at size * scale, stretch over target (size pixels); the reduced size."""
        reduced = (max(16, round(size[0] * scale)), max(16, round(size[1] * scale)))
        if self._texture is None or self._texture.size != reduced:
            self.release()
            self._texture = self.ctx.texture(reduced, 4)
            self._texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            self._framebuffer = self.ctx.framebuffer(color_attachments=[self._texture])
        assert self._framebuffer is not None
        renderer.draw(camera, lighting, reduced, self._framebuffer)
        self.present(size, target)
        return reduced

    def present(self, size: tuple[int, int], target: moderngl.Framebuffer) -> bool:
        """Stretch the last reduced frame over target (size pixels) again; False when
        there is none. The view shows it while the full frame is on its way."""
        if self._texture is None:
            return False
        full_screen_state(self.ctx)
        target.use()
        self.ctx.viewport = (0, 0, *size)
        self._texture.use(location=0)
        self.program["u_frame"] = 0
        self._vao.render(moderngl.TRIANGLES, vertices=3)
        return True

    def release(self) -> None:
        for item in (self._framebuffer, self._texture):
            if item is not None:
                item.release()
        self._texture = self._framebuffer = None
