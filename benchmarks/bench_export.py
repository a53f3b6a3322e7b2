"""Export benchmark: prints medians, never passes or fails on time.

For the default dentition and a starter design with a glow: GLB with baked 1024 textures
(target under 1 s on a 2-core machine), OBJ with its MTL and baked 1024 PNGs, binary PLY
with emission, and STL split per arch (the design composed once, outside the timing).
The baked exports after the first reuse the mouth's atlas sampling (see bench_bake.py,
which also times the first export).

    .venv/bin/python benchmarks/bench_export.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.core.starter import starter_design
from fusionsmile.export.mesh import export_files


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs, 256 textures")
    args = parser.parse_args()
    runs, size = (2, 256) if args.quick else (args.runs, 1024)
    design = starter_design("joy", 0.7)
    mouth = build(design.geometry)
    scene = design_scene(design, mouth)
    print(f"{mouth.triangle_count:,} triangles, textures {size}^2, median of {runs} runs")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cases = {
            "GLB, baked textures": lambda: export_files(
                scene, mouth, out / "s.glb", design=design, texture_size=size
            ),
            "OBJ + MTL + PNGs, baked": lambda: export_files(
                scene, mouth, out / "s.obj", design=design, texture_size=size
            ),
            "PLY, colours + emission": lambda: export_files(scene, mouth, out / "s.ply"),
            "STL per arch": lambda: export_files(scene, mouth, out / "s.stl", split="arch"),
        }
        for name, action in cases.items():
            print(f"  {name:28s} {median_ms(action, runs):8.0f} ms")


if __name__ == "__main__":
    main()
