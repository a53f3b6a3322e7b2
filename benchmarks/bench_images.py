"""Shareable image timings: prints medians, never passes or fails on time.

1920x1080 PNG with bloom, after the first render (target < 0.5 s), and its save_png alone
3840x2160 PNG (target < 2 s)
7680x4320 render, tiled (four 3840x2160 tiles here), and its ratio to the 1080p render
3 s, 24 fps, 640x360 GIF of the layers (target < 10 s)

.venv/bin/python benchmarks/bench_images.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import median_seconds

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.export.animation import AnimationRequest, write_animation
from fusionsmile.export.png_design import save_png
from fusionsmile.render.renderer import render_image, shared_renderer, tile_grid

PRESET = Path(__file__).resolve().parents[1] / "presets" / "showcase.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run each, a shorter GIF")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    design = read_design(PRESET)
    dentition = build(design.geometry)
    scene = design_scene(design, dentition, 0.0)
    render_image(scene, (1920, 1080), "front", "night")  # compile shaders, upload
    renderer = shared_renderer()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for size, target in (((1920, 1080), 0.5), ((3840, 2160), 2.0)):
            seconds = median_seconds(
                lambda size=size: save_png(
                    render_image(scene, size, "front", "night"), out / "r.png", design
                ),
                runs,
            )
            print(f"PNG {size[0]}x{size[1]} with bloom   {seconds:7.3f} s  (target < {target} s)")
        image = render_image(scene, (1920, 1080), "front", "night")
        seconds = median_seconds(lambda: save_png(image, out / "s.png", design), runs)
        size_kb = (out / "s.png").stat().st_size / 1000
        print(f"save_png 1920x1080 alone    {seconds:7.3f} s  ({size_kb:.0f} KB)")
        renders = {}
        for size in ((1920, 1080), (7680, 4320)):
            renders[size] = median_seconds(
                lambda size=size: render_image(scene, size, "front", "night"), runs
            )
        tiles = len(tile_grid((7680, 4320), renderer.supersample, renderer.max_texture_side()))
        ratio = renders[7680, 4320] / renders[1920, 1080]
        print(f"render 1920x1080 (no PNG)  {renders[1920, 1080]:7.3f} s")
        print(
            f"render 7680x4320, {tiles} tiles  {renders[7680, 4320]:7.3f} s  "
            f"({ratio:.1f}x the 1080p render, 16x the pixels)"
        )
        length = 1.0 if args.quick else 3.0
        request = AnimationRequest(length, 24, (640, 360), "front", "night")
        seconds = median_seconds(
            lambda: write_animation(design, dentition, request, out / "a.gif"), runs
        )
        print(f"GIF {length:g} s 24 fps 640x360       {seconds:7.3f} s  (target < 10 s for 3 s)")


if __name__ == "__main__":
    main()
