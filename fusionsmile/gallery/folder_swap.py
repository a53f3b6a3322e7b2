"""A folder rebuilt beside itself and swapped in whole (the static site).

Writing a site file by file into its folder leaves half a site when the disk fills or
the process dies, and the next build then finds a folder it cannot trust. Instead the
build fills a staging folder next to the target, which starts as hard links to the
current site (cheap, and files the user put there are kept), and only a build that
finished is moved into place, by renames. A failed build leaves the previous site as it
was.

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

from fusionsmile.core.leftovers import is_running


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
    """Move the finished staging folder's contents into out, top-level item by item.

    out itself stays (the same folder, not a new one by its name): a shell or a web
    server whose working directory is the site keeps serving it. Each item is renamed
    whole (the folders first, index.html last, so the index never links to a page not
    there yet); replaced items are parked and removed after. Renames need no space."""
    if not out.exists():
        os.rename(staging, out)
        return
    parked = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-{os.getpid()}-", dir=out.parent))
    try:
        names = sorted(os.listdir(staging), key=lambda name: (name == "index.html", name))
        for name in sorted(names, key=lambda name: not (staging / name).is_dir()):
            new, old = staging / name, out / name
            if old.is_symlink():
                old.unlink()  # a link the user put there: the new item takes its name
            elif old.is_dir():
                os.rename(old, parked / name)
            os.replace(new, old)
    finally:
        shutil.rmtree(parked, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


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
