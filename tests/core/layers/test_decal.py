"""The decal layer: hostile PNGs give one clear LayerError; pictures land where asked."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from fusionsmile.assets import asset_path
from fusionsmile.core.design import Geometry, Layer, Mask
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region, SurfaceAttributes
from fusionsmile.core.layers.compose import compose_layers
from fusionsmile.core.layers.glow.decal_image import MAX_SIDE, load_decal
from fusionsmile.core.layers.glow.labial import facing_out
from fusionsmile.core.layers.registry import LayerError, kind_for

BUILT_IN = ("star", "heart", "crescent", "lightning", "sparkle", "constellation")


@pytest.fixture(scope="module")
def mouth() -> SurfaceAttributes:
    """A real (procedural) mouth at preview resolution: ~16k samples."""
    return build(Geometry(resolution="preview")).merged()[1]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG that claims width x height grey pixels (its image data is
    a few bytes): what a decompression bomb looks like before decoding."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def light(attributes: SurfaceAttributes, **params: Any) -> np.ndarray:
    """(n,) how much light the decal adds at each sample."""
    kind = kind_for("decal")
    resolved = kind.resolve(params)
    output = kind.evaluate(attributes, resolved, kind.prepare(attributes, resolved), 0.0)
    assert output.coverage is not None
    return output.coverage * output.emission.max(axis=1)  # type: ignore[no-any-return]


# -- hostile and broken files --------------------------------------------------------------


def _refused(value: str, *phrases: str) -> None:
    with pytest.raises(LayerError) as caught:
        load_decal(value)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("decal '")
    for phrase in phrases:
        assert phrase in message, message


def test_built_in_decals_load_as_white_on_transparent() -> None:
    for name in BUILT_IN:
        image = load_decal(f"assets:decals/{name}.png")
        assert image.rgba.shape[2] == 4 and image.rgba.dtype == np.float32
        alpha = image.rgba[..., 3]
        assert alpha.min() == 0.0 and alpha.max() == 1.0  # a shape on transparency
        assert (image.rgba[..., :3][alpha > 0.5] > 0.99).all()  # white where it is drawn


def test_truncated_png(tmp_path: Path) -> None:
    data = asset_path("decals/star.png").read_bytes()
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    _refused(str(path), "cut.png", "corrupt or truncated")


def test_png_with_a_damaged_checksum(tmp_path: Path) -> None:
    data = bytearray(asset_path("decals/heart.png").read_bytes())
    data[len(data) // 2] ^= 0xFF
    path = tmp_path / "bitrot.png"
    path.write_bytes(bytes(data))
    _refused(str(path), "bitrot.png", "corrupt")


def test_huge_image_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(20000, 20000))
    assert path.stat().st_size < 200
    _refused(str(path), "bomb.png", "20000 x 20000", f"at most {MAX_SIDE} x {MAX_SIDE}")


def test_long_thin_image_over_the_side_limit(tmp_path: Path) -> None:
    path = tmp_path / "ribbon.png"
    path.write_bytes(png_header_only(MAX_SIDE + 1, 2))
    _refused(str(path), f"{MAX_SIDE + 1} x 2")


def test_sixteen_bit_grey_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    Image.new("I;16", (8, 8), 1000).save(path)
    with Image.open(path) as check:
        assert check.mode.startswith("I")
    _refused(str(path), "deep.png", "colour mode I")


def test_cmyk_jpeg_renamed_png(tmp_path: Path) -> None:
    path = tmp_path / "print.png"
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(path, format="JPEG")
    _refused(str(path), "print.png", "not a PNG")


def test_text_file_renamed_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture\n", encoding="utf-8")
    _refused(str(path), "notes.png", "not a PNG")


def test_missing_empty_and_odd_files(tmp_path: Path) -> None:
    _refused(str(tmp_path / "nowhere.png"), "nowhere.png", "not found")
    (tmp_path / "empty.png").write_bytes(b"")
    _refused(str(tmp_path / "empty.png"), "empty")
    (tmp_path / "folder.png").mkdir()
    _refused(str(tmp_path / "folder.png"), "not a regular file")
    if hasattr(os, "mkfifo"):  # a pipe never ends: it must be refused, not read
        os.mkfifo(tmp_path / "pipe.png")
        _refused(str(tmp_path / "pipe.png"), "not a regular file")
    _refused("", "no image file")


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    with path.open("wb") as handle:
        handle.write(png_header_only(16, 16))
        handle.truncate(9 * 1024 * 1024)  # sparse: costs no disk
    _refused(str(path), "big.png", "at most 8 MB")


@pytest.mark.parametrize(
    "value",
    [
        "assets:../../etc/passwd",
        "assets:decals/../../etc/passwd",
        "assets:decals/../emitters.json",
        "assets:/etc/passwd",
        "assets:decals\\..\\star.png",
        "assets:emitters.json",
    ],
)
def test_asset_names_cannot_leave_the_decals_folder(value: str) -> None:
    _refused(value, "decals/<name>.png")


def test_unknown_built_in_decal() -> None:
    _refused("assets:decals/unicorn.png", "no such built-in decal")


def test_accepted_modes_are_converted(tmp_path: Path) -> None:
    images = {
        "bw": Image.new("1", (4, 4), 1),
        "grey": Image.new("L", (4, 4), 200),
        "grey_alpha": Image.new("LA", (4, 4), (200, 128)),
        "rgb": Image.new("RGB", (4, 4), (255, 0, 0)),
        "paletted": Image.new("RGB", (4, 4), (0, 255, 0)).convert("P"),
    }
    for name, image in images.items():
        path = tmp_path / f"{name}.png"
        image.save(path)
        rgba = load_decal(str(path)).rgba
        assert rgba.shape == (4, 4, 4), name
    assert load_decal(str(tmp_path / "grey_alpha.png")).rgba[0, 0, 3] == pytest.approx(128 / 255)


def test_a_broken_decal_fails_the_layer_not_the_process(
    tmp_path: Path, dentition: Dentition
) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    attributes = dentition.merged()[1]
    layer = Layer(kind="decal", params={"image": str(path)})
    with pytest.raises(LayerError, match=r"broken\.png"):
        compose_layers([layer], 1.0, attributes, 0.0, cache=None)


# -- where the picture lands ---------------------------------------------------------------


def test_picture_lands_on_the_chosen_teeth_only(mouth: SurfaceAttributes) -> None:
    for teeth, expected in (("", {11, 21}), ("12, 22, 33", {12, 22, 33})):
        lit = light(mouth, teeth=teeth) > 0.05
        assert set(np.unique(mouth.tooth[lit]).tolist()) == expected
        assert (mouth.region[lit] == Region.ENAMEL).all()


def test_picture_is_on_the_labial_face(mouth: SurfaceAttributes) -> None:
    lit = np.flatnonzero(light(mouth, teeth="11, 21, 31, 41") > 0.05)
    assert len(lit) > 20
    assert (facing_out(mouth, lit) > 0.1).all()


def _half_image(tmp_path: Path, box: tuple[int, int, int, int]) -> str:
    image = Image.new("RGBA", (64, 64), (255, 255, 255, 0))
    image.paste((255, 255, 255, 255), box)
    path = tmp_path / f"half-{'-'.join(map(str, box))}.png"
    image.save(path)
    return str(path)


def _median_lit(mouth: SurfaceAttributes, axis: int, **params: Any) -> float:
    lit = light(mouth, scale=1.2, **params) > 0.05
    assert lit.sum() >= 3
    return float(np.median(mouth.position[lit, axis]))


@pytest.mark.parametrize("fdi", [11, 21, 31, 41, 13, 23])
def test_picture_reads_the_same_on_both_sides_and_upright(
    mouth: SurfaceAttributes, tmp_path: Path, fdi: int
) -> None:
    halves = {
        "left": _half_image(tmp_path, (0, 0, 32, 64)),
        "right": _half_image(tmp_path, (32, 0, 64, 64)),
        "top": _half_image(tmp_path, (0, 0, 64, 32)),
        "bottom": _half_image(tmp_path, (0, 32, 64, 64)),
    }
    x = {side: _median_lit(mouth, 0, teeth=str(fdi), image=halves[side]) for side in halves}
    y = {side: _median_lit(mouth, 1, teeth=str(fdi), image=halves[side]) for side in halves}
    # The picture's left is the viewer's left (-x) on both sides of the mouth...
    assert x["left"] < x["right"] - 0.5
    # ...and its top is up, on upper and lower teeth alike.
    assert y["top"] > y["bottom"] + 0.5
    turned = _median_lit(mouth, 1, teeth=str(fdi), image=halves["top"], rotation_deg=180.0)
    assert turned < y["top"] - 0.5


def test_scale_and_offset_move_the_picture(mouth: SurfaceAttributes) -> None:
    small = (light(mouth, teeth="21", scale=0.5) > 0.05).sum()
    large = (light(mouth, teeth="21", scale=1.2) > 0.05).sum()
    assert large > 2 * small > 0
    middle = light(mouth, teeth="21", scale=0.5) > 0.05
    raised = light(mouth, teeth="21", scale=0.5, offset_y=0.3) > 0.05
    assert mouth.position[raised, 1].mean() > mouth.position[middle, 1].mean() + 1.0


def test_colour_mode_keeps_the_picture_colours(mouth: SurfaceAttributes, tmp_path: Path) -> None:
    path = tmp_path / "red.png"
    Image.new("RGB", (16, 16), (255, 0, 0)).save(path)
    kind = kind_for("decal")
    params = kind.resolve({"image": str(path), "mode": "colour", "intensity": 2.0})
    output = kind.evaluate(mouth, params, kind.prepare(mouth, params), 0.0)
    lit = output.coverage > 0.5
    assert lit.any()
    np.testing.assert_allclose(output.emission[lit], [[2.0, 0.0, 0.0]] * int(lit.sum()))
    glow = kind.resolve({"image": str(path), "mode": "glow", "palette": "#00ff00"})
    out = kind.evaluate(mouth, glow, kind.prepare(mouth, glow), 0.0)
    # In glow mode red's luminance (0.21) lights the palette's green.
    lit = out.coverage > 0
    assert out.emission[lit, 1].min() > 0 and out.emission[lit][:, [0, 2]].max() == 0
    assert out.coverage.max() == pytest.approx(0.2126, abs=0.01)


def test_decal_respects_masks(mouth: SurfaceAttributes) -> None:
    layer = Layer(kind="decal", params={"teeth": "11, 21"}, mask=Mask(teeth=(21,)))
    emission = compose_layers([layer], 1.0, mouth, 0.0, cache=None).emission
    assert emission[mouth.tooth == 11].max() == 0.0
    assert emission[mouth.tooth == 21].max() > 0.1
