"""A site build that runs out of space (a real small tmpfs) leaves the previous site as
it was, or nothing at all, and the next build works (issue 17, item 6)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from full_disk import small_filesystem
from gallery_fixtures import design, placeholder_png, snapshot

from fusionsmile.gallery import Gallery, GalleryError
from fusionsmile.gallery.site import write_site


def fill(folder: Path) -> Path:
    """A file in folder that takes every free byte of its file system."""
    filler = folder / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(bytes(16 * 1024))
                out.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_a_site_build_on_a_full_disk_changes_nothing_and_a_rerun_works(tmp_path: Path) -> None:
    gallery = Gallery(tmp_path / "gallery")
    gallery.add(design("First light"), placeholder_png(480, 270))
    with small_filesystem(tmp_path / "disk", size_kb=1024) as disk:
        site = disk / "site"
        # A first build onto a full disk: nothing is left where the site would be.
        filler = fill(disk)
        with pytest.raises(GalleryError, match="No space left on device") as caught:
            write_site(gallery, site)
        assert "\n" not in str(caught.value) and str(site) in str(caught.value)
        assert not site.exists()
        assert hidden(disk) == []
        filler.unlink()
        write_site(gallery, site)  # the folder is not refused
        (site / "CNAME").write_text("smiles.example\n")  # the user's own file
        before = snapshot(site)
        folder = site.stat().st_ino
        # A rebuild with one more entry runs out of space: the old site stays whole.
        gallery.add(design("Second light"), placeholder_png(480, 270))
        filler = fill(disk)
        with pytest.raises(GalleryError, match="No space left on device"):
            write_site(gallery, site)
        assert snapshot(site) == before
        assert hidden(disk) == []
        filler.unlink()
        write_site(gallery, site)
        assert len(list((site / "entries").iterdir())) == 2
        # The same folder, filled anew: a server or shell inside it keeps working.
        assert site.stat().st_ino == folder
        assert (site / "CNAME").read_text() == "smiles.example\n"
        assert hidden(disk) == []
