"""Texture baking for exports: prints medians, never passes or fails on time.

For the default dentition and a stack of about ten layers (every natural kind registered,
then a few luminous ones, all with default parameters): atlas layout, rasterization
(texel attributes), compose at the texels, the fill of the gutters (nearest covered
texel), and their total, at 2048 and 1024 texels square; then a whole GLB export with
baked 1024 textures (bake, PNG encoding, writing), for that stack and for one solid
glow layer (what the export costs besides the layers): the first export of the mouth,
which lays out and samples the atlas, and the median of the exports after it, which
reuse that sampling (fusionsmile.export.atlas.bake.atlas_sampling). Last, what users
get: the first export of a new mouth in a fresh process (as the app and the CLI export),
the median over a few mouths of slightly different sizes, each in its own process (the
layers' lazy imports done beforehand, as the live view does them).
Targets on a 2-core machine: 2048 bake under 2 s, GLB export at 1024 under 1 s.

    .venv/bin/python benchmarks/bench_bake.py [--runs 5] [--fresh 5] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fusionsmile.core.design import Design, Layer, Mask
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.layers.registry import all_kinds
from fusionsmile.core.scene import Scene, design_scene
from fusionsmile.export import export_mesh
from fusionsmile.export.atlas import fill_textures, layout_atlas, rasterize
from fusionsmile.export.atlas.bake import forget_sampling

LUMINOUS = 3  # luminous layers on top of the natural ones


def stack() -> tuple[Layer, ...]:
    """Every natural kind, then a few luminous ones (the last masked to the centrals)."""
    kinds = list(all_kinds().values())
    natural = [k for k in kinds if k.group == "natural"]
    luminous = [k for k in kinds if k.group == "luminous"][:LUMINOUS]
    layers = [Layer(kind=k.name) for k in natural]
    layers += [Layer(kind=k.name, opacity=0.7, blend="screen") for k in luminous[:-1]]
    if luminous:
        layers.append(Layer(kind=luminous[-1].name, mask=Mask(teeth=(11, 21))))
    return tuple(layers)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000.0, result


def bake_once(design: Design, parts: tuple, size: int) -> tuple[float, ...]:
    layout_ms, layout = timed(lambda: layout_atlas(parts, size))
    raster_ms, samples = timed(lambda: rasterize(layout, parts))
    compose_ms, channels = timed(lambda: compose(design, samples.attributes, 0.0, cache=None))
    fill_ms, _ = timed(lambda: fill_textures(channels, samples))
    return layout_ms, raster_ms, compose_ms, fill_ms


def export_ms(scene: Scene, mouth: Dentition, path: Path, look: Design) -> float:
    return timed(lambda: export_mesh(scene, mouth, path, design=look, texture_size=1024))[0]


def fresh_mouth_export(variant: int) -> float:
    """ms of the first GLB export of mouth `variant` (sizes vary a little) in this process."""
    design = Design(layers=stack(), fusion=0.8)
    update = {"tooth_size": 1.0 + 0.03 * variant, "spacing_mm": 0.1 * variant}
    design = design.model_copy(update={"geometry": design.geometry.model_copy(update=update)})
    mouth = build(design.geometry)
    scene = design_scene(design, mouth)  # the live view's compose: lazy imports done
    with tempfile.TemporaryDirectory() as folder:
        return export_ms(scene, mouth, Path(folder) / "mouth.glb", design)


def fresh_exports(count: int) -> list[float]:
    """First exports of `count` new mouths, each in a process of its own."""
    times = []
    for variant in range(count):
        command = [sys.executable, __file__, "--first-export", str(variant % 4)]
        times.append(float(subprocess.check_output(command, text=True).split()[-1]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", type=int, default=5, help="fresh processes, first export")
    parser.add_argument("--quick", action="store_true", help="few runs, for CI smoke tests")
    parser.add_argument("--first-export", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_export is not None:
        print(f"{fresh_mouth_export(args.first_export):.1f}")
        return
    runs = 1 if args.quick else args.runs

    design = Design(layers=stack(), fusion=0.8)
    mouth = build(design.geometry)
    kinds = ", ".join(layer.kind for layer in design.layers)
    print(f"{len(design.layers)} layers: {kinds}")
    print(f"{mouth.triangle_count:,} triangles, {len(mouth.parts)} parts")
    columns = ("layout", "raster", "compose", "fill", "total")
    print(f"{'size':>6}" + "".join(f"{name:>9}" for name in columns) + f"{'target':>9}")
    for size, target in ((2048, "2000ms"), (1024, "")):
        figures = [bake_once(design, mouth.parts, size) for _ in range(runs)]
        medians = [statistics.median(column) for column in zip(*figures, strict=True)]
        medians.append(statistics.median(sum(row) for row in figures))
        print(f"{size:>6}" + "".join(f"{ms:>7.0f}ms" for ms in medians) + f"{target:>9}")

    glow = Design(
        layers=(Layer(kind="solid-glow", params={"intensity": 4.0}, mask=Mask(teeth=(11, 21))),),
        fusion=1.0,
    )
    for label, look in ((f"{len(design.layers)} layers", design), ("one solid glow", glow)):
        scene = design_scene(look, mouth)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "mouth.glb"
            forget_sampling()
            first = export_ms(scene, mouth, path, look)
            times = [export_ms(scene, mouth, path, look) for _ in range(runs)]
            size_mb = path.stat().st_size / 1e6
        print(
            f"GLB export, baked 1024 textures, {label}: median {statistics.median(times):.0f} ms "
            f"(target 1000 ms), first {first:.0f} ms, {size_mb:.1f} MB"
        )
    fresh = fresh_exports(1 if args.quick else args.fresh)
    print(
        f"GLB export, baked 1024 textures, {len(design.layers)} layers, first of a new mouth "
        f"in a fresh process: median {statistics.median(fresh):.0f} ms (target 1000 ms), "
        f"{len(fresh)} mouths: " + ", ".join(f"{ms:.0f}" for ms in fresh)
    )


if __name__ == "__main__":
    main()
