"""Designs and placeholder thumbnails for the gallery tests (no rendering: fast)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from fusionsmile.core.design import Design, Meta
from fusionsmile.core.design_io import read_design

PRESETS = Path(__file__).parents[2] / "presets"


def placeholder_png(width: int = 48, height: int = 27) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 30, 60)).save(out, format="PNG")
    return out.getvalue()


def design(title: str, **meta: object) -> Design:
    return Design(meta=Meta(title=title, **meta))  # type: ignore[arg-type]


def preset(name: str) -> Design:
    return read_design(PRESETS / f"{name}.json")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
