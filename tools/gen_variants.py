"""Write the variants of the flagship scenario, each a full copy with its stated changes.

The scenario format has no "extends", so each variant under ``scenarios/`` is
the flagship's text with a new name and description and a few edits. Writing
them from the flagship keeps them from drifting apart; run after changing the
flagship::

    python tools/gen_variants.py

The test suite fails when a committed variant differs from what this writes,
and checks that each variant equals the flagship with exactly the changes in
:data:`VARIANTS` applied through :meth:`negsim.Scenario.with_`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@dataclass(frozen=True)
class Variant:
    """One variant: its file, name, description, text edits and the same changes as paths."""

    file: str
    name: str
    description: str
    edits: tuple[tuple[str, str], ...]
    changes: dict[str, Any] = field(default_factory=dict)
    appended_red_lines: dict[str, dict[str, str]] = field(default_factory=dict)
    add_to_outcomes: dict[str, Any] = field(default_factory=dict)


def _fold(text: str, width: int = 78, indent: int = 2) -> str:
    """``text`` as the lines of a folded YAML scalar, indented by ``indent``."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width - indent:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "".join(f"{' ' * indent}{x}\n" for x in lines)


def _block(start: str, end: str) -> str:
    """A marker for the lines from ``start`` through ``end`` (see :func:`_apply`)."""
    return f"\0{start}\0{end}"


def _apply(text: str, old: str, new: str) -> str:
    if old.startswith("\0"):
        _, start, end = old.split("\0")
        i = text.index(start)
        j = text.index(end, i) + len(end)
        return text[:i] + new + text[j:]
    if text.count(old) != 1:
        raise ValueError(f"the flagship text {old[:60]!r} is not found exactly once")
    return text.replace(old, new)


def _nth(text: str, old: str, n: int, new: str) -> str:
    """Replace the ``n``-th (0-based) occurrence of ``old``."""
    at = -1
    for _ in range(n + 1):
        at = text.index(old, at + 1)
    return text[:at] + new + text[at + len(old) :]


FOUR_REGIONS = _block("      - id: four-regions\n", "        source: ua26-kremlin-four-regions\n")
NOT_AN_INCH = _block("      - id: not-an-inch\n", "        source: ua26-zelensky-not-an-inch\n")
NOT_AN_INCH_END = "        source: ua26-zelensky-not-an-inch\n"

FREEZE_RULE = "de_facto_acknowledged"
FREEZE_SAYS = (
    "Russia accepts a freeze on the current line, provided Ukraine acknowledges its "
    "control behind the line and renounces retaking it by force."
)
FREEZE_SOURCE = "ua26-ceasefire-line-20pct, ua26-judgement-variant-freeze"

DE_FACTO_RULE = (
    "recognised_russian == {} and "
    "((line_of_control > current_line or de_facto_acknowledged) implies guarantee >= article5_like)"
)
DE_FACTO_SAYS = (
    "Ukraine recognises no loss in law; it gives up ground or acknowledges the line de facto "
    "only in exchange for a guarantee at least Article-5-like."
)
DE_FACTO_SOURCE = (
    "ua26-zelensky-not-an-inch, ua26-kallas-unbreakable-guarantees, ua26-judgement-variant-de-facto"
)

REFERENDUM_RULE = (
    "recognised_russian == {} and line_of_control == current_line and guarantee >= article5_like"
)
REFERENDUM_SAYS = (
    "The deal passes a nationwide referendum: a majority accepts a freeze on the current line "
    "with guarantees and no recognition, and rejects giving up Donbas even for guarantees."
)
REFERENDUM_SOURCE = (
    "ua26-constitution-art73-referendum, ua26-kiis-dec2025-plans, ua26-kiis-jan2026-donbas, "
    "ua26-judgement-referendum-win-set"
)

NO_EU_CHANNEL_SAYS = "Moscow has no dealings with Kallas, so it takes no deal the EU brokers."
NO_EU_CHANNEL_SOURCE = "ua26-peskov-no-contact-kallas, ua26-judgement-eu-mediator"
MEDIATOR_SOURCE = "ua26-judgement-eu-mediator, ua26-worldbank-rdna5-costs"

FUND_SAYS = (
    "The EU commits a reconstruction fund for Ukraine as part of the deal (recovery needs of "
    "about $588bn over a decade, ua26-worldbank-rdna5-costs)."
)
BROKER_SAYS = "Who carries the deal to Moscow and brokers it."
MEDIATOR_ISSUES = f"""  reconstruction_fund:
    kind: boolean
    says: >-
{_fold(FUND_SAYS, indent=6)}  broker:
    kind: categorical
    options: [united_states, eu]
    says: {BROKER_SAYS}
"""

# utility entries the EU mediator adds, by party (position among the parties)
MEDIATOR_UTILITY = {
    0: (
        "ukraine",
        {"reconstruction_fund": {"weight": 0.1, "values": {"false": 0, "true": 1}}},
    ),
    2: (
        "united_states",
        {"reconstruction_fund": {"weight": 0.05, "values": {"false": 0, "true": 1}}},
    ),
    3: (
        "eu",
        {
            "reconstruction_fund": {"weight": 0.1, "values": {"false": 1, "true": 0.5}},
            "broker": {"weight": 0.05, "values": {"united_states": 0, "eu": 1}},
        },
    ),
}


def _utility_lines(entries: dict[str, Any]) -> str:
    lines = []
    for issue, spec in entries.items():
        values = ", ".join(
            f'"{k}": {v:g}' if k in ("true", "false") else f"{k}: {v:g}"
            for k, v in spec["values"].items()
        )
        lines += [
            f"      {issue}:\n",
            f"        weight: {spec['weight']:g}\n",
            f"        source: {MEDIATOR_SOURCE}\n",
            f"        values: {{{values}}}\n",
        ]
    return "".join(lines)


def _mediator_text(text: str) -> str:
    text = _apply(
        text,
        "    says: Western sanctions on Russia after the deal.\n",
        "    says: Western sanctions on Russia after the deal.\n" + MEDIATOR_ISSUES,
    )
    for n in sorted(MEDIATOR_UTILITY, reverse=True):
        _, entries = MEDIATOR_UTILITY[n]
        text = _nth(text, "    utility:\n", n, "    utility:\n" + _utility_lines(entries))
    text = re.sub(
        r"^( +)sanctions: (kept|eased|lifted)\n",
        r"\1sanctions: \2\n\1reconstruction_fund: false\n\1broker: united_states\n",
        text,
        flags=re.MULTILINE,
    )
    return _apply(
        text,
        "        source: ua26-putin-june2024-terms\n",
        "        source: ua26-putin-june2024-terms\n"
        "      - id: no-eu-channel\n"
        "        rule: broker != eu\n"
        f"        says: {NO_EU_CHANNEL_SAYS}\n"
        f"        source: {NO_EU_CHANNEL_SOURCE}\n",
    )


def _mediator_changes() -> dict[str, Any]:
    changes: dict[str, Any] = {
        "issues.reconstruction_fund": {"kind": "boolean", "says": FUND_SAYS},
        "issues.broker": {
            "kind": "categorical",
            "options": ["united_states", "eu"],
            "says": BROKER_SAYS,
        },
    }
    for _, (party, entries) in MEDIATOR_UTILITY.items():
        for issue, spec in entries.items():
            changes[f"parties.{party}.utility.{issue}"] = spec | {"source": MEDIATOR_SOURCE}
    return changes


VARIANTS = (
    Variant(
        file="ukraine_variant_russia_accepts_freeze.yaml",
        name="Ukraine land for peace, variant: Russia accepts a freeze",
        description=(
            "The flagship with one change: Russia drops its demand for all four oblasts "
            "(ua26-kremlin-four-regions) and accepts a freeze on the current line, the ceasefire "
            "the article's analysts describe (about a fifth of Ukraine lost de facto, nothing "
            "given up in law; ua26-ceasefire-line-20pct), provided Ukraine acknowledges Russia's "
            "control behind the line (ua26-judgement-variant-freeze). No claim reports Moscow "
            "accepting this; the variant asks what follows if it did. Every other red line, "
            "utility and war lottery is the flagship's."
        ),
        edits=(
            (
                FOUR_REGIONS,
                "      - id: accepts-freeze\n"
                f"        rule: {FREEZE_RULE}\n"
                "        says: >-\n"
                + _fold(FREEZE_SAYS, indent=10)
                + f"        source: {FREEZE_SOURCE}\n",
            ),
        ),
        changes={
            "parties.russia.red_lines.four-regions": {
                "id": "accepts-freeze",
                "rule": FREEZE_RULE,
                "says": FREEZE_SAYS,
                "source": FREEZE_SOURCE,
            }
        },
    ),
    Variant(
        file="ukraine_variant_de_facto_for_article5.yaml",
        name="Ukraine land for peace, variant: de facto loss for an Article-5-like guarantee",
        description=(
            "The flagship with one change: Ukraine's not-an-inch red line "
            "(ua26-zelensky-not-an-inch) is relaxed to the land-for-peace logic "
            "(ua26-land-for-peace-logic) in the form Kallas conditions it on "
            "(ua26-kallas-unbreakable-guarantees): no recognition in law of any loss, and any "
            "withdrawal or de facto acknowledgement only with a guarantee at least "
            "Article-5-like (ua26-judgement-variant-de-facto). Russia's four-regions demand "
            "(ua26-kremlin-four-regions) and every other number stay as in the flagship."
        ),
        edits=(
            (
                NOT_AN_INCH,
                "      - id: no-de-jure-loss\n"
                "        rule: >-\n"
                + _fold(DE_FACTO_RULE, indent=10)
                + "        says: >-\n"
                + _fold(DE_FACTO_SAYS, indent=10)
                + f"        source: {DE_FACTO_SOURCE}\n",
            ),
        ),
        changes={
            "parties.ukraine.red_lines.not-an-inch": {
                "id": "no-de-jure-loss",
                "rule": DE_FACTO_RULE,
                "says": DE_FACTO_SAYS,
                "source": DE_FACTO_SOURCE,
            }
        },
    ),
    Variant(
        file="ukraine_variant_referendum.yaml",
        name="Ukraine land for peace, variant: the deal must pass a referendum",
        description=(
            "The flagship as a two-level game (Putnam 1988): a deal Kyiv signs must also be "
            "ratified by a nationwide referendum, which Article 73 requires for any change of "
            "territory (ua26-constitution-art73-referendum). The referendum's win-set is taken "
            "from the KIIS polls: 72% would accept a freeze on the current line with guarantees "
            "and no recognition (ua26-kiis-dec2025-plans), 52% reject handing over Donbas even "
            "for guarantees (ua26-kiis-jan2026-donbas). The red line ukraine/referendum admits "
            "exactly the polled majority package: nothing recognised in law, the line where it "
            "is, and a guarantee at least Article-5-like, the level the flagship already uses "
            "for the polled freeze (ua26-judgement-referendum-win-set). Packages no poll shows a "
            "majority for are treated as failing. Everything else is the flagship's."
        ),
        edits=(
            (
                NOT_AN_INCH_END,
                NOT_AN_INCH_END + "      - id: referendum\n"
                "        rule: >-\n"
                + _fold(REFERENDUM_RULE, indent=10)
                + "        says: >-\n"
                + _fold(REFERENDUM_SAYS, indent=10)
                + "        source: >-\n"
                + _fold(REFERENDUM_SOURCE, indent=10),
            ),
        ),
        appended_red_lines={
            "ukraine": {
                "id": "referendum",
                "rule": REFERENDUM_RULE,
                "says": REFERENDUM_SAYS,
                "source": REFERENDUM_SOURCE,
            }
        },
    ),
    Variant(
        file="ukraine_variant_eu_mediator.yaml",
        name="Ukraine land for peace, variant: the EU as mediator",
        description=(
            "The flagship with the EU as an active mediator although Moscow says it has no "
            "dealings with Kallas (ua26-peskov-no-contact-kallas, unverified). Two issues are "
            "added (ua26-judgement-eu-mediator): an EU reconstruction fund for Ukraine, the "
            "side-payment the EU can offer (recovery needs of about $588bn, "
            "ua26-worldbank-rdna5-costs), valued by Ukraine and the US and at a cost by the EU; "
            "and who brokers the deal, the US or the EU, which the EU would rather do itself. "
            "Moscow's refusal of contact becomes the red line russia/no-eu-channel: no deal the "
            "EU brokers. Nothing of the war changes: every war ending has no fund and no "
            "broker's deal. Everything else is the flagship's."
        ),
        edits=(),
        changes=_mediator_changes(),
        appended_red_lines={
            "russia": {
                "id": "no-eu-channel",
                "rule": "broker != eu",
                "says": NO_EU_CHANNEL_SAYS,
                "source": NO_EU_CHANNEL_SOURCE,
            }
        },
        add_to_outcomes={"reconstruction_fund": False, "broker": "united_states"},
    ),
)

HEADER = """# Generated from ukraine_land_for_peace_2026.yaml by tools/gen_variants.py:
# edit the generator (or the flagship) and run it again, not this file. The
# comments below are the flagship's.
"""


def variant_text(variant: Variant, flagship: str) -> str:
    """The text of ``variant`` built from the flagship's text."""
    body = flagship[flagship.index("sources:\n") :]
    for old, new in variant.edits:
        body = _apply(body, old, new)
    if variant.file == "ukraine_variant_eu_mediator.yaml":
        body = _mediator_text(body)
    description = _fold(variant.description)
    return (
        f"{HEADER}negsim: 1\nname: {json.dumps(variant.name)}\ndescription: >-\n{description}{body}"
    )


def main() -> None:
    flagship = FLAGSHIP.read_text(encoding="utf-8")
    for variant in VARIANTS:
        path = ROOT / "scenarios" / variant.file
        path.write_text(variant_text(variant, flagship), encoding="utf-8")
        print(f"wrote scenarios/{variant.file}")


if __name__ == "__main__":
    main()
