"""The brief's page on assumptions: how far its answer moves over plausible assumptions, and
which assumptions move it most.

It reads the tables that ``inspectsim uncertainty`` and ``inspectsim sensitivity`` write with
``--format csv`` (or the DataFrames :func:`inspectsim.uncertainty` and
:func:`inspectsim.sensitivity` return), run on the brief's base and variant:

    inspectsim uncertainty BASE VARIANT -f csv -o uncertainty.csv
    inspectsim sensitivity BASE VARIANT --metric forced_labour.detections -f csv -o sensitivity.csv
    python3 -m inspectsim brief BASE VARIANT --uncertainty uncertainty.csv \\
        --sensitivity sensitivity.csv -o brief.html

The brief itself runs only the comparison: a study over assumptions takes hundreds of runs, so
it is made once, kept beside the brief and cited by it.
"""

from __future__ import annotations

import math
import os
from typing import Any, Optional, Sequence, Union

import pandas as pd

SENSITIVITY_COLUMNS = {"metric", "unit", "rank", "input", "value", "spread", "low", "high", "mu_star", "at_low",
                       "at_high"}
UNCERTAINTY_COLUMNS = {"metric", "unit", "points", "median", "p05", "p95", "sign_kept_share"}

TORNADO_INPUTS = 8  # bars in the tornado
DECIDING_ASSUMPTIONS = 5  # assumptions described in words

Table = Union[pd.DataFrame, str, "os.PathLike[str]", None]


def read_table(data: Table, columns: set, command: str) -> Optional[pd.DataFrame]:
    """The table of ``inspectsim COMMAND --format csv`` from a DataFrame or a CSV file; ValueError
    naming the file and the missing columns when it is another table."""
    if data is None:
        return None
    frame = data if isinstance(data, pd.DataFrame) else pd.read_csv(os.fspath(data))
    missing = columns - set(frame.columns)
    if missing:
        name = "the table" if isinstance(data, pd.DataFrame) else os.fspath(data)
        raise ValueError(f"{name}: expected the table `inspectsim {command} --format csv` writes, "
                         f"missing the column(s) {', '.join(sorted(missing))}")
    return frame


def _is_share(unit: str) -> bool:
    return str(unit).startswith("share")


def _level(value: float, unit: str) -> str:
    """A change as the brief writes it: signed, rounded to two significant digits; shares in
    percentage points."""
    from .brief import round_significant

    if _is_share(unit):
        return f"{value * 100:+.2g} points"
    text = round_significant(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def range_sentences(uncertainty: pd.DataFrame, metrics: Sequence[tuple[str, str]]) -> list[str]:
    """For each (metric, words) the uncertainty table has: the change's 90% range over plausible
    assumptions, its median, and how often it keeps its sign."""
    rows = uncertainty.set_index("metric")
    out = []
    for metric, words in metrics:
        if metric not in rows.index:
            continue
        row = rows.loc[metric]
        low, high, median, units = float(row["p05"]), float(row["p95"]), float(row["median"]), str(row["unit"])
        if not all(math.isfinite(x) for x in (low, high, median)):
            continue
        unit = "" if _is_share(units) else f" {units}"
        sentence = (f"{words}: between {_level(low, units)} and {_level(high, units)}{unit} in 90% of "
                    f"plausible worlds (median {_level(median, units)})")
        kept = float(row["sign_kept_share"])
        if math.isfinite(kept) and median != 0:
            sentence += f"; {'a rise' if median > 0 else 'a fall'} in {kept * 100:.0f}% of them"
        if low < 0 < high:
            sentence += ", so its direction depends on the assumptions"
        out.append(sentence + ".")
    return out


def tornado_rows(sensitivity: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The inputs of `metric` in rank order (Morris mu*), with a finite low and high effect."""
    rows = sensitivity[(sensitivity.metric == metric) & sensitivity.at_low.notna() & sensitivity.at_high.notna()]
    return rows.sort_values("rank")


def tornado_figure(rows: pd.DataFrame, centre: float, title: str) -> Any:
    """Two bars per assumption from the answer at every assumption's value (`centre`) to the answer
    with that one assumption at the low end (hatched, above) and at the high end (solid, below) of
    its plausible range; in the order of the screening's ranking."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from .brief import _figure, _style, _tick, _wrap, key_words

    rows = rows.head(TORNADO_INPUTS)
    share = _is_share(rows.unit.iloc[0]) if len(rows) else False
    scale = 100.0 if share else 1.0
    fig = _figure(186, 14 + 7.5 * max(1, len(rows)))
    ax = fig.subplots()
    for i, row in enumerate(rows.itertuples()):
        # Low end above, high end below: both stay visible when they lie on the same side.
        for offset, end, hatch, colour in ((-0.17, row.at_low, "////", "#ffffff"), (0.17, row.at_high, None, "#0072B2")):
            left, right = sorted((centre * scale, float(end) * scale))
            ax.barh(i + offset, right - left, left=left, height=0.32, color=colour, hatch=hatch, edgecolor="#0072B2",
                    linewidth=0.6)
    ax.margins(x=0.05)
    ax.axvline(centre * scale, color="#333333", linewidth=0.8)
    lo, hi = ax.get_xlim()
    if lo < 0 < hi:
        ax.axvline(0, color="#D55E00", linewidth=0.8, linestyle=(0, (4, 2)))
    labels = [_wrap(f"{key_words(row.input)} ({_range_words(row)})", 60) for row in rows.itertuples()]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=6.2)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    ax.tick_params(axis="x", labelsize=6.5)
    ax.set_xlabel(title + (" (percentage points)" if share else ""), fontsize=6.5, loc="right")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor="#ffffff", edgecolor="#0072B2", hatch="////", label="assumption at its low end"),
               Patch(facecolor="#0072B2", edgecolor="#0072B2", label="at its high end")]
    ax.legend(handles=handles, fontsize=6.3, frameon=False, loc="lower right")
    _style(ax)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def _range_words(row: Any) -> str:
    from .brief import round_significant

    low, high = round_significant(float(row.low), 2), round_significant(float(row.high), 2)
    default = " (default range)" if row.spread == "default" else ""
    return f"{low} to {high}{default}"


def deciding_assumptions(rows: pd.DataFrame, provenance: pd.DataFrame) -> list[str]:
    """HTML list items: the assumptions that move the answer most, in words, with their value,
    plausible range, reason, and the answer at each end."""
    from .brief import _capitalise, _e, key_words

    notes = provenance.set_index("key").note
    unit = rows.unit.iloc[0] if len(rows) else ""
    items = []
    for row in rows.head(DECIDING_ASSUMPTIONS).itertuples():
        reason = (str(notes.get(row.input, "")) or "no reason given in the scenario").rstrip()
        reason += "" if reason.endswith((".", "!", "?", ")")) else "."
        items.append(
            f"<li><b>{_e(_capitalise(key_words(row.input)))}</b>: {_e(row.value)}, plausibly "
            f"{_e(_range_words(row))} <span class=\"small\">(<code>{_e(row.input)}</code>)</span>. "
            f"{_e(_capitalise(reason))} At the low end the change is {_e(_level(float(row.at_low), unit))}, at the "
            f"high end {_e(_level(float(row.at_high), unit))}.</li>\n")
    return items


def page(sensitivity: Optional[pd.DataFrame], uncertainty: Optional[pd.DataFrame],
         headline_metrics: Sequence[tuple[str, str, float]], provenance: pd.DataFrame, variant_label: str) -> str:
    """The page's HTML. `headline_metrics`: (metric, words, the brief's paired difference) of the
    first variant's headlines, in order; the tornado is drawn for the first of them the
    sensitivity table has (or its first metric)."""
    from .brief import _capitalise, _e, _svg

    if sensitivity is None and uncertainty is None:
        return ""
    out = ['<section class="page">\n<h2>Over plausible assumptions</h2>\n']
    w = out.append
    w(f'<p class="small">The answer on page 1 holds every assumption at its stated value. Here they vary over their '
      f"plausible ranges (stated in the scenario with a reason, or ×0.5 to ×1.5 by default), for "
      f"{_e(variant_label)} against the base.</p>\n")
    if uncertainty is not None:
        sentences = range_sentences(uncertainty, [(m, _capitalise(words)) for m, words, _ in headline_metrics])
        points = int(uncertainty.points.max()) if len(uncertainty) else 0
        w(f"<h3>How far the answer moves</h3>\n<p class=\"small\">All ranged assumptions varied together over "
          f"{points} design points (<code>inspectsim uncertainty</code>), each run on the same random numbers for "
          "both policies:</p>\n<ul>\n")
        for sentence in sentences or ["The uncertainty table has none of the headline outcomes."]:
            w(f"<li>{_e(sentence)}</li>\n")
        w("</ul>\n")
    if sensitivity is not None:
        in_table = set(sensitivity.metric)
        chosen = next(((m, words, d) for m, words, d in headline_metrics if m in in_table), None)
        if chosen is None:
            first = str(sensitivity.metric.iloc[0])
            chosen = (first, first, float("nan"))
        metric, words, difference = chosen
        rows = tornado_rows(sensitivity, metric)
        centre = difference if math.isfinite(difference) else float(rows[["at_low", "at_high"]].stack().median())
        title = f"change in {words} under {variant_label}"
        w(f"<h3>Which assumptions move it most: {_e(words)}</h3>\n")
        w(f"<figure>{_svg(tornado_figure(rows, centre, title), 'tornado', 'Tornado: ' + title)}"
          "<figcaption>Each pair of bars: the change with one assumption at the low (hatched) or high (solid) end of its "
          "plausible range and the others at their values, around this brief's answer (black line); the dashed "
          "line is no change. Ranked by Morris screening of every ranged assumption "
          "(<code>inspectsim sensitivity</code>).</figcaption></figure>\n")
        w(f"<h3>The {min(DECIDING_ASSUMPTIONS, len(rows))} assumptions that decide it</h3>\n<ol class=\"key-assumptions\">\n")
        out.extend(deciding_assumptions(rows, provenance))
        w("</ol>\n")
    w("</section>\n")
    return "".join(out)
