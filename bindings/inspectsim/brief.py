"""The hearing brief: two printable pages that answer one question with numbers and sources.

A self-contained HTML page (no scripts, no fonts or images from outside: charts are inline
SVG made with matplotlib) that states the question, the policies compared and what each
changes, the headline differences in plain words with their 95% confidence intervals, the
country's facts with their sources, the assumptions marked as such, and three charts: the
main metrics per year for each policy, workers per inspector against the ILO benchmarks, and
the detected share by violation type.

    >>> from inspectsim import brief
    >>> brief.write_brief("brief.html", "scenarios/kazakhstan/baseline.yaml",
    ...                   ["scenarios/kazakhstan/unannounced.yaml"],
    ...                   labels=["Unannounced inspections"])

Every number comes from :func:`inspectsim.compare` (one comparison per variant, each on
common random numbers with the base) and is printed with :func:`inspectsim.format_number`,
as the command line prints it.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

from . import _core, api
from ._core import __version__
from .api import Comparison, PathLike, ProgressCallback, Scenario, format_number

# ILO benchmarks (GB.297/ESP/3, 2006): workers per inspector, and the metric for each.
ILO_BENCHMARKS = [
    (10_000, "industrial market economies", "ilo_inspectors_industrial", "industrial"),
    (20_000, "transition economies", "ilo_inspectors_transition", "transition"),
    (40_000, "less developed economies", "ilo_inspectors_developing", "developing"),
]

# Base first, then variants: grey, then the Okabe-Ito colours (readable in colour-blindness
# and distinguishable in greyscale print).
COLOURS = ["#555555", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]

# The metrics per year charted, with a readable title and a scale (share -> percent).
YEARLY_CHARTS = [
    ("detections", "Violations found", 1.0),
    ("worker_exposure", "Worker-years exposed", 1.0),
    ("concealed", "Hidden at announced visits", 1.0),
    ("coverage", "Entities visited (%)", 100.0),
]

# The key numbers table on page 2: (metric, name, scale, suffix).
KEY_NUMBERS = [
    ("inspections", "Inspections", 1, ""),
    ("coverage", "Entities visited", 100, "%"),
    ("detections", "Violations found", 1, ""),
    ("detected_share", "Episodes found", 100, "%"),
    ("concealed", "Hidden at visits", 1, ""),
    ("worker_exposure", "Worker-years exposed", 1, ""),
    ("complaint_wait_days", "Days to a complaint visit", 1, ""),
]


@dataclass(frozen=True)
class Policy:
    """One policy in the brief: its label and, for a variant, its comparison with the base."""

    label: str
    colour: str
    result: api.Result
    comparison: Optional[Comparison] = None


# --- words -----------------------------------------------------------------------------------


def _strip_country(title: str, country: str) -> str:
    """'Kazakhstan, every visit unannounced' -> 'every visit unannounced'."""
    for prefix in (f"{country}, ", f"{country}: ", f"{country} - "):
        if country and title.startswith(prefix):
            return title[len(prefix):]
    return title


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-cases the first letter unless the first word is an acronym ('ILO staffing')."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def default_label(scenario: Scenario) -> str:
    """A policy's label from its scenario title, without the country: 'Every visit unannounced'."""
    return _capitalise(_strip_country(scenario.title or scenario.name, scenario.country))


def _join_or(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def default_question(base: Scenario, labels: Sequence[str]) -> str:
    """'What would change in Kazakhstan with unannounced inspections, compared with the status quo?'"""
    where = f" in {base.country}" if base.country else ""
    changes = _join_or([_lower_first(label) for label in labels])
    return (
        f"What would change{where} with {changes}, compared with the rules in force today, with the same "
        f"inspectorate and the same firms?"
    )


# (metric, what it is, phrase for more, phrase for less, unit words, always shown)
_HEADLINES = [
    ("detections", "the violations detected", "detect {x} more violations a year", "detect {x} fewer violations a year", True),
    (
        "worker_exposure",
        "workers' exposure to violations",
        "add {x} worker-years of exposure to violations a year",
        "cut workers' exposure to violations by {x} worker-years a year",
        True,
    ),
    (
        "concealed",
        "the violations hidden from inspectors",
        "leave {x} more violations a year hidden from inspectors at announced visits",
        "leave {x} fewer violations a year hidden from inspectors at announced visits",
        False,
    ),
    ("inspections", "the number of inspections", "mean {x} more inspections a year", "mean {x} fewer inspections a year", False),
]


def headlines(comparison: Comparison, subject: str) -> list[str]:
    """The headline differences in plain words, each with its 95% CI, e.g.
    'Unannounced inspections would detect 1,240 more violations a year (95% CI 1,100 to 1,380),
    9,995 instead of 8,755.'

    A difference whose CI excludes zero is stated with its direction; one whose CI includes
    zero is reported as no clear difference. Metrics other than detections and exposure are
    left out when they are zero in both policies (concealment) or not clearly changed
    (inspections)."""
    table = comparison.set_index("metric")
    sentences = []
    for metric, what, more, less, always in _HEADLINES:
        if metric not in table.index:
            continue
        row = table.loc[metric]
        d, lo, hi = float(row["difference"]), float(row["ci_low"]), float(row["ci_high"])
        b, v = float(row["base"]), float(row["variant"])
        clear = lo > 0 or hi < 0
        if not always and (not clear or (b == 0 and v == 0)):
            continue
        context = f", {format_number(v)} instead of {format_number(b)}"
        if clear and d > 0:
            text = f"{subject} would {more.format(x=format_number(d))} (95% CI {format_number(lo)} to {format_number(hi)}){context}."
        elif clear:
            text = f"{subject} would {less.format(x=format_number(-d))} (95% CI {format_number(-hi)} to {format_number(-lo)}){context}."
        else:
            text = (
                f"{subject} would make no clear difference to {what} ({format_number(d)} a year, "
                f"95% CI {format_number(lo)} to {format_number(hi)})."
            )
        sentences.append(text)
    return sentences


# --- charts ----------------------------------------------------------------------------------


def _svg(fig: Any, chart_id: str, label: str) -> str:
    """A matplotlib figure as inline SVG with ids unique to this chart (several SVGs share one page)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.02)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{chart_id}-{m.group(1)})", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    # Size from CSS; keep the aspect ratio from the viewBox.
    svg = re.sub(r'(<svg[^>]*?) width="[^"]+" height="[^"]+"', r"\1", svg, count=1)
    return svg


def _figure(width_mm: float, height_mm: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_mm / 25.4, height_mm / 25.4))


def _style(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="both", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)


def _tick(value: float, _pos: Any = None) -> str:
    """Axis ticks: grouped thousands, no trailing zeros."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def count(value: float) -> str:
    """A count as people write it: 250, 280,000; other numbers as the reports print them."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else format_number(value)


def yearly_chart(policies: Sequence[Policy]) -> str:
    """The main metrics per measured year, one line (with its 95% CI band) per policy."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = _figure(186, 42)
    axes = fig.subplots(1, len(YEARLY_CHARTS))
    for ax, (metric, title, scale) in zip(axes, YEARLY_CHARTS):
        for policy in policies:
            frame = policy.result.yearly()
            frame = frame[frame.metric == metric]
            years = frame.year.to_numpy()
            ax.plot(years, frame["mean"] * scale, marker="o", markersize=2.5, linewidth=1.2, color=policy.colour, label=policy.label)
            ax.fill_between(years, frame.ci_low * scale, frame.ci_high * scale, color=policy.colour, alpha=0.15, linewidth=0)
        ax.set_title(title, fontsize=7, loc="left")
        ax.set_xlabel("measured year", fontsize=6.5)
        if len(years) <= 10:
            ax.set_xticks(list(years))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
        ax.yaxis.set_major_formatter(FuncFormatter(_tick))
        ax.tick_params(labelsize=6.5)
        ax.set_ylim(bottom=0)
        _style(ax)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), fontsize=6.5, frameon=False, bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.08, 1, 1), w_pad=0.8)
    return _svg(fig, "yearly", "Metrics per measured year for each policy, with 95% confidence bands")


def staffing_chart(policies: Sequence[Policy]) -> str:
    """Workers per inspector for each policy against the ILO benchmarks."""
    from matplotlib.ticker import FuncFormatter

    fig = _figure(88, 30 + 7 * len(policies))
    ax = fig.subplots()
    values = []
    for i, policy in enumerate(policies):
        summary = policy.result.summary().set_index("metric")
        value = float(summary.loc["workers_per_inspector", "mean"])
        if not math.isfinite(value):  # no inspectors: no ratio to draw
            ax.text(0, i, " no inspectors", va="center", fontsize=6.5)
            continue
        values.append(value)
        ax.barh(i, value, color=policy.colour, height=0.6)
        ax.text(value, i, f" {format_number(value)}", va="center", fontsize=6.5)
    top = max(values + [b for b, _, _, _ in ILO_BENCHMARKS]) * 1.25
    for benchmark, _, _, short in ILO_BENCHMARKS:
        ax.axvline(benchmark, color="#222222", linestyle=(0, (3, 2)), linewidth=0.8)
        ax.text(benchmark, -0.6, f"ILO 1:{benchmark // 1000}k\n{short}", fontsize=5.5, ha="center", va="bottom")
    ax.set_yticks(range(len(policies)))
    ax.set_yticklabels([_wrap(p.label, 22) for p in policies], fontsize=6.5)
    ax.set_xlim(0, top)
    ax.set_ylim(len(policies) - 0.5, -1.45)
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    ax.tick_params(axis="x", labelsize=6.5)
    ax.set_xlabel("workers per inspector (fewer is better)", fontsize=6.5)
    _style(ax)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return _svg(fig, "staffing", "Workers per inspector for each policy against the ILO benchmarks of 10,000, 20,000 and 40,000")


def detected_share_chart(policies: Sequence[Policy]) -> str:
    """Share of violation episodes detected, by violation type and policy, with 95% CIs."""
    fig = _figure(92, 44)
    ax = fig.subplots()
    types = policies[0].result.scenario.violations
    height = 0.8 / len(policies)
    for j, policy in enumerate(policies):
        frame = policy.result.by_violation()
        frame = frame[frame.metric == "detected_share"].set_index("violation").reindex(types)
        mean = frame["mean"].to_numpy() * 100
        error = [mean - frame.ci_low.to_numpy() * 100, frame.ci_high.to_numpy() * 100 - mean]
        positions = [i - 0.4 + height * (j + 0.5) for i in range(len(types))]
        ax.barh(positions, mean, height=height * 0.9, color=policy.colour, label=policy.label, xerr=error,
                error_kw={"elinewidth": 0.6, "capsize": 1.2, "ecolor": "#222222"})
    ax.set_yticks(range(len(types)))
    ax.set_yticklabels([t.replace("_", " ") for t in types], fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlabel("share of violation episodes found by an inspector (%)", fontsize=6.5)
    ax.tick_params(axis="x", labelsize=6.5)
    ax.set_xlim(left=0)
    _style(ax)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return _svg(fig, "detected", "Share of violation episodes detected, by violation type and policy, with 95% confidence intervals")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# --- page ------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.32;
       color: #111; margin: 0; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 11mm 12mm;
        box-shadow: 0 1px 4px rgba(0,0,0,.25); }
h1 { font-size: 15pt; margin: 0 0 1mm; line-height: 1.15; }
h2 { font-size: 10pt; margin: 3.2mm 0 1.2mm; border-bottom: 0.4pt solid #999; padding-bottom: 0.6mm; }
p { margin: 0 0 1.5mm; }
.sub { color: #444; font-size: 7.8pt; margin-bottom: 2mm; }
.question { font-size: 11pt; font-weight: bold; background: #f1f4f8; border-left: 3pt solid #0072B2;
            padding: 2mm 3mm; margin: 2mm 0; }
ul.headlines { margin: 0; padding-left: 4.5mm; }
ul.headlines li { margin-bottom: 1.1mm; font-size: 9.2pt; }
.policy { display: inline-block; width: 2.6mm; height: 2.6mm; margin-right: 1.2mm; vertical-align: -0.2mm; }
table { border-collapse: collapse; width: 100%; font-size: 7.4pt; }
th, td { text-align: left; vertical-align: top; padding: 0.5mm 1.2mm; border-bottom: 0.3pt solid #ccc; }
th { font-weight: bold; border-bottom: 0.6pt solid #666; }
td.num, th.num { text-align: right; white-space: nowrap; }
.tag { display: inline-block; font-size: 6.2pt; font-weight: bold; padding: 0 1mm; border-radius: 1mm;
       text-transform: uppercase; letter-spacing: 0.02em; white-space: nowrap; }
.source { background: #d9efe3; color: #0b5a2e; }
.assumption { background: #fbe8c8; color: #7a4a00; }
.unannotated { background: #e4e4e4; color: #444; }
.two { display: flex; gap: 5mm; align-items: flex-start; }
.two > * { flex: 1 1 0; min-width: 0; }
.two > .wide { flex: 1.3 1 0; }
figure { margin: 1mm 0 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 7pt; color: #444; margin-top: 0.5mm; }
.assumptions { columns: 3; column-gap: 4mm; font-size: 6.1pt; line-height: 1.2; }
.assumptions div { break-inside: avoid; margin-bottom: 0.5mm; padding-left: 1.2mm; border-left: 1.2pt solid #f0c070; }
.sources { columns: 2; column-gap: 5mm; font-size: 6.6pt; line-height: 1.25; }
.sources div { break-inside: avoid; margin-bottom: 0.6mm; padding-left: 1.2mm; border-left: 1.2pt solid #7cc49a; }
table.key th { font-size: 6.8pt; white-space: normal; vertical-align: bottom; }
table.key td:first-child { white-space: nowrap; }
table.facts td:first-child { width: 30%; }
h2 .tag { vertical-align: 0.4mm; margin-left: 1mm; }
code { font-size: 0.95em; }
.note { color: #444; }
.small { font-size: 7pt; color: #444; }
/* Three or more variants: more headlines, smaller type, still two pages. */
body.dense { font-size: 8pt; }
body.dense ul.headlines li { font-size: 8.2pt; margin-bottom: 0.5mm; }
body.dense .question { font-size: 10pt; padding: 1.5mm 3mm; }
body.dense h2 { margin-top: 2.4mm; }
footer { font-size: 6.8pt; color: #555; margin-top: 2.5mm; border-top: 0.3pt solid #bbb; padding-top: 1mm; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; break-after: page; }
  .page:last-child { break-after: auto; }
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _tag(kind: str) -> str:
    return f'<span class="tag {_e(kind)}">{_e(kind)}</span>'


def _swatch(colour: str) -> str:
    return f'<span class="policy" style="background:{colour}"></span>'


def _changes(base: Scenario, variant: Scenario) -> list[tuple[str, str, str, str]]:
    """(key, value, kind, note) of the numbers the variant sets differently from the base."""
    before = {row.key: row.value for row in base.provenance().itertuples()}
    out = []
    for row in variant.provenance().itertuples():
        if row.key.startswith("simulation."):
            continue
        if before.get(row.key) != row.value:
            out.append((row.key, row.value, row.kind, row.note))
    return out


def _group_assumptions(provenance: Any) -> list[tuple[str, str, str]]:
    """Assumptions as (heading, 'key value, ...', reasons): one entry per named item of a list
    (segment, violation type, size class, region), one per other key."""
    groups: dict[str, list[tuple[str, str, str]]] = {}
    order: list[str] = []
    for row in provenance.itertuples():
        if row.kind != "assumption" or row.key.startswith("simulation."):
            continue
        parts = row.key.split(".")
        if parts[0] in ("segments", "violations", "size_classes", "regions") and len(parts) > 2:
            head, rest = ".".join(parts[:2]), ".".join(parts[2:])
        else:
            head, rest = row.key, ""
        if head not in groups:
            groups[head] = []
            order.append(head)
        groups[head].append((rest, row.value, row.note))
    out = []
    for head in order:
        items = groups[head]
        if len(items) == 1 and not items[0][0]:
            _, value, note = items[0]
            out.append((head, value, note))
        else:
            values = ", ".join(f"{rest} {value}" for rest, value, _ in items)
            notes = "; ".join(f"{rest}: {note}" for rest, _, note in items)
            out.append((head, values, notes))
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _facts_rows(base: Scenario, summary: Any, provenance: Any) -> list[tuple[str, str, str]]:
    """(fact, value, HTML of where it comes from) for 'The inspectorate today'."""
    by_key = provenance.set_index("key")
    kind = by_key.kind.get("inspectorate.inspectors", "unannotated")
    note = by_key.note.get("inspectorate.inspectors", "")

    def mean(metric: str) -> float:
        return float(summary.loc[metric, "mean"])

    def interval(metric: str, scale: float = 1.0, suffix: str = "") -> str:
        lo, hi = float(summary.loc[metric, "ci_low"]) * scale, float(summary.loc[metric, "ci_high"]) * scale
        return f"simulated; 95% CI {format_number(lo)}{suffix} to {format_number(hi)}{suffix}"

    segments = "sum over the scenario's segments (sector and size class)"
    rows = [
        ("Labour inspectors", count(base.inspectors), f"{_tag(kind)} {_e(_short(note, 120))}"),
        ("Registered entities", count(base.entities), _e(segments)),
        ("Workers in them", count(base.workers), _e(segments)),
        ("Workers per inspector", count(mean("workers_per_inspector")),
         _e("ILO benchmarks: 10,000 (industrial), 20,000 (transition), 40,000 (less developed economies)")),
        ("Inspectors the ILO benchmarks call for",
         " / ".join(count(mean(metric)) for _, _, metric, _ in ILO_BENCHMARKS),
         _e("at 1 per 10,000 / 20,000 / 40,000 workers (ILO GB.297/ESP/3, 2006)")),
        ("Inspections a year", format_number(mean("inspections")), _e(interval("inspections"))),
        ("Violations found a year", format_number(mean("detections")),
         _e(f"{format_number(mean('detected_share') * 100)}% of violation episodes; " + interval("detections"))),
        ("Entities visited a year", f"{format_number(mean('coverage') * 100)}%",
         _e(f"one visit every {format_number(mean('inspection_cycle_years'))} years on average")),
    ]
    return rows


def render_brief(
    comparisons: Sequence[Comparison],
    labels: Optional[Sequence[Optional[str]]] = None,
    question: Optional[str] = None,
    base_label: Optional[str] = None,
    command: Optional[str] = None,
) -> str:
    """The brief's HTML for comparisons already run: each of the same base with one variant
    (the same scenario, seed, replications and years; see :func:`make_brief`)."""
    if not comparisons:
        raise ValueError("a brief needs at least one variant")
    base_result = comparisons[0].base_result
    base = base_result.scenario
    labels = list(labels or [])
    labels += [None] * (len(comparisons) - len(labels))
    variant_labels = [label or default_label(c.variant_result.scenario) for c, label in zip(comparisons, labels)]
    base_name = base_label or ("Status quo" if "status quo" in (base.title or "").lower() else default_label(base))
    policies = [Policy(base_name, COLOURS[0], base_result)]
    for i, (c, label) in enumerate(zip(comparisons, variant_labels)):
        policies.append(Policy(label, COLOURS[(i + 1) % len(COLOURS)], c.variant_result, c))

    question = question or default_question(base, variant_labels)
    summary = base_result.summary().set_index("metric")
    provenance = base.provenance()
    sourced = provenance[provenance.kind == "source"]
    assumed = provenance[(provenance.kind == "assumption") & ~provenance.key.str.startswith("simulation.")]
    bare = provenance[(provenance.kind == "unannotated") & ~provenance.key.str.startswith("simulation.")]
    country = base.country or base.name
    years = f"{base.years} measured year{'s' if base.years != 1 else ''}"
    warmup = (f"after {base.warmup_years} warm-up year{'s' if base.warmup_years != 1 else ''}" if base.warmup_years
              else "no warm-up")

    out: list[str] = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{_e(country)}: hearing brief - {_e(', '.join(variant_labels))}</title>\n")
    body = '<body class="dense">' if len(comparisons) > 2 else "<body>"
    w(f"<style>{_CSS}</style>\n</head>\n{body}\n")

    # Page 1: the question, the policies, the answer, the inspectorate today.
    w('<section class="page">\n')
    w(f"<h1>{_e(country)}: what would change for workers?</h1>\n")
    w(f'<p class="sub">Hearing brief from inspectsim {_e(__version__)} simulations: {base.replications} replications '
      f"of {years} ({warmup}), seed {base.seed}; every policy on the same random numbers, "
      "differences paired, 95% confidence intervals.</p>\n")
    w(f'<p class="question">{_e(question)}</p>\n')

    w('<h2>The policies compared</h2>\n<table class="policies">\n')
    w(f"<tr><td>{_swatch(policies[0].colour)}<b>{_e(base_name)}</b></td><td>{_e(base.title)} "
      f'<span class="small">({_e(base.file)})</span></td></tr>\n')
    for policy in policies[1:]:
        scenario = policy.result.scenario
        items = "; ".join(
            f"<code>{_e(key)}</code> = {_e(value)} {_tag(kind)} <span class=\"note\">{_e(_short(note, 130))}</span>"
            for key, value, kind, note in _changes(base, scenario)
        ) or "no number differs from the base"
        w(f"<tr><td>{_swatch(policy.colour)}<b>{_e(policy.label)}</b></td><td>{_e(scenario.title)} "
          f'<span class="small">({_e(scenario.file)})</span><br><span class="small">Changes {items}</span></td></tr>\n')
    w("</table>\n")

    w('<h2>The answer</h2>\n<ul class="headlines">\n')
    for policy in policies[1:]:
        assert policy.comparison is not None
        for sentence in headlines(policy.comparison, policy.label):
            w(f"<li>{_swatch(policy.colour)}{_e(sentence)}</li>\n")
    w("</ul>\n")
    w('<p class="small">Yearly figures are means over the measured years. A difference is given a direction only when '
      "its 95% confidence interval, paired on common random numbers, excludes zero.</p>\n")

    w('<h2>The inspectorate today</h2>\n<div class="two">\n<div class="wide">\n<table class="facts">\n')
    w('<tr><th>fact</th><th class="num">value</th><th>where it comes from</th></tr>\n')
    for name, value, note in _facts_rows(base, summary, provenance):
        w(f'<tr><td>{_e(name)}</td><td class="num">{_e(value)}</td><td class="small">{note}</td></tr>\n')
    w("</table>\n</div>\n")
    w(f"<figure>{staffing_chart(policies)}<figcaption>Workers per inspector under each policy; dashed lines: the ILO "
      "benchmarks of 1 inspector per 10,000, 20,000 and 40,000 workers.</figcaption></figure>\n")
    w("</div>\n")
    if base.description.strip():
        w(f'<p class="small"><b>The scenario.</b> {_e(base.description.strip())}</p>\n')
    w("</section>\n")

    # Page 2: the charts, the key numbers, and where every number comes from.
    w('<section class="page">\n<h2>Year by year <span class="small">(means with 95% confidence bands)</span></h2>\n')
    w(f"<figure>{yearly_chart(policies)}</figure>\n")
    w('<div class="two">\n')
    w(f"<figure>{detected_share_chart(policies)}<figcaption>Share of violation episodes an inspector found, by type, "
      "with 95% confidence intervals.</figcaption></figure>\n")
    w('<div>\n<table class="key">\n<tr><th>a year</th>')
    for policy in policies:
        w(f'<th class="num">{_swatch(policy.colour)}{_e(policy.label)}</th>')
    w("</tr>\n")
    summaries = [policy.result.summary().set_index("metric") for policy in policies]
    for metric, name, scale, suffix in KEY_NUMBERS:
        w(f"<tr><td>{_e(name)}</td>")
        for table in summaries:
            w(f'<td class="num">{_e(format_number(float(table.loc[metric, "mean"]) * scale))}{suffix}</td>')
        w("</tr>\n")
    w("</table>\n</div>\n</div>\n")

    w(f"<h2>Facts from published sources ({len(sourced)} numbers) {_tag('source')}</h2>\n<div class=\"sources\">\n")
    for row in sourced.itertuples():
        w(f'<div title="{_e(row.note)}"><b>{_e(row.key)}</b> = {_e(row.value)}: '
          f'<span class="note">{_e(_short(row.note, 160))}</span></div>\n')
    w("</div>\n")
    w(f"<h2>Assumptions ({len(assumed)} numbers: the authors' judgement, to vary before quoting) "
      f"{_tag('assumption')}</h2>\n<div class=\"assumptions\">\n")
    for head, values, note in _group_assumptions(provenance):
        w(f'<div title="{_e(note)}"><b>{_e(head)}</b> {_e(_short(values, 120))}</div>\n')
    w("</div>\n")
    if len(bare):
        w(f'<p class="small">{_tag("unannotated")} {len(bare)} number(s) carry neither a source nor a reason: '
          f'{_e(", ".join(bare.key))}.</p>\n')
    w(f'<p class="small">The reason for each assumption is in {_e(base.file)} (on screen, hover over an item). '
      "Vary assumptions (<code>--set KEY=VALUE</code>) before quoting the numbers that depend on them.</p>\n")
    footer = f"Made with inspectsim {_e(__version__)}"
    if command:
        footer += f": <code>{_e(command)}</code>"
    w(f"<footer>{footer}</footer>\n")
    w("</section>\n</body>\n</html>\n")
    return "".join(out)


def make_brief(
    base: Union[Scenario, PathLike],
    variants: Sequence[Union[Scenario, PathLike]],
    labels: Optional[Sequence[Optional[str]]] = None,
    question: Optional[str] = None,
    base_label: Optional[str] = None,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
    command: Optional[str] = None,
) -> str:
    """Runs one comparison per variant (each with the base, on common random numbers) and
    returns the brief's HTML. ``replications``, ``seed`` and ``years`` apply to every
    scenario, as in :func:`inspectsim.compare`; ``progress(done, total)`` counts the
    replications of all comparisons together."""
    if not variants:
        raise ValueError("a brief needs at least one variant")
    comparisons = []
    done_before = 0
    for variant in variants:
        def step(done: int, total: int, offset: int = done_before) -> None:
            if progress is not None:
                progress(offset + done, total * len(variants))

        comparison = api.compare(base, variant, replications=replications, seed=seed, years=years, threads=threads,
                                 progress=step)
        done_before += 2 * comparison.base_result.scenario.replications
        comparisons.append(comparison)
    return render_brief(comparisons, labels=labels, question=question, base_label=base_label, command=command)


def write_brief(path: PathLike, base: Union[Scenario, PathLike], variants: Sequence[Union[Scenario, PathLike]],
                **kwargs: Any) -> str:
    """:func:`make_brief`, written to ``path`` whole or not at all (a FIFO or a device is
    written in place); returns the HTML. ``path`` is checked before anything runs: a missing
    or read-only directory, a directory, or one of the scenarios' own files raises
    :class:`inspectsim.OutputPathError`; a failed write raises
    :class:`inspectsim.OutputWriteError` naming ``path`` and the system's reason."""
    target = os.fspath(path)
    scenarios = [api._as_scenario(s) for s in [base, *variants]]
    inputs = [f for s in scenarios for f in s._core.input_files]
    _core.check_output_path(target, inputs)
    text = make_brief(scenarios[0], scenarios[1:], **kwargs)
    _core.write_output(target, text)
    return text


def write_atomically(path: PathLike, text: str) -> None:
    """Writes ``text`` to ``path`` through a temporary file and a rename (a FIFO or a device in
    place); errors name ``path``, never the temporary file."""
    _core.write_output(os.fspath(path), text)
