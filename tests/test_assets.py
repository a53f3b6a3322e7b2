"""Data files are found in a checkout: assets by name, presets as a folder."""

from __future__ import annotations

from fusionsmile.assets import presets_folder
from fusionsmile.core.design_io import read_design


def test_presets_folder_holds_designs_that_load() -> None:
    presets = sorted(presets_folder().glob("*.json"))
    assert len(presets) >= 10
    for path in presets:
        assert read_design(path).meta.title
