"""Dentition build times: prints medians, never passes or fails on time.

Targets on a 2-core machine: default level under 150 ms, preview under 30 ms. "median" is
a build from cold (every build cache cleared: crowns, poses, arch curves); a rebuild after
a one-tooth edit (the caches warm, as in the app) is also shown, since that is what a
slider drag in the app costs. Both are medians of wall time, and of CPU time (the
process's, so other work on a shared machine inflates it less). Ratios are against a
fixed NumPy workload timed in the same run, so figures from different machines can be
compared.

    .venv/bin/python benchmarks/bench_build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry import dentition


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def machine_baseline(runs: int) -> float:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 256, 256))
    return median_ms(lambda: [a @ b for _ in range(20)], runs)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="few runs, for CI smoke tests")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs

    baseline = machine_baseline(runs)
    print(f"machine baseline (20 x 256^2 matmul): {baseline:.1f} ms")
    rows = []
    for level, target in (("preview", 30.0), ("default", 150.0)):
        geometry = Geometry(resolution=level)
        cold_start = time.perf_counter()
        dentition.clear_caches()
        mouth = dentition.build(geometry)
        cold = (time.perf_counter() - cold_start) * 1000.0

        def uncached(geometry: Geometry = geometry) -> None:
            dentition.clear_caches()
            dentition.build(geometry)

        warm = median_ms(uncached, runs)
        angles = iter(range(10_000))

        def one_tooth_edit(geometry: Geometry = geometry, angles=angles) -> None:
            dentition.build(geometry.with_tooth(11, rotation_deg=float(next(angles) % 40)))

        edited = median_ms(one_tooth_edit, runs)
        rows.append((level, mouth.triangle_count, cold, warm, edited, target))
    print(
        f"{'level':8} {'triangles':>10} {'first':>9} {'median':>9} {'(cpu)':>9} "
        f"{'1-tooth edit':>13} {'(cpu)':>9} {'target':>8} {'x baseline':>11}"
    )
    for level, triangles, cold, (warm, warm_cpu), (edited, edited_cpu), target in rows:
        print(
            f"{level:8} {triangles:>10,} {cold:>7.1f}ms {warm:>7.1f}ms {warm_cpu:>7.1f}ms "
            f"{edited:>11.1f}ms {edited_cpu:>7.1f}ms {target:>6.0f}ms {warm / baseline:>10.2f}x"
        )


if __name__ == "__main__":
    main()
