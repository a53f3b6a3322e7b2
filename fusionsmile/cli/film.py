"""`fusionsmile film DESIGN -o story.mp4 [--storyboard FILE]`: a short documentary.

Without a storyboard the design makes its own film (film/default_film.py); credits name
its lineage from the user's gallery (when there is one; the film never creates it) and
the presets. `--save-storyboard` writes the storyboard used, to edit and pass back. A
storyboard's cards are its own: when it blends in a design that no card names, a note
says so and gives the credit line to add.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import (
    echo,
    fail,
    frame_progress,
    load,
    look,
    parse_size,
    read_face,
    shown,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fusionsmile.core.design import Design
    from fusionsmile.film.storyboard import Storyboard


def film(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[Path, typer.Option("-o", "--out", help=".mp4 (H.264) or .webm (VP9)")],
    storyboard: Annotated[
        Path | None,
        typer.Option("--storyboard", help="storyboard JSON; default: the design's own film"),
    ] = None,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT, even, up to 3840x2160")] = "1280x720",
    fps: Annotated[float, typer.Option(help="frames per second, 24-60")] = 30.0,
    quality: Annotated[str, typer.Option(help="draft, standard or high")] = "standard",
    save_storyboard: Annotated[
        Path | None,
        typer.Option("--save-storyboard", help="also write the storyboard used (JSON)"),
    ] = None,
    gallery_folder: Annotated[
        Path | None,
        typer.Option("--gallery", help="gallery for the credits (default: your gallery)"),
    ] = None,
    photo: Annotated[
        Path | None,
        typer.Option("--photo", help="your portrait, for the storyboard's photo shots"),
    ] = None,
    face: Annotated[int, typer.Option(help="which face of the photo, largest first", min=0)] = 0,
) -> None:
    """A film of the design: title card, daylight, the glow rising at night, a turntable,
    its story as captions and the credits of its lineage; or your storyboard."""
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.video import check_video, video_format
    from fusionsmile.film.storyboard import (
        StoryboardError,
        check_replaceable,
        read_storyboard,
        write_storyboard,
    )

    if video_format(out) is None:
        fail(f"{out}: the output must be a .mp4 or .webm file")
    width_height = parse_size(size)
    try:
        check_video(width_height, fps, quality)
    except ExportError as error:
        fail(f"{out}: {error}")
    if save_storyboard is not None:
        try:  # the design itself (or a folder) given by mistake: before any frame
            check_replaceable(save_storyboard)
        except StoryboardError as error:
            fail(str(error))
    design = load(path)
    if storyboard is not None:
        try:
            board = read_storyboard(storyboard)
        except StoryboardError as error:
            fail(str(error))
    else:
        from fusionsmile.film.default_film import default_storyboard

        board = default_storyboard(design, _credit_lines(design, gallery_folder))

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.export.video import write_video
    from fusionsmile.film.lettering import FontMissing
    from fusionsmile.film.shots import film_frame_count, film_frames, read_blends
    from fusionsmile.render.context import RenderUnavailable

    dentition = build(design.geometry)
    look(design, dentition, 0.0)  # a broken layer is one clear line before any frame
    try:
        others = read_blends(design, board.shots)  # each once, for the film and the note
    except StoryboardError as error:
        fail(str(error))
    _note_uncredited(board, others.values())
    photo_face = read_face(photo, face) if photo is not None else None
    total = film_frame_count(board, fps)
    progress = frame_progress()
    try:
        with progress:
            task = progress.add_task(f"frames of {out.name}", total=total)
            frames = film_frames(design, dentition, board, width_height, fps, photo_face, others)
            count = write_video(
                frames, fps, out, quality, design.meta.title,
                lambda done: progress.update(task, completed=done),
            )  # fmt: skip
        if save_storyboard is not None:
            write_storyboard(board, save_storyboard)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except (ExportError, LayerError, FontMissing, StoryboardError) as error:
        fail(str(error))
    shots = len(board.shots)
    echo(f"wrote {out} (film, {shots} shots, {count} frames, {count / fps:.1f} s at {fps:g} fps)")


def _note_uncredited(board: Storyboard, others: Iterable[Design]) -> None:
    """A note for each design the film blends in that no card names (its licence may ask
    for credit; the storyboard's cards are the user's, so it is not added for them)."""
    from fusionsmile.film.credits import design_credit
    from fusionsmile.film.storyboard import CardShot

    words = [
        line for shot in board.shots if isinstance(shot, CardShot)
        for line in (shot.heading, *shot.lines)
    ]  # fmt: skip
    for other in others:
        title = other.meta.title
        if title and any(title in line for line in words):
            continue
        # The title and author are a stranger's: a newline in them stays in the line.
        echo(f"note: no card credits a design the film blends in; add: "
             f"{shown(design_credit(other).line())}", err=True)  # fmt: skip


def _credit_lines(design: Design, folder: Path | None) -> tuple[str, ...]:
    """The credits card: parents are found in the gallery if it exists (never created
    here), then among the presets (read only when the design has parents)."""
    from fusionsmile.assets import presets_folder
    from fusionsmile.film.credits import credit_lines, gallery_lookup, preset_credits
    from fusionsmile.gallery.entry import GalleryError
    from fusionsmile.gallery.store import Gallery

    if not design.meta.parents:
        return credit_lines(design, gallery_lookup(None, {}))
    presets = preset_credits(sorted(presets_folder().glob("*.json")))
    if folder is None:
        override = os.environ.get("FUSIONSMILE_GALLERY")
        if override:
            folder = Path(override)
        else:
            from platformdirs import user_data_path

            folder = user_data_path("fusionsmile", appauthor=False) / "gallery"
    gallery = None
    if folder.is_dir():
        try:
            gallery = Gallery(folder)
        except GalleryError:
            gallery = None  # the credits still name the presets, and the rest by id
    try:
        return credit_lines(design, gallery_lookup(gallery, presets))
    finally:
        if gallery is not None:
            gallery.close()
