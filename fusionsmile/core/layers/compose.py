"""The compositor: a design's layer stack evaluated on surface samples at time t.

    natural  = base look, then every enabled natural layer in order
    luminous = natural, then every enabled luminous layer in order
    result   = natural mixed towards luminous by the design's `fusion` (0..1)

so fusion 0 is the natural stack alone, with no emission at all. Each layer's output is
mixed in by weight = coverage x opacity x mask, through its blend mode (colours) or
linearly (scalars).

Work that does not depend on t is cached per SurfaceAttributes object: kinds' prepared
state, masks, outputs of kinds that are not animated, and the whole natural stack. A
frame of animation then only evaluates the animated layers and the final mix.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Generator, Hashable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Design, Layer, Mask
from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.blend import blend
from fusionsmile.core.layers.channels import (
    COLOUR_CHANNELS,
    SCALAR_CHANNELS,
    Channels,
    LayerOutput,
)
from fusionsmile.core.layers.mask import mask_weight
from fusionsmile.core.layers.registry import LayerKind, kind_for

F32 = NDArray[np.float32]

# Linear-RGB base colours, the look before any layer: a light enamel, sRGB ~(236, 228,
# 208), L* ~90, b* ~12; healthy attached gingiva, sRGB ~(196, 98, 104).
_ENAMEL_LINEAR = np.array([0.84, 0.77, 0.63], dtype=np.float32)
_GINGIVA_LINEAR = np.array([0.55, 0.12, 0.14], dtype=np.float32)
_ROOT_LINEAR = np.array([0.80, 0.70, 0.52], dtype=np.float32)
# Uncached composes (bakes): layers evaluated at once on worker threads, with up to
# _AHEAD outputs ready or under way ahead of the one being mixed in, fewer on more
# samples: at most _AHEAD_SAMPLES samples' outputs ahead (~50 bytes a sample), none (one
# layer at a time) when even one is over it.
_WORKERS = 2
_AHEAD = 4
_AHEAD_SAMPLES = 8_000_000


def base_channels(attributes: SurfaceAttributes) -> Channels:
    """Plain enamel and pink gums: what the layers start from."""
    n = len(attributes)
    region = attributes.region
    albedo = np.empty((n, 3), dtype=np.float32)
    albedo[region == Region.ENAMEL] = _ENAMEL_LINEAR
    albedo[region == Region.GINGIVA] = _GINGIVA_LINEAR
    albedo[region == Region.ROOT] = _ROOT_LINEAR
    enamel = region == Region.ENAMEL
    # Enamel is a little bluer and more translucent towards the incisal edge.
    incisal = np.clip((attributes.v - 0.7) / 0.3, 0.0, 1.0) * enamel
    albedo[:, 2] += 0.05 * incisal
    albedo[:, 0] -= 0.04 * incisal
    return Channels(
        albedo=np.clip(albedo, 0.0, 1.0),
        alpha=np.ones(n, dtype=np.float32),
        emission=np.zeros((n, 3), dtype=np.float32),
        translucency=(0.15 + 0.45 * incisal).astype(np.float32),
        roughness=np.where(enamel, 0.35, 0.6).astype(np.float32),
        fluorescence=np.zeros((n, 3), dtype=np.float32),
        bump=np.zeros((n, 3), dtype=np.float32),
    )


class ComposeCache:
    """Results that do not depend on t, per SurfaceAttributes object (weakly held, so a
    rebuilt dentition drops its entries), least recently used first out.

    Thread-safe: the app's builder thread fills it and the UI thread reads it for
    animation frames, so a layer prepared once is not prepared again per thread.
    """

    def __init__(self, entries_per_surface: int = 96) -> None:
        self.limit = entries_per_surface
        self._lock = threading.Lock()
        self._store: weakref.WeakKeyDictionary[SurfaceAttributes, OrderedDict[Hashable, Any]]
        self._store = weakref.WeakKeyDictionary()

    def get(self, attributes: SurfaceAttributes, key: Hashable) -> Any:
        with self._lock:
            entries = self._store.get(attributes)
            if entries is None or key not in entries:
                return None
            entries.move_to_end(key)
            return entries[key]

    def put(self, attributes: SurfaceAttributes, key: Hashable, value: Any) -> Any:
        with self._lock:
            entries = self._store.setdefault(attributes, OrderedDict())
            entries[key] = value
            while len(entries) > self.limit:
                entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._store = weakref.WeakKeyDictionary()


DEFAULT_CACHE = ComposeCache()


def _params_key(layer: Layer) -> str:
    return layer.kind + repr(sorted(layer.params.items()))


def _layer_output(
    kind: LayerKind, layer: Layer, attributes: SurfaceAttributes, t: float,
    cache: ComposeCache | None,
) -> LayerOutput:  # fmt: skip
    params = kind.resolve(layer.params)
    key = ("prepare", _params_key(layer))
    state = cache.get(attributes, key) if cache else None
    if state is None:
        state = kind.prepare(attributes, params)
        if cache:
            cache.put(attributes, key, state)
    if kind.animated:
        return kind.evaluate(attributes, params, state, t)
    out_key = ("output", _params_key(layer))
    output = cache.get(attributes, out_key) if cache else None
    if output is None:
        output = kind.evaluate(attributes, params, state, 0.0)
        if cache:
            cache.put(attributes, out_key, output)
    return output


def _mask(mask: Mask, attributes: SurfaceAttributes, cache: ComposeCache | None) -> F32 | None:
    if mask.is_everything:
        return None
    key = ("mask", mask.model_dump_json())
    weight = cache.get(attributes, key) if cache else None
    if weight is None:
        weight = mask_weight(mask, attributes)
        if cache:
            cache.put(attributes, key, weight)
    return weight


def apply_layer(
    channels: Channels, layer: Layer, output: LayerOutput, mask: F32 | None,
    natural: bool,
) -> Channels:  # fmt: skip
    """channels with one layer's output mixed in (see the module docstring)."""
    weight = output.coverage
    if mask is not None:
        weight = mask if weight is None else weight * mask
    if layer.opacity < 1.0:
        opacity = np.float32(layer.opacity)
        weight = np.full(len(channels), opacity, np.float32) if weight is None else weight * opacity
    changes: dict[str, F32] = {}
    for name in output.written():
        # Natural layers are the real tooth: only luminous layers may emit light, so that
        # fusion 0 is guaranteed dark.
        if natural and name == "emission":
            continue
        base, value = getattr(channels, name), getattr(output, name)
        if name in COLOUR_CHANNELS:
            mixed = blend(layer.blend, base, value, weight, hdr=name != "albedo")
            high = 1.0 if name == "albedo" else None
            if weight is None:  # mixed may be the layer's own array
                changes[name] = np.clip(mixed, 0.0, high).astype(np.float32, copy=False)
            else:  # a new array: clipped where it is
                changes[name] = np.clip(mixed, 0.0, high, out=mixed)
        elif name in SCALAR_CHANNELS:
            if weight is None:
                mixed = base + (value - base)
            else:
                mixed = value - base
                mixed *= weight
                mixed += base
            changes[name] = np.clip(mixed, 0.0, 1.0, out=mixed).astype(np.float32, copy=False)
        else:  # bump: micro-relief adds up
            changes[name] = base + (value if weight is None else weight[:, None] * value)
    return channels.replace(**changes) if changes else channels


def _outputs(
    layers: Sequence[tuple[LayerKind, Layer]], attributes: SurfaceAttributes, t: float,
    cache: ComposeCache | None,
) -> Generator[LayerOutput, None, None]:  # fmt: skip
    """Each layer's output, in order. With no cache (a bake over many texels), the next
    layers are evaluated on worker threads while one is mixed in: a layer is a function
    of the samples alone, and numpy lets go of the GIL over whole arrays."""
    most = min(_AHEAD, _AHEAD_SAMPLES // max(len(attributes), 1))
    if cache is not None or len(layers) < 2 or most < 1:
        for kind, layer in layers:
            yield _layer_output(kind, layer, attributes, t, cache)
        return
    pending = iter(layers)
    with ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="compose") as pool:
        ahead: deque[Future[LayerOutput]] = deque()
        for kind, layer in islice(pending, most):
            ahead.append(pool.submit(_layer_output, kind, layer, attributes, t, None))
        while ahead:
            output = ahead.popleft().result()
            for kind, layer in islice(pending, 1):
                ahead.append(pool.submit(_layer_output, kind, layer, attributes, t, None))
            yield output


def _stack(
    channels: Channels, layers: Sequence[tuple[LayerKind, Layer]],
    attributes: SurfaceAttributes, t: float, cache: ComposeCache | None,
    outputs: Iterator[LayerOutput] | None = None,
) -> Channels:  # fmt: skip
    """channels with layers mixed in; outputs: theirs, when already under way."""
    if outputs is None:
        outputs = _outputs(layers, attributes, t, cache)
    # Not strict: outputs may go on with the next stack's layers.
    for (kind, layer), output in zip(layers, outputs, strict=False):
        mask = _mask(layer.mask, attributes, cache)
        channels = apply_layer(channels, layer, output, mask, kind.group == "natural")
    return channels


def _compose_uncached(
    natural_layers: list[tuple[LayerKind, Layer]], luminous_layers: list[tuple[LayerKind, Layer]],
    fusion: float, attributes: SurfaceAttributes, t: float,
) -> Channels:  # fmt: skip
    """compose_layers with no cache: one stream of outputs for both stacks, so that the
    luminous layers are evaluated while the natural ones are still being mixed in."""
    shown = natural_layers + (luminous_layers if fusion > 0.0 else [])
    outputs = _outputs(shown, attributes, t, None)
    try:
        natural = _stack(base_channels(attributes), natural_layers, attributes, t, None, outputs)
        if fusion <= 0.0 or not luminous_layers:
            return natural
        luminous = _stack(natural, luminous_layers, attributes, t, None, outputs)
    finally:
        outputs.close()  # its workers are done (or stopped) before compose returns
    return Channels.lerp(natural, luminous, fusion) if fusion < 1.0 else luminous


def compose_layers(
    layers: Sequence[Layer], fusion: float, attributes: SurfaceAttributes, t: float = 0.0,
    cache: ComposeCache | None = DEFAULT_CACHE,
) -> Channels:  # fmt: skip
    """Channels of a layer stack at the samples at time t (seconds); see module docstring.

    cache : None evaluates everything afresh (atlas texels: too many to keep)
    """
    enabled = [(kind_for(layer.kind), layer) for layer in layers if layer.enabled]
    natural_layers = [(k, layer) for k, layer in enabled if k.group == "natural"]
    luminous_layers = [(k, layer) for k, layer in enabled if k.group == "luminous"]

    if cache is None:
        return _compose_uncached(natural_layers, luminous_layers, fusion, attributes, t)
    natural_static = not any(kind.animated for kind, _ in natural_layers)
    key = ("natural", tuple(layer.model_dump_json() for _, layer in natural_layers))
    natural = cache.get(attributes, key) if natural_static else None
    if natural is None:
        natural = _stack(base_channels(attributes), natural_layers, attributes, t, cache)
        if natural_static:
            cache.put(attributes, key, natural)
    if fusion <= 0.0 or not luminous_layers:
        return natural
    luminous = _stack(natural, luminous_layers, attributes, t, cache)
    return Channels.lerp(natural, luminous, fusion) if fusion < 1.0 else luminous


def compose(
    design: Design, attributes: SurfaceAttributes, t: float = 0.0,
    cache: ComposeCache | None = DEFAULT_CACHE,
) -> Channels:  # fmt: skip
    """The look of design at the samples at time t: `compose_layers` of its stack."""
    return compose_layers(design.layers, design.fusion, attributes, t, cache)


def _moving_layers(design: Design) -> Iterator[Layer]:
    """The enabled, animated layers that show: luminous ones only with fusion > 0 (the
    Fusion balance hides them at 0), so a still natural smile neither animates nor loops."""
    for layer in design.layers:
        kind = kind_for(layer.kind)
        if layer.enabled and kind.animated and (kind.group == "natural" or design.fusion > 0):
            yield layer


def is_animated(design: Design) -> bool:
    """Whether any enabled layer that shows moves."""
    return any(True for _ in _moving_layers(design))


def loop_period(design: Design, longest: float = 60.0) -> float | None:
    """Seconds after which the whole animation repeats: the least common multiple of the
    periods of the animated layers that show (to 0.01 s), or None if one does not loop or it exceeds
    `longest`. 0.0 when nothing moves."""
    periods = []
    for layer in _moving_layers(design):
        kind = kind_for(layer.kind)
        period = kind.period(kind.resolve(layer.params))
        if period is None or period <= 0:
            return None
        periods.append(round(period * 100))
    if not periods:
        return 0.0
    total = int(np.lcm.reduce(np.array(periods, dtype=np.int64)))
    return total / 100 if total / 100 <= longest else None
