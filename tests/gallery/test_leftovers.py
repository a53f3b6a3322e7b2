"""What a process killed with -9 leaves behind is cleaned up by the next writer, and a
live writer's work in progress is not (issue 17: hidden *.part files, .adding-* and site
staging folders stayed forever). Real processes, really killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from gallery_fixtures import design, placeholder_png

from fusionsmile.core.atomic import atomic_write
from fusionsmile.gallery import Gallery
from fusionsmile.gallery.site import write_site

# The child blocks at the named moment (after printing "ready"), until it is killed.
_BLOCK = """
import os, sys, time
def block(*args, **kwargs):
    print("ready", flush=True)
    time.sleep(600)
"""


def killed_while(code: str) -> None:
    """Run code in a child process and kill -9 it once it says it is ready."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_BLOCK) + textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_parts_of_a_killed_writer_go_on_the_next_write(tmp_path: Path) -> None:
    killed_while(
        f"""
        from fusionsmile.core.atomic import atomic_write
        with atomic_write({str(tmp_path / "a.png")!r}) as temp:
            temp.write_bytes(b"half")
            block()
        """
    )
    (left,) = hidden(tmp_path)
    assert left.endswith(".part")
    with atomic_write(tmp_path / "b.png") as temp:
        assert hidden(tmp_path) == [temp.name]  # ours, while we write
        temp.write_bytes(b"whole")
    assert hidden(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["b.png"]


def test_a_live_writers_part_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    live = folder / f".a.png.pid{os.getpid()}-abcd1234.part"  # this process: running
    live.write_bytes(b"in progress")
    with atomic_write(folder / "b.png") as temp:
        temp.write_bytes(b"whole")
    assert live.exists()


def test_the_staging_folder_of_a_killed_add_goes_on_the_next_gallery_operation(
    tmp_path: Path,
) -> None:
    root = tmp_path / "gallery"
    Gallery(root).add(design("Before"), placeholder_png())
    killed_while(
        f"""
        os.rename = block
        from fusionsmile.gallery import Gallery
        from fusionsmile.core.design import Design, Meta
        import io
        from PIL import Image
        png = io.BytesIO()
        Image.new("RGB", (48, 27)).save(png, format="PNG")
        Gallery({str(root)!r}).add(Design(meta=Meta(title="Killed")), png.getvalue())
        """
    )
    assert [name for name in hidden(root / "entries") if name.startswith(".adding-")]
    gallery = Gallery(root)
    assert [entry.title for entry in gallery.entries()] == ["Before"]
    assert hidden(root / "entries") == []


def test_the_staging_folder_of_a_killed_site_build_goes_on_the_next_build(
    tmp_path: Path,
) -> None:
    gallery = Gallery(tmp_path / "gallery")
    gallery.add(design("Lit"), placeholder_png())
    site = tmp_path / "out" / "site"
    write_site(gallery, site)
    killed_while(
        f"""
        import fusionsmile.gallery.site as site
        site.swap_in = block
        from fusionsmile.gallery import Gallery
        from pathlib import Path
        site.write_site(Gallery(Path({str(gallery.root)!r})), Path({str(site)!r}))
        """
    )
    assert [name for name in hidden(site.parent) if ".building-" in name]
    write_site(gallery, site)
    assert hidden(site.parent) == []
    assert (site / "index.html").is_file()
