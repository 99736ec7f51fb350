"""The Markdown report: its sections, tables and embedded figures."""

from __future__ import annotations

from negsim import report
from negsim.report import text as report_text


def test_markdown_sections_and_tables(flagship_run):
    text = report.markdown(flagship_run)
    for heading in ("## Verdict", "### Why", "## Proposals", "## Pairwise zones", "## Games"):
        assert heading in text
    # the pairwise table has one row per party, with "none" for empty pairs
    model = flagship_run.model
    counts = flagship_run.analysis.pairwise.counts
    for i, p in enumerate(model.parties):
        row = next(
            line
            for line in text.splitlines()
            if line.startswith(f"| {report_text.party_label(model, p)} |")
        )
        assert row.count("none") == int((counts[i] == 0).sum())
    for check in flagship_run.analysis.proposals:
        assert f"| {check.name} |" in text
    assert "![" not in text  # no figures given


def test_markdown_embeds_the_figures_it_is_given(minimal_run):
    specs = report.figure_specs(minimal_run)
    names = [s.name for s in specs]
    assert names[:2] == ["proposals", "pairwise_zones"]
    assert "utility_alpha_beta" in names
    assert "range_share" in names
    assert "game_proposals" in names
    text = report.markdown(minimal_run, [(s, f"{s.name}.png") for s in specs])
    for s in specs:
        assert f"]({s.name}.png)" in text


def test_markdown_lists_what_each_correction_opens(flagship_run):
    text = report.markdown(flagship_run)
    diagnosis = flagship_run.diagnosis
    assert (
        "| drop | no-deal value would have to fall | outcomes in the zone then | best deal |"
        in text
    )
    assert "#### The best deals each correction opens" in text
    for correction in diagnosis.corrections[:10]:
        for fall in correction.falls:
            assert f"{fall.party} accepts" in text or f"{fall.party}: " in text
    assert "Least concession:" in text
    assert "breaks russia/four-regions" in text
