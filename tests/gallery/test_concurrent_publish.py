"""The same design published by four processes at once: one entry, the others say it
is already there (issue 17, item 7). Real processes; each is held just before the
rename that puts its entry in place, then all are let go together, so the race happens
on every run instead of by chance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gallery_fixtures import design, placeholder_png

from fusionsmile.core.design_io import design_to_json
from fusionsmile.gallery import Gallery

_CHILD = """
import os, sys, time
from pathlib import Path

go = Path(sys.argv[2])
real_rename = os.rename

def held_rename(source, target):
    if ".adding-" in os.fspath(source):
        print("ready", flush=True)
        while not go.exists():
            time.sleep(0.005)
    return real_rename(source, target)

os.rename = held_rename
from fusionsmile.core.design_io import read_design
from fusionsmile.gallery import Gallery, GalleryError

try:
    gallery = Gallery(Path(sys.argv[1]))
    entry, added = gallery.add(read_design(sys.argv[3]), Path(sys.argv[4]).read_bytes())
except GalleryError as error:
    print(f"error {error}", flush=True)
    sys.exit(1)
print("added" if added else "already", flush=True)
"""


def test_four_processes_publishing_one_design_make_one_entry(tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    Gallery(root).add(design("Someone else's"), placeholder_png())
    made = tmp_path / "smile.json"
    made.write_text(design_to_json(design("Published twice at once")))
    png = tmp_path / "thumb.png"
    png.write_bytes(placeholder_png())
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(root),
                str(go),
                str(made),
                str(png),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"  # all four hold a staged entry
        go.touch()
        results = [child.communicate()[0].strip() for child in children]
    finally:
        for child in children:
            child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
    assert sorted(results) == ["added", "already", "already", "already"], results
    assert all(child.returncode == 0 for child in children)
    gallery = Gallery(root)
    titles = [entry.title for entry in gallery.entries()]
    assert sorted(titles) == ["Published twice at once", "Someone else's"]
    assert gallery.problems == []
    folders = [path.name for path in (root / "entries").iterdir()]
    assert len(folders) == 2, folders  # no second folder, no staging left behind
