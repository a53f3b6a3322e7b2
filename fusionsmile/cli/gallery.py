"""`fusionsmile gallery ...`: the local gallery from the command line.

fusionsmile gallery [--gallery DIR] list [--tag T] [--search Q] [--json]
fusionsmile gallery publish DESIGN [--to URL] [--include-photo [--photo PHOTO]]
fusionsmile gallery show ID [--json]
fusionsmile gallery import BUNDLE...
fusionsmile gallery export ID -o OUT.fsmile
fusionsmile gallery remix ID [--title T] [--author A] [-o DESIGN.json]
fusionsmile gallery blend A B [--t 0.5] [-o DESIGN.json]
fusionsmile gallery lineage ID
fusionsmile gallery sync URL | site OUT/
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import LazyProgress, echo, fail, load, shown, spinner, write_design

if TYPE_CHECKING:
    from fusionsmile.core.design import Design
    from fusionsmile.gallery.entry import Entry
    from fusionsmile.gallery.store import Gallery

gallery_app = typer.Typer(
    help="Your local gallery: publish, search, share as .fsmile bundles, remix and blend.",
    no_args_is_help=True,
)


@gallery_app.callback()
def choose_gallery(
    context: typer.Context,
    gallery: Annotated[
        Path | None,
        typer.Option("--gallery", help="gallery folder (default: in your user data folder)"),
    ] = None,
) -> None:
    context.obj = gallery


def open_gallery(context: typer.Context) -> Gallery:
    """The chosen gallery, with a progress bar if its index has to be (re)built."""
    from fusionsmile.gallery.entry import GalleryError
    from fusionsmile.gallery.store import Gallery

    try:
        gallery = Gallery(context.obj) if context.obj is not None else Gallery.default()
    except GalleryError as error:
        fail(str(error))
    progress = LazyProgress("indexing entries")
    gallery.on_progress = progress.update
    context.call_on_close(progress.stop)
    context.call_on_close(gallery.close)
    return gallery


@contextmanager
def gallery_errors() -> Iterator[None]:
    """Every problem a user can cause ends as one line."""
    from fusionsmile.gallery.entry import GalleryError

    try:
        yield
    except GalleryError as error:
        fail(str(error))


def entry_line(entry: Entry) -> str:
    mood = f"  [{shown(entry.mood)}]" if entry.mood else ""
    author = f" by {shown(entry.author)}" if entry.author else ""
    return f"{entry.id[:12]}  {entry.created:%Y-%m-%d}  {shown(entry.title)}{author}{mood}"


def resolve(gallery: Gallery, id_or_file: str) -> tuple[Design, str]:
    """A design and its id, from a gallery id (prefix) or a design file."""
    from fusionsmile.gallery.entry import design_id

    path = Path(id_or_file)
    if path.is_file():
        design = load(path)
        return design, design_id(design)
    with gallery_errors():
        entry = gallery.get(id_or_file)
        return entry.design, entry.id


def add(
    gallery: Gallery,
    design: Design,
    thumbnail: bytes | None = None,
    glb: bool = False,
    photo_jpeg: bytes | None = None,
) -> Entry:
    with gallery_errors():
        if design_id_of(design) in gallery:
            entry, added = gallery.add(design)
        else:
            work = "adding" if thumbnail is not None and not glb else "rendering"
            with spinner(f"{work} {shown(repr(design.meta.title))}"):
                model = None
                if glb:
                    from fusionsmile.gallery.model import bake_glb

                    model = bake_glb(design)
                entry, added = gallery.add(design, thumbnail, model, photo_jpeg)
    echo(("added " if added else "already in the gallery: ") + entry_line(entry))
    return entry


def design_id_of(design: Design) -> str:
    from fusionsmile.gallery.entry import design_id

    return design_id(design)


@gallery_app.command("list")
def list_entries(
    context: typer.Context,
    tag: Annotated[str | None, typer.Option(help="only entries with this tag")] = None,
    search: Annotated[
        str | None, typer.Option(help="words in the title, author, story or tags")
    ] = None,
    author: Annotated[str | None, typer.Option(help="only entries by this author")] = None,
    mood: Annotated[str | None, typer.Option(help="only entries of this mood")] = None,
    sort: Annotated[str, typer.Option(help="date, date-asc, title or title-desc")] = "date",
    limit: Annotated[int | None, typer.Option(help="at most this many", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """List and search the gallery's entries, newest first."""
    gallery = open_gallery(context)
    with gallery_errors():
        entries = gallery.search(search, tag, author, mood, sort, limit)
    if as_json:
        echo(json.dumps({"entries": [entry.as_json() for entry in entries]}, indent=2))
        return
    for entry in entries:
        echo(entry_line(entry))
    for problem in gallery.problems:
        echo(f"fusionsmile: skipped {problem}", err=True)
    if not entries:
        echo("no entries" + (" match" if search or tag or author or mood else ""), err=True)


@gallery_app.command()
def show(
    context: typer.Context,
    id: Annotated[str, typer.Argument(help="entry id (at least 6 hex digits)")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Everything about one entry: its metadata, story, files and lineage."""
    gallery = open_gallery(context)
    with gallery_errors():
        entry = gallery.get(id)
        tree = gallery.lineage(entry.id)
    if as_json:
        echo(json.dumps({**entry.as_json(), "lineage": tree.as_json()}, indent=2))
        return
    echo(f"{shown(entry.title)}\n  id       {entry.id}")
    rows = [
        ("author", entry.author),
        ("license", entry.license),
        ("mood", entry.mood or ""),
        ("tags", ", ".join(entry.tags)),
        ("added", f"{entry.created:%Y-%m-%d %H:%M} UTC"),
        ("folder", str(entry.folder)),
    ]
    for name, value in rows:
        if value:
            echo(f"  {name:8s} {shown(value)}")
    if entry.story:
        echo(f"\n{entry.story}")
    if entry.parents:
        echo("\nlineage:\n" + "\n".join("  " + line for line in tree.lines()))


@gallery_app.command()
def lineage(
    context: typer.Context,
    id: Annotated[str, typer.Argument(help="entry id (at least 6 hex digits)")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """The tree of designs an entry was remixed or blended from."""
    gallery = open_gallery(context)
    with gallery_errors():
        tree = gallery.lineage(id)
    echo(json.dumps(tree.as_json(), indent=2) if as_json else "\n".join(tree.lines()))


@gallery_app.command()
def publish(
    context: typer.Context,
    design_path: Annotated[
        Path, typer.Argument(metavar="DESIGN", help="design JSON or a FusionSmile PNG")
    ],
    to: Annotated[
        str | None, typer.Option("--to", help="also publish to this git repository (URL)")
    ] = None,
    glb: Annotated[bool, typer.Option("--glb", help="also keep a 3D model (model.glb)")] = False,
    include_photo: Annotated[
        bool,
        typer.Option(
            "--include-photo",
            help="share the portrait photo the design was made on (others will see the face)",
        ),
    ] = False,
    photo_path: Annotated[
        Path | None,
        typer.Option("--photo", help="where that photo is (default: beside the design)"),
    ] = None,
) -> None:
    """Add a design to the gallery (rendering its thumbnail); --to shares it in a git repo.

    A design made on a portrait is published without its photo, unless you ask."""
    from fusionsmile.gallery.shareable import shareable

    design = load(design_path)
    photo_jpeg = None
    if include_photo or photo_path is not None:
        design, photo_jpeg = _with_photo(design, design_path, photo_path)
    else:
        design = shareable(design)
    gallery = open_gallery(context)
    entry = add(gallery, design, glb=glb, photo_jpeg=photo_jpeg)
    if entry.photo is not None:
        _warn_photo()
    if to is not None:
        from fusionsmile.gallery.sync import publish_to

        with gallery_errors(), spinner(f"publishing to {to}"):
            commit = publish_to(gallery, entry, to)
        echo(f"published {entry.id[:12]} to {to} (commit {commit[:12]})")


def _with_photo(design: Design, design_path: Path, photo_path: Path | None) -> tuple[Design, bytes]:
    """design naming its shared photo, and that photo, or one line saying what is wrong."""
    from fusionsmile.gallery.entry import GalleryError
    from fusionsmile.gallery.shareable import shareable_with_photo
    from fusionsmile.portrait.photo import PhotoError, read_photo

    reference = design.photo
    if reference is None:
        fail(f"{design_path}: the design was not made on a photo; there is none to include")
    path = photo_path if photo_path is not None else design_path.parent / reference.file_name
    try:
        return shareable_with_photo(design, read_photo(path))
    except (PhotoError, GalleryError) as error:
        hint = "" if photo_path is not None else " (use --photo to say where it is)"
        fail(f"{error}{hint}")


def _warn_photo() -> None:
    from fusionsmile.gallery.shareable import PHOTO_WARNING

    echo(f"fusionsmile: note: {PHOTO_WARNING}", err=True)


@gallery_app.command("import")
def import_(
    context: typer.Context,
    bundles: Annotated[list[Path], typer.Argument(metavar="BUNDLE...", help=".fsmile files")],
) -> None:
    """Add .fsmile bundles to the gallery; a bundle that fails any check adds nothing."""
    from fusionsmile.gallery.bundle import import_bundle
    from fusionsmile.gallery.entry import GalleryError

    gallery = open_gallery(context)
    rejected = 0
    for path in bundles:
        try:
            entry, added = import_bundle(gallery, path)
        except GalleryError as error:
            echo(f"fusionsmile: rejected {error}", err=True)
            rejected += 1
            continue
        echo(("imported " if added else "already in the gallery: ") + entry_line(entry))
    if rejected:
        raise typer.Exit(1)


@gallery_app.command()
def export(
    context: typer.Context,
    id: Annotated[str, typer.Argument(help="entry id (at least 6 hex digits)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="the .fsmile file to write")],
    glb: Annotated[bool, typer.Option("--glb", help="include the entry's model.glb")] = False,
) -> None:
    """Write an entry as a .fsmile bundle to share."""
    from fusionsmile.gallery.bundle import SUFFIX, write_bundle

    if out.suffix.lower() != SUFFIX:
        fail(f"{out}: the bundle must be a {SUFFIX} file")
    gallery = open_gallery(context)
    with gallery_errors():
        entry = gallery.get(id)
        write_bundle(entry, out, include_glb=glb)
    echo(f"wrote {out}")
    if entry.photo is not None:
        _warn_photo()


@gallery_app.command()
def remix(
    context: typer.Context,
    id: Annotated[str, typer.Argument(help="entry id (at least 6 hex digits)")],
    title: Annotated[str | None, typer.Option(help="title of the remix")] = None,
    author: Annotated[str | None, typer.Option(help="your name")] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="also write the design to edit")
    ] = None,
) -> None:
    """A new entry that starts as a copy of another, with it as its parent."""
    from fusionsmile.gallery.synergy import remix as remix_design
    from fusionsmile.gallery.thumbnail import with_design

    gallery = open_gallery(context)
    with gallery_errors():
        source = gallery.get(id)
        design = remix_design(source.design, source.id, title, author)
        thumbnail = with_design(source.thumbnail.read_bytes(), design)  # it looks the same
    add(gallery, design, thumbnail)
    if out is not None:
        write_design(design, out)
        echo(f"wrote {out}")


@gallery_app.command()
def blend(
    context: typer.Context,
    a: Annotated[str, typer.Argument(metavar="A", help="entry id or design file")],
    b: Annotated[str, typer.Argument(metavar="B", help="entry id or design file")],
    t: Annotated[float, typer.Option("--t", help="0 is all A, 1 is all B", min=0.0, max=1.0)] = 0.5,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="also write the design to edit")
    ] = None,
) -> None:
    """A new entry between two designs: shapes interpolated, glow layers cross-faded."""
    from fusionsmile.gallery.synergy import blend as blend_designs

    gallery = open_gallery(context)
    design_a, id_a = resolve(gallery, a)
    design_b, id_b = resolve(gallery, b)
    try:
        design = blend_designs(design_a, design_b, t, id_a, id_b)
    except ValueError as error:
        fail(f"cannot blend: {error}")
    add(gallery, design)
    if out is not None:
        write_design(design, out)
        echo(f"wrote {out}")


@gallery_app.command()
def sync(
    context: typer.Context,
    url: Annotated[str, typer.Argument(help="git repository of .fsmile bundles")],
) -> None:
    """Import every bundle of a shared git repository (each checked like `import`);
    exits 1 when any bundle was rejected, as `import` and batch export do."""
    from fusionsmile.gallery.sync import sync_gallery

    gallery = open_gallery(context)
    with gallery_errors(), spinner(f"syncing with {url}"):
        report = sync_gallery(gallery, url)
    for line in report.rejected:
        echo(f"fusionsmile: rejected {line}", err=True)
    echo(
        f"imported {len(report.imported)}, already here {len(report.already)},"
        f" rejected {len(report.rejected)}"
    )
    if report.rejected:
        raise typer.Exit(1)


@gallery_app.command()
def site(
    context: typer.Context,
    out: Annotated[Path, typer.Argument(help="folder for the static web site")],
) -> None:
    """Write the gallery as a static web site (open index.html, or serve the folder)."""
    from fusionsmile.gallery.site import write_site

    gallery = open_gallery(context)
    with gallery_errors():
        index = write_site(gallery, out)
    echo(f"wrote {index}")
