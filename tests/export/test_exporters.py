"""The exporter registry: every format an entry with its own options, PNG included."""

from __future__ import annotations

import os

import pytest
from glowing_design import GLOW
from needs import missing
from PIL import Image

from fusionsmile.core.design_io import read_design
from fusionsmile.core.scene import design_scene
from fusionsmile.export import EXPORTERS, ExportError
from fusionsmile.export.exporter import Exporter
from fusionsmile.export.mesh import export_files
from fusionsmile.export.png_render import PNG_SIZE


def test_every_format_is_an_exporter_and_only_stl_splits() -> None:
    assert all(isinstance(exporter, Exporter) for exporter in EXPORTERS.values())
    splitting = {name for name, exporter in EXPORTERS.items() if exporter.splits != ("none",)}
    assert splitting == {"stl"}
    assert EXPORTERS["stl"].splits == ("none", "arch", "tooth")


@pytest.mark.parametrize("fmt", ["glb", "gltf", "obj", "ply", "png"])
def test_a_split_is_refused_before_anything_is_written(tmp_path, mouth, fmt) -> None:
    with pytest.raises(ExportError, match="--split tooth is for STL only"):
        export_files(design_scene(GLOW, mouth), mouth, tmp_path / f"x.{fmt}", split="tooth")
    assert os.listdir(tmp_path) == []


def test_a_png_needs_the_design_it_renders(tmp_path, mouth) -> None:
    with pytest.raises(ExportError, match="rendered from a design"):
        export_files(design_scene(GLOW, mouth), mouth, tmp_path / "x.png")
    assert os.listdir(tmp_path) == []


def test_a_png_is_the_designs_own_view_and_carries_it(tmp_path, mouth) -> None:
    from fusionsmile.render import RenderUnavailable, shared_renderer

    try:
        shared_renderer()
    except RenderUnavailable as error:
        missing(str(error))
    target = tmp_path / "smile.png"
    files = export_files(design_scene(GLOW, mouth), mouth, target, design=GLOW)
    assert files == [target] and os.listdir(tmp_path) == ["smile.png"]
    with Image.open(target) as image:
        assert image.size == PNG_SIZE
    assert read_design(target) == GLOW
