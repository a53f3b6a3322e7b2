"""Layer params the model accepts and the layer registry does not (an unknown name, a
wrong type, out of range, text too long, a huge integer), carried by every container a
design travels in (JSON, a FusionSmile PNG, a bundle, a gallery thumbnail): each loader
refuses it with one clear line naming the layer and the parameter. A design that
validates is a design that builds."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from design_strategies import design_objects
from fuzz_checks import assert_one_clear_line
from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image
from test_fuzz_bundles import PICTURE, _manifest

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, design_from_bytes, read_design
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.export.png_design import save_png
from fusionsmile.gallery import GalleryError
from fusionsmile.gallery.bundle import bundle_from_bytes
from fusionsmile.gallery.thumbnail import carrying_design

SOURCE = "stranger"


@st.composite
def bad_params(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A design object with one layer's params made wrong, and the layer's index."""
    raw = draw(design_objects(max_layers=3))
    if not raw["layers"]:
        raw["layers"] = [{"kind": "solid-glow"}]
    index = draw(st.integers(0, len(raw["layers"]) - 1))
    layer = raw["layers"][index]
    declared = kind_for(layer["kind"]).params
    numbers = [p for p in declared if p.type in ("float", "int") and p.maximum is not None]
    texts = [p for p in declared if p.type not in ("float", "int", "bool")]
    choices: list[tuple[str, Any]] = [("not_declared", 1)]
    if numbers:
        param = draw(st.sampled_from(numbers))
        assert param.maximum is not None
        choices += [
            (param.name, param.maximum * 2 + 1),
            (param.name, 10**400),
            (param.name, "a number"),
            (param.name, True),
        ]
    if texts:
        param = draw(st.sampled_from(texts))
        choices += [(param.name, 3), (param.name, "x" * 5000), (param.name, "\x1b]0;t\x07")]
    name, value = draw(st.sampled_from(choices))
    raw["layers"][index] = {**layer, "params": {**layer.get("params", {}), name: value}}
    return raw, f"layers.{index}"


def _refused(error: Exception, source: str, where: str) -> None:
    message = str(error)
    assert_one_clear_line(message, source)
    assert where in message, message[:300]


def _unchecked(raw: dict[str, Any]) -> Design:
    """The model alone (what a writer given an unchecked design would write)."""
    body = {key: value for key, value in raw.items() if key not in ("schema", "version")}
    try:
        return Design.model_validate(body)
    except ValueError:
        assume(False)  # the model itself refuses this one
        raise


@given(bad_params())
def test_json(case: tuple[dict[str, Any], str]) -> None:
    raw, where = case
    with pytest.raises(DesignError) as error:
        design_from_bytes(json.dumps(raw).encode(), SOURCE)
    _refused(error.value, SOURCE, where)


@given(bad_params())
def test_png(tmp_path_factory: pytest.TempPathFactory, case: tuple[dict[str, Any], str]) -> None:
    raw, where = case
    design = _unchecked(raw)
    path = tmp_path_factory.mktemp("png") / "stranger.png"
    save_png(Image.new("RGB", (8, 8)), path, design)
    with pytest.raises(DesignError) as error:
        read_design(path)
    _refused(error.value, str(path), where)


@given(bad_params())
def test_bundle(case: tuple[dict[str, Any], str]) -> None:
    raw, where = case
    design_text = json.dumps(raw).encode()
    files = {"design.json": design_text, "thumbnail.png": PICTURE}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(_manifest(files, design_text)))
        for name, data in files.items():
            archive.writestr(name, data)
    with pytest.raises(GalleryError) as error:
        bundle_from_bytes(out.getvalue(), SOURCE)
    _refused(error.value, SOURCE, where)


@given(bad_params())
def test_a_thumbnail_carrying_it_is_given_the_entry_s_design(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[dict[str, Any], str]
) -> None:
    raw, _ = case
    path = tmp_path_factory.mktemp("thumb") / "thumbnail.png"
    save_png(Image.new("RGB", (8, 8)), path, _unchecked(raw))
    entry = Design()
    carried = carrying_design(path.read_bytes(), entry)
    assert design_from_bytes(carried) == entry
