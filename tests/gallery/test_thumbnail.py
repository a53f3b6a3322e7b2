"""Thumbnails drawn at the brightest moment, and the optional GLB of an entry."""

from __future__ import annotations

import io
from pathlib import Path

import trimesh
from gallery_fixtures import preset
from PIL import Image

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_from_bytes
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.scene import design_scene
from fusionsmile.gallery import Gallery, read_bundle, write_bundle
from fusionsmile.gallery.thumbnail import brightest_moment, render_thumbnail


def test_the_brightest_moment_of_an_animation_and_zero_when_still() -> None:
    design = preset("love-heartbeat")
    dentition = build(design.geometry.model_copy(update={"resolution": "preview"}))
    moment = brightest_moment(design, dentition)
    glow = lambda t: float(design_scene(design, dentition, t).emission.sum())  # noqa: E731
    assert glow(moment) >= max(glow(0.0), glow(0.3), glow(0.6)) * 0.999
    assert brightest_moment(Design(), dentition) == 0.0


def test_thumbnail_is_480x270_and_carries_its_design() -> None:
    design = preset("blacklight")
    png = render_thumbnail(design)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (480, 270)
    assert design_from_bytes(png) == design


def test_publish_with_a_glb_travels_in_the_bundle(tmp_path: Path) -> None:
    from fusionsmile.gallery.model import bake_glb

    design = preset("young-natural").model_copy(
        update={
            "geometry": preset("young-natural").geometry.model_copy(
                update={"resolution": "preview"}
            )
        }
    )
    entry, _ = Gallery(tmp_path / "a").add(design, glb=bake_glb(design))
    assert entry.glb is not None
    bundle = read_bundle(write_bundle(entry, tmp_path / "x.fsmile", include_glb=True))
    assert bundle.glb == entry.glb.read_bytes()
    mesh = trimesh.load(io.BytesIO(bundle.glb), file_type="glb")
    assert len(mesh.geometry) > 20  # crowns and gums
