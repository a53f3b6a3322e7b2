"""Decal files from strangers' designs (issue 17): a kernel file that blocks is never
waited on, and one image on many layers is decoded once."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fusionsmile.core.design import Geometry, Layer
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.layers.compose import compose_layers
from fusionsmile.core.layers.glow import decal_image
from fusionsmile.core.layers.glow.decal_image import load_decal
from fusionsmile.core.layers.registry import LayerError


def _drained_kmsg() -> str:
    """/proc/kmsg with nothing left to read: a plain read of it blocks until the kernel
    logs something. Skips where it cannot be opened (not root, no procfs)."""
    try:
        descriptor = os.open("/proc/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        pytest.skip(f"/proc/kmsg: {error.strerror}")
    try:
        while True:
            os.read(descriptor, 65536)
    except BlockingIOError:
        pass
    except OSError as error:
        if error.errno != errno.EAGAIN:
            pytest.skip(f"/proc/kmsg: {error.strerror}")
    finally:
        os.close(descriptor)
    return "/proc/kmsg"


def test_a_decal_naming_a_kernel_file_that_blocks_fails_at_once() -> None:
    # It looks like a regular file to stat(); opened and read without blocking it says
    # "try again" instead of holding render and export forever.
    with pytest.raises(LayerError, match=r"decal '/proc/kmsg': "):
        load_decal(_drained_kmsg())


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_decal_naming_a_device_is_not_a_regular_file(device: str) -> None:
    with pytest.raises(LayerError, match="not a regular file"):
        load_decal(device)


def test_a_decal_naming_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "decal.png"
    os.mkfifo(fifo)
    with pytest.raises(LayerError, match="not a regular file"):
        load_decal(str(fifo))


def test_one_image_on_many_layers_is_decoded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (300, 400, 4), dtype=np.uint8)
    first = tmp_path / "a.png"
    Image.fromarray(pixels, "RGBA").save(first)
    second = tmp_path / "copy of a.png"
    shutil.copyfile(first, second)
    decoded: list[str] = []
    real_decode = decal_image._decode

    def counting_decode(value: str, data: bytes) -> decal_image.DecalImage:
        decoded.append(value)
        return real_decode(value, data)

    monkeypatch.setattr(decal_image, "_decode", counting_decode)
    attributes = build(Geometry(resolution="preview")).merged()[1]
    layers = [
        Layer(kind="decal", params={"image": str(path), "teeth": "11, 21"})
        for path in [first, second] * 8
    ]
    channels = compose_layers(layers, 1.0, attributes, 0.0, cache=None)
    assert channels.emission.max() > 0.0
    # The copy has the same content: decoded once for all sixteen layers.
    assert len(decoded) == 1 and decoded[0] in (str(first), str(second))
    # An edited file is read again and seen.
    Image.fromarray(255 - pixels, "RGBA").save(first)
    load_decal(str(first))
    assert len(decoded) == 2 and decoded[1] == str(first)


def test_the_decoded_image_is_the_file() -> None:
    path = decal_image.asset_path("decals/star.png")
    with Image.open(path) as image:
        expected = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
    assert np.array_equal(load_decal("assets:decals/star.png").rgba, expected)
