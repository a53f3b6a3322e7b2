"""Remix and blend: new designs made from existing ones, which remember where they came
from in `meta.parents` (content ids), so a gallery can show their lineage.

Blending crosses two designs at t (0 = a, 1 = b): numbers are interpolated, choices
(arch form, a tooth being missing, a colour palette) switch at the halfway point, and the
layer stacks cross-fade: a layer kind both stacks have is interpolated parameter by
parameter, a layer only one has fades out by its opacity as the blend moves away from it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from fusionsmile.core.design import Design, Geometry, Layer, Meta, ToothOverride
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.layers.validate import resolved_params, validate_design, validate_layer

MAX_TEXT = 200
MAX_LAYERS = 64
MAX_TAGS = 32


def remix(
    design: Design, source_id: str, title: str | None = None, author: str | None = None
) -> Design:
    """A new design that starts as a copy of design, with source_id as its parent."""
    meta = design.meta
    return design.model_copy(
        update={
            "meta": meta.model_copy(
                update={
                    "title": title or _clip(f"Remix of {meta.title}"),
                    "author": meta.author if author is None else author,
                    "created": _now(),
                    "parents": (source_id,),
                }
            )
        }
    )


def blend(a: Design, b: Design, t: float, a_id: str, b_id: str) -> Design:
    """A design between a (t = 0) and b (t = 1), with both as its parents."""
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"blend amount {t:g}: must be between 0 and 1")
    blended = Design.model_validate(
        {
            "meta": _blend_meta(a.meta, b.meta, t, a_id, b_id),
            "geometry": blend_geometry(a.geometry, b.geometry, t).model_dump(),
            "layers": [layer.model_dump() for layer in blend_layers(a.layers, b.layers, t)],
            "fusion": _mix(a.fusion, b.fusion, t),
            "view": (a.view if t < 0.5 else b.view).model_dump(),
        }
    )
    return validate_design(blended)


def blend_geometry(a: Geometry, b: Geometry, t: float) -> Geometry:
    """Numbers interpolated, everything else from the nearer design; per-tooth edits
    merged (a tooth edited in only one design blends with the neutral tooth)."""
    mixed = _mix_model(a, b, t, skip={"teeth", "seed"})
    mixed["seed"] = a.seed if t < 0.5 else b.seed  # noise of one design or the other
    teeth = {}
    for key in sorted(set(a.teeth) | set(b.teeth)):
        tooth = ToothOverride.model_validate(
            _mix_model(a.override(int(key)), b.override(int(key)), t)
        )
        if tooth != ToothOverride():  # neutral teeth are not stored (see with_tooth)
            teeth[key] = tooth.model_dump()
    mixed["teeth"] = teeth
    return Geometry.model_validate(mixed)


def blend_layers(a: tuple[Layer, ...], b: tuple[Layer, ...], t: float) -> list[Layer]:
    """The n-th layer of a kind in a is paired with the n-th layer of that kind in b and
    interpolated; unpaired layers keep their place with opacity scaled by 1 - t (a's)
    or t (b's). Layers faded to nothing are left out, so t = 0 gives a's stack and t = 1
    b's."""
    # The nearer design's stack gives the order, so t = 1 gives b's stack exactly.
    first, second, flip = (a, b, False) if t < 0.5 else (b, a, True)
    unpaired = list(second)
    out: list[Layer] = []
    for layer in first:
        partner = next((other for other in unpaired if other.kind == layer.kind), None)
        if partner is None:
            out.append(_faded(layer, t if flip else 1.0 - t))
        else:
            unpaired.remove(partner)
            out.append(_mix_layer(partner, layer, t) if flip else _mix_layer(layer, partner, t))
    out.extend(_faded(layer, 1.0 - t if flip else t) for layer in unpaired)
    kept = [layer for layer in out if layer.opacity > 0.0]
    if len(kept) > MAX_LAYERS:  # two full stacks: drop the faintest
        faint = sorted(kept, key=lambda layer: layer.opacity)[: len(kept) - MAX_LAYERS]
        kept = [layer for layer in kept if all(layer is not f for f in faint)]
    return kept


def _faded(layer: Layer, weight: float) -> Layer:
    return layer.model_copy(update={"opacity": layer.opacity * weight})


def _mix_layer(a: Layer, b: Layer, t: float) -> Layer:
    near = a if t < 0.5 else b
    spec = kind_for(a.kind)
    pa, pb = resolved_params(a), resolved_params(b)
    params: dict[str, ParamValue] = {}
    for param in spec.params:
        x, y = pa[param.name], pb[param.name]
        if param.type == "float":  # stored values may be whole numbers: mix as floats
            params[param.name] = _mix(float(x), float(y), t)
        elif param.type == "int":
            params[param.name] = round(_mix(float(x), float(y), t))
        elif param.type == "colour":
            params[param.name] = _mix_hex(str(x), str(y), t)
        else:  # choices, palettes, files, switches
            params[param.name] = x if t < 0.5 else y
    # Store only what differs from the defaults or what the nearer design stored, as
    # a hand-written layer would: at t = 0 the layer is exactly a's.
    params = {
        name: value
        for name, value in params.items()
        if name in near.params or value != spec.resolve({})[name]
    }
    mixed = Layer.model_validate(
        {
            **near.model_dump(),
            "name": near.name,
            "opacity": _mix(a.opacity, b.opacity, t),
            "params": params,
        }
    )
    return validate_layer(mixed)


def _blend_meta(a: Meta, b: Meta, t: float, a_id: str, b_id: str) -> dict[str, Any]:
    near = a if t < 0.5 else b
    tags = list(dict.fromkeys((*a.tags, *b.tags, "blend")))[:MAX_TAGS]
    licence = a.license if a.license == b.license else _clip(f"{a.license} AND {b.license}")
    authors = " & ".join(dict.fromkeys(name for name in (a.author, b.author) if name))
    return {
        "title": _clip(f"{a.title} × {b.title}"),
        "author": _clip(authors),
        "story": f"A blend of “{a.title}” and “{b.title}” at {t:.2f}.",
        "tags": tags,
        "license": licence,
        "mood": near.mood,
        "created": _now(),
        "parents": [a_id, b_id] if a_id != b_id else [a_id],
    }


def _mix_model(a: BaseModel, b: BaseModel, t: float, skip: Collection[str] = ()) -> dict[str, Any]:
    """Field by field: numbers (and nested models) interpolated, the rest from the nearer."""
    out: dict[str, Any] = {}
    for name in type(a).model_fields:
        if name in skip:
            continue
        out[name] = _mix_value(getattr(a, name), getattr(b, name), t)
    return out


def _mix_value(a: Any, b: Any, t: float) -> Any:
    if isinstance(a, BaseModel) and type(a) is type(b):
        return _mix_model(a, b, t)
    if isinstance(a, float | int) and isinstance(b, float | int):
        if isinstance(a, bool) or isinstance(b, bool):
            return a if t < 0.5 else b
        mixed = _mix(float(a), float(b), t)
        return round(mixed) if isinstance(a, int) and isinstance(b, int) else mixed
    return a if t < 0.5 else b


def _mix(a: float, b: float, t: float) -> float:
    # Written so that t = 0 gives a and t = 1 gives b exactly, with no rounding.
    if t == 0.0:
        return a
    if t == 1.0:
        return b
    return a + (b - a) * t


def _mix_hex(a: str, b: str, t: float) -> str:
    """Two #rrggbb colours mixed channel by channel (in sRGB, as a person picks them)."""
    channels = (round(_mix(int(a[i : i + 2], 16), int(b[i : i + 2], 16), t)) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
