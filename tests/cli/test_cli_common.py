"""Text from strangers' files reaches the terminal escaped (issue 17, items 3 and 5):
titles, authors, keys and paths from designs, PNGs and bundles never move the cursor,
retitle the window or clear the screen, in any command or error line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design import SCHEMA_NAME, Design, Meta
from fusionsmile.core.design_io import design_to_json
from fusionsmile.core.design_png import DESIGN_KEYWORD
from fusionsmile.gallery import Gallery, write_bundle

# Sets the terminal's title, clears the screen, and a C1 CSI for good measure.
EVIL = "Nice \x1b]0;owned\x07\x1b[2J\x9b31m smile"
ESCAPED = "Nice \\x1b]0;owned\\x07\\x1b[2J\\x9b31m smile"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def placeholder_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 27), (40, 30, 60)).save(out, format="PNG")
    return out.getvalue()


def assert_safe(output: str) -> None:
    assert not any(c in output for c in "\x1b\x07\x9b\r"), repr(output)


@pytest.fixture
def evil_design() -> Design:
    return Design(meta=Meta(title=EVIL, author=f"Eve\n{EVIL}", mood="calm\x1b[5m", tags=("t",)))


def test_gallery_list_show_lineage_and_import_escape_titles(
    evil_design: Design, tmp_path: Path
) -> None:
    source = Gallery(tmp_path / "source")
    entry, _ = source.add(evil_design, placeholder_png())
    bundle = write_bundle(entry, tmp_path / "evil.fsmile")
    target = str(tmp_path / "target")
    code, out = run("gallery", "--gallery", target, "import", str(bundle))
    assert code == 0, out
    assert_safe(out)
    assert ESCAPED in out
    for args in (["list"], ["show", entry.id[:12]], ["lineage", entry.id[:12]]):
        code, out = run("gallery", "--gallery", target, *args)
        assert code == 0, out
        assert_safe(out)
        assert ESCAPED in out
    code, out = run("gallery", "--gallery", target, "list")
    assert len(out.strip().splitlines()) == 1  # the author's newline stays in its line


def test_info_and_validate_escape_the_title_keys_and_paths(
    evil_design: Design, tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(design_to_json(evil_design))
    code, out = run("info", str(good))
    assert code == 0, out
    assert_safe(out)
    assert ESCAPED in out
    bad = tmp_path / "bad\x1b[2J.json"
    bad.write_text(json.dumps({"schema": SCHEMA_NAME, "version": 2, "geometry": {EVIL: 1}}))
    for command in ("validate", "info"):
        code, out = run(command, str(bad))
        assert code == 1
        assert_safe(out)
        assert "bad\\x1b[2J.json" in out and "geometry." in out
        assert "Traceback" not in out


def _png_carrying(text: str) -> bytes:
    info = PngInfo()
    info.add_itxt(DESIGN_KEYWORD, text, zip=True)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


@pytest.mark.parametrize("command", ["validate", "info"])
def test_a_png_carrying_a_huge_integer_is_one_clear_line(command: str, tmp_path: Path) -> None:
    body = {"schema": SCHEMA_NAME, "version": 2, "layers": [{"kind": "solid-glow"}]}
    text = json.dumps(body).replace('"solid-glow"', '"solid-glow", "params": {"intensity": 1%s}')
    path = tmp_path / "huge.png"
    path.write_bytes(_png_carrying(text % ("0" * 400)))
    code, out = run(command, str(path))
    assert code == 1
    assert "Traceback" not in out
    lines = out.strip().splitlines()
    assert len(lines) == 1 and "layers.0: intensity:" in lines[0] and len(lines[0]) < 300
