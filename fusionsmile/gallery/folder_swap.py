"""A folder rebuilt beside itself and swapped in whole (the static site).

Writing a site file by file into its folder leaves half a site when the disk fills or
the process dies, and the next build then finds a folder it cannot trust. Instead the
build fills a staging folder next to the target, which starts as hard links to the
current site (cheap, and files the user put there are kept), and only a build that
finished is renamed into place. A failed build leaves the previous site as it was.

Staging folders are named `.<name>.building-<pid>-<random>` (and the parked old site
`.<name>.previous-<pid>-<random>`): one left by a process that no longer runs (killed
with -9) is removed by the next build.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from fusionsmile.export.leftovers import is_running


def staging_for(out: Path) -> Path:
    """A new staging folder beside out, holding hard links to out's files (if any)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_dead_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    try:
        if out.is_dir():
            shutil.copytree(
                out, staging, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True
            )
        else:
            os.chmod(staging, 0o755)  # mkdtemp makes private folders; a site is shared
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging: Path, out: Path) -> None:
    """Put the finished staging folder at out; the previous out is removed after."""
    if not out.exists():
        os.rename(staging, out)
        return
    # rename() replaces an empty folder: park the old site in one, then move the new in.
    parked = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-{os.getpid()}-", dir=out.parent))
    os.rename(out, parked)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(parked, out)
        raise
    shutil.rmtree(parked, ignore_errors=True)


def remove_dead_staging(out: Path) -> None:
    """Remove the staging folders of out left by processes that no longer run."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(?:building|previous)-(\d+)-.+$")
    with contextlib.suppress(OSError), os.scandir(out.parent) as items:
        for item in items:
            match = pattern.match(item.name)
            if match is None or not item.is_dir(follow_symlinks=False):
                continue
            if not is_running(int(match.group(1))):
                shutil.rmtree(item.path, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system (out is a mount point), or no hard links
        shutil.copy2(source, target)
