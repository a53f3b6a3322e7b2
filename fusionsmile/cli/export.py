"""`fusionsmile export`: designs to mesh files (glTF, GLB, OBJ, STL, PLY) or PNGs, one or
a batch; a design that fails is reported and the others still written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import MAX_DESIGN_TIME_S, echo, fail, number_from, shown

if TYPE_CHECKING:
    from fusionsmile.export.batch import ExportOptions


def export(
    paths: Annotated[list[Path], typer.Argument(help="design JSON files", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="one design: .glb .gltf .obj .stl .ply .png")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="folder for the files, named like the designs")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="with --out-dir: glb gltf obj stl ply png")
    ] = None,
    split: Annotated[
        str, typer.Option(help="STL: none, arch (OUT-upper/-lower), tooth (OUT-11, ...)")
    ] = "none",
    time: Annotated[
        float,
        typer.Option(
            "--time",
            help="moment of the animation to bake, seconds (0-3600)",
            parser=number_from(0.0, MAX_DESIGN_TIME_S, "seconds"),
        ),
    ] = 0.0,
    texture_size: Annotated[
        int, typer.Option(help="glTF/GLB/OBJ texture size in pixels (square)", min=64, max=8192)
    ] = 1024,
) -> None:
    """Export designs: meshes with each tooth and gum named (glTF in metres, else mm), or PNG.

    GLB and glTF carry the look as textures (base colour, roughness, emissive glow); OBJ as
    an MTL with PNGs beside it; PLY as vertex colours and HDR emission. Existing files are
    replaced whole. A design that fails is reported and the others still written (exit 1).
    """
    from fusionsmile.export.batch import FORMATS, ExportOptions, out_path
    from fusionsmile.export.mesh import EXPORTERS

    if (out is None) == (out_dir is None):
        fail("give either -o FILE (one design) or --out-dir DIR with --format")
    if out is not None and len(paths) > 1:
        fail(f"-o takes one design, got {len(paths)}; use --out-dir DIR --format FORMAT")
    if out is not None:
        fmt = fmt or out.suffix.removeprefix(".").lower()
        targets = [out]
    else:
        assert out_dir is not None
        if fmt is None:
            fail("--out-dir needs --format: " + ", ".join(FORMATS))
        targets = [out_path(path, out_dir, fmt.lower()) for path in paths]
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            fail(f"--out-dir {out_dir}: {error.strerror or error}")
    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(f"{targets[0]}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if split not in EXPORTERS[fmt].splits:  # each format says how it splits
        splitting = {name: e.splits for name, e in EXPORTERS.items() if e.splits[1:]}
        choices = dict.fromkeys(s for splits in splitting.values() for s in splits)
        formats = " and ".join(name.upper() for name in splitting)
        fail(f"--split {split}: choose one of {', '.join(choices)}, and only for {formats}")
    if len(set(targets)) < len(targets):
        fail("two designs have the same file name; export them into different folders")
    options = ExportOptions(time=time, texture_size=texture_size, split=split)
    if not _export_all(list(zip(paths, targets, strict=True)), fmt, options):
        raise typer.Exit(1)


def _export_all(jobs: list[tuple[Path, Path]], fmt: str, options: ExportOptions) -> bool:
    """Export every (design, target) with a progress bar on a terminal; False if any failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from fusionsmile.export.batch import DesignExportError, export_design

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    ok, wrote = True, []  # "wrote" lines wait until the bar is gone from the terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(jobs) < 2 or not console.is_terminal,
    ) as progress:
        task = progress.add_task("exporting", total=len(jobs))
        for path, target in jobs:
            progress.update(task, description=f"exporting {path.name}")
            try:
                written = export_design(path, target, fmt, options)
            except DesignExportError as error:
                console.print(f"fusionsmile: {shown(str(error))}", markup=False)
                ok = False
            else:
                wrote.append(f"wrote {', '.join(str(file) for file in written)}")
            progress.advance(task)
    if wrote:
        echo("\n".join(wrote))
    return ok
