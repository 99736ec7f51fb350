"""The JSON Schema of the scenario format, for editors and external checks."""

from __future__ import annotations

from typing import Any

from negsim.scenario.format import Scenario


def json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario format, for editors and external checks."""
    schema = Scenario.model_json_schema()
    _close_pattern_properties(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negsim scenario (format version 1)"
    return schema


def _close_pattern_properties(node: Any) -> None:
    """Names that do not match a mapping's name pattern are invalid, as :func:`load` says."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for child in node.values():
            _close_pattern_properties(child)
    elif isinstance(node, list):
        for child in node:
            _close_pattern_properties(child)
