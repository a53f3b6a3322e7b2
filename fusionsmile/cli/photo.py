"""`fusionsmile photo PHOTO [DESIGN] -o OUT.png`: the designed smile on a person's photo.

The photo is read locally and never copied; what is written has none of its EXIF, GPS
or maker notes. A refusal (no face, a closed mouth, a damaged or hostile file) prints
one line, exits non-zero and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fusionsmile.cli.common import (
    LIGHTINGS,
    MAX_DESIGN_TIME_S,
    check_lighting,
    echo,
    fail,
    load,
    number_from,
    read_face,
    with_photo,
)

MIDLINES = ("face", "teeth")

if TYPE_CHECKING:
    from fusionsmile.core.design import Design
    from fusionsmile.portrait.analysis import PhotoFace


def photo(
    path: Annotated[Path, typer.Argument(help="the portrait: JPEG, PNG, WebP or HEIC")],
    design_path: Annotated[
        Path | None,
        typer.Argument(help="design JSON or FusionSmile PNG (default: a natural smile)"),
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="PNG to write")] = None,
    lighting: Annotated[str, typer.Option(help=f"lighting: {', '.join(LIGHTINGS)}")] = "day",
    time: Annotated[
        float,
        typer.Option(
            "--time",
            help="moment of the glow's animation, seconds (0-3600)",
            parser=number_from(0.0, MAX_DESIGN_TIME_S, "seconds"),
        ),
    ] = 0.0,
    face: Annotated[int, typer.Option("--face", help="which face, 0 = the largest", min=0)] = 0,
    compare: Annotated[
        str | None, typer.Option("--compare", help="before/after: side (by side) or wipe")
    ] = None,
    lines: Annotated[
        bool, typer.Option("--lines", help="draw the reference lines over the photo")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the face's measurements and the fit")
    ] = False,
    midline: Annotated[
        str,
        typer.Option(
            "--midline",
            help="the dental midline on the face's midline (face) or where the person's"
            " own teeth have it (teeth)",
        ),
    ] = "face",
    own_shade: Annotated[
        bool,
        typer.Option(
            "--own-shade",
            help="keep the person's own tooth shade, measured on their visible teeth"
            " (the default smile always does)",
        ),
    ] = False,
) -> None:
    """Put a designed smile on a person's own photo, fitted to the face and lit like it.

    The smile is placed automatically (midline, incisal plane, size from the iris) or as
    the design's saved fit says; `--json` prints the measurements and the fit. The default
    smile takes the person's own tooth shade when their teeth show.
    """
    from fusionsmile.portrait.portrait_image import COMPARE_MODES

    check_lighting(lighting)
    if midline not in MIDLINES:
        fail(f"--midline {midline!r}: choose one of {', '.join(MIDLINES)}")
    if compare is not None and compare not in COMPARE_MODES:
        fail(f"--compare {compare!r}: choose one of {', '.join(COMPARE_MODES)}")
    if not as_json:
        if out is None:
            fail("say where to write the portrait: -o OUT.png (or --json to measure only)")
        if out.suffix.lower() != ".png":
            fail(f"{out}: the output must be a .png file")
        if out.resolve() == path.resolve():
            fail(f"{out}: would overwrite the photo; choose another file")
    design = load(design_path) if design_path is not None else _natural_design()
    photo_face = read_face(path, face)
    if own_shade or design_path is None:
        design = _in_own_shade(design, photo_face, asked=own_shade)
    if midline == "teeth":
        design = _on_own_midline(design, photo_face)

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.render.context import RenderUnavailable

    dentition = build(design.geometry)
    if as_json:
        echo(json.dumps(_measurements(photo_face, design, dentition), indent=2))
        return
    assert out is not None

    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.png_design import save_png
    from fusionsmile.portrait import portrait_image
    from fusionsmile.portrait.metrics import reference_lines

    try:
        portrait = portrait_image.render_portrait(photo_face, design, dentition, lighting, time)
        pixels = portrait.pixels
        if lines:
            pixels = portrait_image.draw_reference_lines(
                pixels, reference_lines(photo_face.frame, portrait.place, dentition)
            )
        if compare is not None:
            pixels = portrait_image.compare(
                photo_face.photo.pixels, pixels, compare, portrait.fit.x * photo_face.photo.size[0]
            )
        from PIL import Image

        carried = with_photo(design, photo_face)
        save_png(Image.fromarray(pixels), out, carried)
    except RenderUnavailable as error:
        fail(str(error), code=2)
    except (ExportError, LayerError) as error:
        fail(str(error))
    width, height = pixels.shape[1], pixels.shape[0]
    moment = f", t={time:g} s" if time else ""
    echo(f"wrote {out} ({width}x{height}, {lighting}{moment}, face {face})")


def _natural_design() -> Design:
    """The default smile for a photo: true-to-size natural teeth, no glow by day."""
    from fusionsmile.core.starter import starter_design

    design = starter_design(fusion=0.0)
    return design.model_copy(
        update={"meta": design.meta.model_copy(update={"title": "Natural smile"})}
    )


def _on_own_midline(design: Design, photo_face: PhotoFace) -> Design:
    """design fitted with its midline where the person's own teeth have theirs."""
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.portrait.fit import auto_fit
    from fusionsmile.portrait.own_midline import own_midline

    found = own_midline(photo_face.photo.pixels, photo_face.frame)
    if found is None:
        fail("no midline shows between the person's own upper front teeth; use --midline face")
    fit = auto_fit(photo_face.frame, photo_face.photo.size, build(design.geometry), found.offset_mm)
    return design.model_copy(update={"photo": photo_face.reference(fit)})


def _in_own_shade(design: Design, photo_face: PhotoFace, asked: bool) -> Design:
    from fusionsmile.portrait.own_shade import own_shade, with_enamel_shade

    measured = own_shade(photo_face.look)
    if measured is None:
        if asked:
            echo(
                "fusionsmile: too few of the person's own teeth show to measure their shade;"
                " the design's shade is kept",
                err=True,
            )
        return design
    return with_enamel_shade(design, measured.name)


def _measurements(photo_face: PhotoFace, design: Design, dentition: object) -> dict[str, object]:
    from fusionsmile.portrait.analysis import fit_of
    from fusionsmile.portrait.fit import anchor_mm, placement
    from fusionsmile.portrait.metrics import photo_metrics, smile_arc_kind

    frame = photo_face.frame
    fit = fit_of(design, photo_face, dentition)  # type: ignore[arg-type]
    place = placement(fit, photo_face.photo.size, anchor_mm(dentition))  # type: ignore[arg-type]
    metrics = photo_metrics(frame, place, dentition)  # type: ignore[arg-type]
    upper, lower = frame.lip_midpoints()
    width, height = photo_face.photo.size
    arc = metrics["photo_smile_arc"].value
    from fusionsmile.portrait.own_shade import own_shade

    shade = own_shade(photo_face.look)
    from fusionsmile.portrait.own_midline import own_midline

    teeth_midline = own_midline(photo_face.photo.pixels, frame)
    return {
        "own_midline": None
        if teeth_midline is None
        else {
            "offset_mm": round(teeth_midline.offset_mm, 2),
            "contrast": round(teeth_midline.contrast, 3),
        },
        "own_shade": None
        if shade is None
        else {
            "shade": shade.name,
            "lab": [round(value, 2) for value in shade.lab],
            "delta_e00_textile": round(shade.delta_e, 2),
        },
        "photo": {
            "file": photo_face.photo.file_name,
            "sha256": photo_face.photo.sha256,
            "format": photo_face.photo.format,
            "size": [width, height],
            "faces": photo_face.face_count,
        },
        "face": {
            "index": photo_face.face_index,
            "mm_per_px": round(frame.mm_per_px, 5),
            "mm_per_px_sd": round(frame.mm_per_px_sd, 5),
            "interpupillary_mm": round(frame.ipd_mm, 2),
            "roll_deg": round(frame.roll_deg, 2),
            "yaw_deg": round(frame.yaw_deg, 2),
            "pitch_deg": round(frame.pitch_deg, 2),
            "mouth_opening_mm": round(frame.opening_mm(), 2),
            "intercommissure_mm": round(
                float(
                    ((frame.commissures[1] - frame.commissures[0]) ** 2).sum() ** 0.5
                    * frame.mm_per_px
                ),
                2,
            ),
            "pupils_px": frame.pupils.round(2).tolist(),
            "lip_midpoints_px": [upper.round(2).tolist(), lower.round(2).tolist()],
            "inner_lip_px": frame.inner_lip.round(2).tolist(),
        },
        "fit": {
            **fit.model_dump(mode="json"),
            "automatic": design.photo is None
            or design.photo.fit is None
            or design.photo.sha256 != photo_face.photo.sha256,
        },
        "smile_arc": smile_arc_kind(arc),
        "metrics": {name: metric.as_json() for name, metric in metrics.items()},
    }
