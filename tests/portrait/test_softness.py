"""The photo's softness around the mouth, which the new teeth are blurred to match
(issue 13): it grows with an enlargement and with a known blur, as a Gaussian's sigma
should. One lip-edge profile measured 0.3 px on the sample portrait at 512 and at 1536
px alike, so its enlargement got crisp teeth between soft lips."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from fusionsmile.portrait.analysis import PhotoFace, analyse_photo
from fusionsmile.portrait.photo import read_photo


def test_an_enlarged_photo_is_softer_by_its_enlargement(
    astronaut_path: Path, astronaut_face: PhotoFace
) -> None:
    small = analyse_photo(read_photo(astronaut_path)).look.blur_px
    large = astronaut_face.look.blur_px  # the same photo at 3x
    assert 0.3 <= small < 0.8
    assert 2.2 < large / small < 4.5


def test_a_known_blur_adds_in_quadrature(
    tmp_path: Path, large_astronaut: Path, astronaut_face: PhotoFace
) -> None:
    path = tmp_path / "blurred.png"
    with Image.open(large_astronaut) as image:
        image.convert("RGB").filter(ImageFilter.GaussianBlur(2.0)).save(path)
    blurred = analyse_photo(read_photo(path)).look.blur_px
    expected = math.hypot(astronaut_face.look.blur_px, 2.0)
    assert blurred == pytest.approx(expected, rel=0.25)
