"""The scenario the format's tests edit, and the table of broken scenarios made from it.

``BAD`` holds many distinct broken scenarios, each a small edit of ``BASE``;
every one must fail with exactly the location and message listed.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = """\
negsim: 1
name: Border talks
description: Two neighbours split a disputed valley.
issues:
  regions:
    kind: subset
    items: [north, south, east]
  recognition:
    kind: ordinal
    options: [none, de_facto, de_jure]
  guarantee:
    kind: boolean
  share:
    kind: continuous
    range: [0, 100]
    unit: "% of water rights to Alpha"
    grid: 11
parties:
  alpha:
    name: Alpha
    utility:
      regions: {weight: 0.5, values: {north: -0.5, south: -0.3, east: -0.2}}
      recognition: {weight: 0.2, values: {none: 1, de_facto: 0.5, de_jure: 0}}
      guarantee: {weight: 0.1, values: {true: 1, false: 0}}
      share: {weight: 0.2, points: [[0, 0], [100, 1]]}
    no_deal: 0.1
    red_lines:
      - id: keep-north
        rule: north not in regions
        says: Alpha never cedes the north.
        source: ua26-zelensky-not-an-inch
  beta:
    utility:
      regions: {weight: 0.6, values: {north: 0.5, south: 0.3, east: 0.2}}
      recognition: {weight: 0.2, values: {none: 0, de_facto: 0.6, de_jure: 1}}
      share: {weight: 0.2, points: [[0, 1], [100, 0]]}
    no_deal:
      war:
        cost: 0.1
        lottery:
          - p: 0.5
            utility: 0.6
          - p: 0.5
            outcome: {regions: [], recognition: none, guarantee: true, share: 100}
    red_lines:
      - id: some-land
        rule: count(regions) >= 1 and recognition >= de_facto
        says: Beta needs land and recognition.
        source: ua26-kremlin-four-regions
proposals:
  east_for_peace:
    says: Beta gets the east, recognised de facto.
    outcome: {regions: [east], recognition: de_facto, guarantee: true, share: 50}
"""


def edit(old: str, new: str) -> str:
    """``BASE`` with the one occurrence of ``old`` replaced by ``new``."""
    if BASE.count(old) != 1:
        raise ValueError(f"{old!r} occurs {BASE.count(old)} times in BASE")
    return BASE.replace(old, new)


@dataclass(frozen=True)
class Bad:
    id: str
    text: str | bytes
    line: int | None
    field: str | None
    message: str


BAD = [
    Bad(
        "yaml_bad_indent",
        edit("    kind: ordinal\n", "   kind: ordinal\n"),
        10,
        None,
        (
            "invalid YAML: mapping values are not allowed here (quote a value that "
            "contains ': ', or check the indentation)"
        ),
    ),
    Bad(
        "yaml_unclosed_flow",
        edit("items: [north, south, east]", "items: [north, south, east"),
        8,
        None,
        "invalid YAML: expected ',' or ']', but got ':', in the [...] list that starts on line 7",
    ),
    Bad(
        "yaml_tab",
        edit("    kind: boolean", "\tkind: boolean"),
        12,
        None,
        (
            "invalid YAML: found character '\\t' that cannot start any token (indent with "
            "spaces, not tabs)"
        ),
    ),
    Bad(
        "yaml_two_documents",
        BASE + "---\nnegsim: 1\n",
        54,
        None,
        "invalid YAML: a scenario file holds one YAML document; remove the second '---'",
    ),
    Bad(
        "yaml_unquoted_colon",
        edit("says: Beta needs land and recognition.", "says: Beta: needs land"),
        48,
        None,
        (
            "invalid YAML: mapping values are not allowed here (quote a value that "
            "contains ': ', or check the indentation)"
        ),
    ),
    Bad(
        "empty",
        "",
        1,
        None,
        "the file is empty",
    ),
    Bad(
        "comment_only",
        "# nothing\n",
        1,
        None,
        "the file is empty",
    ),
    Bad(
        "not_a_mapping",
        "- negsim: 1\n",
        1,
        None,
        "a scenario is a mapping with 'negsim: 1' at the top",
    ),
    Bad(
        "no_version",
        edit("negsim: 1\n", ""),
        1,
        "negsim",
        "missing 'negsim: 1' (the format version) at the top",
    ),
    Bad(
        "version_2",
        edit("negsim: 1\n", "negsim: 2\n"),
        1,
        "negsim",
        "format version 2 is not supported (this negsim reads 'negsim: 1')",
    ),
    Bad(
        "rule_unknown_issue",
        edit("rule: north not in regions", "rule: north not in regionz"),
        29,
        "parties.alpha.red_lines.keep-north.rule",
        "unknown issue 'regionz'; did you mean 'regions'? (at column 14)",
    ),
    Bad(
        "rule_option_of_other_issue",
        edit("recognition >= de_facto", "recognition >= north"),
        47,
        "parties.beta.red_lines.some-land.rule",
        "'north' is not an option of 'recognition' ('north' belongs to 'regions') (at column 40)",
    ),
    Bad(
        "rule_syntax",
        edit("rule: north not in regions", "rule: north = regions"),
        29,
        "parties.alpha.red_lines.keep-north.rule",
        "unexpected character '=' ('=' compares only as '==') (at column 7)",
    ),
    Bad(
        "rule_not_text",
        edit("rule: north not in regions", "rule: 3"),
        29,
        "parties.alpha.red_lines.keep-north.rule",
        "expected text, got 3",
    ),
    Bad(
        "weight_text",
        edit("{weight: 0.5,", "{weight: heavy,"),
        22,
        "parties.alpha.utility.regions.weight",
        "expected a number, got 'heavy'",
    ),
    Bad(
        "weight_negative",
        edit("{weight: 0.5,", "{weight: -0.5,"),
        22,
        "parties.alpha.utility.regions.weight",
        (
            "a weight says how much the party cares about the issue, so it is 0 or more, "
            "not -0.5; to make the party dislike an option, give that option a lower value"
        ),
    ),
    Bad(
        "weight_nan",
        edit("{weight: 0.5,", "{weight: .nan,"),
        22,
        "parties.alpha.utility.regions.weight",
        "expected a finite number, got .nan",
    ),
    Bad(
        "weights_all_zero",
        edit(
            """      regions: {weight: 0.6, values: {north: 0.5, south: 0.3, east: 0.2}}
      recognition: {weight: 0.2, values: {none: 0, de_facto: 0.6, de_jure: 1}}
      share: {weight: 0.2,""",
            """      regions: {weight: 0, values: {north: 0.5, south: 0.3, east: 0.2}}
      recognition: {weight: 0, values: {none: 0, de_facto: 0.6, de_jure: 1}}
      share: {weight: 0,""",
        ),
        33,
        "parties.beta.utility",
        "weights that do not make sense: every weight is zero",
    ),
    Bad(
        "grid_fraction",
        edit("grid: 11", "grid: 2.5"),
        17,
        "issues.share.grid",
        "expected a whole number, got 2.5",
    ),
    Bad(
        "grid_one",
        edit("grid: 11", "grid: 1"),
        17,
        "issues.share.grid",
        "must be at least 2, got 1",
    ),
    Bad(
        "items_not_list",
        edit("items: [north, south, east]", "items: north"),
        7,
        "issues.regions.items",
        "expected a list, got 'north'",
    ),
    Bad(
        "items_17",
        edit(
            "items: [north, south, east]", "items: [" + ", ".join(f"r{i}" for i in range(17)) + "]"
        ),
        7,
        "issues.regions.items",
        (
            "a subset issue has at most 16 items (every combination of them is an "
            "outcome); this one has 17"
        ),
    ),
    Bad(
        "duplicate_red_line_id",
        edit(
            """        source: ua26-zelensky-not-an-inch
""",
            """        source: ua26-zelensky-not-an-inch
      - id: keep-north
        rule: south not in regions
        says: Alpha keeps the south too.
        source: ua26-zelensky-not-an-inch
""",
        ),
        32,
        "parties.alpha.red_lines.keep-north.id",
        "red line id 'keep-north' is used twice in this party (first on line 28)",
    ),
    Bad(
        "duplicate_option",
        edit("options: [none, de_facto, de_jure]", "options: [none, de_facto, none]"),
        10,
        "issues.recognition.options",
        "option 'none' is listed twice",
    ),
    Bad(
        "missing_no_deal",
        edit("    no_deal: 0.1\n", ""),
        19,
        "parties.alpha.no_deal",
        "this field is required (the party's value of no deal: a number, or war: {cost, lottery})",
    ),
    Bad(
        "missing_source",
        edit("        source: ua26-zelensky-not-an-inch\n", ""),
        28,
        "parties.alpha.red_lines.keep-north.source",
        "this field is required (the claim id in seeds/ it rests on)",
    ),
    Bad(
        "python_object_tag",
        edit("description: Two", "description: !!python/object/apply:os.system ['echo hi'] #"),
        3,
        "description",
        (
            "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in "
            "a scenario file"
        ),
    ),
    Bad(
        "local_tag",
        edit("    no_deal: 0.1", "    no_deal: !secret 0.1"),
        26,
        "parties.alpha.no_deal",
        "YAML tag '!secret' is not allowed in a scenario file",
    ),
    Bad(
        "binary_tag",
        edit(
            "description: Two neighbours split a disputed valley.", "description: !!binary aGVsbG8="
        ),
        3,
        "description",
        "YAML tag 'tag:yaml.org,2002:binary' is not allowed in a scenario file",
    ),
    Bad(
        "deep_nesting",
        edit(
            "description: Two neighbours split a disputed valley.",
            "description: " + "[" * 40 + "]" * 40,
        ),
        3,
        "description.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
        "nesting is too deep (more than 32 levels)",
    ),
    Bad(
        "very_deep_nesting",
        edit(
            "description: Two neighbours split a disputed valley.",
            "description: " + "[" * 500 + "]" * 500,
        ),
        3,
        None,
        "nesting is too deep (more than 32 levels)",
    ),
    Bad(
        "duplicate_key",
        edit("    name: Alpha\n", "    name: Alpha\n    name: Alpha again\n"),
        21,
        "parties.alpha.name",
        "duplicate key 'name'",
    ),
    Bad(
        "duplicate_issue",
        edit(
            "  guarantee:\n    kind: boolean\n",
            "  guarantee:\n    kind: boolean\n  guarantee:\n    kind: boolean\n",
        ),
        13,
        "issues.guarantee",
        "duplicate key 'guarantee'",
    ),
    Bad(
        "merge_key",
        edit(
            "      share: {weight: 0.2, points: [[0, 0], [100, 1]]}",
            "      share: {<<: {weight: 0.2}, points: [[0, 0], [100, 1]]}",
        ),
        25,
        "parties.alpha.utility.share",
        "merge keys (<<) are not supported",
    ),
    Bad(
        "alias_bomb",
        edit(
            "description: Two neighbours split a disputed valley.",
            "description: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "\n".join(
                f"{key}: {anchor}[{', '.join([alias] * 10)}]"
                for key, anchor, alias in [
                    ("sources", "&b ", "*a"),
                    ("x1", "&c ", "*b"),
                    ("x2", "&d ", "*c"),
                    ("x3", "&e ", "*d"),
                    ("x4", "", "*e"),
                ]
            ),
        ),
        8,
        "x4",
        "more than 200,000 values (alias expansion?)",
    ),
    Bad(
        "unknown_field",
        edit("    no_deal: 0.1", "    no_dael: 0.1"),
        26,
        "parties.alpha.no_dael",
        "unknown field 'no_dael'; did you mean 'no_deal'?",
    ),
    Bad(
        "unknown_top_field",
        edit("proposals:", "proposal:"),
        50,
        "proposal",
        "unknown field 'proposal'; did you mean 'proposals'?",
    ),
    Bad(
        "unknown_field_no_hint",
        edit("    no_deal: 0.1", "    no_deal: 0.1\n    mood: grim"),
        27,
        "parties.alpha.mood",
        "unknown field 'mood'",
    ),
    Bad(
        "bad_kind",
        edit("kind: ordinal", "kind: ordinall"),
        9,
        "issues.recognition.kind",
        (
            "kind must be one of boolean, categorical, ordinal, subset, continuous, not "
            "'ordinall'; did you mean 'ordinal'?"
        ),
    ),
    Bad(
        "missing_kind",
        edit("  guarantee:\n    kind: boolean\n", "  guarantee:\n    says: yes or no\n"),
        11,
        "issues.guarantee",
        "each issue needs a 'kind' (boolean, categorical, ordinal, subset or continuous)",
    ),
    Bad(
        "lottery_sum",
        edit(
            "          - p: 0.5\n            utility: 0.6",
            "          - p: 0.4\n            utility: 0.6",
        ),
        40,
        "parties.beta.no_deal.war.lottery",
        "the lottery's probabilities add up to 0.9, not 1",
    ),
    Bad(
        "lottery_p_above_one",
        edit(
            "          - p: 0.5\n            utility: 0.6",
            "          - p: 1.5\n            utility: 0.6",
        ),
        41,
        "parties.beta.no_deal.war.lottery.0.p",
        "must be at most 1, got 1.5",
    ),
    Bad(
        "lottery_branch_both",
        edit(
            "            utility: 0.6",
            (
                "            utility: 0.6\n            outcome: {regions: [], recognition: "
                "none, guarantee: true, share: 0}"
            ),
        ),
        41,
        "parties.beta.no_deal.war.lottery.0",
        "give either 'outcome' or 'utility' for each branch",
    ),
    Bad(
        "lottery_outcome_out_of_range",
        edit("guarantee: true, share: 100}", "guarantee: true, share: 150}"),
        44,
        "parties.beta.no_deal.war.lottery.1.outcome.share",
        "150 is outside the range [0, 100]",
    ),
    Bad(
        "points_not_covering",
        edit("points: [[0, 1], [100, 0]]", "points: [[10, 1], [100, 0]]"),
        36,
        "parties.beta.utility.share.points",
        "'points' must cover the issue's range [0, 100]; they cover [10, 100]",
    ),
    Bad(
        "points_not_increasing",
        edit("points: [[0, 1], [100, 0]]", "points: [[0, 1], [0, 0], [100, 0]]"),
        36,
        "parties.beta.utility.share.points",
        "'points' needs at least two [x, value] pairs with increasing x",
    ),
    Bad(
        "values_for_continuous",
        edit(
            "share: {weight: 0.2, points: [[0, 1], [100, 0]]}",
            "share: {weight: 0.2, values: {low: 1}}",
        ),
        36,
        "parties.beta.utility.share",
        "a continuous issue takes 'points' ([[x, value], ...]), not 'values'",
    ),
    Bad(
        "range_reversed",
        edit("range: [0, 100]", "range: [100, 0]"),
        15,
        "issues.share.range",
        "range must go from low to high, got [100, 0]",
    ),
    Bad(
        "unknown_option_value",
        edit("east: -0.2}", "east: -0.2, west: 1}"),
        22,
        "parties.alpha.utility.regions.values.west",
        "'west' is not one of north, south, east; did you mean 'east'?",
    ),
    Bad(
        "missing_level_value",
        edit("{north: 0.5, south: 0.3, east: 0.2}", "{north: 0.5, south: 0.3}"),
        34,
        "parties.beta.utility.regions.values",
        "no value given for east",
    ),
    Bad(
        "boolean_yes_key",
        edit("values: {true: 1, false: 0}", "values: {yes: 1, no: 0}"),
        24,
        "parties.alpha.utility.guarantee.values.yes",
        "'yes' is not one of false, true",
    ),
    Bad(
        "utility_unknown_issue",
        edit(
            "      share: {weight: 0.2, points: [[0, 0], [100, 1]]}",
            "      water: {weight: 0.2, points: [[0, 0], [100, 1]]}",
        ),
        25,
        "parties.alpha.utility.water",
        "unknown issue 'water'",
    ),
    Bad(
        "bad_issue_name",
        edit("  guarantee:\n", "  2guarantee:\n"),
        11,
        "issues.2guarantee",
        "'2guarantee' is not a valid name (letters, digits and _, not starting with a digit)",
    ),
    Bad(
        "proposal_missing_issue",
        edit("guarantee: true, share: 50}", "guarantee: true}"),
        53,
        "proposals.east_for_peace.outcome",
        "an outcome needs a value for every issue; missing share",
    ),
    Bad(
        "proposal_bad_option",
        edit(
            "recognition: de_facto, guarantee: true, share: 50",
            "recognition: de_jur, guarantee: true, share: 50",
        ),
        53,
        "proposals.east_for_peace.outcome.recognition",
        "'de_jur' is not one of none, de_facto, de_jure; did you mean 'de_jure'?",
    ),
    Bad(
        "proposal_unknown_issue",
        edit("guarantee: true, share: 50}", "guarantee: true, sharee: 50}"),
        53,
        "proposals.east_for_peace.outcome.sharee",
        "unknown issue 'sharee'; did you mean 'share'?",
    ),
    Bad(
        "proposal_boolean_text",
        edit("guarantee: true, share: 50}", "guarantee: yes, share: 50}"),
        53,
        "proposals.east_for_peace.outcome.guarantee",
        "expected true or false, got 'yes'",
    ),
    Bad(
        "proposal_subset_item",
        edit("outcome: {regions: [east]", "outcome: {regions: [west]"),
        53,
        "proposals.east_for_peace.outcome.regions",
        "'west' is not an item of this issue; did you mean 'east'?",
    ),
    Bad(
        "no_parties",
        BASE[: BASE.index("parties:")] + "parties: {}\n",
        18,
        "parties",
        "has 0 entries; at least 1 needed",
    ),
    Bad(
        "no_deal_text",
        edit("    no_deal: 0.1", "    no_deal: high"),
        26,
        "parties.alpha.no_deal",
        "expected a number, {value, source} or war: {cost, lottery}, got 'high'",
    ),
    Bad(
        "no_deal_war_typo",
        edit("      war:\n", "      wars:\n"),
        38,
        "parties.beta.no_deal.wars",
        "unknown field 'wars'; did you mean 'war'?",
    ),
    Bad(
        "utility_not_mapping",
        edit(
            """    utility:
      regions: {weight: 0.6, values: {north: 0.5, south: 0.3, east: 0.2}}
      recognition: {weight: 0.2, values: {none: 0, de_facto: 0.6, de_jure: 1}}
      share: {weight: 0.2, points: [[0, 1], [100, 0]]}
""",
            """    utility: 3
""",
        ),
        33,
        "parties.beta.utility",
        "expected a mapping (name: value entries), got 3",
    ),
    Bad(
        "red_line_bad_id",
        edit("- id: keep-north", "- id: keep north"),
        28,
        "parties.alpha.red_lines.keep north.id",
        (
            "'keep north' is not a valid red line id (letters, digits, _ and -, "
            "starting with a letter or digit)"
        ),
    ),
    Bad(
        "red_line_dotted_id",
        edit("- id: keep-north", "- id: keep.north"),
        28,
        "parties.alpha.red_lines.keep.north.id",
        (
            "'keep.north' is not a valid red line id (letters, digits, _ and -, "
            "starting with a letter or digit)"
        ),
    ),
    Bad(
        "issue_named_by_a_keyword",
        edit("  guarantee:\n", "  count:\n"),
        11,
        "issues.count",
        "'count' is a word of the rule language; give the issue another name",
    ),
    Bad(
        "option_named_by_a_keyword",
        edit("options: [none, de_facto, de_jure]", "options: [none, in, de_jure]"),
        10,
        "issues.recognition.options.1",
        "'in' is a word of the rule language and cannot name an option",
    ),
    Bad(
        "item_true_unquoted",
        edit("items: [north, south, east]", "items: [north, south, true]"),
        7,
        "issues.regions.items.2",
        "expected text, got true",
    ),
    Bad(
        "red_lines_not_list",
        edit(
            """    red_lines:
      - id: some-land
        rule: count(regions) >= 1 and recognition >= de_facto
        says: Beta needs land and recognition.
        source: ua26-kremlin-four-regions
""",
            """    red_lines:
      id: some-land
      rule: count(regions) >= 1 and recognition >= de_facto
      says: Beta needs land and recognition.
      source: ua26-kremlin-four-regions
""",
        ),
        45,
        "parties.beta.red_lines",
        "expected a list, got a mapping",
    ),
    Bad(
        "empty_says",
        edit("says: Alpha never cedes the north.", "says: ''"),
        30,
        "parties.alpha.red_lines.keep-north.says",
        "must not be empty",
    ),
    Bad(
        "null_weight",
        edit("{weight: 0.5,", "{weight: null,"),
        22,
        "parties.alpha.utility.regions.weight",
        "expected a number, got nothing (null)",
    ),
    Bad(
        "issue_options_missing",
        edit("    options: [none, de_facto, de_jure]\n", ""),
        8,
        "issues.recognition.options",
        "this field is required (the list of option names)",
    ),
    Bad(
        "proposal_outcome_missing",
        edit(
            "    outcome: {regions: [east], recognition: de_facto, guarantee: true, share: 50}\n",
            "",
        ),
        51,
        "proposals.east_for_peace.outcome",
        "this field is required (a value for every issue)",
    ),
    Bad(
        "non_utf8",
        b"negsim: 1\nname: caf\xe9\n",
        2,
        None,
        "not UTF-8 text (byte 19)",
    ),
]
