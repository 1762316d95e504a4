"""The hearing brief: headline numbers from the comparisons, sources, assumptions, charts, offline."""

from __future__ import annotations

import html
import re
import subprocess

import inspectsim
from conftest import PYTHON, SMALL, assert_labels_do_not_overlap, package_env, run_cli

fmt = inspectsim.format_number


def page_text(page: str) -> str:
    """The brief's text as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


NUMBER = re.compile(r"[\u2212+-]?\d[\d,]*(?:\.\d+)?")


def significant_digits(number: str) -> int:
    """Digits a number as printed claims: '8,470' 3, '0.048' 2, '15' 2, '4,500' 2, '+0.6' 1."""
    digits = number.lstrip("+-\u2212").replace(",", "")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.rstrip("0")) or 1


def answer_items(page: str) -> list[str]:
    section = page[page.index("<h2>The answer</h2>"): page.index("<h2>The inspectorate today</h2>")]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_brief_headlines_are_rounded_with_percentages_and_always_name_forced_labour_and_the_wait(kazakhstan_brief):
    from inspectsim import brief

    items = answer_items(kazakhstan_brief["html"])
    assert items
    for label, comparison in zip(kazakhstan_brief["labels"], kazakhstan_brief["comparisons"]):
        chosen = brief.headline_items(comparison, label, by_relevance=2)  # two variants: two each
        mine = [item for item in items if item.startswith(label + ":")]
        assert mine == brief.headlines(comparison, label, 2)
        # Clear changes first, each its own bullet; what is not clear shares one last bullet.
        assert mine[:-1] == [h.sentence for h in chosen if h.clear] or mine == [h.sentence for h in chosen if h.clear]
        unclear = [h for h in chosen if not h.clear]
        if unclear:
            assert mine[-1].startswith(f"{label}: no clear change in ") and all(h.detail in mine[-1] for h in unclear)
        metrics = [h.metric for h in chosen]
        assert metrics[:2] == ["forced_labour.detections", "complaint_wait_days"]  # always, first
        for h in chosen:
            # A change is stated only when its CI excludes zero; otherwise it says so.
            assert h.clear == (h.ci_low > 0 or h.ci_high < 0)
            assert ("no clear change" in h.sentence or "no change" in h.sentence) == (not h.clear)
            if h.clear:
                assert (" rise " in h.sentence) == (h.difference > 0)
            else:
                assert h.metric in ("forced_labour.detections", "complaint_wait_days")
        for item in mine:
            for number in NUMBER.findall(item.split("(95% CI")[0]):
                assert significant_digits(number) <= 3, (number, item)
    text = page_text(kazakhstan_brief["html"])
    assert "948.8" not in text and "2.33" not in text


class _FakeComparison:
    """What headline_items reads from a Comparison: itertuples() and by_violation()."""

    def __init__(self, rows: list[tuple], violations: list[tuple]) -> None:
        import pandas as pd

        columns = ["metric", "base", "variant", "difference", "ci_low", "ci_high", "unit"]
        self.frame = pd.DataFrame(rows, columns=columns)
        self.violations = pd.DataFrame(violations, columns=["violation", *columns])

    def itertuples(self):
        return self.frame.itertuples()

    def by_violation(self):
        return self.violations


def test_headlines_leave_out_noise_and_tiny_changes_and_rank_the_rest_by_relative_change():
    from inspectsim import brief

    fake = _FakeComparison(
        [
            ("detections", 8474, 8495, 20.8, 11.1, 30.5, "violations/year"),  # +0.25%: clear but tiny
            ("inspections", 6992, 6987, -5.55, -10.8, -0.35, "visits/year"),  # tiny
            ("coverage", 0.02, 0.021, 0.001, -0.002, 0.004, "share/year"),  # noise: CI includes zero
            ("concealed", 32.9, 0.0, -32.9, -34.1, -31.6, "violations/year"),  # -100%
            ("prevalence", 0.70, 0.35, -0.35, -0.36, -0.34, "share"),  # -50%
            ("fines", 1952, 2100, 148, 140, 156, "fines/year"),  # +7.6%: fourth, left out
            ("complaints_blocked", 100, 160, 60, 55, 65, "complaints/year"),  # +60%
            ("complaint_wait_days", 15.2, 0.48, -14.72, -15.3, -14.1, "days"),  # always
        ],
        [("forced_labour", "detections", 11.0, 11.0, 0.0, -0.3756, 0.3756, "violations/year")],  # always, unclear
    )
    items = brief.headline_items(fake, "Unannounced")
    assert [h.metric for h in items] == ["forced_labour.detections", "complaint_wait_days", "concealed",
                                         "complaints_blocked", "prevalence"]
    sentences = [h.sentence for h in items]
    assert brief.headlines(fake, "Unannounced") == sentences[1:] + [
        "Unannounced: no clear change in forced-labour cases found (about 11 a year under both; 95% CI of the change "
        "\u22120.38 to +0.38): its interval includes zero."]
    assert sentences[0] == ("Unannounced: no clear change in forced-labour cases found (about 11 a year under both; "
                            "the 95% CI of the change, \u22120.38 to +0.38, includes zero).")
    assert sentences[1] == ("Unannounced: the wait from a complaint to the inspector's visit would fall from 15 to 0.48 "
                            "days (\u221297%; 95% CI of the change \u221215.3 to \u221214.1 days).")
    assert sentences[2] == ("Unannounced: violations hidden from inspectors at announced visits would fall from 33 to 0 "
                            "a year (\u2212100%; 95% CI of the change \u221234 to \u221232 a year).")
    assert sentences[4] == ("Unannounced: the share of firms with a violation at any time would fall from 70% to 35% "
                            "(95% CI of the change \u221236 to \u221234 percentage points).")


def test_numbers_are_rounded_to_what_the_interval_supports():
    from inspectsim import brief

    assert brief.round_change(4497, 4482, 4512) == ("+4,500", "+4,480", "+4,510")  # README's Uzbekistan figure
    assert brief.round_change(948.8, 935.5, 962.0) == ("+950", "+940", "+960")
    assert brief.round_change(2.33, 0.5847, 4.08) == ("+2.3", "+0.6", "+4.1")
    # A clear change never shows an end of its interval as 0.
    assert brief.round_change(-110.0, -205.0, -4.2) == ("\u2212110", "\u2212205", "\u22124")
    assert brief.round_significant(8474) == "8,470" and brief.round_significant(15.23) == "15"
    assert brief.round_significant(0.4821) == "0.48" and brief.round_significant(6_500_000) == "6,500,000"
    assert brief.percent_change(8474, 9420) == "+11%" and brief.percent_change(1000, 1004) == "+0.4%"
    assert brief.percent_change(0, 5) == ""
    assert brief.round_interval(1177.2, 1183.4) == ("1,177", "1,183")  # ends never alike
    assert brief.round_interval(6957.0, 7053.0) == ("6,960", "7,050")


def test_brief_states_question_policies_facts_and_assumptions(kazakhstan_brief):
    from inspectsim import brief

    text = page_text(kazakhstan_brief["html"])
    base = kazakhstan_brief["comparisons"][0].base_result.scenario
    assert "What would change in Kazakhstan with unannounced inspections or planned visits to small firms" in text
    for title in (base.title, *(c.variant_result.scenario.title for c in kazakhstan_brief["comparisons"])):
        assert title in text
    provenance = base.provenance()
    sourced = provenance[provenance.kind == "source"]
    assert len(sourced) > 5
    for row in sourced.itertuples():  # every sourced number with its full citation, printed
        assert row.key in text and " ".join(row.note.split()) in " ".join(text.split()), row.key
    assert "SolidarityCenter2023" in text  # sources are cited by docs/SOURCES.md key
    assumed = provenance[(provenance.kind == "assumption") & ~provenance.key.str.startswith("simulation.")]
    assert f"Appendix B. Assumptions ({len(assumed)})" in text
    flat = " ".join(text.split())
    for row in assumed.itertuples():  # every reason printed in full, not only on hover
        assert row.key in text and " ".join(row.note.split()) in flat, row.key
    assert "\u2026" not in text  # nothing cut short
    # The counts explained: validate also counts the simulation settings.
    settings = provenance[(provenance.kind == "assumption") & provenance.key.str.startswith("simulation.")]
    if len(settings):
        assert f"inspectsim validate counts {base.provenance_tally()['assumed']} assumptions" in text
    # The most important assumptions first, in words.
    section = text[text.index("The assumptions that matter most"):]
    first = brief.ranked_assumptions(provenance)[0]
    assert first.key.endswith("concealability")
    assert brief._capitalise(brief.key_words(first.key)) in text
    assert "Forced labour: probability it is hidden at a visit the entity was warned of = 0.8" in section
    # What each variant changes, with its source.
    assert "policy.notice = unannounced" in text and "ILO-C81, art. 12" in text
    # Replications and intervals in one plain sentence.
    assert f"Every number is the average of {base.replications} simulated runs" in text
    # Segment sums are labelled as resting on assumptions.
    assert re.search(r"Registered entities\s*280,000\s*assumption\s*sum over the segments; \d+ of \d+ "
                     r"figures assumed \(appendix B\)", text)
    # Staffing against the ILO benchmarks, from the run.
    summary = kazakhstan_brief["comparisons"][0].base_result.summary().set_index("metric")
    assert f"{int(summary.loc['workers_per_inspector', 'mean']):,}" in text
    assert " / ".join(f"{int(summary.loc[m, 'mean']):,}" for m in
                      ("ilo_inspectors_industrial", "ilo_inspectors_transition", "ilo_inspectors_developing")) in text


def test_brief_is_self_contained(kazakhstan_brief):
    page = kazakhstan_brief["html"]
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 3
    assert "<script" not in page and "<link" not in page and "<img" not in page and "@import" not in page
    assert not re.search(r"\bsrc=", page)
    assert all(ref.startswith("#") for ref in re.findall(r'href="([^"]*)"', page))
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", page))
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "SVG ids must be unique across the page"
    assert "@media print" in page and "@page" in page


def test_brief_charts_show_every_policy_and_violation_type(kazakhstan_brief):
    page = kazakhstan_brief["html"]
    assert "Workers per inspector" in page and "ILO" in page
    for label in kazakhstan_brief["labels"]:
        assert html.escape(label) in page
    for violation in kazakhstan_brief["comparisons"][0].base_result.scenario.violations:
        assert violation.replace("_", " ") in page or violation in page


def test_brief_command_reports_a_bad_scenario_like_the_command_line(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(open(SMALL).read().replace("days: 10", "days: -3"))
    output = tmp_path / "brief.html"
    done = subprocess.run([PYTHON, "-m", "inspectsim", "brief", SMALL, str(bad), "-o", str(output)],
                          capture_output=True, text=True, env=package_env())
    expected = run_cli(cli, "run", str(bad))
    assert done.returncode == expected.returncode == 2
    assert done.stderr == expected.stderr
    assert not output.exists()


def test_brief_from_the_python_api(tmp_path):
    from inspectsim import brief

    output = tmp_path / "small.html"
    text = brief.write_brief(output, SMALL, [inspectsim.load(SMALL, policy__notice="unannounced")],
                             labels=["Unannounced visits"], replications=3, years=1)
    assert output.read_text(encoding="utf-8") == text
    assert "Unannounced visits: " in html.unescape(text)
    assert [p.name for p in tmp_path.iterdir()] == ["small.html"]


def _policies(kazakhstan_brief):
    from inspectsim import brief

    comparisons = kazakhstan_brief["comparisons"]
    policies = [brief.Policy("Status quo", brief.COLOURS[0], comparisons[0].base_result)]
    for i, (label, c) in enumerate(zip(kazakhstan_brief["labels"], comparisons)):
        policies.append(brief.Policy(label, brief.COLOURS[i + 1], c.variant_result, c))
    return policies


def test_brief_charts_leave_room_above_every_line_and_band(kazakhstan_brief):
    """Nothing sits on a chart's frame: every line, band and interval ends inside its axes."""
    import numpy as np
    from inspectsim import brief

    policies = _policies(kazakhstan_brief)
    yearly = brief.yearly_figure(policies)
    for ax in yearly.axes:
        top = ax.get_ylim()[1]
        highest = max([float(np.nanmax(line.get_ydata())) for line in ax.lines]
                      + [float(np.nanmax(band.get_paths()[0].vertices[:, 1])) for band in ax.collections])
        assert highest <= top / 1.1, (ax.get_title("left"), highest, top)
        assert ax.get_ylim()[0] == 0
        for band in ax.collections:  # bands drawn opaque enough to see in print
            assert band.get_alpha() >= 0.2
    detected = brief.detected_share_figure(policies)
    panels = [ax for ax in detected.axes if ax.get_visible()]
    assert [ax.get_title("left") for ax in panels] == [v.replace("_", " ") for v in policies[0].result.scenario.violations]
    for ax in panels:  # each type on its own scale: its widest interval fills most of the axis
        right = ax.get_xlim()[1]
        ends = [float(seg[:, 0].max()) for c in ax.collections for seg in c.get_segments()]
        assert ends and max(ends) <= right and max(ends) >= right / 1.5, (ax.get_title("left"), ends, right)
    staffing = brief.staffing_figure(policies)
    ax = staffing.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "every policy compared"  # one bar for equal values, not three identical ones
    assert sum("ILO benchmark" in label for label in labels) == 3
    for figure in (yearly, detected, staffing):
        assert_labels_do_not_overlap(figure)


def test_brief_charts_of_long_labels_and_large_ratios_do_not_overlap():
    """Kyrgyzstan: 90,000 workers per inspector and long policy names (the scenarios' titles)."""
    from inspectsim import brief

    base = inspectsim.load("scenarios/kyrgyzstan/baseline.yaml")
    comparisons = [inspectsim.compare(base, inspectsim.load(v), replications=2, years=1)
                   for v in ("scenarios/kyrgyzstan/unannounced.yaml", "scenarios/kyrgyzstan/unannounced-no-exemption.yaml")]
    policies = [brief.Policy("Status quo", brief.COLOURS[0], comparisons[0].base_result)]
    for i, c in enumerate(comparisons):
        policies.append(brief.Policy(brief.default_label(c.variant_result.scenario), brief.COLOURS[i + 1],
                                     c.variant_result, c))
    for make in (brief.yearly_figure, brief.staffing_figure, brief.detected_share_figure):
        assert_labels_do_not_overlap(make(policies))
    detected = brief.detected_share_figure(policies)
    assert detected.legends[0]._ncols == 1  # long names stacked, not one wide row


def _study_tables(comparison, provenance):
    """Tables as `inspectsim sensitivity` and `inspectsim uncertainty` write them, with known values:
    the headline metrics' ranges, and a ranking of six of the scenario's assumptions."""
    import pandas as pd

    assumed = provenance[(provenance.kind == "assumption") & ~provenance.key.str.startswith("simulation.")
                         & provenance.value.str.fullmatch(r"[0-9.]+")]
    ranked = list(assumed.key[:6])[::-1]  # an order no judgement would give
    sensitivity = pd.DataFrame({
        "metric": "forced_labour.detections", "unit": "violations/year", "rank": range(1, 7), "input": ranked,
        "value": 1.0, "spread": ["ranged", "default"] * 3, "low": 0.5, "high": 1.5,
        "mu_star": [6.0, 5, 4, 3, 2, 1], "at_low": [-1.0, 0, 1, 2, 3, 4], "at_high": [11.0, 10, 9, 8, 7, 6],
    })
    uncertainty = pd.DataFrame({
        "metric": ["union_visits", "forced_labour.detections", "complaint_wait_days"],
        "unit": ["visits/year", "violations/year", "days"], "points": 64, "median": [950.0, 4.0, -14.0],
        "p05": [800.0, -2.0, -20.0], "p95": [1100.0, 9.0, -9.0], "sign_kept_share": [1.0, 0.8, 0.97],
    })
    return sensitivity, uncertainty, ranked


def test_brief_shows_the_answer_over_plausible_assumptions_a_tornado_and_the_five_that_decide_it(kazakhstan_brief):
    from inspectsim import brief

    comparison = kazakhstan_brief["comparisons"][0]
    provenance = comparison.base_result.scenario.provenance()
    sensitivity, uncertainty, ranked = _study_tables(comparison, provenance)
    page = brief.render_brief([comparison], labels=["Unannounced inspections"], sensitivity=sensitivity,
                              uncertainty=uncertainty)
    text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", page, flags=re.S)))
    section = text[text.index("Over plausible assumptions"):text.index("Appendix A")]
    # The range of each headline the uncertainty table has (forced labour and the wait are always
    # headlines), with how often its sign holds; outcomes that are not headlines are left out.
    assert ("Forced-labour cases found: between -2.0 and +9.0 violations/year in 90% of plausible worlds (median "
            "+4.0); a rise in 80% of them, so its direction depends on the assumptions.") in section
    assert ("The wait from a complaint to the inspector's visit: between -20 and -9.0 days in 90% of plausible worlds "
            "(median -14); a fall in 97% of them.") in section
    assert "+950" not in section
    # The tornado, drawn for the first headline the sensitivity table has.
    assert 'aria-label="Tornado: change in forced-labour cases found under Unannounced inspections"' in page
    # The five that decide it, in the screening's order, in words, with reasons and ranges: printed, not hover-only.
    decided = section[section.index("assumptions that decide it"):]
    notes = provenance.set_index("key").note
    positions = [decided.index(f"({key})") for key in ranked[:5]]
    assert positions == sorted(positions)
    assert ranked[5] not in decided
    for key in ranked[:5]:
        assert str(notes[key])[1:40] in decided  # capitalised
    assert "plausibly 0.50 to 1.5 (default range)" in decided
    assert "At the low end the change is -1.0, at the high end +11." in decided
    # Page 2 says its own list is a judgement and points here.
    assert "page 3 ranks them by their measured effect" in text


def test_brief_refuses_a_table_of_another_command_before_running(tmp_path, kazakhstan_brief):
    from inspectsim import brief

    comparison = kazakhstan_brief["comparisons"][0]
    sensitivity, uncertainty, _ = _study_tables(comparison, comparison.base_result.scenario.provenance())
    wrong = tmp_path / "uncertainty.csv"
    uncertainty.to_csv(wrong, index=False)
    try:
        brief.render_brief([comparison], sensitivity=str(wrong))
        raise AssertionError("no ValueError")
    except ValueError as e:
        assert str(wrong) in str(e) and "inspectsim sensitivity --format csv" in str(e) and "mu_star" in str(e)
    output = tmp_path / "brief.html"
    done = subprocess.run([PYTHON, "-m", "inspectsim", "brief", SMALL, SMALL, "--sensitivity", str(wrong), "-r", "1000",
                           "-o", str(output)], capture_output=True, text=True, env=package_env(), timeout=60)
    assert done.returncode == 2, done.stderr
    assert "missing the column(s)" in done.stderr
    assert not output.exists()
