"""What the glow kinds share: which samples glow, palette tables, loops, arch distance.

Every glow kind writes the same two things:

    emission : (n, 3) the colour of the light at full strength (palette x intensity)
    coverage : (n,) in [0, 1], how much of that light shows: the pattern, times 0 where
               nothing may glow (gums unless asked for, roots)

so a dark part of a pattern is transparent and lets the layers beneath show through, as
light does. The colour is usually fixed per sample (it depends on where the sample is)
and computed once in `prepare`; a frame of animation then only recomputes the coverage,
mostly as an integer phase looked up in a table (`PHASE_STEPS` steps per cycle).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.arch import arch_curve
from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.params import INTENSITY, PALETTE, Param
from fusionsmile.core.palettes import palette_for
from fusionsmile.core.reference import reference

F32 = NDArray[np.float32]
Steps = NDArray[np.int32]

PHASE_STEPS = 4096  # steps of a cycle in the phase tables (a power of two: masks wrap)
_TABLE_SIZE = 256
# Glowing gums are lit most at the gum margin and fade out over the first part of the
# gum (v is 0 at the margin, 1 at the far edge where the mesh ends): lit all over, the
# gums outshine the teeth, and a hard edge of light at the far edge looks like a cut.
_GUM_FADE_V = 0.45
_GUM_LEVEL = 0.7

GUMS = Param("gums", "bool", False, "the gums glow too, fading away from the teeth")


def palette_param(default: str) -> Param:
    """The shared `palette` parameter with this kind's own default."""
    return replace(PALETTE, default=default)


def intensity_param(default: float) -> Param:
    """The shared `intensity` parameter with this kind's own default: a glow over every
    tooth needs less than a few thin lines or specks to look as bright."""
    return replace(INTENSITY, default=default)


@dataclass(frozen=True, eq=False)
class Lit:
    """The samples a glow kind lights.

    index : (k,) indices of the lit samples among the n
    weight : (k,) in (0, 1], 1 on enamel, fading on gums
    n : number of samples
    """

    index: NDArray[np.intp]
    weight: F32
    n: int

    def spread(self, values: F32) -> F32:
        """(k,) or (k, 3) values at the lit samples -> (n,) or (n, 3), zero elsewhere."""
        out = np.zeros((self.n, *values.shape[1:]), dtype=np.float32)
        out[self.index] = values
        return out


def lit_samples(attributes: SurfaceAttributes, gums: bool = False) -> Lit:
    """The enamel, and the gums if asked for (weighted to fade away from the margin)."""
    region = attributes.region
    weight = (region == Region.ENAMEL).astype(np.float32)
    if gums:
        gum = region == Region.GINGIVA
        fade = np.clip(1.0 - attributes.v[gum] / _GUM_FADE_V, 0.0, 1.0)
        weight[gum] = _GUM_LEVEL * fade * fade
    index = np.flatnonzero(weight > 0)
    return Lit(index=index, weight=weight[index], n=len(attributes))


def palette_table(palette: str, size: int = _TABLE_SIZE) -> F32:
    """(size, 3) linear RGB of the palette sampled evenly from 0 to 1."""
    return palette_for(palette).sample(np.linspace(0.0, 1.0, size, dtype=np.float32))


def colour_at(palette: str, position: NDArray[np.floating], intensity: float) -> F32:
    """(k, 3) palette colours at positions (k,) in [0, 1], times intensity."""
    table = palette_table(palette)
    slot = np.clip(position * (len(table) - 1) + 0.5, 0, len(table) - 1).astype(np.intp)
    return table[slot] * np.float32(intensity)  # type: ignore[no-any-return]


def frozen(array: F32) -> F32:
    """The array, made read-only: prepared state is shared by every frame."""
    array.flags.writeable = False
    return array


def glow_output(lit: Lit, emission: F32, level: F32) -> LayerOutput:
    """A glow kind's output from full (n, 3) emission and the pattern at the lit samples.

    level : (k,) brightness of the pattern in [0, 1] at lit.index (clipped)
    """
    coverage = lit.spread(np.clip(level, 0.0, 1.0) * lit.weight)
    return LayerOutput(emission=emission, coverage=coverage)


def period_of(base_s: float, speed: float) -> float:
    """Seconds of a loop that takes base_s at speed 1 (speed 0: frozen, any loop fits)."""
    return base_s / speed if speed > 0 else base_s


def loop_fraction(t: float, base_s: float, speed: float) -> float:
    """How far through its loop (in [0, 1)) an animation of base_s seconds is at t."""
    return float((float(t) * float(speed) / base_s) % 1.0)


def phase_steps(fraction: NDArray[np.floating]) -> Steps:
    """(k,) phase in cycles (any real) -> integer steps in [0, PHASE_STEPS)."""
    steps = np.floor(np.asarray(fraction, dtype=np.float64) * PHASE_STEPS).astype(np.int64)
    return (steps % PHASE_STEPS).astype(np.int32)


def shift_steps(fraction: float) -> int:
    """A loop fraction as whole phase steps (time moves in 1/PHASE_STEPS of a loop)."""
    return round(fraction * PHASE_STEPS) % PHASE_STEPS


def look_up(table: F32, steps: Steps, shift: int) -> F32:
    """table[(steps + shift) mod PHASE_STEPS]: steps is each sample's phase, shift the
    time's (a pattern at phase x moving forward: steps = x, shift = -time)."""
    return table[(steps + np.int32(shift)) & np.int32(PHASE_STEPS - 1)]  # type: ignore[no-any-return]


# Nominal arch length per unit of the arch coordinate s: s runs -1..1 from the distal of
# the last right molar to that of the last left, and an adult arch with second molars is
# about 55 mm long from the midline to there (between the summed widths of Wheeler's
# lower and upper teeth: a test holds it there). A fixed scale keeps every sample's
# distance its own, whatever else is sampled.
ARCH_MM_PER_S = 55.0


def arch_mm(attributes: SurfaceAttributes) -> F32:
    """(n,) signed distance along the arch from the midline, mm (- right, + left): the
    sample's own arch coordinate s at the nominal ARCH_MM_PER_S."""
    return (attributes.s * np.float32(ARCH_MM_PER_S)).astype(np.float32)


@functools.cache
def _outward_table() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    # The default adult upper arch: Geometry's form (beta) and size (assets).
    curve = arch_curve("beta", **reference("arch_upper").value)
    s = np.linspace(-1.0, 1.0, 257)
    return s, curve.outward_at(s * curve.half_length)


def nominal_outward(s: NDArray[np.floating]) -> F32:
    """(k, 3) the horizontal unit direction out of the mouth (labially / buccally) at
    arch coordinates s, on the default adult arch: a sample's own s gives the way its
    tooth's outer face looks, whichever other samples there are."""
    table_s, table_xz = _outward_table()
    x = np.interp(s, table_s, table_xz[:, 0])
    z = np.interp(s, table_s, table_xz[:, 1])
    out = np.stack([x, np.zeros_like(x), z], axis=-1)
    out /= np.maximum(np.linalg.norm(out, axis=-1, keepdims=True), 1e-9)
    return out.astype(np.float32)
