"""Film timings: prints medians and ratios, never passes or fails on time.

One frame of the glow with a still camera: a full render (the surface drawn again, the
baseline) against StillGlow (the surface drawn once, then per frame the glow's emission,
bloom and a composite that rebuilds the glow), with the renderer's bloom and with the
films' coarser bloom (FILM_BLOOM_ROWS), at 640x360 and 1920x1080, measured in the same
run
3 s, 24 fps, 640x360 GIF of the glow (target < 3 s)
10 s, 30 fps, 1920x1080 MP4 of the glow with a still camera (target < 40 s) and as a
turntable (every frame redraws the surface)
45-view quilt (5x9) at 3360x3360 (target < 10 s)

.venv/bin/python benchmarks/bench_video.py [--quick] [--runs N]
(--quick: one run, 640x360 frames only, 1 s films at 640x360, a 1120x1120 quilt)
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.scene import design_scene
from fusionsmile.export.animation import AnimationRequest, write_animation
from fusionsmile.export.quilt import QuiltLayout, quilt_image
from fusionsmile.render.camera import camera_for
from fusionsmile.render.lighting import lighting_for
from fusionsmile.render.renderer import shared_renderer, smile_bounds
from fusionsmile.render.still_glow import FILM_BLOOM_ROWS, StillGlow

PRESET = Path(__file__).resolve().parents[1] / "presets" / "showcase.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run each, short films")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    design = read_design(PRESET)
    dentition = build(design.geometry)
    _, attributes = dentition.merged()
    scene = design_scene(design, dentition, 0.0)
    renderer = shared_renderer()
    renderer.set_scene(scene)
    night = lighting_for("night")
    # Frames at distinct moments, composed beforehand: only drawing is timed.
    moments = [scene.with_channels(compose(design, attributes, 0.5 * i)) for i in range(1, 9)]
    sizes = [(640, 360)] if args.quick else [(640, 360), (1920, 1080)]
    turn = itertools.count()  # each timed frame draws the next moment
    for size in sizes:
        enamel = scene.position[scene.region == Region.ENAMEL]
        camera = camera_for("front", smile_bounds(scene), size[0] / size[1], points=enamel)
        stills = [StillGlow(renderer), StillGlow(renderer, bloom_rows=FILM_BLOOM_ROWS)]
        for still in stills:
            still.render(scene, camera, night, size)  # the capture: the one surface pass

        def full(size=size, camera=camera) -> None:  # type: ignore[no-untyped-def]
            renderer.use_scene(moments[next(turn) % len(moments)])
            renderer.render(camera, night, size)

        def glow_only(still, size=size, camera=camera) -> None:  # type: ignore[no-untyped-def]
            still.render(moments[next(turn) % len(moments)], camera, night, size)

        full()  # targets of this size exist before timing
        baseline = median_seconds(full, max(runs, 3))
        fast = [median_seconds(lambda s=s: glow_only(s), max(runs, 3)) for s in stills]
        for still in stills:
            still.release()
        print(
            f"frame {size[0]}x{size[1]}: full render {baseline * 1000:6.0f} ms, glow only "
            f"{fast[0] * 1000:6.0f} ms ({baseline / fast[0]:.1f}x faster), with the films' "
            f"bloom {fast[1] * 1000:6.0f} ms ({baseline / fast[1]:.1f}x)"
        )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        length = 1.0 if args.quick else 3.0
        request = AnimationRequest(length, 24, (640, 360), "front", "night")
        seconds = median_seconds(
            lambda: write_animation(design, dentition, request, out / "a.gif"), runs
        )
        print(
            f"GIF {length:g} s 24 fps 640x360            {seconds:7.2f} s  (target < 3 s for 3 s)"
        )
        length, size = (1.0, (640, 360)) if args.quick else (10.0, (1920, 1080))
        for turntable in (False, True):
            request = AnimationRequest(length, 30, size, "front", "night", turntable)
            start = time.perf_counter()
            write_animation(design, dentition, request, out / "a.mp4")
            seconds = time.perf_counter() - start
            kind = "turntable   " if turntable else "still camera"
            print(
                f"MP4 {length:g} s 30 fps {size[0]}x{size[1]} {kind} {seconds:7.2f} s  "
                f"({seconds / request.frame_count * 1000:.0f} ms a frame)"
            )
    layout = QuiltLayout(5, 9, (1120, 1120) if args.quick else (3360, 3360))
    seconds = median_seconds(lambda: quilt_image(design, dentition, layout), runs)
    w, h = layout.size
    print(f"quilt 45 views {w}x{h}            {seconds:7.2f} s  (target < 10 s at 3360x3360)")


if __name__ == "__main__":
    main()
