"""Photo shots (issue 14): the design on the person's portrait, framed on the face; a
wipe from their own smile to the design's and the glow playing on the face."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.starter import starter_design
from fusionsmile.film.shots import face_box, film_frames
from fusionsmile.film.storyboard import PhotoShot, SmileShot, Storyboard, StoryboardError

SIZE = (160, 90)


@pytest.fixture(scope="module")
def setting():  # type: ignore[no-untyped-def]
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.photo import read_photo, sample_portrait_path

    design = starter_design("joy", fusion=1.0)
    return design, build(design.geometry), analyse_photo(read_photo(sample_portrait_path()))


def frames(setting, shot: PhotoShot) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    design, dentition, face = setting
    board = Storyboard(crossfade=0.0, shots=(shot,))
    return [
        np.asarray(f, dtype=int)
        for f in film_frames(design, dentition, board, SIZE, 24.0, photo_face=face)
    ]


def test_a_photo_shot_needs_a_photo(setting) -> None:  # type: ignore[no-untyped-def]
    design, dentition, _ = setting
    board = Storyboard(shots=(SmileShot(), PhotoShot()))
    with pytest.raises(StoryboardError, match="shot 2 shows the portrait"):
        next(film_frames(design, dentition, board, SIZE, 24.0))


def test_the_frame_holds_the_face_with_the_mouth_in_it(setting) -> None:  # type: ignore[no-untyped-def]
    _, _, face = setting
    left, top, right, bottom = face_box(face, 16 / 9)
    assert (right - left) / (bottom - top) == pytest.approx(16 / 9, rel=0.02)
    width, height = face.photo.size
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    for x, y in (*face.frame.outer_lip, *face.frame.pupils):
        assert left < x < right and top < y < bottom


def test_the_wipe_goes_from_their_own_smile_to_the_design(setting) -> None:  # type: ignore[no-untyped-def]
    _, _, face = setting
    wipe = frames(setting, PhotoShot(seconds=0.5, effect="wipe"))
    # The mouth's rows: at the start the photo's own, at the end the design's.
    _, top, _, bottom = face_box(face, SIZE[0] / SIZE[1])
    mouth_y = round((face.frame.outer_lip[:, 1].mean() - top) / (bottom - top) * SIZE[1])
    start, end = (frame[mouth_y - 3 : mouth_y + 3] for frame in (wipe[0], wipe[-1]))
    assert np.abs(start - end).max() > 40
    # Away from the mouth (the forehead) nothing changes in day light.
    assert np.abs(wipe[0][5:15, 70:90] - wipe[-1][5:15, 70:90]).max() <= 3


def test_the_glow_plays_on_the_face(setting) -> None:  # type: ignore[no-untyped-def]
    glow = frames(setting, PhotoShot(seconds=0.5, effect="glow", lighting="night", time=1.0))
    assert np.abs(glow[0] - glow[-1]).max() > 20  # the light moves
    assert glow[0][5:15].mean() < 80  # the photo at night


@pytest.mark.parametrize("effect", ["wipe", "glow"])
def test_a_preview_still_is_that_frame_of_the_shot(setting, effect: str) -> None:  # type: ignore[no-untyped-def]
    # The preview composites only the frame it shows, and it is the film's frame.
    from fusionsmile.film.shots import shot_stills

    design, dentition, face = setting
    shot = PhotoShot(seconds=0.5, effect=effect, lighting="night", time=1.0)
    (still,) = shot_stills(design, dentition, [shot], SIZE, at=0.5, photo_face=face)
    whole = frames(setting, shot)
    assert np.abs(np.asarray(still, dtype=int) - whole[len(whole) // 2]).max() <= 2
