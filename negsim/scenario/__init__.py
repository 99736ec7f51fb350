"""Stage 1: read and check a scenario file.

Takes a YAML file, YAML text or plain data; returns an immutable
:class:`Scenario` (pydantic), or raises :class:`~negsim.errors.ScenarioError`
with one line naming the file, the YAML line and the field. Owns the format
(:mod:`.format`), loading it (:mod:`.loading`) with its error messages
(:mod:`.messages`) and cross-reference checks (:mod:`.references`), dotted
paths (:mod:`.paths`), the JSON Schema (:mod:`.schema`), safe YAML reading
(:mod:`.yaml_source`), the red-line rule language (:mod:`.rules`), the games
and uncertainty sections (:mod:`.games`, :mod:`.uncertainty`). Nothing here
runs code from a file.

Examples
--------
:func:`load` takes a file or YAML text; a scenario is immutable and
:meth:`Scenario.with_` returns a changed, validated copy:

>>> import negsim
>>> from negsim.scenario.examples import water_talks
>>> s = water_talks()
>>> s
<Scenario 'Water talks': 1 issues, 2 parties (alpha, beta), 0 red lines, 0 proposals>
>>> s.with_({"parties.beta.no_deal": 0.8}).parties["beta"].no_deal, s.parties["beta"].no_deal
(0.8, 0.4)

Plain data and YAML text read back to an equal scenario:

>>> negsim.from_data(s.to_data()) == s, negsim.load(s.to_yaml()) == s
(True, True)

A mistake is one line naming the source, the YAML line and the field:

>>> negsim.load("negsim: 1\\nname: Empty\\nissues: {}\\nparties: {}\\n")
Traceback (most recent call last):
...
negsim.errors.ScenarioError: <text>:3: issues: has 0 entries; at least 1 needed

The format's JSON Schema, for editors:

>>> schema = negsim.json_schema()
>>> schema["$schema"], schema["title"]
('https://json-schema.org/draft/2020-12/schema', 'negsim scenario (format version 1)')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Scenario": "format",
    "load": "loading",
    "from_data": "loading",
    "json_schema": "schema",
    "set_path": "paths",
    "Party": "format",
    "RedLine": "format",
    "Proposal": "format",
    "BooleanIssue": "format",
    "CategoricalIssue": "format",
    "OrdinalIssue": "format",
    "SubsetIssue": "format",
    "ContinuousIssue": "format",
    "IssueValue": "format",
    "WarLottery": "format",
    "LotteryBranch": "format",
    "WarNoDeal": "format",
    "FixedNoDeal": "format",
    "compile_rule": "rules",
    "RuleError": "rules",
    "read_yaml": "yaml_source",
    "YamlDocument": "yaml_source",
    "Uncertain": "uncertainty",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "BooleanIssue",
    "CategoricalIssue",
    "ContinuousIssue",
    "FixedNoDeal",
    "IssueValue",
    "LotteryBranch",
    "OrdinalIssue",
    "Party",
    "Proposal",
    "RedLine",
    "RuleError",
    "Scenario",
    "SubsetIssue",
    "Uncertain",
    "WarLottery",
    "WarNoDeal",
    "YamlDocument",
    "compile_rule",
    "from_data",
    "json_schema",
    "load",
    "read_yaml",
    "set_path",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.scenario",
    {name: f"negsim.scenario.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.scenario.format import (
        BooleanIssue,
        CategoricalIssue,
        ContinuousIssue,
        FixedNoDeal,
        IssueValue,
        LotteryBranch,
        OrdinalIssue,
        Party,
        Proposal,
        RedLine,
        Scenario,
        SubsetIssue,
        WarLottery,
        WarNoDeal,
    )
    from negsim.scenario.loading import from_data, load
    from negsim.scenario.paths import set_path
    from negsim.scenario.rules import RuleError, compile_rule
    from negsim.scenario.schema import json_schema
    from negsim.scenario.uncertainty import Uncertain
    from negsim.scenario.yaml_source import YamlDocument, read_yaml
