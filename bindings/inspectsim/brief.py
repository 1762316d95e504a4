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

import numpy as np

from . import _core, api, over_assumptions
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


# --- headlines ---------------------------------------------------------------------------------

# What a headline can say: (metric, "{verb} from {b} to {v}" phrase, unit after the change, share).
# A metric named TYPE.metric is that violation type's. Shares are stated in percent.
_OUTCOMES = [
    ("forced_labour.detections", "forced-labour cases found would {verb} from {b} to {v} a year", "a year", False),
    ("complaint_wait_days", "the wait from a complaint to the inspector's visit would {verb} from {b} to {v} days",
     "days", False),
    ("detections", "violations found would {verb} from {b} to {v} a year", "a year", False),
    ("worker_exposure", "workers' exposure to violations would {verb} from {b} to {v} worker-years a year",
     "worker-years a year", False),
    ("concealed", "violations hidden from inspectors at announced visits would {verb} from {b} to {v} a year",
     "a year", False),
    ("forced_labour.detected_share", "the share of forced-labour cases found would {verb} from {b} to {v}",
     "percentage points", True),
    ("detected_share", "the share of violation episodes found would {verb} from {b} to {v}", "percentage points", True),
    ("coverage", "the share of firms visited in a year would {verb} from {b} to {v}", "percentage points", True),
    ("prevalence", "the share of firms with a violation at any time would {verb} from {b} to {v}",
     "percentage points", True),
    ("complaints_blocked", "complaints left without a visit (exemptions, moratoria) would {verb} from {b} to {v} a year",
     "a year", False),
    ("inspections", "inspections would {verb} from {b} to {v} a year", "a year", False),
    ("fines", "fines would {verb} from {b} to {v} a year", "a year", False),
]

# Always stated when the scenario has them, even when the change is not clear.
_ALWAYS = ("forced_labour.detections", "complaint_wait_days")
# Headlines chosen by relevance per variant, besides those always stated.
HEADLINES_BY_RELEVANCE = 3
# A relative change smaller than this is not a headline, however certain.
MIN_RELATIVE_CHANGE = 0.01


def _place(value: float, significant: int) -> int:
    """The decimal place (10**place) that keeps `significant` digits of `value`."""
    if value == 0 or not math.isfinite(value):
        return 0
    return int(math.floor(math.log10(abs(value)))) - (significant - 1)


def _at_place(value: float, place: int) -> str:
    """`value` rounded to 10**place, with grouped thousands and no spurious decimals."""
    rounded = round(value, -place)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    decimals = max(0, -place)
    return f"{rounded:,.{decimals}f}"


def round_significant(value: float, significant: int = 2) -> str:
    """A level as an advocate reads it aloud: 2 significant digits (3 from 100 up), grouped
    thousands: 8,474 -> '8,470', 15.23 -> '15', 0.4821 -> '0.48', 948.8 -> '949'."""
    if not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    digits = 3 if abs(value) >= 100 else significant
    return _at_place(value, min(0, _place(value, digits)) if abs(value) < 1000 else _place(value, digits))


def round_change(d: float, lo: float, hi: float) -> tuple[str, str, str]:
    """A difference and its 95% CI, rounded to the same place: the first significant digit of the
    CI's half-width (what the noise allows), but at least two significant digits of the difference
    and at most three: 4,497 (4,482 to 4,512) -> +4,500 (+4,480 to +4,510)."""
    half = (hi - lo) / 2
    if lo <= 0 <= hi:  # no clear change: the interval's own width sets the digits
        place = _place(half, 2) if half > 0 else 0
    else:
        place = _place(half, 1) if half > 0 else _place(d, 3)
        place = max(min(place, _place(d, 2)), _place(d, 3))
        near = lo if d > 0 else hi  # the end nearer zero must not round to zero: it excludes it
        while round(near, -place) == 0 and place > _place(near, 1):
            place -= 1
    signed = lambda x: ("+" if round(x, -place) > 0 else "") + _at_place(x, place).replace("-", "\u2212")
    return signed(d), signed(lo), signed(hi)


def round_interval(low: float, high: float) -> tuple[str, str]:
    """A level's 95% CI: 3 significant digits, or finer when that would print both ends alike
    (1,177 to 1,183 stays so, not 1,180 to 1,180)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "n/a", "n/a"
    place = _place(max(abs(low), abs(high)), 3)
    if high > low:
        place = min(place, _place((high - low) / 2, 1))
    place = max(place, -6)
    return _at_place(low, place), _at_place(high, place)


def percent_change(base: float, variant: float) -> str:
    """'+11%', '\u221297%', '+0.4%'; '' when the base is 0."""
    if base == 0 or not math.isfinite(base) or not math.isfinite(variant):
        return ""
    pct = (variant - base) / abs(base) * 100
    text = _at_place(pct, _place(pct, 2)) if abs(pct) >= 1 else f"{pct:.1f}"
    text = text.replace("-", "\u2212")
    return ("+" if pct > 0 else "") + text + "%"


@dataclass(frozen=True)
class Headline:
    """One headline: the metric, the numbers behind it, and the sentence."""

    metric: str
    base: float
    variant: float
    difference: float
    ci_low: float
    ci_high: float
    clear: bool  # the 95% CI of the difference excludes zero
    relevance: float  # |difference| / |base| (inf when the base is 0)
    sentence: str
    detail: str = ""  # unclear ones: 'forced-labour cases found (about 11 a year under both; 95% CI ...)'


def _outcome_rows(comparison: Comparison) -> dict[str, Any]:
    rows = {row.metric: row for row in comparison.itertuples()}
    for row in comparison.by_violation().itertuples():
        rows[f"{row.violation}.{row.metric}"] = row
    return rows


def headline_items(comparison: Comparison, subject: str, by_relevance: int = HEADLINES_BY_RELEVANCE) -> list[Headline]:
    """The headlines for one variant, in order: those always stated (forced labour, the complaint
    wait) when the scenario has them, then the outcomes whose change is clear (its 95% CI
    excludes zero) and largest relative to their size, at most `by_relevance` of them (the share
    of forced-labour cases found only when the count is not already stated).
    A change whose CI includes zero is never a headline, except as 'no clear change' for those
    always stated."""
    rows = _outcome_rows(comparison)
    items = []
    for metric, phrase, unit, share in _OUTCOMES:
        row = rows.get(metric)
        if row is None:
            continue
        b, v = float(row.base), float(row.variant)
        d, lo, hi = float(row.difference), float(row.ci_low), float(row.ci_high)
        if not all(math.isfinite(x) for x in (b, v, d, lo, hi)):
            continue
        scale = 100.0 if share else 1.0
        clear = lo > 0 or hi < 0
        relevance = abs(d) / abs(b) if b != 0 else (math.inf if d != 0 else 0.0)
        suffix = "%" if share else ""
        level = lambda x: round_significant(x * scale) + suffix
        change, low, high = round_change(d * scale, lo * scale, hi * scale)
        if clear:
            pct = percent_change(b, v)
            words = phrase.format(verb="rise" if d > 0 else "fall", b=level(b), v=level(v))
            sentence = (f"{subject}: {words} ({pct + '; ' if pct and not share else ''}95% CI of the change "
                        f"{low} to {high} {unit}).")
        detail = ""
        if clear:
            pass
        elif lo == hi == 0:  # the same in every replication
            what = phrase.split(" would ")[0]
            per = {"a year": " a year", "days": " days"}.get(unit, "")
            detail = f"{what} ({level(b)}{per} under both, in every run)"
            sentence = f"{subject}: no change in {detail}."
        else:
            what = phrase.split(" would ")[0]
            per = {"a year": " a year", "days": " days"}.get(unit, "")
            levels = (f"about {level(b)}{per} under both" if level(b) == level(v)
                      else f"{level(b)} against {level(v)}{per}")
            detail = f"{what} ({levels}; 95% CI of the change {low} to {high})"
            sentence = (f"{subject}: no clear change in {what} ({levels}; the 95% CI of the change, {low} to {high}, "
                        "includes zero).")
        items.append(Headline(metric, b, v, d, lo, hi, clear, relevance, _capitalise(sentence), detail))
    always = [h for h in items if h.metric in _ALWAYS and (h.base != 0 or h.variant != 0 or h.clear)]
    stated = {h.metric.split(".")[0] for h in always if "." in h.metric}  # e.g. forced_labour
    others = [h for h in items if h.metric not in _ALWAYS and h.clear and h.relevance >= MIN_RELATIVE_CHANGE
              and h.metric.split(".")[0] not in stated]
    others.sort(key=lambda h: -h.relevance)
    chosen = always + others[:by_relevance]
    return chosen


def _headline_metrics(comparison: Comparison, by_relevance: int) -> list[tuple[str, str, float]]:
    """(metric, what it is in words, the paired difference) of a variant's headlines, in order."""
    words = {metric: phrase.split(" would ")[0] for metric, phrase, _, _ in _OUTCOMES}
    return [(h.metric, words[h.metric], h.difference) for h in headline_items(comparison, "", by_relevance)]


def headlines_by_relevance(variants: int) -> int:
    """Headlines chosen by relevance per variant: three for one variant, two each for several (so
    that page 1 still fits)."""
    return HEADLINES_BY_RELEVANCE if variants == 1 else HEADLINES_BY_RELEVANCE - 1


def headlines(comparison: Comparison, subject: str, by_relevance: int = HEADLINES_BY_RELEVANCE) -> list[str]:
    """The headline sentences for one variant (see :func:`headline_items`): the clear changes, e.g.
    'Unannounced inspections: violations found would rise from 8,470 to 9,420 a year (+11%; 95% CI
    of the change +940 to +960 a year).', then one sentence for the outcomes always stated whose
    change is not clear (its CI includes zero), so noise never takes a bullet of its own."""
    items = headline_items(comparison, subject, by_relevance)
    sentences = [h.sentence for h in items if h.clear]
    unclear = [h for h in items if not h.clear]
    if unclear:
        sentences.append(f"{subject}: no clear change in " + "; nor in ".join(h.detail for h in unclear)
                         + ((": each interval includes zero." if len(unclear) > 1 else ": its interval includes zero.")
                            if any(h.ci_low < h.ci_high for h in unclear) else "."))
    return sentences


def replications_sentence(scenario: Scenario) -> str:
    """What the numbers are and what their intervals mean, in one plain sentence."""
    years = f"{scenario.years} year{'s' if scenario.years != 1 else ''}"
    return (
        f"Every number is the average of {scenario.replications} simulated runs of {years}, each with the same "
        "firms and rules but its own chance events, and a 95% confidence interval (CI) gives the range that "
        "average would fall in 95 times out of 100 if the whole exercise were repeated: it measures the "
        "simulation's chance variation, not whether the assumptions below are right."
    )


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


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
DASHES = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (5, 2, 1, 2)), (0, (8, 3)), (0, (3, 1, 1, 1))]


def _legend_width(fig: Any, handles: list, labels: list, **options: Any) -> float:
    """Inches a one-row legend of these entries would take in `fig`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    probe = fig.legend(handles, labels, ncol=max(1, len(labels)), frameon=False, **options)
    width = probe.get_window_extent(FigureCanvasAgg(fig).get_renderer()).width / fig.dpi
    probe.remove()
    return width


def yearly_figure(policies: Sequence[Policy]) -> Any:
    """The main metrics per measured year, one line (with its 95% CI band) per policy. Each policy
    has its own marker and dash as well as its colour (greyscale print); the vertical axis starts
    at 0 and leaves room above the highest band, so nothing sits on the frame."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = _figure(186, 46)
    axes = fig.subplots(1, len(YEARLY_CHARTS))
    for ax, (metric, title, scale) in zip(axes, YEARLY_CHARTS):
        top = 0.0
        for i, policy in enumerate(policies):
            frame = policy.result.yearly()
            frame = frame[frame.metric == metric]
            years = frame.year.to_numpy()
            low, high = frame.ci_low.to_numpy() * scale, frame.ci_high.to_numpy() * scale
            ax.fill_between(years, low, high, color=policy.colour, alpha=0.25, linewidth=0.5, edgecolor=policy.colour)
            ax.plot(years, frame["mean"] * scale, marker=MARKERS[i % len(MARKERS)], markersize=3, linewidth=1.2,
                    linestyle=DASHES[i % len(DASHES)], color=policy.colour, label=policy.label)
            top = max(top, float(np.nanmax(high)) if len(high) else 0.0)
        ax.set_title(title, fontsize=7, loc="left")
        ax.set_xlabel("measured year", fontsize=6.5)
        if len(years) <= 10:
            ax.set_xticks(list(years))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
        ax.yaxis.set_major_formatter(FuncFormatter(_tick))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.tick_params(labelsize=6.5)
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        _style(ax)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), fontsize=6.5, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.1, 1, 1), w_pad=0.8)
    return fig


def yearly_chart(policies: Sequence[Policy]) -> str:
    """yearly_figure as inline SVG."""
    return _svg(yearly_figure(policies), "yearly", "Metrics per measured year for each policy, with 95% confidence bands")


def staffing_figure(policies: Sequence[Policy]) -> Any:
    """Workers per inspector for the policies (one bar for policies that share a value) beside the
    ILO benchmarks as bars of their own, so no label meets a line."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    groups: dict[float, list[Policy]] = {}
    for policy in policies:
        value = float(policy.result.summary().set_index("metric").loc["workers_per_inspector", "mean"])
        groups.setdefault(round(value, 6) if math.isfinite(value) else math.nan, []).append(policy)
    rows = []  # (label, value, colour, hatch)
    for value, members in groups.items():
        label = members[0].label if len(members) == 1 else (
            "every policy compared" if len(members) == len(policies) else " / ".join(p.label for p in members))
        rows.append((label, value, members[0].colour if len(members) == 1 else "#555555", None))
    for benchmark, economies, _, _ in ILO_BENCHMARKS:
        rows.append((f"ILO benchmark, {economies}", float(benchmark), "#ffffff", "////"))
    fig = _figure(88, 12 + 6.5 * len(rows))
    ax = fig.subplots()
    finite = [v for _, v, _, _ in rows if math.isfinite(v)]
    top = max(finite) * 1.3
    for i, (label, value, colour, hatch) in enumerate(rows):
        if not math.isfinite(value):
            ax.text(0, i, " no inspectors", va="center", fontsize=6.5)
            continue
        ax.barh(i, value, color=colour, height=0.62, hatch=hatch, edgecolor="#333333" if hatch else colour,
                linewidth=0.6)
        ax.text(value, i, f" {count(round(value))}", va="center", fontsize=6.5)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_wrap(label, 26) for label, _, _, _ in rows], fontsize=6.3)
    ax.invert_yaxis()
    ax.set_xlim(0, top)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1000:g}k" if v else "0"))
    ax.tick_params(axis="x", labelsize=6.5)
    ax.set_xlabel("workers per inspector (k: thousand)", fontsize=6.5, loc="right")
    _style(ax)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def staffing_chart(policies: Sequence[Policy]) -> str:
    """staffing_figure as inline SVG."""
    return _svg(staffing_figure(policies), "staffing", "Workers per inspector under the policies compared and at the ILO benchmarks of "
                "10,000, 20,000 and 40,000 workers per inspector")


def detected_share_figure(policies: Sequence[Policy]) -> Any:
    """Share of violation episodes detected, one small panel per violation type, each on its own
    scale (so a rare type such as forced labour is as readable as a common one), a point and its
    95% CI per policy."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    types = policies[0].result.scenario.violations
    columns = 2 if len(types) > 1 else 1
    rows = math.ceil(len(types) / columns)
    fig = _figure(92, 12 + (6 + 5 * len(policies)) * rows)
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    frames = []
    for policy in policies:
        frame = policy.result.by_violation()
        frames.append(frame[frame.metric == "detected_share"].set_index("violation"))
    for ax, violation in zip(axes, types):
        top = 0.0
        for j, (policy, frame) in enumerate(zip(policies, frames)):
            if violation not in frame.index:
                continue
            mean, low, high = (float(frame.loc[violation, c]) * 100 for c in ("mean", "ci_low", "ci_high"))
            if not math.isfinite(mean):
                continue
            ax.errorbar([mean], [j], xerr=[[mean - low], [high - mean]], fmt=MARKERS[j % len(MARKERS)],
                        color=policy.colour, markersize=3.5, elinewidth=1.0, capsize=2, label=policy.label)
            top = max(top, high)
        ax.set_title(violation.replace("_", " "), fontsize=6.8, loc="left")
        ax.set_yticks([])
        ax.set_ylim(len(policies) - 0.4, -0.6)
        ax.set_xlim(0, top * 1.15 if top > 0 else 1)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, prune="upper"))  # no label at the edge, by the next panel's 0
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}%"))
        ax.tick_params(axis="x", labelsize=6)
        _style(ax)
        ax.grid(axis="y", visible=False)
    for ax in axes[len(types):]:
        ax.set_visible(False)
    handles, labels = [], []
    for ax in axes[: len(types)]:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    # Long policy names go one under another, so the legend never widens the chart.
    stacked = _legend_width(fig, handles, labels, fontsize=6) > fig.get_figwidth() * 0.95
    legend_mm = 4 * len(labels) + 2 if stacked else 7
    fig.set_figheight(fig.get_figheight() + (legend_mm - 7) / 25.4)
    fig.legend(handles, labels, loc="lower center", ncol=1 if stacked else min(len(labels), 3), fontsize=6,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, legend_mm / 25.4 / fig.get_figheight(), 1, 1), h_pad=0.6, w_pad=3.0)
    return fig


def detected_share_chart(policies: Sequence[Policy]) -> str:
    """detected_share_figure as inline SVG."""
    return _svg(detected_share_figure(policies), "detected", "Share of violation episodes detected, by violation type (each on its own scale) "
                "and policy, with 95% confidence intervals")


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
ul.headlines li { margin-bottom: 0.9mm; font-size: 8.9pt; }
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
.calibrated { background: #dde6f6; color: #1d3f7a; }
.two { display: flex; gap: 5mm; align-items: flex-start; }
.two > * { flex: 1 1 0; min-width: 0; }
.two > .wide { flex: 1.3 1 0; }
figure { margin: 1mm 0 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 7pt; color: #444; margin-top: 0.5mm; }
.assumptions { columns: 3; column-gap: 4mm; font-size: 6.1pt; line-height: 1.2; }
.assumptions div { break-inside: avoid; margin-bottom: 0.5mm; padding-left: 1.2mm; border-left: 1.2pt solid #f0c070; }
.sources { columns: 2; column-gap: 5mm; font-size: 6.6pt; line-height: 1.25; }
ol.key-assumptions { margin: 0; padding-left: 4.5mm; font-size: 7.6pt; }
ol.key-assumptions li { margin-bottom: 0.6mm; }
table.appendix { font-size: 6.6pt; table-layout: fixed; }
table.appendix th:nth-child(1) { width: 26%; }
table.appendix th:nth-child(2) { width: 10%; }
table.appendix td.num { white-space: normal; overflow-wrap: anywhere; }
table.appendix th:nth-child(3) { width: 22%; }
table.appendix td { overflow-wrap: anywhere; }
table.appendix tr { break-inside: avoid; }
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


def _cite(kind: str, note: str) -> str:
    """A source's key and locator, 'ILO-C81, art. 12' (the full citation is in the appendix); an
    assumption's reason in full."""
    if kind != "source":
        return note
    head = note.split(":")[0]
    return head if len(head) < len(note) else note


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


_LISTS = ("segments", "violations", "size_classes", "regions")

# The assumptions that matter most come first: the leaf keys in this order (the levers' strength,
# then how often violations arise and are found, then how workers complain, then scale); within a
# leaf, forced labour first. Keys not listed follow, in file order.
_IMPORTANCE = [
    "concealability", "remediation_probability", "detection_probability", "onset_rate_per_year",
    "mean_duration_days", "awareness", "rate_per_exposed_worker_year", "consent_refusal_probability",
    "consent_delay_days", "exposed_share", "elasticity", "reduction", "order_compliance_probability",
    "entities", "workers_per_entity", "risk",
]
# How many assumptions are written out, with their reasons, on the brief's second page.
KEY_ASSUMPTIONS = 8


def _schema_path(key: str) -> str:
    """'violations.forced_labour.concealability' -> 'violations.*.concealability' (scenario_keys' form)."""
    parts = key.split(".")
    if parts[0] in _LISTS and len(parts) > 2:
        parts[1] = "*"
        if len(parts) > 3 and parts[2] == "onset_multiplier":
            parts[3] = "VIOLATION"
    return ".".join(parts)


_MEANINGS: dict[str, str] = {}


def key_meaning(key: str) -> str:
    """What a scenario key is, with its unit, from the engine's declaration of every key."""
    if not _MEANINGS:
        _MEANINGS.update(dict(_core.scenario_keys()))
    return _MEANINGS.get(_schema_path(key), "")


def key_words(key: str) -> str:
    """A scenario key in plain words: 'forced labour: probability it is hidden at a visit the
    entity was warned of'; the dotted key when the engine does not describe it."""
    meaning = key_meaning(key).replace("`", "")
    if not meaning:
        return key
    parts = key.split(".")
    if parts[0] in _LISTS and len(parts) > 2:
        item = parts[1].replace("_", " ").replace("-", " ")
        if len(parts) > 3 and parts[2] == "onset_multiplier":
            return f"{item}: {meaning} ({parts[3].replace('_', ' ')})"
        return f"{item}: {meaning}"
    return meaning


def assumption_rank(key: str) -> tuple[int, int]:
    """Sort key: the assumptions that matter most first (see _IMPORTANCE)."""
    leaf = key.split(".")[-1]
    rank = _IMPORTANCE.index(leaf) if leaf in _IMPORTANCE else len(_IMPORTANCE)
    return rank, 0 if "forced_labour" in key else 1


def ranked_assumptions(provenance: Any) -> list[Any]:
    """The scenario's assumptions (simulation settings left out), the most important first."""
    rows = [row for row in provenance.itertuples()
            if row.kind == "assumption" and not row.key.startswith("simulation.")]
    order = {row.key: i for i, row in enumerate(rows)}
    return sorted(rows, key=lambda row: (assumption_rank(row.key), order[row.key]))


def _facts_rows(base: Scenario, summary: Any, provenance: Any) -> list[tuple[str, str, str]]:
    """(fact, value, HTML of where it comes from) for 'The inspectorate today'."""
    by_key = provenance.set_index("key")
    kind = by_key.kind.get("inspectorate.inspectors", "unannotated")
    note = by_key.note.get("inspectorate.inspectors", "")

    def mean(metric: str) -> float:
        return float(summary.loc[metric, "mean"])

    def interval(metric: str, scale: float = 1.0, suffix: str = "") -> str:
        lo, hi = float(summary.loc[metric, "ci_low"]) * scale, float(summary.loc[metric, "ci_high"]) * scale
        return f"simulated; 95% CI {round_interval(lo, hi)[0]}{suffix} to {round_interval(lo, hi)[1]}{suffix}"

    def segment_sum(*leaves: str) -> str:
        rows = provenance[provenance.key.str.startswith("segments.")
                          & provenance.key.str.split(".").str[-1].isin(leaves)]
        kinds = rows.kind.value_counts()
        assumed, sourced = int(kinds.get("assumption", 0)), int(kinds.get("source", 0))
        tag = _tag("assumption") + " " if assumed else (_tag("source") + " " if sourced else "")
        words = f"sum over the segments; {assumed} of {len(rows)} figures assumed (appendix B)"
        return tag + _e(words if assumed else "sum over the scenario's segments")

    rows = [
        ("Labour inspectors", count(base.inspectors),
         f"{_tag(kind)} {_e(note.split(',')[0].split(':')[0])} (citation in appendix A)" if kind == "source"
         else f"{_tag(kind)} {_e(note)}"),
        ("Registered entities", count(base.entities), segment_sum("entities")),
        ("Workers in them", count(base.workers), segment_sum("entities", "workers_per_entity")),
        ("Workers per inspector",
         count(round(mean("workers_per_inspector"))) if math.isfinite(mean("workers_per_inspector")) else "n/a",
         _e("in registered firms; ILO benchmarks in the chart")),
        ("Inspectors the ILO benchmarks call for",
         " / ".join(count(mean(metric)) for _, _, metric, _ in ILO_BENCHMARKS),
         _e("at 1 per 10,000 / 20,000 / 40,000 workers (ILO GB.297/ESP/3, 2006)")),
        ("Inspections a year", round_significant(mean("inspections")), _e(interval("inspections"))),
        ("Violations found a year", round_significant(mean("detections")),
         _e(f"{round_significant(mean('detected_share') * 100)}% of violation episodes; " + interval("detections"))),
        ("Entities visited a year", f"{round_significant(mean('coverage') * 100)}%",
         _e(f"one visit every {round_significant(mean('inspection_cycle_years'))} years on average")),
    ]
    return rows


def render_brief(
    comparisons: Sequence[Comparison],
    labels: Optional[Sequence[Optional[str]]] = None,
    question: Optional[str] = None,
    base_label: Optional[str] = None,
    command: Optional[str] = None,
    sensitivity: over_assumptions.Table = None,
    uncertainty: over_assumptions.Table = None,
) -> str:
    """The brief's HTML for comparisons already run: each of the same base with one variant
    (the same scenario, seed, replications and years; see :func:`make_brief`). With the tables
    of ``inspectsim sensitivity`` and ``inspectsim uncertainty`` for the base and the first
    variant (DataFrames or CSV files), a page shows how far the answer moves over plausible
    assumptions, a tornado and the assumptions that decide it (see over_assumptions)."""
    if not comparisons:
        raise ValueError("a brief needs at least one variant")
    sensitivity = over_assumptions.read_table(sensitivity, over_assumptions.SENSITIVITY_COLUMNS, "sensitivity")
    uncertainty = over_assumptions.read_table(uncertainty, over_assumptions.UNCERTAINTY_COLUMNS, "uncertainty")
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
    calibrated = provenance[provenance.kind == "calibrated"]
    country = base.country or base.name
    years = f"{base.years} measured year{'s' if base.years != 1 else ''}"
    warmup = (f"after {base.warmup_years} warm-up year{'s' if base.warmup_years != 1 else ''}" if base.warmup_years
              else "no warm-up")

    out: list[str] = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{_e(country)}: hearing brief - {_e(', '.join(variant_labels))}</title>\n")
    by_relevance = headlines_by_relevance(len(comparisons))
    bullets = sum(len(headlines(c, "", by_relevance)) for c in comparisons)
    body = '<body class="dense">' if len(comparisons) > 2 or bullets > 6 else "<body>"
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
            f"<code>{_e(key)}</code> = {_e(value)} {_tag(kind)} <span class=\"note\">{_e(_cite(kind, note))}</span>"
            for key, value, kind, note in _changes(base, scenario)
        ) or "no number differs from the base"
        w(f"<tr><td>{_swatch(policy.colour)}<b>{_e(policy.label)}</b></td><td>{_e(scenario.title)} "
          f'<span class="small">({_e(scenario.file)})</span><br><span class="small">Changes {items}</span></td></tr>\n')
    w("</table>\n")

    w('<h2>The answer</h2>\n<ul class="headlines">\n')
    for policy in policies[1:]:
        assert policy.comparison is not None
        for sentence in headlines(policy.comparison, policy.label, by_relevance):
            w(f"<li>{_swatch(policy.colour)}{_e(sentence)}</li>\n")
    w("</ul>\n")
    w(f'<p class="small">{_e(replications_sentence(base))} Shown: forced labour and the complaint wait, and the '
      f"{by_relevance} outcomes that change most for their size, each only when its 95% CI (paired on common "
      "random numbers) excludes zero; figures are yearly means, rounded to the digits the intervals support.</p>\n")

    w('<h2>The inspectorate today</h2>\n<div class="two">\n<div class="wide">\n<table class="facts">\n')
    w('<tr><th>fact</th><th class="num">value</th><th>where it comes from</th></tr>\n')
    for name, value, note in _facts_rows(base, summary, provenance):
        w(f'<tr><td>{_e(name)}</td><td class="num">{_e(value)}</td><td class="small">{note}</td></tr>\n')
    w("</table>\n</div>\n")
    w(f"<figure>{staffing_chart(policies)}<figcaption>Workers per inspector (fewer is better) under the policies compared, beside "
      "the ILO benchmarks (hatched) of 1 inspector per 10,000, 20,000 and 40,000 workers. The scenario counts workers in "
      "registered firms only; measured against all employment, the benchmarks call for more inspectors.</figcaption></figure>\n")
    w("</div>\n")
    w("</section>\n")

    # Page 2: the charts, the key numbers, and the assumptions that matter most.
    w('<section class="page">\n')
    if base.description.strip():
        w(f'<p class="small"><b>The scenario.</b> {_e(base.description.strip())}</p>\n')
    w('<h2>Year by year <span class="small">(means with 95% confidence bands; a band thinner than its line is too narrow to see)</span></h2>\n')
    w(f"<figure>{yearly_chart(policies)}</figure>\n")
    w('<div class="two">\n')
    w(f"<figure>{detected_share_chart(policies)}<figcaption>Share of violation episodes an inspector found, by type "
      "(each panel on its own scale), with 95% confidence intervals.</figcaption></figure>\n")
    w('<div>\n<table class="key">\n<tr><th>a year</th>')
    for policy in policies:
        w(f'<th class="num">{_swatch(policy.colour)}{_e(policy.label)}</th>')
    w("</tr>\n")
    summaries = [policy.result.summary().set_index("metric") for policy in policies]
    for metric, name, scale, suffix in KEY_NUMBERS:
        w(f"<tr><td>{_e(name)}</td>")
        for table in summaries:
            w(f'<td class="num">{_e(round_significant(float(table.loc[metric, "mean"]) * scale))}{suffix}</td>')
        w("</tr>\n")
    w("</table>\n</div>\n</div>\n")

    ranked = ranked_assumptions(provenance)
    settings = provenance[(provenance.kind == "assumption") & provenance.key.str.startswith("simulation.")]
    tally = base.provenance_tally()
    w(f"<h2>The assumptions that matter most {_tag('assumption')}</h2>\n")
    w(f'<p class="small">{len(assumed)} numbers in this scenario are the authors\' judgement rather than published '
      f"facts, and {len(sourced)} come from published sources (both listed in full, with units and reasons or "
      "citations, in the appendix)")
    if len(calibrated):
        w(f"; {len(calibrated)} were fitted so that the model reproduces published figures (appendix C)")
    if len(settings):
        w(f"; <code>inspectsim validate</code> counts {tally['assumed']} assumptions because it also counts the "
          f"{len(settings)} simulation setting(s) ({_e(', '.join(settings.key))}), which are choices of the run, "
          "not claims about the country")
    w(". These shape the answer most; vary them before quoting it" +
      (" (ranked here by judgement; page 3 ranks them by their measured effect):" if sensitivity is not None else ":")
      + "</p>\n<ol class=\"key-assumptions\">\n")
    for row in ranked[:KEY_ASSUMPTIONS]:
        w(f"<li><b>{_e(_capitalise(key_words(row.key)))}</b> = {_e(row.value)} "
          f'<span class="small">(<code>{_e(row.key)}</code>)</span>. {_e(_capitalise(row.note))}</li>\n')
    w("</ol>\n")
    if len(bare):
        w(f'<p class="small">{_tag("unannotated")} {len(bare)} number(s) carry neither a source nor a reason: '
          f'{_e(", ".join(bare.key))}.</p>\n')
    footer = f"Made with inspectsim {_e(__version__)}"
    if command:
        footer += f": <code>{_e(command)}</code>"
    w(f"<footer>{footer}</footer>\n")
    w("</section>\n")

    # Page 3 (with a study over assumptions): the answer's range, the tornado, what decides it.
    first = policies[1]
    assert first.comparison is not None
    w(over_assumptions.page(sensitivity, uncertainty, _headline_metrics(first.comparison, by_relevance), provenance,
                            first.label))

    # Appendix: every number with its source, or its reason, and its unit.
    w('<section class="page appendix">\n<h2>Appendix A. Numbers from published sources '
      f"({len(sourced)}) {_tag('source')}</h2>\n")
    w('<table class="appendix"><tr><th>what</th><th class="num">value</th><th>key</th><th>source</th></tr>\n')
    for row in sourced.itertuples():
        w(f"<tr><td>{_e(_capitalise(key_words(row.key)))}</td><td class=\"num\">{_e(row.value)}</td>"
          f"<td><code>{_e(row.key)}</code></td><td>{_e(row.note)}</td></tr>\n")
    for policy in policies[1:]:
        for key, value, kind, note in _changes(base, policy.result.scenario):
            w(f"<tr><td>{_e(policy.label)}: {_e(key_words(key))}</td><td class=\"num\">{_e(value)}</td>"
              f"<td><code>{_e(key)}</code></td><td>{_tag(kind)} {_e(note)}</td></tr>\n")
    w("</table>\n")
    w(f"<h2>Appendix B. Assumptions ({len(assumed)}), the most important first {_tag('assumption')}</h2>\n")
    w('<table class="appendix"><tr><th>what (unit)</th><th class="num">value</th><th>key</th><th>reason</th></tr>\n')
    for row in ranked:
        w(f"<tr><td>{_e(_capitalise(key_words(row.key)))}</td><td class=\"num\">{_e(row.value)}</td>"
          f"<td><code>{_e(row.key)}</code></td><td>{_e(row.note)}</td></tr>\n")
    w("</table>\n")
    if len(calibrated):
        w(f"<h2>Appendix C. Numbers fitted to published figures ({len(calibrated)}) {_tag('calibrated')}</h2>\n")
        w('<table class="appendix"><tr><th>what</th><th class="num">value</th><th>key</th><th>fitted</th></tr>\n')
        for row in calibrated.itertuples():
            w(f"<tr><td>{_e(_capitalise(key_words(row.key)))}</td><td class=\"num\">{_e(row.value)}</td>"
              f"<td><code>{_e(row.key)}</code></td><td>{_e(row.note)}</td></tr>\n")
        w("</table>\n")
    w(f'<p class="small">Sources are cited by the keys of docs/SOURCES.md in the inspectsim repository, which says '
      f"where each document is and which of its figures were checked. Scenario file: {_e(base.file)}.</p>\n")
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
    sensitivity: over_assumptions.Table = None,
    uncertainty: over_assumptions.Table = None,
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
    return render_brief(comparisons, labels=labels, question=question, base_label=base_label, command=command,
                        sensitivity=sensitivity, uncertainty=uncertainty)


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
