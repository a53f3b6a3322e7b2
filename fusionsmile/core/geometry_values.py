"""The values of a `Geometry` as a person sees and sets them, by dotted path
("spacing_mm", "upper_arch.width_mm"): nested shapes flattened, and the values each arch
has (diastema, spacing, midline shift) resolved, so an unset lower value reads as what
it is (the upper's, or a centred midline) and setting one arch leaves the other as it
shows. The app's Geometry panel and `fusionsmile info` both read them here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fusionsmile.core.design import ARCH_VALUES, Arch, ArchValue, Geometry

# The per-tooth overrides are edited tooth by tooth, not as one value.
SKIPPED = frozenset({"teeth"})
ARCHES: tuple[Arch, Arch] = ("upper", "lower")


def geometry_paths() -> list[str]:
    """Dotted paths of every Geometry value a person sets, nested shapes flattened, in
    the order of the declarations."""
    paths = []
    for name, field in Geometry.model_fields.items():
        if name in SKIPPED:
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += [f"{name}.{inner}" for inner in annotation.model_fields]
        else:
            paths.append(name)
    return paths


def geometry_field(path: str) -> FieldInfo:
    """The declaration (range, unit, description) of the value at a dotted path."""
    model: type[BaseModel] = Geometry
    *outer, last = path.split(".")
    for name in outer:
        inner = model.model_fields[name].annotation
        assert isinstance(inner, type) and issubclass(inner, BaseModel), path
        model = inner
    return model.model_fields[last]


def arch_of_path(path: str) -> tuple[ArchValue, Arch] | None:
    """("spacing", "lower") for "lower_spacing_mm"; None for a value both arches share."""
    for name, fields in ARCH_VALUES.items():
        for arch, field in zip(ARCHES, fields, strict=True):
            if path == field:
                return name, arch  # type: ignore[return-value]  # keys of ARCH_VALUES
    return None


def geometry_value(geometry: Geometry, path: str) -> Any:
    """The value at a dotted path, as it shows (an unset lower value resolved)."""
    per_arch = arch_of_path(path)
    if per_arch is not None:
        return geometry.arch_value(*per_arch)
    value: Any = geometry
    for name in path.split("."):
        value = getattr(value, name)
    return value


def with_geometry_value(geometry: Geometry, path: str, value: Any) -> Geometry:
    """A validated copy of geometry with the value at a dotted path set (the other arch
    of a per-arch value keeps what it shows)."""
    per_arch = arch_of_path(path)
    if per_arch is not None:
        name, arch = per_arch
        return geometry.with_arch_value(name, **{arch: value})
    head, _, rest = path.partition(".")
    if rest:
        inner = getattr(geometry, head)
        value = type(inner).model_validate({**inner.model_dump(), rest: value})
    return Geometry.model_validate({**geometry.model_dump(), head: value})


def arch_values(geometry: Geometry) -> dict[Arch, dict[str, float]]:
    """Each arch's own figures as they show: its width and depth, diastema, spacing and
    midline shift (mm)."""
    out: dict[Arch, dict[str, float]] = {}
    for arch in ARCHES:
        shape = geometry.upper_arch if arch == "upper" else geometry.lower_arch
        figures = {"width_mm": shape.width_mm, "depth_mm": shape.depth_mm}
        for name, (upper_field, _) in ARCH_VALUES.items():
            figures[upper_field] = geometry.arch_value(name, arch)  # type: ignore[arg-type]
        out[arch] = figures
    return out


def fit_words(discrepancy_mm: float) -> str:
    """How the teeth fit their arch, in words; discrepancy_mm: the length the teeth and
    their gaps need minus the arch's (`ArchFit.discrepancy_mm`)."""
    if abs(discrepancy_mm) < 0.05:
        return "the teeth fit the arch"
    if discrepancy_mm > 0:
        return f"the teeth need {discrepancy_mm:.1f} mm more than the arch holds"
    return f"{-discrepancy_mm:.1f} mm of the arch to spare"
