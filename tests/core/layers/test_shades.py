"""Shade guide colours: derived from measured data, in the published order, sane values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from fusionsmile.core.shades import (
    BLEACH,
    NATURAL_CENTRAL,
    SHADE_NAMES,
    VITA_3D_MASTER,
    VITA_CLASSICAL_VALUE_ORDER,
    bioform_tabs,
    lab_to_linear,
    shade,
    shade_table,
)


def chroma(name: str) -> float:
    _, a, b = shade(name).lab
    return math.hypot(a, b)


def hue_deg(name: str) -> float:
    _, a, b = shade(name).lab
    return math.degrees(math.atan2(b, a))


def test_every_published_tab_is_in_the_table() -> None:
    assert len(VITA_CLASSICAL_VALUE_ORDER) == 16
    assert len(VITA_3D_MASTER) == 26
    assert set(shade_table()) == set(SHADE_NAMES)
    assert len(SHADE_NAMES) == 16 + 26 + 3
    assert all(s.approximate for s in shade_table().values())


def test_derivation_reads_the_measured_bioform_guide_from_assets() -> None:
    tabs = bioform_tabs()
    assert len(tabs) == 24
    lightness = [tab[1] for tab in tabs]
    assert min(lightness) == pytest.approx(67.34) and max(lightness) == pytest.approx(79.49)
    # The darkest classical tab is the darkest measured tab; the lightest the natural
    # central incisor.
    assert shade("C4").lab[0] == pytest.approx(min(lightness))
    assert shade("A1").lab[0] == pytest.approx(NATURAL_CENTRAL[0])


def test_classical_lightness_follows_the_published_value_order() -> None:
    lightness = [shade(name).lab[0] for name in VITA_CLASSICAL_VALUE_ORDER]
    assert all(a > b for a, b in itertools.pairwise(lightness))


def test_3d_master_lightness_groups_and_bleach_order() -> None:
    by_group: dict[int, list[float]] = {}
    for name in VITA_3D_MASTER:
        by_group.setdefault(int(name[0]), []).append(shade(name).lab[0])
    for group in range(1, 5):
        assert min(by_group[group]) > max(by_group[group + 1])
    lightest_regular = shade("1M1").lab[0]
    assert all(shade(name).lab[0] > lightest_regular for name in BLEACH)
    assert all(chroma(name) < chroma("1M1") for name in BLEACH)


@pytest.mark.parametrize("family", "ABCD")
def test_chroma_rises_with_the_chroma_step(family: str) -> None:
    tabs = sorted((n for n in VITA_CLASSICAL_VALUE_ORDER if n[0] == family),
                  key=lambda n: float(n[1:]))  # fmt: skip
    chromas = [chroma(name) for name in tabs]
    assert all(a < b for a, b in itertools.pairwise(chromas))


def test_hue_families_keep_their_character() -> None:
    for step in ("1", "2", "3", "4"):
        assert hue_deg("B" + step) > hue_deg("A" + step)  # B reddish-yellow: yellower
        assert chroma("C" + step) < chroma("A" + step)  # C: greyer
    for step in ("2", "3", "4"):
        assert hue_deg("D" + step) < hue_deg("A" + step)  # D reddish-grey: redder
        assert chroma("D" + step) < chroma("A" + step)  # ... and greyer
    for name in VITA_3D_MASTER:
        if name[1] == "L":
            assert hue_deg(name) > hue_deg(name.replace("L", "R"))  # L yellowish, R reddish


def test_shade_lab_values_are_sane() -> None:
    for name, entry in shade_table().items():
        lightness, a, b = entry.lab
        assert 60.0 <= lightness <= 92.0, name
        assert -3.0 <= a <= 5.0, name
        assert 3.0 <= b <= 32.0, name
        assert b > 0 and abs(a) < b, name  # always yellowish, never blue or pink


def test_linear_colours_are_in_gamut_and_warm() -> None:
    np.testing.assert_allclose(lab_to_linear((100.0, 0.0, 0.0)), (1.0, 1.0, 1.0), atol=2e-3)
    np.testing.assert_allclose(lab_to_linear((50.0, 0.0, 0.0)), (0.184,) * 3, atol=2e-3)
    for name in SHADE_NAMES:
        r, g, b = lab_to_linear(shade(name).lab)
        assert 0.0 < b < g < r < 1.0, name
    lighter = np.mean(lab_to_linear(shade("A1").lab))
    darker = np.mean(lab_to_linear(shade("C4").lab))
    assert lighter > darker + 0.15
