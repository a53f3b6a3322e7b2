"""The JSON schema of design files, with every layer kind's parameters in it.

Pydantic describes a layer's params as a free mapping; the declarations of the kinds
are added as `if kind is X then params has these properties`, so an editor that knows
JSON schema can complete and check them.
"""

from __future__ import annotations

from typing import Any

from fusionsmile.core.design import SCHEMA_NAME, SCHEMA_VERSION, Design
from fusionsmile.core.layers.registry import all_kinds


def design_json_schema() -> dict[str, Any]:
    schema = Design.model_json_schema()
    schema["properties"] = {
        "schema": {"const": SCHEMA_NAME},
        "version": {"const": SCHEMA_VERSION},
        **schema["properties"],
    }
    schema["required"] = ["schema", "version"]
    layer = schema["$defs"]["Layer"]
    layer["properties"]["kind"]["enum"] = list(all_kinds())
    layer["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": name}}},
            "then": {
                "properties": {
                    "params": {
                        "type": "object",
                        "description": f"{kind.label} ({kind.group}): {kind.description}",
                        "properties": {p.name: p.json_schema() for p in kind.params},
                        "additionalProperties": False,
                    }
                }
            },
        }
        for name, kind in all_kinds().items()
    ]
    return schema
