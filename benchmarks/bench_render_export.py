"""Render and export timings: prints medians, never passes or fails on time.

Uses the real dentition (`fusionsmile.core.geometry.dentition.build`) when it is there
and builds, else the synthetic mouth of the tests (~170k triangles).

    .venv/bin/python benchmarks/bench_render_export.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import plain_scene


def load_dentition() -> tuple[Dentition, str]:
    try:
        from fusionsmile.core.design import Geometry
        from fusionsmile.core.geometry.dentition import build

        return build(Geometry()), "real dentition"
    except Exception as exc:  # the generator may be missing or mid-rewrite
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from synthetic_mouth import synthetic_dentition

        return synthetic_dentition(4, 160), f"synthetic mouth ({type(exc).__name__}: {exc})"


def median_ms(action, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--quick", action="store_true", help="two runs, for CI smoke tests")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    size = tuple(int(x) for x in args.size.split("x"))

    dentition, source = load_dentition()
    scene = plain_scene(dentition)
    print(f"scene: {source}, {scene.triangle_count} triangles, {len(scene.position)} vertices")
    # Timings on a shared machine swing with its load: print it beside them.
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    start = time.perf_counter()
    from fusionsmile.render import LIGHTING_PRESETS, Renderer, camera_for

    renderer = Renderer()
    renderer.set_scene(scene)
    camera = camera_for("front", scene.bounds(), aspect=size[0] / size[1])
    renderer.render(camera, LIGHTING_PRESETS["day"], size)
    first = (time.perf_counter() - start) * 1000
    print(f"first render {size[0]}x{size[1]} (import, context, compile, upload): {first:.0f} ms")

    for lighting in ("day", "night"):
        median, times = median_ms(
            lambda lighting=lighting: renderer.render(camera, LIGHTING_PRESETS[lighting], size),
            args.runs,
        )
        print(
            f"render {size[0]}x{size[1]} {lighting}: median {median:.0f} ms "
            f"(runs: {', '.join(f'{t:.0f}' for t in times)})"
        )
    median, _ = median_ms(lambda: renderer.update_channels(scene), args.runs)
    print(f"update_channels: median {median:.1f} ms")

    from fusionsmile.export import export_mesh

    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("glb", "gltf", "stl", "ply", "obj"):
            path = Path(folder) / f"mouth.{fmt}"
            runs = args.runs if fmt != "obj" else max(1, args.runs // 2)
            median, _ = median_ms(lambda path=path: export_mesh(scene, dentition, path), runs)
            size_mb = path.stat().st_size / 1e6
            print(f"export {fmt}: median {median:.0f} ms, {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
