"""Gallery jobs run by the app in a child process: publishing renders a thumbnail with the
headless EGL renderer, which must not share a process with the window's own OpenGL
context (and would hold the UI thread for seconds)."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fusionsmile.core.design_io import design_from_bytes

Progress = Callable[[float, str], None]  # fraction done in [0, 1], what is happening


@dataclass(frozen=True)
class PublishRequest:
    """Add design_json (the design as saved; the child re-validates it) to the gallery
    folder root; photo_path: the portrait to share with it, when its maker asked."""

    design_json: str
    root: str
    photo_path: str | None = None


@dataclass(frozen=True)
class Published:
    """What a publish did. added: False when the design was in the gallery already."""

    id: str
    folder: str
    title: str
    added: bool


def run_publish(request: PublishRequest, progress: Progress) -> Published:
    """Publish in this process (renders the thumbnail). Raises GalleryError on failure."""
    from fusionsmile.gallery.entry import GalleryError, design_id
    from fusionsmile.gallery.shareable import shareable, shareable_with_photo
    from fusionsmile.gallery.store import Gallery
    from fusionsmile.portrait.photo import PhotoError, read_photo

    design = design_from_bytes(request.design_json.encode("utf-8"), "the design to publish")
    photo_jpeg = None
    if request.photo_path is None:
        design = shareable(design)
    else:
        progress(0.05, "preparing the photo (its pixels only)")
        try:
            design, photo_jpeg = shareable_with_photo(design, read_photo(request.photo_path))
        except PhotoError as error:
            raise GalleryError(str(error)) from None
    gallery = Gallery(Path(request.root))
    try:
        existing = gallery.find(design_id(design))
        if existing is None:
            progress(0.1, "rendering the thumbnail")
        entry, added = (
            gallery.add(design, photo_jpeg=photo_jpeg) if existing is None else (existing, False)
        )
        progress(1.0, "added" if added else "already in your gallery")
        return Published(entry.id, str(entry.folder), entry.title, added)
    finally:
        gallery.close()


def run_in_child(request: PublishRequest, messages: Any) -> None:
    """Entry point of the child process: messages is a multiprocessing queue that gets
    ("progress", fraction, text), then ("done", Published) or ("error", one line, trace)."""
    try:
        result = run_publish(request, lambda f, text: messages.put(("progress", f, text)))
    except Exception as error:  # reported to the window as one line
        messages.put(("error", str(error) or type(error).__name__, traceback.format_exc()))
    else:
        messages.put(("done", result))
