"""Ambient occlusion of the crowns (issue 13): the faces between neighbouring teeth and
the collar above the gum receive less of the room's light than the labial centre, a gap
between the teeth opens them up, and the attribute reaches the scene."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region
from fusionsmile.core.scene import occluded_albedo, plain_scene


@pytest.fixture(scope="module")
def mouth() -> Dentition:
    return build(Geometry())


def ambient_of(mouth: Dentition, fdi: int, u_range: tuple[float, float], v_range=(0.45, 0.8)):
    a = mouth.part(str(fdi)).attributes
    assert a.ambient is not None
    keep = (
        (a.region == Region.ENAMEL)
        & (a.u >= u_range[0]) & (a.u <= u_range[1])
        & (a.v >= v_range[0]) & (a.v <= v_range[1])
    )  # fmt: skip
    assert keep.sum() > 5
    return float(np.mean(a.ambient[keep]))


def test_every_crown_sample_has_a_share_of_ambient_light(mouth: Dentition) -> None:
    _, attributes = mouth.merged()
    ambient = attributes.ambient_or_open()
    assert ambient.shape == (len(attributes),) and ambient.dtype == np.float32
    assert float(ambient.min()) >= 0.0 and float(ambient.max()) <= 1.0
    gums = attributes.region == Region.GINGIVA
    assert np.all(ambient[gums] == 1.0)  # the gum is left open


@pytest.mark.parametrize("fdi", [11, 12, 21, 13])
def test_the_faces_between_teeth_are_darker_than_the_labial_centre(
    mouth: Dentition, fdi: int
) -> None:
    labial = ambient_of(mouth, fdi, (0.2, 0.3))
    mesial = min(ambient_of(mouth, fdi, (0.0, 0.03)), ambient_of(mouth, fdi, (0.97, 1.0)))
    assert labial > 0.95
    assert mesial < labial - 0.4


def test_the_collar_above_the_gum_is_in_shade(mouth: Dentition) -> None:
    collar = ambient_of(mouth, 11, (0.2, 0.3), (0.06, 0.12))
    body = ambient_of(mouth, 11, (0.2, 0.3), (0.4, 0.6))
    assert collar < body - 0.1


def test_a_diastema_lets_light_between_the_centrals(mouth: Dentition) -> None:
    spaced = build(Geometry().with_arch_value("diastema", upper=2.0))
    closed_face = ambient_of(mouth, 11, (0.0, 0.03))
    open_face = ambient_of(spaced, 11, (0.0, 0.03))
    assert open_face > closed_face + 0.2
    # ... and only there: the lateral's distal face keeps its neighbour.
    assert ambient_of(spaced, 12, (0.47, 0.53)) == pytest.approx(
        ambient_of(mouth, 12, (0.47, 0.53)), abs=0.05
    )


def test_exported_colours_carry_the_occlusion(mouth: Dentition) -> None:
    scene = plain_scene(mouth)
    darkest = int(np.argmin(scene.ambient))
    assert scene.ambient[darkest] < 0.5
    colours = occluded_albedo(scene.albedo, scene.ambient)
    assert np.allclose(colours[darkest], scene.albedo[darkest] * scene.ambient[darkest])
    open_ = scene.ambient == 1.0
    assert np.array_equal(colours[open_], scene.albedo[open_])
