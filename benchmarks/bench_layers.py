"""Layer compositing times: prints medians, never passes or fails on time.

Targets on a 2-core machine, default level (~95k vertices):
- composing a 10-layer stack: under 15 ms (after an edit of one layer: the other
  layers' results come from the cache, as in the app; the first, uncached compose of
  a design is shown too);
- updating the animated emission for one frame: under 5 ms.
Ratios are against `base_channels` (the plain look, a handful of array operations)
timed in the same run.

    .venv/bin/python benchmarks/bench_layers.py [--runs 15] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from fusionsmile.core.design import Design, Geometry, Layer, Mask
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.layers.compose import ComposeCache, base_channels, compose

STACK = (
    Layer(kind="enamel-shade", params={"shade": "A2"}),
    Layer(kind="incisal-translucency"),
    Layer(kind="mamelon-shading"),
    Layer(kind="perikymata"),
    Layer(kind="white-spots"),
    Layer(kind="gum-colour"),
    Layer(kind="uv-fluorescence"),
    Layer(kind="glow-gradient", params={"palette": "gfp-jellyfish"}),
    Layer(kind="sparkle", params={"palette": "dinoflagellate"}, mask=Mask(quadrants=(1, 2))),
    Layer(kind="nanobot-veins", params={"palette": "foxfire"}, blend="add"),
)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="few runs, for CI smoke tests")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs

    dentition = build(Geometry())
    _, attributes = dentition.merged()
    design = Design(layers=STACK, fusion=0.7)
    baseline = median_ms(lambda: base_channels(attributes), runs)
    print(f"{len(attributes):,} vertices; baseline (base_channels): {baseline:.2f} ms")

    cold = median_ms(lambda: compose(design, attributes, 0.0, cache=None), max(2, runs // 3))

    cache = ComposeCache()
    compose(design, attributes, 0.0, cache=cache)
    intensities = iter(range(10_000))

    def edit_one_layer() -> None:
        # A slider drag on the glow-gradient layer: a new design each time.
        value = 1.0 + (next(intensities) % 50) / 10
        layers = list(STACK)
        layers[7] = STACK[7].with_params(intensity=value)
        compose(design.model_copy(update={"layers": tuple(layers)}), attributes, 0.0, cache)

    edited = median_ms(edit_one_layer, runs)
    moments = iter(range(10_000))
    frame = median_ms(lambda: compose(design, attributes, next(moments) / 30, cache), runs)

    print(f"{'what':44} {'median':>9} {'target':>8} {'x baseline':>11}")
    for label, value, target in (
        ("compose 10 layers, uncached (new design)", cold, None),
        ("compose 10 layers after a one-layer edit", edited, 15.0),
        ("animated frame (sparkle + veins), cached", frame, 5.0),
    ):
        goal = f"{target:>6.0f}ms" if target else f"{'—':>8}"
        print(f"{label:44} {value:>7.1f}ms {goal} {value / baseline:>10.1f}x")


if __name__ == "__main__":
    main()
