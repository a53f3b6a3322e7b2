"""Where the data files in ``assets/`` live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def asset_path(name: str) -> Path:
    """Path of an asset file by its file name.

    A wheel carries the files inside the package (``fusionsmile/_assets``); an editable
    install or a checkout reads them from the repository's ``assets/`` folder.
    """
    for folder in (_PACKAGE_DIR / "_assets", _PACKAGE_DIR.parent / "assets"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"asset {name!r} is missing from this installation")


def presets_folder() -> Path:
    """The folder of community presets (one design JSON each), installed or in a checkout.

    A wheel carries them as ``fusionsmile/_presets``; a checkout reads ``presets/``.
    """
    for folder in (_PACKAGE_DIR / "_presets", _PACKAGE_DIR.parent / "presets"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError("the presets folder is missing from this installation")
