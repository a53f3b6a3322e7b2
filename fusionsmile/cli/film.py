"""`fusionsmile film DESIGN -o story.mp4 [--storyboard FILE]`: a short documentary.

Without a storyboard the design makes its own film (film/default_film.py); credits name
its lineage from the user's gallery (when there is one; the film never creates it) and
the presets. `--save-storyboard` writes the storyboard used, to edit and pass back;
without `-o` it is all that is written (checked against the design, no frame drawn). A
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
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            help=".mp4 (H.264) or .webm (VP9); without it, --save-storyboard writes only "
            "the storyboard",
        ),
    ] = None,
    storyboard: Annotated[
        Path | None,
        typer.Option("--storyboard", help="storyboard JSON; default: the design's own film"),
    ] = None,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT, even, up to 3840x2160")] = "1280x720",
    fps: Annotated[float, typer.Option(help="frames per second, 24-60")] = 30.0,
    quality: Annotated[str, typer.Option(help="draft, standard or high")] = "standard",
    save_storyboard: Annotated[
        Path | None,
        typer.Option(
            "--save-storyboard",
            help="write the storyboard used (JSON), to edit and pass to --storyboard; "
            "alone (no -o), the film is not made",
        ),
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
    its story as captions and the credits of its lineage; or your storyboard. With
    --save-storyboard and no -o, only the storyboard is written, to edit."""
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.video import check_video, video_format
    from fusionsmile.film.storyboard import (
        PhotoShot,
        StoryboardError,
        check_replaceable,
        read_storyboard,
        write_storyboard,
    )

    if out is None and save_storyboard is None:
        fail(
            "give -o FILM.mp4 to make the film, --save-storyboard FILE to write its "
            "storyboard only, or both"
        )
    if out is not None:
        if video_format(out) is None:
            fail(f"{out}: the output must be a .mp4 or .webm file")
        try:
            check_video(parse_size(size), fps, quality)
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
    if out is None:
        assert save_storyboard is not None
        _save_only(design, board, save_storyboard)
        return
    if photo is None:  # said in the command line's words (film_frames' are the library's)
        for number, shot in enumerate(board.shots, start=1):
            if isinstance(shot, PhotoShot):
                fail(
                    f"shot {number} shows the portrait: give your photo with --photo ME.jpg, "
                    "or remove the shot from the storyboard"
                )

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
            frames = film_frames(
                design, dentition, board, parse_size(size), fps, photo_face, others
            )
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
    echo(f"wrote {out} (film, {_shots(board)}, {count} frames, {count / fps:.1f} s at {fps:g} fps)")


def _save_only(design: Design, board: Storyboard, path: Path) -> None:
    """Write board to path, checked as the film would check it (a change that does not
    fit the design, a blend's design that cannot be read), without drawing a frame."""
    from fusionsmile.core.atomic import WriteError
    from fusionsmile.film.shots import check_changes, read_blends
    from fusionsmile.film.storyboard import StoryboardError, write_storyboard

    try:
        check_changes(design, board)
        others = read_blends(design, board.shots)
        _note_uncredited(board, others.values())
        write_storyboard(board, path)
    except (StoryboardError, WriteError) as error:
        fail(str(error))
    echo(f"wrote {path} (storyboard, {_shots(board)}, {board.seconds:.1f} s)")


def _shots(board: Storyboard) -> str:
    count = len(board.shots)
    return f"{count} shot" if count == 1 else f"{count} shots"


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
