"""Parameter declarations of layer kinds: type, default, range, unit and description.

The app builds its inspector from these, `fusionsmile layers --json` prints them, the
design's JSON schema includes them, and `resolve_params` checks a layer's stored params
against them (naming the parameter that is wrong).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from fusionsmile.core.untrusted_text import brief, escape_controls

ParamValue = float | int | bool | str
ParamType = Literal["float", "int", "bool", "choice", "colour", "palette", "file", "teeth"]

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TEETH_LIST = re.compile(r"^\s*([1-4][1-8]\s*(,\s*[1-4][1-8]\s*)*)?$")
MAX_TEXT_PARAM = 400
_LARGEST_NUMBER = 2**63  # no parameter's range comes near; a float holds it exactly


@dataclass(frozen=True)
class Param:
    """One parameter of a layer kind.

    type : float / int (with minimum and maximum), bool, choice (one of `choices`),
           colour ("#rrggbb", sRGB), palette (a palette name or a custom gradient of
           "#rrggbb" stops separated by spaces), file (an asset name "assets:..." or a
           path to a PNG), teeth (FDI numbers separated by commas, "" for all)
    unit : "mm", "s", "Hz", "bpm", "%" ... or "" when unitless
    """

    name: str
    type: ParamType
    default: ParamValue
    description: str
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    choices: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "description": self.description,
            "unit": self.unit,
        }
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.choices:
            out["choices"] = list(self.choices)
        return out

    def json_schema(self) -> dict[str, Any]:
        """JSON-schema fragment of a valid value."""
        schema: dict[str, Any] = {"description": self.description, "default": self.default}
        if self.type in ("float", "int"):
            schema["type"] = "number" if self.type == "float" else "integer"
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.type == "bool":
            schema["type"] = "boolean"
        elif self.type == "choice":
            schema["enum"] = list(self.choices)
        elif self.type == "colour":
            schema.update(type="string", pattern=_HEX_COLOUR.pattern)
        elif self.type == "teeth":
            schema.update(type="string", pattern=_TEETH_LIST.pattern)
        else:
            schema.update(type="string", maxLength=MAX_TEXT_PARAM)
        return schema

    def check(self, value: ParamValue) -> ParamValue:
        """The value, converted to this parameter's type; ValueError saying what is wrong."""
        if self.type in ("float", "int"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"must be a number, not {brief(value)}")
            if isinstance(value, int) and abs(value) > _LARGEST_NUMBER:
                # JSON integers have no size limit; beyond a float's range they cannot
                # even be compared or printed as one (float() raises OverflowError).
                raise ValueError(f"{brief(value)} is out of range{self._range()}")
            if self.type == "int" and value != int(value):
                raise ValueError(f"must be a whole number, not {brief(value)}")
            number = int(value) if self.type == "int" else float(value)
            unit = f" {self.unit}" if self.unit else ""
            if self.minimum is not None and number < self.minimum:
                raise ValueError(f"{number:g} is below the minimum {self.minimum:g}{unit}")
            if self.maximum is not None and number > self.maximum:
                raise ValueError(f"{number:g} is above the maximum {self.maximum:g}{unit}")
            return number
        if self.type == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"must be true or false, not {brief(value)}")
            return value
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {brief(value)}")
        if len(value) > MAX_TEXT_PARAM:
            raise ValueError(f"is longer than {MAX_TEXT_PARAM} characters")
        if self.type == "choice" and value not in self.choices:
            raise ValueError(f"{brief(value)} is not one of {', '.join(self.choices)}")
        if self.type == "colour" and not _HEX_COLOUR.match(value):
            raise ValueError(f"{brief(value)} is not a colour like #ffcc00")
        if self.type == "teeth" and not _TEETH_LIST.match(value):
            raise ValueError(f"{brief(value)} is not a list of FDI numbers like 11, 21")
        if self.type == "palette":
            # Imported here: palettes need colour science, declarations do not.
            from fusionsmile.core.palettes import check_palette

            check_palette(value)  # raises ValueError naming the problem
        return value

    def _range(self) -> str:
        if self.minimum is None or self.maximum is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        return f" ({self.minimum:g} to {self.maximum:g}{unit})"


def resolve_params(
    declarations: tuple[Param, ...], stored: Mapping[str, ParamValue]
) -> dict[str, ParamValue]:
    """Every declared parameter: the stored value (checked) or its default.

    Raises ValueError("name: problem") for an unknown name or an invalid value.
    """
    known = {param.name: param for param in declarations}
    for name in stored:
        if name not in known:
            valid = ", ".join(known) or "none"
            raise ValueError(f"{escape_controls(name)}: unknown parameter; this kind has: {valid}")
    resolved: dict[str, ParamValue] = {}
    for param in declarations:
        if param.name in stored:
            try:
                resolved[param.name] = param.check(stored[param.name])
            except ValueError as error:
                raise ValueError(f"{param.name}: {error}") from None
        else:
            resolved[param.name] = param.default
    return resolved


def teeth_list(value: str) -> tuple[int, ...]:
    """FDI numbers of a `teeth` parameter ("11, 21" -> (11, 21))."""
    return tuple(int(part) for part in value.split(",") if part.strip())


# Common declarations, shared so that every glow kind reads the same to the user and the
# moods can retune any glow layer by these names.
PALETTE = Param("palette", "palette", "firefly", "colours of the glow: an emitter or #hex stops")
INTENSITY = Param(
    "intensity", "float", 2.0, "brightness of the glow (1 = as bright as white enamel)",
    minimum=0.0, maximum=20.0,
)  # fmt: skip
SPEED = Param(
    "speed", "float", 1.0, "tempo of the animation (2 = twice as fast)", minimum=0.0,
    maximum=8.0, unit="x",
)  # fmt: skip
SEED = Param("seed", "int", 0, "random seed: same seed, same pattern", minimum=0, maximum=2**31 - 1)
