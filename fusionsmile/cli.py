"""The `fusionsmile` command line: a thin shell over the core, renderer and exporters.

Every failure a user can cause (a bad design, an unwritable folder, no OpenGL) ends
with one clear line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from fusionsmile.cli_output import echo, fail, shown
from fusionsmile.core.design import Design

if TYPE_CHECKING:
    from collections.abc import Callable

    from fusionsmile.core.geometry.surface import Dentition
    from fusionsmile.core.layers.params import Param
    from fusionsmile.core.scene import Scene
    from fusionsmile.export.animation import AnimationRequest
    from fusionsmile.export.batch import ExportOptions
    from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.core.design_io import DesignError, design_to_json, read_design

app = typer.Typer(
    help="FusionSmile: design true-to-life smiles with living bioluminescent glow.\n\n"
    "With no command, opens the app.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

VIEWS = ("front", "three-quarter-left", "three-quarter-right", "occlusal-upper", "occlusal-lower")
LIGHTINGS = ("day", "night", "blacklight")


def load(path: Path) -> Design:
    try:
        return read_design(path)
    except DesignError as error:
        fail(
            f"{error.source}: {error.problems[0]}"
            + (
                f" (and {len(error.problems) - 1} more problems; run `fusionsmile validate`)"
                if len(error.problems) > 1
                else ""
            )
        )


def look(design: Design, dentition: Dentition, time: float) -> Scene:
    """The design's layers composed on its dentition, or one clear line if a layer cannot
    be evaluated (a decal file that is missing or broken)."""
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.core.scene import design_scene

    try:
        return design_scene(design, dentition, time)
    except LayerError as error:
        fail(str(error))


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        fail(f"--size {text!r}: expected WIDTHxHEIGHT, for example 1920x1080")
    if not (16 <= width <= 7680 and 16 <= height <= 4320):
        fail(f"--size {text}: width must be 16-7680 and height 16-4320 pixels")
    return width, height


def launch_app(path: Path | None) -> NoReturn:
    """Open the desktop app. Qt is imported by name only here: every other command runs
    on a machine without a display, and import-linter keeps Qt out of this module."""
    import importlib

    try:
        app_main = importlib.import_module("fusionsmile.app.main")
    except ImportError as error:
        fail(f"the app cannot start: {error} (install FusionSmile with its Qt dependencies)")
    raise typer.Exit(app_main.run(path))


@app.callback()
def start(context: typer.Context) -> None:
    if context.invoked_subcommand is None:
        launch_app(None)


@app.command("open")
def open_design(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
) -> None:
    """Open a design in the app."""
    if not path.is_file():
        fail(f"{path}: no such file")
    launch_app(path)


@app.command()
def new(
    out: Annotated[Path, typer.Argument(help="where to write the design JSON")],
    mood: Annotated[
        str | None, typer.Option(help="glow of a mood (see `fusionsmile moods`)")
    ] = None,
    fusion: Annotated[
        float, typer.Option(help="0 natural only .. 1 full glow", min=0.0, max=1.0)
    ] = 0.5,
    force: Annotated[bool, typer.Option("--force", help="replace an existing file")] = False,
) -> None:
    """Write a new design: true-to-size teeth, a natural look, and a mood's glow."""
    from fusionsmile.core.moods import MOODS
    from fusionsmile.core.starter import starter_design
    from fusionsmile.export.atomic import atomic_write
    from fusionsmile.export.errors import ExportError

    if mood is not None and mood not in MOODS:
        fail(f"--mood {mood!r}: choose one of {', '.join(MOODS)}")
    if out.exists() and not force:
        fail(f"{out} already exists; pass --force to replace it")
    design = starter_design(mood, fusion)
    try:
        with atomic_write(out) as temporary:
            temporary.write_text(design_to_json(design), encoding="utf-8")
    except ExportError as error:
        fail(str(error))
    echo(f"wrote {out}" + (f" (mood {mood}, fusion {fusion:g})" if mood else ""))


@app.command()
def layers(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Every layer kind, natural and luminous, with its parameters."""
    from fusionsmile.core.layers.registry import all_kinds

    kinds = all_kinds()
    if as_json:
        echo(json.dumps({"kinds": [kind.as_json() for kind in kinds.values()]}, indent=2))
        return
    for group in ("natural", "luminous"):
        echo(f"{group}:")
        for kind in (k for k in kinds.values() if k.group == group):
            moving = " (animated)" if kind.animated else ""
            echo(f"  {kind.name:22s} {kind.description}{moving}")
            for param in kind.params:
                echo(f"      {param.name:14s} {param.type:7s} = {_describe_param(param)}")


def _describe_param(param: Param) -> str:
    text = f"{param.default!s:10s}"
    unit = f" {param.unit}" if param.unit else ""
    if param.minimum is not None and param.maximum is not None:
        text += f" [{param.minimum:g} .. {param.maximum:g}{unit}]"
    if param.choices:
        more = ", ..." if len(param.choices) > 6 else ""
        text += f" ({', '.join(param.choices[:6])}{more})"
    return text


@app.command()
def palettes(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Glow palettes from real emitters: peak wavelengths and their computed colours."""
    from fusionsmile.core.palettes import palettes as all_palettes

    entries = [palette.as_json() for palette in all_palettes().values()]
    if as_json:
        echo(json.dumps({"palettes": entries}, indent=2))
        return
    for entry in entries:
        bands = ", ".join(
            f"{band['peak_nm']:g} nm {band['srgb_full_brightness']}" for band in entry["bands"]
        )
        echo(f"  {entry['name']:20s} {entry['emitter'][:44]:44s} {bands}")


@app.command()
def moods(
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Moods: the glow recipe (palette, tempo, pattern, intensity) of each emotion."""
    from fusionsmile.core.moods import MOODS

    if as_json:
        echo(json.dumps({"moods": [m.as_json() for m in MOODS.values()]}, indent=2))
        return
    for mood in MOODS.values():
        echo(
            f"  {mood.name:9s} {mood.pattern:15s} {mood.palette:18s} tempo {mood.tempo:<4g} "
            f"intensity {mood.intensity:<4g} {mood.feeling}"
        )


@app.command()
def schema() -> None:
    """The JSON schema of design files, including every layer kind's parameters."""
    from fusionsmile.core.design_schema import design_json_schema

    echo(json.dumps(design_json_schema(), indent=2))


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="design JSON to check")]) -> None:
    """Check a design: prints `ok`, or every problem with its JSON path."""
    try:
        read_design(path)
    except DesignError as error:
        for problem in error.problems:
            echo(f"{error.source}: {problem}")
        raise typer.Exit(1) from None
    echo("ok")


@app.command()
def info(
    path: Annotated[Path, typer.Argument(help="design JSON")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Triangle count, measured size of every crown, and the smile analysis."""
    from fusionsmile.core.analysis import analyse, summary
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.measurements import measure_crowns

    design = load(path)
    dentition = build(design.geometry)
    teeth = measure_crowns(dentition)
    metrics = analyse(dentition)
    report = {
        "title": design.meta.title,
        "triangles": dentition.triangle_count,
        "teeth": {str(fdi): m.as_json() for fdi, m in teeth.items()},
        "arch_fit": {
            arch: {
                "available_mm": fit.available_mm,
                "required_mm": fit.required_mm,
                "discrepancy_mm": fit.discrepancy_mm,
            }
            for arch, fit in dentition.arch_fit.items()
        },
        "analysis": {name: metric.as_json() for name, metric in metrics.items()},
    }
    if as_json:
        echo(json.dumps(report, indent=2))
        return
    echo(f"{shown(design.meta.title)}: {dentition.triangle_count:,} triangles, {len(teeth)} teeth")
    for metric in metrics.values():
        value = "—" if metric.value is None else f"{metric.value:.2f}"
        mark = {True: "ok", False: "outside", None: "n/a"}[metric.ok]
        low, high = metric.range
        echo(f"  {metric.label:48s} {value:>7} [{low:g} .. {high:g}] {mark}")
    echo(summary(metrics))


@app.command()
def render(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[Path, typer.Option("-o", "--out", help="PNG to write")],
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT in pixels")] = "1920x1080",
    view: Annotated[str | None, typer.Option(help=f"camera: {', '.join(VIEWS)}")] = None,
    lighting: Annotated[str | None, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = None,
    time: Annotated[
        float, typer.Option("--time", help="moment of the animation, seconds", min=0.0)
    ] = 0.0,
    transparent: Annotated[
        bool, typer.Option("--transparent", help="transparent background (the glow stays)")
    ] = False,
    card: Annotated[
        bool, typer.Option("--card", help="a smile card: title, author, mood and palettes")
    ] = False,
) -> None:
    """Render a design to a PNG at a moment of its animation.

    The PNG carries the design: every command that takes a DESIGN can open it.
    """
    design = load(path)
    view = view or design.view.camera
    lighting = lighting or design.view.lighting
    if view not in VIEWS:
        fail(f"--view {view!r}: choose one of {', '.join(VIEWS)}")
    if lighting not in LIGHTINGS:
        fail(f"--lighting {lighting!r}: choose one of {', '.join(LIGHTINGS)}")
    width_height = parse_size(size)
    if out.suffix.lower() != ".png":
        fail(f"{out}: the output must be a .png file")

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.png_design import save_png
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    scene = look(design, build(design.geometry), time)
    try:
        image = render_image(scene, width_height, view, lighting, transparent)
        if card:
            from fusionsmile.export.card import smile_card

            image = smile_card(image, design)
        save_png(image, out, design)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    moment = f", t={time:g} s" if time else ""
    echo(f"wrote {out} ({width_height[0]}x{width_height[1]}, {view}, {lighting}{moment})")


@app.command()
def animate(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
    out: Annotated[
        Path, typer.Option("-o", "--out", help=".gif, .png (APNG), .webp, .mp4 (H.264) or .webm")
    ],
    seconds: Annotated[
        float | None,
        typer.Option(help="length; default: the design's loop (at most 12 s), else 3 s"),
    ] = None,
    fps: Annotated[float, typer.Option(help="frames per second", min=1.0, max=60.0)] = 24.0,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT in pixels")] = "640x360",
    turntable: Annotated[
        bool, typer.Option("--turntable", help="the camera circles the arch once")
    ] = False,
    view: Annotated[str | None, typer.Option(help=f"camera: {', '.join(VIEWS)}")] = None,
    lighting: Annotated[str | None, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = None,
    photo: Annotated[
        Path | None,
        typer.Option("--photo", help="a portrait: the glow plays on this face (fits in --size)"),
    ] = None,
    face: Annotated[int, typer.Option("--face", help="with --photo: which face", min=0)] = 0,
    quality: Annotated[
        str, typer.Option(help="video quality: draft, standard or high (.mp4, .webm)")
    ] = "standard",
) -> None:
    """Animate a design's glow (or a turntable) to a looping GIF, APNG, WebP, MP4 or WebM.

    When the layers loop, the file loops without a seam. With --photo the glow plays on
    a person's face.
    """
    design = load(path)
    view = view or design.view.camera
    lighting = lighting or design.view.lighting
    if view not in VIEWS:
        fail(f"--view {view!r}: choose one of {', '.join(VIEWS)}")
    if lighting not in LIGHTINGS:
        fail(f"--lighting {lighting!r}: choose one of {', '.join(LIGHTINGS)}")
    if out.suffix.lower() not in (".gif", ".png", ".webp", ".mp4", ".webm"):
        fail(f"{out}: the output must be a .gif, .png (APNG), .webp, .mp4 or .webm file")
    width_height = parse_size(size)
    is_video = out.suffix.lower() in (".mp4", ".webm")
    if is_video:
        from fusionsmile.export.errors import ExportError
        from fusionsmile.export.video import check_video

        try:
            check_video(width_height, fps, quality)
        except ExportError as error:
            fail(f"{out}: {error}")
    elif width_height[0] * width_height[1] > 1920 * 1080:
        fail(f"--size {size}: animations are at most 1920x1080 pixels (videos 3840x2160)")

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.export.animation import AnimationRequest, default_seconds, write_animation
    from fusionsmile.export.errors import ExportError
    from fusionsmile.render.context import RenderUnavailable

    if seconds is None:
        seconds = default_seconds(design, turntable)
    if not 0.0 < seconds <= 60.0:
        fail(f"--seconds {seconds:g}: choose a length above 0 and at most 60 s")
    request = AnimationRequest(seconds, fps, width_height, view, lighting, turntable)
    # Images of an animation are held in memory; a video streams them to its encoder.
    most_frames = 3600 if is_video else 1440
    if request.frame_count > most_frames:
        fail(f"{request.frame_count} frames is too many; at most {most_frames} (seconds x fps)")
    if photo is not None and turntable:
        fail("--turntable and --photo: a photo has one view; choose one")
    photo_face = None
    if photo is not None:
        from fusionsmile.cli_photo import read_face

        photo_face = read_face(photo, face)
    dentition = build(design.geometry)
    look(design, dentition, 0.0)  # a broken layer is one clear line before any frame
    progress = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), transient=True, console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
    )  # fmt: skip
    try:
        with progress:
            task = progress.add_task(f"frames of {out.name}", total=request.frame_count)

            def advance(done: int) -> None:
                progress.update(task, completed=done)

            if photo_face is None:
                count = write_animation(design, dentition, request, out, advance, quality)
            else:
                count = _write_photo_animation(
                    photo_face, design, dentition, request, out, advance, quality
                )
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except (ExportError, LayerError) as error:
        fail(str(error))
    kind = "turntable" if turntable else "animation"
    echo(f"wrote {out} ({kind}, {count} frames, {seconds:g} s at {fps:g} fps)")


def _write_photo_animation(
    photo_face: PhotoFace,
    design: Design,
    dentition: Dentition,
    request: AnimationRequest,
    out: Path,
    progress: Callable[[int], None],
    quality: str,
) -> int:
    """The glow playing on a face, written as an animation that carries the design."""
    from PIL import Image

    from fusionsmile.cli_photo import with_photo
    from fusionsmile.export.animation import write_frames
    from fusionsmile.portrait.portrait_image import portrait_frames

    times = [i / request.fps for i in range(request.frame_count)]
    pictures = portrait_frames(photo_face, design, dentition, request.size, times, request.lighting)
    images = (Image.fromarray(picture) for picture in pictures)
    return write_frames(images, request.fps, out, with_photo(design, photo_face), progress, quality)


@app.command()
def sheet(
    paths: Annotated[list[Path], typer.Argument(help="designs (JSON or FusionSmile PNGs)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="PNG to write")],
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT of each picture")] = "480x270",
    columns: Annotated[int | None, typer.Option(help="pictures per row", min=1, max=16)] = None,
    lighting: Annotated[
        str | None, typer.Option(help=f"lighting for all: {', '.join(LIGHTINGS)}")
    ] = None,
) -> None:
    """A contact sheet: several designs side by side, captioned with title and author."""
    if lighting is not None and lighting not in LIGHTINGS:
        fail(f"--lighting {lighting!r}: choose one of {', '.join(LIGHTINGS)}")
    if out.suffix.lower() != ".png":
        fail(f"{out}: the output must be a .png file")
    if len(paths) > 64:
        fail(f"{len(paths)} designs: a sheet holds at most 64")
    width_height = parse_size(size)
    if width_height[0] > 1920 or width_height[1] > 1080:
        fail(f"--size {size}: each picture is at most 1920x1080")
    designs = [load(path) for path in paths]

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.png_design import save_png
    from fusionsmile.export.sheet import Tile, contact_sheet
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    try:
        tiles = [
            Tile(
                render_image(
                    look(design, build(design.geometry), 0.0), width_height,
                    design.view.camera, lighting or design.view.lighting,
                ),
                design.meta.title,
                f"by {design.meta.author}" if design.meta.author else "",
            )
            for design in designs
        ]  # fmt: skip
        image = contact_sheet(tiles, columns or min(4, len(tiles)))
        save_png(image, out, None)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except ExportError as error:
        fail(str(error))
    echo(f"wrote {out} ({len(tiles)} designs, {image.width}x{image.height})")


@app.command()
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
        float, typer.Option("--time", help="moment of the animation to bake, seconds", min=0.0)
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
    from fusionsmile.export.stl import SPLITS

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
    if split not in SPLITS or (split != "none" and fmt != "stl"):
        fail(f"--split {split}: choose one of {', '.join(SPLITS)}, and only for STL")
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


# Imported last: the gallery commands reuse fail() and load() from this module.
from fusionsmile.cli_gallery import gallery_app  # noqa: E402

app.add_typer(gallery_app, name="gallery")

from fusionsmile.cli_photo import photo as photo_command  # noqa: E402

app.command("photo")(photo_command)

from fusionsmile.cli_film import film as film_command  # noqa: E402

app.command("film")(film_command)

from fusionsmile.cli_quilt import quilt as quilt_command  # noqa: E402

app.command("quilt")(quilt_command)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
