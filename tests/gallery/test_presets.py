"""The curated presets: complete metadata, and together every look the gallery promises
(perfect, authentic, Fusion Smiles, every mood, every palette, the blacklight look).
Coverage is computed from the files, so a new mood or palette fails here until a preset
shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gallery_fixtures import PRESETS

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import read_design
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params
from fusionsmile.core.moods import MOODS
from fusionsmile.core.palettes import palettes
from fusionsmile.gallery import design_id

FILES = sorted(PRESETS.glob("*.json"))


@pytest.fixture(scope="module")
def presets() -> dict[str, Design]:
    return {path.stem: read_design(path) for path in FILES}


def test_there_are_at_least_16_distinct_presets(presets: dict[str, Design]) -> None:
    assert len(presets) >= 16
    assert len({design_id(d) for d in presets.values()}) == len(presets)
    assert len({d.meta.title for d in presets.values()}) == len(presets)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_preset_has_its_metadata(path: Path) -> None:
    meta = read_design(path).meta
    assert meta.title and meta.title != "Untitled smile"
    assert meta.author
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", meta.story.strip()) if s]
    assert len(sentences) >= 2, f"{path.name}: the story needs a few sentences"
    assert meta.tags
    assert meta.license == "CC-BY-4.0"


def _glowing(design: Design) -> list[str]:
    """Palettes of the enabled, visible glow layers."""
    used = []
    for layer in design.layers:
        kind = kind_for(layer.kind)
        if kind.group == "luminous" and layer.enabled and layer.opacity > 0:
            params = resolved_params(layer)
            used += [str(params[p.name]) for p in kind.params if p.type == "palette"]
    return used


def test_every_mood_and_every_palette_is_shown(presets: dict[str, Design]) -> None:
    moods = {d.meta.mood for d in presets.values()}
    assert set(MOODS) <= moods, f"moods without a preset: {set(MOODS) - moods}"
    used = {name for d in presets.values() for name in _glowing(d)}
    assert set(palettes()) <= used, f"palettes without a preset: {set(palettes()) - used}"


def test_the_blacklight_look_perfect_authentic_and_fusion_smiles(
    presets: dict[str, Design],
) -> None:
    designs = list(presets.values())
    assert any(d.view.lighting == "blacklight" for d in designs)
    perfect = [
        d
        for d in designs
        if "perfect" in d.meta.tags
        and not d.geometry.teeth
        and d.geometry.asymmetry == d.geometry.crowding == d.geometry.spacing_mm == 0
        and d.geometry.diastema_mm == d.geometry.midline_shift_mm == 0
    ]
    assert perfect
    authentic = [
        d
        for d in designs
        if any(t.missing for t in d.geometry.teeth.values())
        and (d.geometry.diastema_mm > 0 or d.geometry.spacing_mm > 0)
        and any(t.wear_mm > 0 for t in d.geometry.teeth.values())
    ]
    assert authentic, "no preset with missing teeth, gaps and wear"
    fusion = [
        d
        for d in designs
        if _glowing(d) and any(kind_for(layer.kind).group == "natural" for layer in d.layers)
    ]
    assert len(fusion) >= 8
