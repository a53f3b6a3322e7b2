"""The Design: what the user made, immutable, range-checked and serialisable.

Every edit makes a new Design (`model_copy(update=...)` or the helpers below), so undo is
a stack of Designs. Serialisation and loading live in `design_io`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fusionsmile.core.teeth import contralateral

SCHEMA_NAME = "fusionsmile/design"
SCHEMA_VERSION = 1


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
Resolution = Literal["preview", "default"]


class Geometry(FrozenModel):
    """Parameters of the procedural dentition. The defaults are neutral: Wheeler's average
    tooth sizes, teeth in contact, no asymmetry."""

    arch_form: ArchForm = "beta"
    upper_arch: ArchShape = ArchShape(width_mm=57.0, depth_mm=43.9)
    lower_arch: ArchShape = ArchShape(width_mm=56.0, depth_mm=41.4)
    tooth_size: float = Field(default=1.0, ge=0.8, le=1.25, description="size of all teeth")
    central_width_length_ratio: float = Field(
        default=0.81,
        ge=0.6,
        le=1.05,
        description="central incisor width / length (Wheeler 8.5/10.5 = 0.81; preferred 0.78)",
    )
    spacing_mm: float = Field(default=0.0, ge=0.0, le=3.0, description="gap between all teeth")
    diastema_mm: float = Field(default=0.0, ge=0.0, le=5.0, description="gap between centrals")
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
    mamelons: float = Field(default=0.0, ge=0.0, le=1.0, description="incisal mamelon depth")
    asymmetry: float = Field(default=0.0, ge=0.0, le=1.0, description="natural irregularity")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    third_molars: bool = False
    resolution: Resolution = "default"
    teeth: dict[FdiKey, ToothOverride] = Field(default_factory=dict, max_length=32)

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
LightingName = Literal["day", "night"]


class View(FrozenModel):
    """How the design is shown when opened or rendered without options."""

    camera: CameraName = "front"
    lighting: LightingName = "day"


class LayerSpec(FrozenModel):
    """One layer of the look. The layers issue defines the kinds and their parameters."""

    kind: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    name: ShortText = ""
    enabled: bool = True
    opacity: float = Field(default=1.0, ge=0.0, le=1.0)
    params: dict[Annotated[str, StringConstraints(max_length=40)], float | int | bool | str] = (
        Field(default_factory=dict, max_length=64)
    )


class Design(FrozenModel):
    """A Fusion Smile design: the only source of truth."""

    meta: Meta = Meta()
    geometry: Geometry = Geometry()
    layers: tuple[LayerSpec, ...] = Field(default=(), max_length=64)
    fusion: float = Field(default=0.5, ge=0.0, le=1.0, description="natural 0 .. luminous 1")
    view: View = View()
