"""The person's own dental midline, found between their upper centrals in the photo:
where it is in the sample portrait, following the teeth when they move, absent when the
lips are closed, and used by `fusionsmile photo --midline teeth`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design_io import read_design
from fusionsmile.portrait.analysis import PhotoFace, analyse_photo
from fusionsmile.portrait.face import facial_frame
from fusionsmile.portrait.landmarks import detect_faces
from fusionsmile.portrait.own_midline import own_midline
from fusionsmile.portrait.photo import read_photo


def moved_teeth(face: PhotoFace, shift_px: int) -> np.ndarray:
    """The photo with everything across the mouth moved shift_px to the right, as if the
    teeth sat that much off to one side (the lips move too: the frame is kept)."""
    pixels = face.photo.pixels.copy()
    upper, lower = face.frame.lip_midpoints()
    left, right = int(upper[0]) - 150, int(upper[0]) + 150
    top, bottom = int(upper[1]) - 20, int(lower[1]) + 20
    source = face.photo.pixels[top:bottom, left : right - shift_px]
    pixels[top:bottom, left + shift_px : right] = source
    return pixels


def test_the_sample_portrait_s_midline_is_between_her_centrals(astronaut_face: PhotoFace) -> None:
    found = own_midline(astronaut_face.photo.pixels, astronaut_face.frame)
    assert found is not None
    # Looked at: the dark line between her upper centrals is on her facial midline.
    assert abs(found.offset_mm) < 0.6 and found.contrast > 0.2


@pytest.mark.parametrize("shift", [-6, -3, 4, 7])
def test_the_found_midline_follows_the_teeth(astronaut_face: PhotoFace, shift: int) -> None:
    before = own_midline(astronaut_face.photo.pixels, astronaut_face.frame)
    after = own_midline(moved_teeth(astronaut_face, shift), astronaut_face.frame)
    assert before is not None and after is not None
    moved_px = (after.offset_mm - before.offset_mm) / astronaut_face.frame.mm_per_px
    assert moved_px == pytest.approx(shift, abs=0.6)


def test_closed_lips_have_no_teeth_midline(grace_hopper_path: Path) -> None:
    photo = read_photo(grace_hopper_path)
    (face,) = detect_faces(photo.pixels)
    frame = facial_frame(face, require_open_mouth=False)
    assert own_midline(photo.pixels, frame) is None


def test_photo_can_put_the_midline_where_the_teeth_have_it(
    tmp_path: Path, astronaut_face: PhotoFace
) -> None:
    path = tmp_path / "off-centre.png"
    Image.fromarray(moved_teeth(astronaut_face, 7)).save(path)
    runner = CliRunner()
    result = runner.invoke(app, ["photo", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    offset = report["own_midline"]["offset_mm"]
    assert offset > 2.0  # 7 px at ~0.46 mm/px, towards the person's left
    outputs = {}
    for midline in ("face", "teeth"):
        out = tmp_path / f"{midline}.png"
        result = runner.invoke(app, ["photo", str(path), "--midline", midline, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        outputs[midline] = read_design(out).photo
    face_fit = analyse_photo(read_photo(path))  # the automatic fit, centred on the face
    assert outputs["face"] is not None and outputs["face"].fit is None
    teeth = outputs["teeth"]
    assert teeth is not None and teeth.fit is not None
    width = face_fit.photo.size[0]
    upper, _ = face_fit.frame.lip_midpoints()
    moved_mm = (teeth.fit.x * width - upper[0]) * face_fit.frame.mm_per_px
    assert moved_mm == pytest.approx(offset, abs=0.5)
    result = runner.invoke(app, ["photo", str(path), "--midline", "nose", "--json"])
    assert result.exit_code != 0 and "--midline" in result.stderr
