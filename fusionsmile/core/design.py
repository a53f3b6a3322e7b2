"""The Design: what the user made, immutable, range-checked and serialisable.

Every edit makes a new Design (`model_copy(update=...)` or the helpers below), so undo is
a stack of Designs. Serialisation and loading live in `design_io`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fusionsmile.core.layers.blend import BlendMode
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import contralateral, is_valid_fdi, wheeler_size
from fusionsmile.core.untrusted_text import brief

SCHEMA_NAME = "fusionsmile/design"
SCHEMA_VERSION = 2


class FrozenModel(BaseModel):
    """Immutable, strict about unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, validate_default=True
    )


ShortText = Annotated[str, StringConstraints(max_length=200)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=40)]
# FDI tooth numbers as JSON object keys: quadrant 1-4, position 1-8.
FdiKey = Annotated[str, StringConstraints(pattern=r"^[1-4][1-8]$")]
ContentId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Meta(FrozenModel):
    """Who made the smile and why."""

    title: ShortText = "Untitled smile"
    author: ShortText = ""
    story: Annotated[str, StringConstraints(max_length=5000)] = ""
    tags: tuple[Tag, ...] = Field(default=(), max_length=32)
    license: ShortText = "CC-BY-4.0"
    mood: Annotated[str, StringConstraints(max_length=40)] | None = None
    created: datetime | None = None
    parents: tuple[ContentId, ...] = Field(
        default=(), max_length=16, description="SHA-256 ids of the designs this one remixes"
    )


class ArchShape(FrozenModel):
    """Size of one dental arch, measured at the distal of the second molars."""

    width_mm: float = Field(ge=35.0, le=80.0, description="arch width between 2nd molars, mm")
    depth_mm: float = Field(ge=20.0, le=60.0, description="arch depth, midline to molars, mm")


class ToothOverride(FrozenModel):
    """Edits of one tooth. Directions are anatomical (mesial, labial), so the same values
    mean the mirror-image edit on the contralateral tooth."""

    missing: bool = False
    scale: float = Field(default=1.0, ge=0.5, le=1.5, description="size factor")
    rotation_deg: float = Field(
        default=0.0, ge=-45.0, le=45.0, description="about the long axis, mesial face outwards +"
    )
    tip_deg: float = Field(default=0.0, ge=-30.0, le=30.0, description="extra mesial crown tip")
    torque_deg: float = Field(
        default=0.0, ge=-30.0, le=30.0, description="extra labial crown torque"
    )
    offset_mesial_mm: float = Field(default=0.0, ge=-5.0, le=5.0)
    offset_labial_mm: float = Field(default=0.0, ge=-5.0, le=5.0)
    extrusion_mm: float = Field(
        default=0.0, ge=-4.0, le=4.0, description="towards the occlusal plane +, intrusion -"
    )
    wear_mm: float = Field(default=0.0, ge=0.0, le=4.0, description="incisal/occlusal wear")
    chip_mm: float = Field(default=0.0, ge=0.0, le=3.0, description="chipped mesial corner")


ArchForm = Literal["beta", "catenary", "parabola", "bonwill-hawley"]
Arch = Literal["upper", "lower"]
# Values each arch has: (the upper's field, the lower's). An unset lower (None) is what
# designs made before the lower had its own keep: their files, look and content ids.
ArchValue = Literal["diastema", "spacing", "midline_shift"]
ARCH_VALUES: dict[str, tuple[str, str]] = {
    "diastema": ("diastema_mm", "lower_diastema_mm"),
    "spacing": ("spacing_mm", "lower_spacing_mm"),
    "midline_shift": ("midline_shift_mm", "lower_midline_shift_mm"),
}
# What an unset lower value is: the upper's, except the midline shift, which only ever
# moved the upper midline (the lower stayed centred).
_UNSET_LOWER: dict[str, float] = {"midline_shift": 0.0}
Resolution = Literal["preview", "default"]


# The neutral defaults, from the data in assets/ (sources there): the arches the average
# teeth stand in contact on, and the average central incisor's proportion.
_CENTRAL = wheeler_size(11)
_CENTRAL_RATIO = round(_CENTRAL.md_crown / _CENTRAL.crown_length, 2)
_PREFERRED_RATIO = reference("central_width_length").value


class Geometry(FrozenModel):
    """Parameters of the procedural dentition. The defaults are neutral: Wheeler's average
    tooth sizes, teeth in contact, no asymmetry."""

    arch_form: ArchForm = "beta"
    upper_arch: ArchShape = ArchShape(**reference("arch_upper").value)
    lower_arch: ArchShape = ArchShape(**reference("arch_lower").value)
    tooth_size: float = Field(default=1.0, ge=0.8, le=1.25, description="size of all teeth")
    central_width_length_ratio: float = Field(
        default=_CENTRAL_RATIO,
        ge=0.6,
        le=1.05,
        description=(
            f"central incisor width / length (Wheeler {_CENTRAL.md_crown:g}/"
            f"{_CENTRAL.crown_length:g} = {_CENTRAL_RATIO:g}; preferred {_PREFERRED_RATIO:g})"
        ),
    )
    spacing_mm: float = Field(
        default=0.0, ge=0.0, le=3.0, description="gap between neighbouring upper teeth"
    )
    lower_spacing_mm: float | None = Field(
        default=None, ge=0.0, le=3.0, description="gap between neighbouring lower teeth"
    )
    diastema_mm: float = Field(
        default=0.0, ge=0.0, le=5.0, description="gap between the upper centrals"
    )
    # None: the lower gap is the upper's, as in designs made before each arch had its own
    # (those keep their look and their content ids: None is not written).
    lower_diastema_mm: float | None = Field(
        default=None, ge=0.0, le=5.0, description="gap between the lower centrals"
    )
    crowding: float = Field(
        default=0.0, ge=0.0, le=1.0, description="anterior crowding: rotations and overlaps"
    )
    smile_arc_mm: float = Field(
        default=0.0,
        ge=-3.0,
        le=4.0,
        description="how far the upper canines' edges rise above the centrals' (consonant +)",
    )
    bite_opening_mm: float = Field(default=0.0, ge=0.0, le=25.0, description="jaw opening")
    midline_shift_mm: float = Field(
        default=0.0, ge=-5.0, le=5.0, description="upper midline to the patient's left +"
    )
    lower_midline_shift_mm: float | None = Field(
        default=None, ge=-5.0, le=5.0, description="lower midline to the patient's left +"
    )
    mamelons: float = Field(default=0.0, ge=0.0, le=1.0, description="incisal mamelon depth")
    asymmetry: float = Field(default=0.0, ge=0.0, le=1.0, description="natural irregularity")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    third_molars: bool = False
    resolution: Resolution = "default"
    teeth: dict[FdiKey, ToothOverride] = Field(default_factory=dict, max_length=32)

    def arch_value(self, name: ArchValue, arch: Arch) -> float:
        """The diastema, spacing or midline shift (mm) of the "upper" or "lower" arch."""
        upper_field, lower_field = ARCH_VALUES[name]
        value = getattr(self, upper_field if arch == "upper" else lower_field)
        if value is None:  # an unset lower
            value = _UNSET_LOWER.get(name, getattr(self, upper_field))
        return float(value)

    def with_arch_value(
        self, name: ArchValue, upper: float | None = None, lower: float | None = None
    ) -> Geometry:
        """A validated copy with the upper and/or lower value of name set. The other arch
        keeps what it shows: setting the upper spacing of a design whose lower spacing
        followed it gives the lower its own (so a new gap opens the upper arch only)."""
        upper_field, lower_field = ARCH_VALUES[name]
        changes: dict[str, float | None] = {upper_field: getattr(self, upper_field)}
        if upper is not None:
            changes[upper_field] = upper
        if lower is not None:
            changes[lower_field] = lower
        elif name not in _UNSET_LOWER:  # an unset lower that follows the upper
            changes[lower_field] = self.arch_value(name, "lower")
        return Geometry.model_validate({**self.model_dump(), **changes})

    def diastema_for(self, arch: Arch) -> float:
        """The midline gap (mm) of the "upper" or "lower" arch."""
        return self.arch_value("diastema", arch)

    def override(self, fdi: int) -> ToothOverride:
        """The edits of a tooth (neutral when it has none)."""
        return self.teeth.get(str(fdi)) or _NEUTRAL_TOOTH

    def with_tooth(self, fdi: int, mirror: bool = False, **changes: Any) -> Geometry:
        """A copy with `changes` applied to tooth `fdi` (and its contralateral if mirror)."""
        teeth = dict(self.teeth)
        for number in (fdi, contralateral(fdi)) if mirror else (fdi,):
            edited = self.override(number).model_copy(update=changes)
            edited = ToothOverride.model_validate(edited.model_dump())
            if edited == _NEUTRAL_TOOTH:
                teeth.pop(str(number), None)
            else:
                teeth[str(number)] = edited
        return self.model_copy(update={"teeth": dict(sorted(teeth.items()))})


_NEUTRAL_TOOTH = ToothOverride()

CameraName = Literal[
    "front", "three-quarter-left", "three-quarter-right", "occlusal-upper", "occlusal-lower"
]
LightingName = Literal["day", "night", "blacklight"]
# The names, once, for every list of them (command line, menus, dialogs, presets).
CAMERA_NAMES: tuple[str, ...] = get_args(CameraName)
LIGHTING_NAMES: tuple[str, ...] = get_args(LightingName)


class View(FrozenModel):
    """How the design is shown when opened or rendered without options."""

    camera: CameraName = "front"
    lighting: LightingName = "day"


ToothTypeName = Literal[
    "central", "lateral", "canine", "premolar1", "premolar2", "molar1", "molar2", "molar3"
]
# Thirds of the crown (by v), faces (by u), and tissues. Within each of these three
# groups the listed entries add up; across groups they intersect ("incisal", "labial":
# the incisal third of the labial face).
MaskRegion = Literal["cervical", "middle", "incisal", "labial", "lingual", "teeth", "gums"]


class NoiseMask(FrozenModel):
    """Keep only where smooth procedural noise is above a threshold: organic patches."""

    scale_mm: float = Field(default=3.0, ge=0.2, le=50.0, description="size of the patches, mm")
    threshold: float = Field(
        default=0.0, ge=-1.0, le=1.0, description="-1 keeps everything, 1 nothing"
    )
    softness: float = Field(default=0.15, ge=0.0, le=1.0, description="width of the edges")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class Mask(FrozenModel):
    """Where a layer applies. Empty selections select everything."""

    teeth: tuple[int, ...] = Field(default=(), max_length=32, description="FDI numbers")
    quadrants: tuple[Literal[1, 2, 3, 4], ...] = Field(default=(), max_length=4)
    tooth_types: tuple[ToothTypeName, ...] = Field(default=(), max_length=8)
    regions: tuple[MaskRegion, ...] = Field(default=(), max_length=7)
    arch_range: tuple[float, float] = Field(
        default=(-1.0, 1.0), description="range of the arch coordinate s: -1 right, +1 left"
    )
    noise: NoiseMask | None = None
    invert: bool = False

    @model_validator(mode="after")
    def _check(self) -> Mask:
        bad = [number for number in self.teeth if not is_valid_fdi(number)]
        if bad:
            raise ValueError(f"teeth: {brief(bad[0])} is not an FDI tooth number (11-48)")
        low, high = self.arch_range
        if not (-1.0 <= low <= high <= 1.0):
            raise ValueError("arch_range: needs -1 <= start <= end <= 1")
        return self

    @property
    def is_everything(self) -> bool:
        return self == _EVERYWHERE


_EVERYWHERE = Mask()
LayerKindName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class Layer(FrozenModel):
    """One layer of the look: a registered kind with its parameters, composited with an
    opacity, a blend mode and a mask. Params left out take their declared defaults."""

    # The model checks the fields; the kind and its params are checked against the layer
    # registry by `fusionsmile.core.layers.validate`, which every loader and edit runs:
    # the design model does not depend on the layer kinds.
    kind: LayerKindName
    name: ShortText = ""
    enabled: bool = True
    opacity: float = Field(default=1.0, ge=0.0, le=1.0)
    blend: BlendMode = "normal"
    mask: Mask = Mask()
    params: dict[ParamName, ParamValue] = Field(default_factory=dict, max_length=64)

    def with_params(self, **changes: ParamValue) -> Layer:
        """A copy with these params changed (fields checked; params: `layers.validate`)."""
        return Layer.model_validate({**self.model_dump(), "params": {**self.params, **changes}})


FileName = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\\\x00-\x1f]+$")
]


class PhotoFit(FrozenModel):
    """Where the dentition sits in its portrait photo: a starting point found from the
    face (`fusionsmile.portrait.fit.auto_fit`), then the user's to adjust.

    The anchor is the incisal point between the upper centrals; positions are fractions
    of the upright photo's width and height, so the fit survives resizing.
    """

    x: float = Field(ge=-0.5, le=1.5, description="anchor, fraction of the photo width")
    y: float = Field(ge=-0.5, le=1.5, description="anchor, fraction of the photo height")
    width_mm: float = Field(
        ge=10.0, le=20000.0, description="the photo's width at the face, mm (the scale)"
    )
    roll_deg: float = Field(
        default=0.0, ge=-60.0, le=60.0, description="incisal plane, counter-clockwise as seen"
    )
    yaw_deg: float = Field(
        default=0.0, ge=-45.0, le=45.0, description="head turn, towards the person's left +"
    )
    pitch_deg: float = Field(default=0.0, ge=-30.0, le=30.0, description="head nod, chin up +")


class PhotoRef(FrozenModel):
    """The portrait a design is shown on. The photo itself stays on the person's machine:
    the design names it by content hash and file name only."""

    sha256: ContentId
    file_name: FileName
    face: int = Field(default=0, ge=0, le=7, description="which face, largest first")
    fit: PhotoFit | None = Field(default=None, description="None: the automatic fit")


class Design(FrozenModel):
    """A Fusion Smile design: the only source of truth."""

    meta: Meta = Meta()
    geometry: Geometry = Geometry()
    layers: tuple[Layer, ...] = Field(default=(), max_length=64)
    fusion: float = Field(default=0.5, ge=0.0, le=1.0, description="natural 0 .. luminous 1")
    view: View = View()
    photo: PhotoRef | None = None
