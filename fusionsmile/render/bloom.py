"""Bloom: the emission buffer, box-downsampled and Gaussian-blurred at two scales.

The near level (1/4 of the output size) gives a tight halo, the far level (1/16) a wide
soft glow; both blurs are separable and run at reduced size, so bloom costs a few ms
even on a software rasteriser.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np

from fusionsmile.render.glsl import load_program

_SIGMA_PX = 2.5  # Gaussian sigma in pixels of each reduced level
_MAX_RADIUS = 16  # must match MAX_RADIUS in blur.frag


def gaussian_weights(sigma: float) -> np.ndarray:
    """(radius + 1,) float32 one-sided weights that sum to 1 over the full kernel."""
    radius = min(_MAX_RADIUS, math.ceil(3 * sigma))
    weights = np.exp(-0.5 * (np.arange(radius + 1) / sigma) ** 2)
    weights /= weights[0] + 2 * weights[1:].sum()
    return weights.astype(np.float32)


class _Level:
    """Two ping-pong RGB16F targets of one reduced size."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int]) -> None:
        self.size = size
        self.textures = [ctx.texture(size, 3, dtype="f2") for _ in range(2)]
        for texture in self.textures:
            texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture.repeat_x = texture.repeat_y = False
        self.framebuffers = [ctx.framebuffer(color_attachments=[t]) for t in self.textures]

    def release(self) -> None:
        for item in (*self.framebuffers, *self.textures):
            item.release()


class Bloom:
    """Owns the reduced buffers for one output size; `run` returns (near, far) textures."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.downsample = load_program(ctx, "fullscreen.vert", "downsample.frag")
        self.blur = load_program(ctx, "fullscreen.vert", "blur.frag")
        self._vaos = [ctx.vertex_array(p, []) for p in (self.downsample, self.blur)]
        self.blur["u_weights"].write(_padded(gaussian_weights(_SIGMA_PX)))
        self.blur["u_radius"] = len(gaussian_weights(_SIGMA_PX)) - 1
        self.levels: list[_Level] = []
        self._output_size: tuple[int, int] | None = None

    def resize(self, output_size: tuple[int, int]) -> None:
        if output_size == self._output_size:
            return
        for level in self.levels:
            level.release()
        w, h = output_size
        self.levels = [
            _Level(self.ctx, (max(1, w // 4), max(1, h // 4))),
            _Level(self.ctx, (max(1, w // 16), max(1, h // 16))),
        ]
        self._output_size = output_size

    def run(
        self, emission: moderngl.Texture, supersample: int
    ) -> tuple[moderngl.Texture, moderngl.Texture]:
        """Blurred emission at 1/4 and 1/16 of the output size (linear RGB, HDR)."""
        emission.filter = (moderngl.LINEAR, moderngl.LINEAR)
        # Output pixels per level pixel, times the supersampling of the source.
        sources = [(emission, 4 * supersample), (self.levels[0].textures[0], 4)]
        for level, (source, factor) in zip(self.levels, sources, strict=True):
            self._downsample(source, max(1, factor // 2), level.framebuffers[0], level.size)
            self._blur(level, horizontal=True)
            self._blur(level, horizontal=False)
        return self.levels[0].textures[0], self.levels[1].textures[0]

    def _downsample(self, source, taps, target, size) -> None:
        target.use()
        self.ctx.viewport = (0, 0, *size)
        source.use(location=0)
        self.downsample["u_source"] = 0
        self.downsample["u_taps"] = taps
        self._vaos[0].render(moderngl.TRIANGLES, vertices=3)

    def _blur(self, level: _Level, horizontal: bool) -> None:
        source, target = (0, 1) if horizontal else (1, 0)
        level.framebuffers[target].use()
        self.ctx.viewport = (0, 0, *level.size)
        level.textures[source].use(location=0)
        self.blur["u_source"] = 0
        w, h = level.size
        self.blur["u_step"] = (1.0 / w, 0.0) if horizontal else (0.0, 1.0 / h)
        self._vaos[1].render(moderngl.TRIANGLES, vertices=3)


def _padded(weights: np.ndarray) -> bytes:
    out = np.zeros(_MAX_RADIUS + 1, dtype=np.float32)
    out[: len(weights)] = weights
    return out.tobytes()
