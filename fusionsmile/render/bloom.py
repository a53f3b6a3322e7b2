"""Bloom: the emission buffer, downsampled and Gaussian-blurred at two scales.

The near level gives a tight halo, the far level a wide soft glow. Each halo's size is
a fixed fraction of the image height, so a 4K render looks like a 1080p one: the
reference is 1080p, where the levels are 1/4 and 1/16 of the output size and each blur
has a sigma of 2.5 level pixels. At other sizes a level's pixel grows with the image,
so the sigma stays 2.5 level pixels (within the kernel's radius limit) and the levels stay
~480x270 and ~120x68 however large the image: bloom costs a few ms at any size.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np

from fusionsmile.render.glsl import full_screen_state, load_program, shader_source, uniform

REFERENCE_HEIGHT = 1080  # output height (pixels) at which the look below was tuned
_SIGMA_PX = 2.5  # Gaussian sigma in pixels of each reduced level
# Sigma of each level as a fraction of the image height: 2.5 px of 1/4 and 1/16 of 1080p.
SIGMAS = (_SIGMA_PX * 4 / REFERENCE_HEIGHT, _SIGMA_PX * 16 / REFERENCE_HEIGHT)
_MAX_RADIUS = 16
_MAX_TAPS = _MAX_RADIUS // 2 + 1  # must match MAX_TAPS in blur.frag


def gaussian_weights(sigma: float) -> np.ndarray:
    """(radius + 1,) float32 one-sided weights that sum to 1 over the full kernel."""
    sigma = max(sigma, 1e-3)
    radius = min(_MAX_RADIUS, math.ceil(3 * sigma))
    weights = np.exp(-0.5 * (np.arange(radius + 1) / sigma) ** 2)
    weights /= weights[0] + 2 * weights[1:].sum()
    return weights.astype(np.float32)


def bilinear_taps(sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, weights) float32 of the one-sided Gaussian as bilinear taps: the centre
    tap, then one tap between each pair of neighbouring texels (1, 2), (3, 4), ...

    A bilinear fetch at i + w2 / (w1 + w2) returns (w1 * t[i] + w2 * t[i + 1]) / (w1 + w2),
    so one fetch weighted w1 + w2 replaces two: the same kernel for about half the
    texture reads (the blur was the largest part of the bloom on llvmpipe).
    """
    one_sided = gaussian_weights(sigma).astype(np.float64)
    offsets, weights = [0.0], [one_sided[0]]
    for first in range(1, len(one_sided), 2):
        w1 = one_sided[first]
        w2 = one_sided[first + 1] if first + 1 < len(one_sided) else 0.0
        offsets.append(first + w2 / (w1 + w2))
        weights.append(w1 + w2)
    return np.asarray(offsets, np.float32), np.asarray(weights, np.float32)


def level_sizes(output_size: tuple[int, int], coarsest: float = 1.0) -> list[tuple[int, int]]:
    """(w, h) of the near and far levels for an output of (w, h) pixels.

    A level pixel spans sigma / 2.5 output pixels (at least one), so the blur is 2.5
    level pixels wide; the level covers the whole frame (its pixels need not be a whole
    number of output pixels: the downsample filters by footprint, not by integer blocks).

    coarsest : at least this many output pixels per level pixel. The live view asks for
               coarse levels while the camera moves: a halo from a 160x90 level is soft
               enough on the move and costs a tenth of one from 480x270.
    """
    w, h = output_size
    sizes = []
    for fraction in SIGMAS:
        pixel = max(1.0, coarsest, fraction * h / _SIGMA_PX)
        sizes.append((max(1, round(w / pixel)), max(1, round(h / pixel))))
    return sizes


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
        for framebuffer in self.framebuffers:
            framebuffer.release()
        for texture in self.textures:
            texture.release()


class Bloom:
    """Owns the reduced buffers for one output size; `run` returns (near, far) textures."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.downsample = load_program(ctx, "fullscreen.vert", "downsample.frag")
        self._downsample_vao = ctx.vertex_array(self.downsample, [])
        # One blur program per tap count, the count a constant of the shader: llvmpipe
        # runs the loop over a uniform count and uniform arrays about 2x slower.
        self._blurs: dict[int, tuple[moderngl.Program, moderngl.VertexArray]] = {}
        self.levels: list[_Level] = []
        self._sigmas: list[tuple[float, float]] = []  # (x, y) sigma in level pixels
        self._output_size: tuple[int, int] | None = None
        self._coarsest = 1.0

    def resize(self, output_size: tuple[int, int], coarsest: float = 1.0) -> None:
        if (output_size, coarsest) == (self._output_size, self._coarsest):
            return
        self._coarsest = coarsest
        for level in self.levels:
            level.release()
        w, h = output_size
        self.levels = [_Level(self.ctx, size) for size in level_sizes(output_size, coarsest)]
        # Rounding the level size changes its aspect a little: x and y get their own sigma.
        self._sigmas = [
            (fraction * h * level.size[0] / w, fraction * level.size[1])
            for fraction, level in zip(SIGMAS, self.levels, strict=True)
        ]
        self._output_size = output_size

    def run(self, emission: moderngl.Texture) -> tuple[moderngl.Texture, moderngl.Texture]:
        """Blurred emission of the whole frame at the near and far level sizes (linear RGB,
        HDR). emission : any size, covering the whole frame (supersampled or reduced)."""
        emission.filter = (moderngl.LINEAR, moderngl.LINEAR)
        emission.repeat_x = emission.repeat_y = False
        sources = [emission, self.levels[0].textures[0]]
        for level, source, sigma in zip(self.levels, sources, self._sigmas, strict=True):
            self._downsample(source, level)
            self._blur(level, sigma[0], horizontal=True)
            self._blur(level, sigma[1], horizontal=False)
        return self.levels[0].textures[0], self.levels[1].textures[0]

    def _downsample(self, source: moderngl.Texture, level: _Level) -> None:
        full_screen_state(self.ctx)
        level.framebuffers[0].use()
        self.ctx.viewport = (0, 0, *level.size)
        source.use(location=0)
        # Bilinear taps two source texels apart cover the footprint of a level pixel.
        ratio = max(source.size[0] / level.size[0], source.size[1] / level.size[1])
        self.downsample["u_source"] = 0
        self.downsample["u_level_size"] = level.size
        self.downsample["u_taps"] = max(1, math.ceil(ratio / 2 - 1e-6))
        self._downsample_vao.render(moderngl.TRIANGLES, vertices=3)

    def _blur_program(self, taps: int) -> tuple[moderngl.Program, moderngl.VertexArray]:
        if taps not in self._blurs:
            source = shader_source("blur.frag").replace(
                "uniform int u_taps;", f"const int u_taps = {taps};"
            )
            program = self.ctx.program(
                vertex_shader=shader_source("fullscreen.vert"), fragment_shader=source
            )
            self._blurs[taps] = (program, self.ctx.vertex_array(program, []))
        return self._blurs[taps]

    def _blur(self, level: _Level, sigma: float, horizontal: bool) -> None:
        source, target = (0, 1) if horizontal else (1, 0)
        offsets, weights = bilinear_taps(sigma)
        program, vao = self._blur_program(len(weights) - 1)
        full_screen_state(self.ctx)
        level.framebuffers[target].use()
        self.ctx.viewport = (0, 0, *level.size)
        level.textures[source].use(location=0)
        program["u_source"] = 0
        for name, values in (("u_offsets", offsets), ("u_weights", weights)):
            array = uniform(program, name)  # the compiler keeps only the entries it reads
            array.write(_padded(values, array.array_length))
        w, h = level.size
        program["u_step"] = (1.0 / w, 0.0) if horizontal else (0.0, 1.0 / h)
        vao.render(moderngl.TRIANGLES, vertices=3)


def _padded(values: np.ndarray, length: int = _MAX_TAPS) -> bytes:
    out = np.zeros(length, dtype=np.float32)
    out[: min(length, len(values))] = values[:length]
    return out.tobytes()
