"""The hearing brief: headline numbers from the comparisons, sources, assumptions, charts, offline."""

from __future__ import annotations

import html
import re
import subprocess

import inspectsim
from conftest import PYTHON, SMALL, package_env, run_cli

fmt = inspectsim.format_number


def page_text(page: str) -> str:
    """The brief's text as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def expected_sentence(label: str, row, more: str, less: str) -> str:
    """What the brief must say for one metric, worked out here from the comparison's numbers."""
    d, lo, hi = row.difference, row.ci_low, row.ci_high
    if lo > 0:
        return f"{label} would {more.format(x=fmt(d))} (95% CI {fmt(lo)} to {fmt(hi)})"
    if hi < 0:
        return f"{label} would {less.format(x=fmt(-d))} (95% CI {fmt(-hi)} to {fmt(-lo)})"
    return f"({fmt(d)} a year, 95% CI {fmt(lo)} to {fmt(hi)})"


def test_brief_states_the_headline_numbers(kazakhstan_brief):
    text = page_text(kazakhstan_brief["html"])
    for label, comparison in zip(kazakhstan_brief["labels"], kazakhstan_brief["comparisons"]):
        table = comparison.set_index("metric")
        detections = expected_sentence(label, table.loc["detections"], "detect {x} more violations a year",
                                       "detect {x} fewer violations a year")
        assert detections in text, detections
        exposure = expected_sentence(label, table.loc["worker_exposure"],
                                     "add {x} worker-years of exposure to violations a year",
                                     "cut workers' exposure to violations by {x} worker-years a year")
        assert exposure in text, exposure
    # Unannounced visits hide nothing; the brief says so when the CI of the difference excludes zero.
    concealed = kazakhstan_brief["comparisons"][0].set_index("metric").loc["concealed"]
    assert concealed.variant == 0 and concealed.base > 0
    sentence = (f"Unannounced inspections would leave {fmt(-concealed.difference)} fewer violations a year hidden from "
                f"inspectors at announced visits (95% CI {fmt(-concealed.ci_high)} to {fmt(-concealed.ci_low)})")
    assert (sentence in text) == (concealed.ci_high < 0), sentence


def test_brief_states_question_policies_facts_and_assumptions(kazakhstan_brief):
    text = page_text(kazakhstan_brief["html"])
    base = kazakhstan_brief["comparisons"][0].base_result.scenario
    assert "What would change in Kazakhstan with unannounced inspections or planned visits to small firms" in text
    for title in (base.title, *(c.variant_result.scenario.title for c in kazakhstan_brief["comparisons"])):
        assert title in text
    provenance = base.provenance()
    sourced = provenance[provenance.kind == "source"]
    assert len(sourced) > 5
    for key in sourced.key:
        assert f"{key} = " in text
    assert "SolidarityCenter2023" in text  # sources are cited by docs/SOURCES.md key
    assumed = provenance[(provenance.kind == "assumption") & ~provenance.key.str.startswith("simulation.")]
    assert f"Assumptions ({len(assumed)} numbers" in text
    assert "complaints.awareness" in text and "segments.trade-micro" in text
    # What each variant changes, with its source.
    assert "policy.notice = unannounced" in text and "ILO-C81, art. 12" in text
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
    assert "Unannounced visits would" in html.unescape(text)
    assert [p.name for p in tmp_path.iterdir()] == ["small.html"]
