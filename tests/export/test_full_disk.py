"""Exports of several files onto a real full file system (a small tmpfs): one clear line
naming the file, and nothing written (issue 17, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from full_disk import small_filesystem
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import design_to_json

runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "options"),
    [("smile.obj", []), ("smile.stl", ["--split", "arch"]), ("smile.stl", ["--split", "tooth"])],
    ids=["obj-mtl-textures", "stl-per-arch", "stl-per-tooth"],
)
def test_a_multi_file_export_onto_a_full_disk_is_one_line(
    name: str, options: list[str], tmp_path: Path
) -> None:
    design = tmp_path / "smile.json"
    design.write_text(design_to_json(Design()))
    with small_filesystem(tmp_path / "full", size_kb=192) as full:
        result = runner.invoke(app, ["export", str(design), "-o", str(full / name), *options])
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "No space left on device" in lines[0]
        assert str(full) in lines[0]
        assert list(full.iterdir()) == []  # no target, no temporary
