"""The facial frame from real faces, and the refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.portrait.analysis import PhotoFace, analyse_photo
from fusionsmile.portrait.face import FaceError
from fusionsmile.portrait.photo import read_photo


def test_astronaut_frame_is_anatomically_plausible(astronaut_face: PhotoFace) -> None:
    frame = astronaut_face.frame
    assert astronaut_face.face_count == 1
    assert frame.pupils[0][0] < frame.pupils[1][0]  # the person's right is on the image's left
    assert 55.0 < frame.ipd_mm < 70.0  # adults: mean ~63 mm (Dodgson 2004)
    assert 0.02 < frame.mm_per_px_sd / frame.mm_per_px < 0.15
    assert 3.0 < frame.opening_mm() < 15.0
    assert abs(frame.roll_deg) < 6.0 and abs(frame.yaw_deg) < 10.0
    assert abs(frame.midline_direction[1]) > 0.98  # an upright face's midline runs down


def test_roll_follows_a_tilted_head(
    tmp_path: Path, large_astronaut: Path, astronaut_face: PhotoFace
) -> None:
    path = tmp_path / "tilted.jpg"
    with Image.open(large_astronaut) as image:
        # PIL rotates counter-clockwise as seen: the eyes' line turns the same way.
        image.rotate(12, resample=Image.Resampling.BICUBIC, fillcolor=(128, 128, 128)).save(path)
    tilted = analyse_photo(read_photo(path)).frame
    turned = tilted.roll_deg - astronaut_face.frame.roll_deg
    assert turned == pytest.approx(12.0, abs=2.0)


def test_the_largest_face_comes_first_and_face_n_chooses(
    tmp_path: Path, large_astronaut: Path
) -> None:
    with Image.open(large_astronaut) as image:
        face = image.convert("RGB").crop((400, 150, 1200, 950))
    group = Image.new("RGB", (1400, 800), (200, 200, 200))
    group.paste(face, (0, 0))
    group.paste(face.resize((600, 600)), (800, 100))
    path = tmp_path / "two.jpg"
    group.save(path, quality=92)
    photo = read_photo(path)
    first, second = analyse_photo(photo, 0), analyse_photo(photo, 1)
    assert first.face_count == second.face_count == 2
    assert first.frame.pupils[0][0] < 800 < second.frame.pupils[0][0]
    assert first.frame.ipd_mm == pytest.approx(second.frame.ipd_mm, rel=0.15)
    with pytest.raises(FaceError, match="has 2 faces"):
        analyse_photo(photo, 2)


def test_every_face_of_a_wide_group_photo_is_found(tmp_path: Path, large_astronaut: Path) -> None:
    """Five people in a row, as in a group photo: each face is a small part of the picture
    (too small for Face Mesh's own short-range detector, which found none of them)."""
    with Image.open(large_astronaut) as image:
        face = image.convert("RGB").crop((400, 150, 1200, 950))
    sides = (360, 250, 330, 220, 290)
    group = Image.new("RGB", (2800, 900), (120, 130, 140))
    lefts = []
    for i, side in enumerate(sides):
        left = 80 + i * 540
        group.paste(face.resize((side, side), Image.Resampling.LANCZOS), (left, 450 - side // 2))
        lefts.append(left)
    path = tmp_path / "group.jpg"
    group.save(path, quality=92)
    photo = read_photo(path)
    faces = [analyse_photo(photo, i) for i in range(len(sides))]
    assert {face.face_count for face in faces} == {5}
    # largest first: the order of the sides, biggest to smallest
    order = sorted(range(len(sides)), key=lambda i: -sides[i])
    for face, person in zip(faces, order, strict=True):
        mouth_x = face.frame.commissures[:, 0].mean()
        assert lefts[person] < mouth_x < lefts[person] + sides[person]
        assert 55 < face.frame.ipd_mm < 72  # each face measured at its own scale


def test_refusals_name_the_reason(
    tmp_path: Path, grace_hopper_path: Path, astronaut_path: Path
) -> None:
    with pytest.raises(FaceError, match="mouth is closed"):
        analyse_photo(read_photo(grace_hopper_path))

    blank = tmp_path / "wall.png"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(90, 110, (300, 400, 3), dtype=np.uint8)).save(blank)
    with pytest.raises(FaceError, match="no face found"):
        analyse_photo(read_photo(blank))

    small = tmp_path / "far.png"
    with Image.open(astronaut_path) as image:
        image.convert("RGB").resize((300, 300)).save(small)  # 25 px between the pupils
    with pytest.raises(FaceError, match="too small"):
        analyse_photo(read_photo(small))
