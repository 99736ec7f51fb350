"""Red lines and no-deal floors as constraints, packed in bit words (negsim.zone.constraints)."""

from __future__ import annotations

from negsim import compile_scenario, from_data
from negsim.zone.decide import diagnose
from tests.zone.examples import red_line


def test_more_than_64_constraints() -> None:
    rules = [red_line(f"yes-{i}", "flag == true") for i in range(70)]
    data = {
        "negsim": 1,
        "name": "wide",
        "issues": {"flag": {"kind": "boolean"}},
        "parties": {
            "a": {
                "utility": {"flag": {"weight": 1, "values": {"true": 0, "false": 0}}},
                "no_deal": 0,
                "red_lines": [*rules, red_line("no", "flag == false")],
            }
        },
    }
    model = compile_scenario(from_data(data))
    found = diagnose(model, max_conflicts=None)
    assert len(found.conflicts) == 70
    assert all(c.keys[-1] == "a/no" and len(c.keys) == 2 for c in found.conflicts)
    sizes = sorted(c.size for c in found.corrections)
    assert sizes == [1, 70]
    capped = diagnose(model, max_conflicts=5)
    assert len(capped.conflicts) == 5
    assert capped.conflicts_truncated
