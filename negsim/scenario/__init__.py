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
