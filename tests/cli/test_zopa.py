"""``negsim zopa FILE``: the agreement-zone verdict from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from negsim import compile_scenario, load
from negsim.cli.commands import main
from tests.zone.examples import land_for_peace

MINIMAL = "tests/data/minimal.yaml"


def write(tmp_path, data: dict) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def test_conflict_in_plain_words(tmp_path, capsys) -> None:
    assert main(["zopa", write(tmp_path, land_for_peace())]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:4] == [
        "No zone of agreement (decided by enumerating all 32 outcomes).",
        "Pairwise zones: ukraine and russia none; ukraine and us 2 outcomes; russia and us 2 "
        "outcomes.",
        "Conflict: ukraine/not-an-inch with russia/four-regions.",
        "Smallest changes that open a zone, with the best deal each opens:",
    ]
    assert "  (1) dropping ukraine/not-an-inch opens a zone of 2 outcomes." in out.splitlines()


def test_json_output(capsys) -> None:
    assert main(["zopa", MINIMAL, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zone_exists"] is True
    assert data["method"] == "milp"
    assert data["zopa"]["count"] == 41
    assert data["diagnosis"] is None
    assert data["proposals"][0]["name"] == "east_for_peace"


def test_overrides_change_the_verdict(capsys) -> None:
    assert main(["zopa", MINIMAL, "--set", "parties.alpha.no_deal=0.9"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No zone of agreement (decided exactly by a mixed-integer program")
    assert "alpha/no-deal" in out


def test_grid_only(capsys) -> None:
    assert main(["zopa", MINIMAL, "--grid"]) == 0
    out = capsys.readouterr().out
    assert "found on a grid of 528 outcomes (share 11 points)" in out


def test_user_errors_are_one_line(tmp_path, capsys) -> None:
    assert main(["zopa", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("negsim: error:") and "no such file" in err
    assert len(err.splitlines()) == 1
    assert main(["zopa", MINIMAL, "--set", "parties.nobody.no_deal=1"]) == 2
    assert "nobody" in capsys.readouterr().err


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "negsim", "zopa", MINIMAL, "--max-conflicts", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "A zone of agreement exists" in done.stdout


FLAGSHIP = "scenarios/ukraine_land_for_peace_2026.yaml"


def dropped(scenario, keys):
    """The scenario with the named red lines made vacuous and no-deal floors lowered away."""
    model = compile_scenario(scenario)
    changes = {}
    for key in keys:
        party, name = key.split("/", 1)
        if name == "no-deal":
            p = model.party_index(party)
            gap = float(model.no_deal[p] - model.utility[:, p].min()) + 1
            war = getattr(scenario.parties[party].no_deal, "war", None)
            if war is None:
                changes[f"parties.{party}.no_deal"] = float(model.no_deal[p]) - gap
            else:  # a costlier war, so the uncertainty section's paths still exist
                changes[f"parties.{party}.no_deal.war.cost"] = war.cost + gap
        else:
            changes[f"parties.{party}.red_lines.{name}.rule"] = "true"
    return scenario.with_(changes)


def test_flagship_verdict_and_its_conflicts_follow_from_the_file(capsys) -> None:
    assert main(["zopa", FLAGSHIP, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zone_exists"] is False
    diagnosis = data["diagnosis"]
    assert diagnosis["conflicts"] and diagnosis["corrections"]
    assert not diagnosis["conflicts_truncated"] and not diagnosis["corrections_truncated"]
    scenario = load(FLAGSHIP)
    # removing the constraints of each correction opens a zone of the size stated
    for correction in diagnosis["corrections"]:
        opened = compile_scenario(dropped(scenario, correction["keys"]))
        assert int(opened.acceptable_masks.all(axis=0).sum()) == correction["opens"] > 0
    # and each conflict is one: with every other constraint dropped, its members
    # alone still leave no zone, and dropping any one of them opens it
    everything = [c["key"] for c in diagnosis["constraints"]]
    everything += [f"{p}/no-deal" for p in data["parties"]]
    for conflict in diagnosis["conflicts"]:
        rest = [k for k in everything if k not in conflict["keys"]]
        alone = compile_scenario(dropped(scenario, rest))
        assert not alone.acceptable_masks.all(axis=0).any(), conflict
        for member in conflict["keys"]:
            fewer = compile_scenario(dropped(scenario, [*rest, member]))
            assert fewer.acceptable_masks.all(axis=0).any(), (conflict, member)
    # the plain-words verdict names the same conflicts
    assert main(["zopa", FLAGSHIP]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No zone of agreement")
    for conflict in diagnosis["conflicts"]:
        for key in conflict["keys"]:
            assert key in out


def test_a_printed_correction_applied_with_set_opens_the_zone_it_promised(capsys):
    assert main(["zopa", FLAGSHIP]) == 0
    said = capsys.readouterr().out
    assert "dropping russia/four-regions opens a zone of 7 outcomes" in said
    code = main(["zopa", FLAGSHIP, "--set", "parties.russia.red_lines.four-regions=null"])
    assert code == 0
    assert capsys.readouterr().out.startswith("Zone of agreement: 7 of 34,560 outcomes")
