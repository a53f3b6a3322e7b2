"""The person's own tooth shade, measured on the teeth that show in their photo: light
for the sample portrait, yellower when the same teeth are yellowed, kept by the default
smile of `fusionsmile photo` and reported by `--json`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design import Layer
from fusionsmile.core.design_io import read_design
from fusionsmile.core.shades import shade
from fusionsmile.core.starter import starter_design
from fusionsmile.portrait.analysis import PhotoFace, analyse_photo
from fusionsmile.portrait.match import _polygon_mask
from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade
from fusionsmile.portrait.photo import read_photo


def chroma(name: str) -> float:
    _, a, b = shade(name).lab
    return math.hypot(a, b)


@pytest.fixture(scope="module")
def yellowed(tmp_path_factory: pytest.TempPathFactory, astronaut_face: PhotoFace) -> Path:
    """The same portrait with the teeth (everything inside the lips) stained yellow."""
    pixels = astronaut_face.photo.pixels.astype(np.float32)
    inside = _polygon_mask(pixels.shape, [astronaut_face.frame.inner_lip])
    pixels[inside] *= np.array([0.97, 0.88, 0.68], dtype=np.float32)
    path = tmp_path_factory.mktemp("stained") / "yellowed.jpg"
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(path, quality=92)
    return path


def test_the_sample_portrait_has_light_teeth(astronaut_face: PhotoFace) -> None:
    measured = own_shade(astronaut_face.look)
    assert measured is not None
    lightness, _, b = measured.lab
    assert lightness > 85 and 0 < b < 15  # light and slightly yellow, as they look
    assert shade(measured.name).lab[0] >= 80  # a light tab: bleach, 1M or A1/B1
    assert measured.delta_e < 6


def test_yellowed_teeth_measure_yellower(astronaut_face: PhotoFace, yellowed: Path) -> None:
    stained = analyse_photo(read_photo(yellowed))
    assert stained.look.own_teeth is not None  # yellow teeth are still teeth
    before, after = own_shade(astronaut_face.look), own_shade(stained.look)
    assert before is not None and after is not None
    assert after.lab[2] > before.lab[2] + 10  # b*: much yellower
    assert chroma(after.name) > chroma(before.name) + 8


def test_with_enamel_shade_sets_or_adds_the_shade_layer() -> None:
    design = starter_design(fusion=0.0)
    shaded = with_enamel_shade(design, "B2")
    kinds = [layer.kind for layer in shaded.layers]
    assert kinds == [layer.kind for layer in design.layers]
    (layer,) = [layer for layer in shaded.layers if layer.kind == "enamel-shade"]
    assert layer.params["shade"] == "B2"
    bare = design.model_copy(
        update={"layers": tuple(x for x in design.layers if x.kind != "enamel-shade")}
    )
    added = with_enamel_shade(bare, "0M1")
    assert added.layers[0] == Layer(
        kind="enamel-shade", name="Enamel shade", params={"shade": "0M1"}
    )
    with pytest.raises(ValueError, match="shade"):
        with_enamel_shade(design, "Z9")


def test_the_default_smile_keeps_the_own_shade(tmp_path: Path, yellowed: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["photo", str(yellowed), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    measured = report["own_shade"]
    assert measured is not None and measured["lab"][2] > 15
    out = tmp_path / "portrait.png"
    result = runner.invoke(app, ["photo", str(yellowed), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    carried = read_design(out)
    (layer,) = [layer for layer in carried.layers if layer.kind == "enamel-shade"]
    assert layer.params["shade"] == measured["shade"]
