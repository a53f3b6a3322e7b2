"""Reading and writing Designs as JSON: strict, bounded, migrated, with readable errors.

Every file may come from a stranger: it is size-limited, parsed without NaN or infinity,
checked for depth, migrated from older versions by small pure functions, validated, and
each problem is reported with its JSON path (``geometry.teeth.11.scale: must be at most
1.5``).
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from fusionsmile.core.design import ARCH_VALUES, SCHEMA_NAME, SCHEMA_VERSION, Design
from fusionsmile.core.design_png import PNG_SIGNATURE, PngDesignError, design_text_from_png
from fusionsmile.core.layers.validate import validate_design
from fusionsmile.core.regular_file import open_regular, read_some
from fusionsmile.core.untrusted_text import brief, escape_controls

MAX_DESIGN_BYTES = 2 * 1024 * 1024
MAX_NESTING = 24

JsonObject = dict[str, Any]

# One pure function per version step: MIGRATIONS[n] turns version n into version n + 1.


def _v1_to_v2(raw: JsonObject) -> JsonObject:
    """Version 2 gives every layer a blend mode and a mask (v1 layers had neither)."""
    layers = raw.get("layers")
    if isinstance(layers, list):
        raw = {
            **raw,
            "layers": [
                {"blend": "normal", "mask": {}, **layer} if isinstance(layer, dict) else layer
                for layer in layers
            ],
        }
    return raw


MIGRATIONS: dict[int, Callable[[JsonObject], JsonObject]] = {1: _v1_to_v2}


class DesignError(ValueError):
    """A design that cannot be read; `problems` are one line each, with their JSON path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def dump_design(design: Design) -> JsonObject:
    """The JSON object of a design, with its schema name and version first."""
    body = design.model_dump(mode="json", exclude_none=False)
    if body.get("photo") is None:
        # Written only when there is one: designs without a photo keep their bytes, and
        # so their content ids in galleries and bundles.
        body.pop("photo", None)
    geometry = body.get("geometry")
    if isinstance(geometry, dict):
        # Likewise a lower value that is unset (all designs before the lower arch had
        # its own diastema, spacing and midline shift): unwritten, so those designs keep
        # their bytes and ids.
        for _, lower in ARCH_VALUES.values():
            if geometry.get(lower) is None:
                geometry.pop(lower, None)
    return {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION, **body}


def design_to_json(design: Design) -> str:
    return json.dumps(dump_design(design), indent=2, ensure_ascii=False) + "\n"


def canonical_json(design: Design) -> bytes:
    """Stable bytes for content addressing: sorted keys, no whitespace."""
    text = json.dumps(dump_design(design), sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def read_design(path: str | Path) -> Design:
    """Load a design file (JSON, or a PNG that FusionSmile wrote), or raise DesignError
    naming every problem."""
    path = Path(path)
    source = str(path)
    try:
        with open_regular(path) as handle:  # not a device or FIFO: they never end
            if read_some(handle, len(PNG_SIGNATURE)) == PNG_SIGNATURE:
                handle.seek(0)
                return design_from_bytes(_png_design_text(handle, source), source)
            handle.seek(0)
            data = read_some(handle, MAX_DESIGN_BYTES + 1)
    except OSError as error:
        raise DesignError(source, [f"cannot read the file: {error.strerror or error}"]) from None
    if len(data) > MAX_DESIGN_BYTES:
        raise DesignError(source, [f"file is larger than {MAX_DESIGN_BYTES // 1024 // 1024} MB"])
    return design_from_bytes(data, source)


def design_from_bytes(data: bytes, source: str = "<design>") -> Design:
    """A design from JSON bytes, or from the bytes of a PNG that carries one."""
    if data.startswith(PNG_SIGNATURE):
        data = _png_design_text(io.BytesIO(data), source)
    if len(data) > MAX_DESIGN_BYTES:
        raise DesignError(source, [f"larger than {MAX_DESIGN_BYTES // 1024 // 1024} MB"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DesignError(source, [f"not UTF-8 text (byte {error.start})"]) from None
    try:
        raw = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise DesignError(source, [message]) from None
    except ValueError as error:
        raise DesignError(source, [f"not valid JSON: {error}"]) from None
    except RecursionError:
        raise DesignError(source, ["nesting too deep"]) from None
    return design_from_object(raw, source)


def _png_design_text(handle: BinaryIO, source: str) -> bytes:
    try:
        return design_text_from_png(handle, MAX_DESIGN_BYTES)
    except PngDesignError as error:
        raise DesignError(source, [str(error)]) from None


def design_from_object(raw: Any, source: str = "<design>") -> Design:
    if not isinstance(raw, dict):
        raise DesignError(source, [f"expected a JSON object, got {_json_type(raw)}"])
    depth = _depth(raw)
    if depth > MAX_NESTING:
        raise DesignError(source, [f"nesting too deep ({depth} levels, at most {MAX_NESTING})"])
    raw = migrate(raw, source)
    body = {key: value for key, value in raw.items() if key not in ("schema", "version")}
    try:
        return validate_design(Design.model_validate(body))
    except ValidationError as error:
        raise DesignError(source, [_describe(item) for item in error.errors()]) from None
    except (ArithmeticError, RecursionError) as error:
        # Validators report problems as ValueError; anything else here is a value no
        # check foresaw (a 400-digit number), and still one line about this file.
        raise DesignError(source, [f"a value is out of range ({error})"]) from None


def migrate(raw: JsonObject, source: str) -> JsonObject:
    """Bring a design object of any known version up to SCHEMA_VERSION."""
    schema = raw.get("schema")
    if schema != SCHEMA_NAME:
        raise DesignError(source, [f"schema: expected {SCHEMA_NAME!r}, got {brief(schema)}"])
    version = raw.get("version")
    if type(version) is not int:
        raise DesignError(source, [f"version: expected an integer, got {_json_type(version)}"])
    if version < 1 or version > SCHEMA_VERSION:
        problem = (
            f"version: {brief(version)} is not supported"
            f" (this FusionSmile reads 1 to {SCHEMA_VERSION})"
        )
        raise DesignError(source, [problem])
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["version"] = version
    return raw


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]} is out of range")
    return value


def _depth(value: Any) -> int:
    # Iterative so that a hostile file cannot exhaust the stack here.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_NESTING:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return names.get(type(value), type(value).__name__)


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "less_than_equal": lambda c: f"must be at most {c['le']}",
    "less_than": lambda c: f"must be less than {c['lt']}",
    "greater_than_equal": lambda c: f"must be at least {c['ge']}",
    "greater_than": lambda c: f"must be greater than {c['gt']}",
    "finite_number": lambda c: "must be a finite number",
    "float_type": lambda c: "must be a number",
    "float_parsing": lambda c: "must be a number",
    "int_type": lambda c: "must be an integer",
    "int_parsing": lambda c: "must be an integer",
    "int_from_float": lambda c: "must be a whole number",
    "bool_type": lambda c: "must be true or false",
    "bool_parsing": lambda c: "must be true or false",
    "string_type": lambda c: "must be a string",
    "string_too_long": lambda c: f"must be at most {c['max_length']} characters",
    "string_too_short": lambda c: f"must be at least {c['min_length']} characters",
    "string_pattern_mismatch": lambda c: "is not in the expected format",
    "too_long": lambda c: f"must have at most {c['max_length']} items",
    "dict_type": lambda c: "must be an object",
    "tuple_type": lambda c: "must be an array",
    "list_type": lambda c: "must be an array",
    "extra_forbidden": lambda c: "unknown key",
    "missing": lambda c: "is required",
    "literal_error": lambda c: f"must be one of {c['expected']}",
    "datetime_parsing": lambda c: "must be a date and time like 2026-01-31T12:00:00Z",
    "datetime_from_date_parsing": lambda c: "must be a date and time like 2026-01-31T12:00:00Z",
    "datetime_type": lambda c: "must be a date and time like 2026-01-31T12:00:00Z",
}


def _describe(item: Any) -> str:
    # Drop pydantic's union branch names ("float", "str") from the path: users never see them.
    branch_names = {"float", "int", "bool", "str", "[key]"}
    # Keys come from the file: a stranger's key may be long or hold terminal escapes.
    path = ".".join(_short_key(str(part)) for part in item["loc"] if str(part) not in branch_names)
    kind = item["type"]
    context = item.get("ctx") or {}
    if "[key]" in item["loc"]:
        message = "not an FDI tooth number (11-18, 21-28, 31-38, 41-48)"
        if item["loc"][:2] != ("geometry", "teeth"):
            message = "key " + (_MESSAGES[kind](context) if kind in _MESSAGES else str(item["msg"]))
    elif kind in _MESSAGES:
        message = _MESSAGES[kind](context)
    else:
        message = str(item["msg"])
        message = message.removeprefix("Value error, ")
    return escape_controls(f"{path or '(top level)'}: {message}")


def _short_key(key: str, limit: int = 60) -> str:
    return key if len(key) <= limit else f"{key[: limit - 3]}..."
