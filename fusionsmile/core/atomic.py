"""Write a file all at once or not at all.

The writer gets a temporary path in the target's folder (same file system, so the final
`os.replace` is an atomic rename); only a writer that returns normally replaces the
target. A crash or an exception leaves the previous file untouched and no temp file.

Every file we write goes through here (exports, gallery entries, bundles, the site,
autosaves), so it lives below them all and imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from fusionsmile.core.leftovers import PART_SUFFIX, part_prefix, remove_dead_parts

_NEW_FILE_MODE = 0o644  # mkstemp makes 0600 files; exports are meant to be shared


class WriteError(Exception):
    """A file could not be written; the message names the path and the reason.

    Exporters raise it as `export.errors.ExportError` (the same class)."""


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `path`; move it onto `path` if the block succeeds."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {target}: folder {folder} does not exist")
    remove_dead_parts(folder)
    try:
        handle, name = tempfile.mkstemp(
            prefix=part_prefix(target.name), suffix=PART_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
        os.chmod(temp, mode)
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())  # the data is on disk before the rename points at it
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Persist the rename itself; not every platform can open a folder, which is fine."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def atomic_write_many(paths: Sequence[str | os.PathLike[str]]) -> Iterator[list[Path]]:
    """Yield one temporary path per target; move them all into place if the block succeeds.

    For exports made of several files (an OBJ with its MTL and textures, STL per arch):
    every file is written to its temporary first, then renamed in the order given (put
    the file that refers to the others last). Should a rename fail half-way, the targets
    already replaced get their previous content back (kept through a hard link), so a
    failure leaves the previous files as they were and no temporaries behind.
    """
    targets = [Path(path) for path in paths]
    with contextlib.ExitStack() as stack:
        temps = [stack.enter_context(_temporary(target)) for target in targets]
        try:
            yield temps
        except OSError as exc:
            # The caller's writes into the temporaries (a full disk, a quota): one
            # WriteError naming the file, as atomic_write gives for one file.
            written = dict(zip(map(str, temps), targets, strict=True)).get(
                str(exc.filename), targets[0]
            )
            raise WriteError(f"cannot write {written}: {exc.strerror or exc}") from exc
        _replace_all(targets, temps)
    for folder in {target.parent for target in targets}:
        _fsync_folder(folder)


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """A temporary next to target, removed on the way out unless it was renamed."""
    if not target.parent.is_dir():
        raise WriteError(f"cannot write {target}: folder {target.parent} does not exist")
    remove_dead_parts(target.parent)
    try:
        handle, name = tempfile.mkstemp(
            prefix=part_prefix(target.name), suffix=PART_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def _replace_all(targets: list[Path], temps: list[Path]) -> None:
    backups: list[tuple[Path, Path | None]] = []  # (target, its previous content or None)
    current = targets[0]
    try:
        for target, temp in zip(targets, temps, strict=True):
            current = target
            mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
            os.chmod(temp, mode)
            with open(temp, "rb+") as written:
                os.fsync(written.fileno())
        for target, temp in zip(targets, temps, strict=True):
            current = target
            backups.append((target, _keep_previous(target)))
            os.replace(temp, target)
    except OSError as exc:
        for replaced, previous in reversed(backups):
            with contextlib.suppress(OSError):
                if previous is not None:
                    os.replace(previous, replaced)
                elif replaced.exists() and replaced != current:
                    replaced.unlink()
        raise WriteError(f"cannot write {current}: {exc.strerror or exc}") from exc
    finally:
        for _, previous in backups:
            if previous is not None:
                previous.unlink(missing_ok=True)


def _keep_previous(target: Path) -> Path | None:
    """A hard link to target's current content (None when there is no target)."""
    if not target.exists():
        return None
    backup = target.with_name(f".{target.name}.{os.getpid()}.previous")
    backup.unlink(missing_ok=True)
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links
        shutil.copy2(target, backup)
    return backup


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write data to path atomically (see `atomic_write`); the path written."""
    with atomic_write(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)
