"""The JSON Schema of the format (negsim.scenario.schema)."""

from __future__ import annotations

import json

from negsim.scenario.schema import json_schema


def test_descriptions_keep_the_docstrings_but_not_their_python_examples() -> None:
    text = json.dumps(json_schema())
    assert ">>>" not in text
    assert "Examples" not in text
    assert "Players choose simultaneously" in text  # the docstring itself stays


def test_mappings_keyed_by_a_name_pattern_refuse_other_names() -> None:
    def closed(node: object) -> bool:
        if isinstance(node, dict):
            if "patternProperties" in node and node.get("additionalProperties") is not False:
                return False
            return all(closed(child) for child in node.values())
        if isinstance(node, list):
            return all(closed(child) for child in node)
        return True

    schema = json_schema()
    assert "patternProperties" in json.dumps(schema)
    assert closed(schema)


def test_the_schema_names_itself_and_the_format_version() -> None:
    schema = json_schema()
    assert schema["$id"] == "urn:negsim:scenario-format:1"
    assert schema["title"] == "negsim scenario (format version 1)"
