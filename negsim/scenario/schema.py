"""The JSON Schema of the scenario format, for editors and external checks."""

from __future__ import annotations

from typing import Any

from negsim.scenario.format import FORMAT_VERSION, Scenario

__all__ = ["json_schema"]

_EXAMPLES = "\n\nExamples\n--------\n"


def json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario format, for editors and external checks."""
    schema = Scenario.model_json_schema()
    _tidy(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:negsim:scenario-format:{FORMAT_VERSION}"
    schema["title"] = f"negsim scenario (format version {FORMAT_VERSION})"
    return schema


def _tidy(node: Any) -> None:
    """Close pattern-keyed mappings and drop docstring examples, throughout the schema.

    Names that do not match a mapping's name pattern are invalid, as :func:`load`
    says; descriptions come from docstrings, whose ``Examples`` are for Python,
    not for editors.
    """
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        description = node.get("description")
        if isinstance(description, str) and _EXAMPLES in description:
            node["description"] = description.split(_EXAMPLES, 1)[0]
        for child in node.values():
            _tidy(child)
    elif isinstance(node, list):
        for child in node:
            _tidy(child)
