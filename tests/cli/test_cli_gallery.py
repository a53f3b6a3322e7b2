"""`fusionsmile gallery ...` through typer's CliRunner (in process: one renderer)."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.core.design_io import design_to_json, read_design
from fusionsmile.gallery import Gallery
from tests.gallery.gallery_fixtures import PRESETS, design, placeholder_png, snapshot

runner = CliRunner()


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["gallery", "--gallery", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    g = Gallery(tmp_path / "g")
    g.add(design("Moonlit Grin", author="Ada", tags=("night",), mood="calm"), placeholder_png())
    g.add(design("Aurora Teeth", author="Bo", tags=("glow",), mood="joy"), placeholder_png())
    return g.root


def test_publish_renders_a_thumbnail_carrying_the_design(tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "g", "publish", str(PRESETS / "hope-fireflies.json"))
    assert code == 0, err
    assert out.startswith("added ")
    (entry,) = Gallery(tmp_path / "g").entries()
    with Image.open(entry.thumbnail) as image:
        assert image.size == (480, 270)
    assert read_design(entry.thumbnail) == entry.design  # png_design embeds it
    code, out, _ = run(tmp_path / "g", "publish", str(PRESETS / "hope-fireflies.json"))
    assert code == 0 and out.startswith("already in the gallery")


def test_list_search_tag_and_json(root: Path) -> None:
    code, out, _ = run(root, "list")
    assert code == 0
    assert [line.split("  ")[2] for line in out.splitlines()] == [
        "Aurora Teeth by Bo",
        "Moonlit Grin by Ada",
    ]
    assert "Moonlit" in run(root, "list", "--search", "moon")[1]
    assert "Aurora" not in run(root, "list", "--tag", "night")[1]
    code, out, _ = run(root, "list", "--tag", "glow", "--json")
    entries = json.loads(out)["entries"]
    assert [e["title"] for e in entries] == ["Aurora Teeth"]
    assert len(entries[0]["id"]) == 64 and entries[0]["mood"] == "joy"
    code, _, err = run(root, "list", "--search", "zzz")
    assert code == 0 and "no entries match" in err


def test_show_json_and_text(root: Path) -> None:
    entry = Gallery(root).search(text="aurora")[0]
    code, out, _ = run(root, "show", entry.id[:8], "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["id"] == entry.id and shown["lineage"]["parents"] == []
    code, out, _ = run(root, "show", entry.id[:8])
    assert "Aurora Teeth" in out and entry.id in out


def test_unknown_ids_and_bad_files_fail_in_one_line(root: Path, tmp_path: Path) -> None:
    for args in (["show", "abcdef12"], ["show", "xyz"], ["export", "abcdef12", "-o", "x.fsmile"]):
        code, _, err = run(root, *args)
        assert code == 1 and err.count("\n") == 1 and err.startswith("fusionsmile: "), args
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, _, err = run(root, "publish", str(broken))
    assert code == 1 and "not valid JSON" in err


def test_export_then_import_elsewhere_then_again(root: Path, tmp_path: Path) -> None:
    entry = Gallery(root).entries()[0]
    out = tmp_path / "one.fsmile"
    code, stdout, err = run(root, "export", entry.id[:10], "-o", str(out))
    assert code == 0 and out.is_file(), err
    other = tmp_path / "other"
    code, stdout, _ = run(other, "import", str(out))
    assert code == 0 and stdout.startswith("imported ")
    code, stdout, _ = run(other, "import", str(out))
    assert code == 0 and stdout.startswith("already in the gallery")
    assert run(root, "export", entry.id[:10], "-o", str(tmp_path / "x.zip"))[0] == 1


def test_import_rejects_a_hostile_bundle_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "bad.fsmile"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("../escape", b"x")
    before = snapshot(root)
    code, _, err = run(root, "import", str(bad))
    assert code == 1 and "path traversal" in err
    assert snapshot(root) == before


def test_remix_blend_and_lineage(root: Path, tmp_path: Path) -> None:
    moon = Gallery(root).search(text="moonlit")[0]
    code, out, err = run(root, "remix", moon.id[:8], "--title", "Moon 2", "--author", "Cy")
    assert code == 0, err
    remixed = Gallery(root).search(text="moon 2")[0]
    assert remixed.parents == (moon.id,) and remixed.author == "Cy"
    assert read_design(remixed.thumbnail) == remixed.design  # re-embedded, not re-rendered

    other = tmp_path / "other.json"
    other.write_text(design_to_json(read_design(PRESETS / "calm-tide.json")))
    blended_json = tmp_path / "blend.json"
    code, out, err = run(
        root, "blend", remixed.id[:8], str(other), "--t", "0.25", "-o", str(blended_json)
    )
    assert code == 0, err
    blended = read_design(blended_json)
    (entry,) = Gallery(root).search(text="calm")
    assert entry.design == blended and entry.parents[0] == remixed.id and len(entry.parents) == 2

    code, out, _ = run(root, "lineage", entry.id[:8])
    lines = out.splitlines()
    assert "Moon 2" in lines[1] and "not in this gallery" in lines[-1]
    assert "Moonlit Grin" in out
    assert run(root, "blend", moon.id[:8], moon.id[:8], "--t", "2")[0] == 2  # typer range


def test_sync_publish_to_and_site_call_the_sharing_modules(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, object]] = []
    report = types.SimpleNamespace(imported=["a"], already=["b", "c"], rejected=["x: bad"])
    fake_sync = types.ModuleType("fusionsmile.gallery.sync")
    fake_sync.sync_gallery = lambda g, url: calls.append(("sync", url)) or report  # type: ignore[attr-defined]
    fake_sync.publish_to = lambda g, e, url: calls.append(("publish", e.title)) or "c0ffee" * 6  # type: ignore[attr-defined]
    fake_site = types.ModuleType("fusionsmile.gallery.site")
    fake_site.write_site = lambda g, out: calls.append(("site", out)) or out / "index.html"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fusionsmile.gallery.sync", fake_sync)
    monkeypatch.setitem(sys.modules, "fusionsmile.gallery.site", fake_site)

    code, out, err = run(root, "sync", "https://example.org/smiles.git")
    # A rejected bundle makes the exit code 1 (issue 17), as `import` does.
    assert code == 1 and "imported 1, already here 2, rejected 1" in out and "x: bad" in err
    design_file = tmp_path / "d.json"
    design_file.write_text(design_to_json(design("Shared")))
    monkeypatch.setattr(
        "fusionsmile.gallery.thumbnail.render_thumbnail", lambda d: placeholder_png()
    )
    code, out, err = run(root, "publish", str(design_file), "--to", "file:///repo")
    assert code == 0, err
    assert "commit c0ffeec0ffee" in out
    code, out, _ = run(root, "site", str(tmp_path / "site"))
    assert code == 0 and out.strip() == f"wrote {tmp_path / 'site' / 'index.html'}"
    assert [name for name, _ in calls] == ["sync", "publish", "site"]
