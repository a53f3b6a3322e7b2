"""Portrait timings: prints medians, never passes or fails on time.

landmarks on a 12-megapixel photo (4000x3000; target < 150 ms), after the model's first
  run, against decoding nothing: the face mesh on the 1280-px copy it sees, as baseline
the 1080p composite of a smile on a portrait (target < 1 s): landmarks excluded (done
  once per photo), build, look, render and composite included; and its ratio to a plain
  1080p render of the same design
(the app's frame rate while dragging a fit handle: bench_app_portrait.py)

.venv/bin/python benchmarks/bench_portrait.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image
from timing import median_seconds

from fusionsmile.core.design_io import read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.portrait.analysis import analyse_photo
from fusionsmile.portrait.landmarks import DETECT_SIDE, detect_faces
from fusionsmile.portrait.photo import Photo, read_photo, sample_portrait_path
from fusionsmile.portrait.portrait_image import render_portrait
from fusionsmile.render.renderer import render_image

PRESET = Path(__file__).resolve().parents[1] / "presets" / "showcase.json"


def portrait(size: tuple[int, int]) -> Photo:
    """The sample portrait enlarged and cropped to size (w, h), the face in the middle."""
    photo = read_photo(sample_portrait_path())
    side = max(size)
    big = Image.fromarray(photo.pixels).resize((side, side), Image.Resampling.BICUBIC)
    left, top = (side - size[0]) // 2, int((side - size[1]) * 0.25)
    pixels = np.asarray(big.crop((left, top, left + size[0], top + size[1])))
    return Photo(np.ascontiguousarray(pixels), photo.sha256, "bench.jpg", "JPEG")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (CI smoke test)")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 9)

    twelve = portrait((4000, 3000))
    detect_faces(twelve.pixels)  # the model's first run loads its graph
    landmarks = median_seconds(lambda: detect_faces(twelve.pixels), runs)
    scale = DETECT_SIDE / 4000
    small = np.asarray(Image.fromarray(twelve.pixels).resize((DETECT_SIDE, round(3000 * scale))))
    baseline = median_seconds(lambda: detect_faces(small), runs)
    print(f"landmarks, 12 MP photo: {landmarks * 1000:.0f} ms (target < 150 ms); "
          f"on its {DETECT_SIDE}-px copy alone: {baseline * 1000:.0f} ms "
          f"(x{landmarks / baseline:.2f})")  # fmt: skip

    design = read_design(PRESET)
    hd = analyse_photo(portrait((1920, 1080)))

    def composite() -> object:
        return render_portrait(hd, design, build(design.geometry), "day", 0.0)

    def composite_night() -> object:
        return render_portrait(hd, design, build(design.geometry), "night", 1.0)

    def plain() -> object:
        return render_image(design_scene(design, build(design.geometry)), (1920, 1080))

    composite()
    day = median_seconds(composite, runs)
    night = median_seconds(composite_night, runs)
    render = median_seconds(plain, runs)
    print(f"1080p portrait composite, day: {day:.3f} s (target < 1 s); night: {night:.3f} s; "
          f"a plain 1080p render of the same design: {render:.3f} s "
          f"(day x{day / render:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
