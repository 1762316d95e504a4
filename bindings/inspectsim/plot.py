"""Charts of sweeps and staffing searches: each metric against the varied key, with 95% bands.

Reads what the command line writes, so a result on disk can be charted again later:

- a sweep's JSON Lines (``inspectsim sweep ... -o sweep.jsonl``) or CSV (``-o sweep.csv``);
- a staffing search's JSON (``inspectsim staff ... -f json -o staff.json``) or CSV (its path).

    >>> from inspectsim import plot
    >>> plot.write_plot("sweep.csv", "sweep.png", metrics=["forced_labour.detected_share"])

``inspectsim sweep ... --plot FILE`` and ``inspectsim staff ... --plot FILE`` write their result
to a temporary file and call ``python3 -m inspectsim plot`` on it; the chart is written whole or
not at all (:func:`inspectsim.brief.write_atomically`'s path). SVG, PNG and PDF, by extension.

The charts are meant for print: every series has its own marker and line style as well as its
colour (Okabe-Ito), so they read in greyscale; the 95% band is a filled area with edge lines;
shares are drawn in percent; a staffing target is a labelled horizontal line, the answer a
labelled vertical one.
"""

from __future__ import annotations

import io
import json
import math
import os
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import pandas as pd

from . import _core

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}

# Colours (Okabe-Ito, black first) with a marker and a dash for each, so that series differ in
# greyscale print too.
STYLES = [
    ("#000000", "o", "-"),
    ("#0072B2", "s", (0, (5, 2))),
    ("#D55E00", "^", (0, (1, 1.5))),
    ("#009E73", "D", (0, (5, 2, 1, 2))),
    ("#CC79A7", "v", (0, (8, 3))),
    ("#E69F00", "P", (0, (3, 1, 1, 1, 1, 1))),
]

# A sweep's charts when no metrics are named: the sweep table's default columns.
DEFAULT_SWEEP_METRICS = ["inspections", "coverage", "prevalence", "detections", "detected_share", "complaint_wait_days"]


class PlotInputError(ValueError):
    """A result file that is not a sweep or staffing result, or a metric it does not hold."""


@dataclass
class Result:
    """A sweep or staffing result in one shape: one row per (point, metric).

    ``rows`` has a column per varied key (the settings, as text), then ``metric``, ``unit``,
    ``mean``, ``ci_low``, ``ci_high``."""

    kind: str  # "sweep" or "staff"
    title: str
    note: str  # replications, years, seed
    axes: list[str]
    rows: pd.DataFrame
    targets: list[dict] = field(default_factory=list)  # staff: metric, comparison, value, unit
    answer: Optional[int] = None  # staff: the answer, when found

    def metrics(self) -> list[str]:
        return list(dict.fromkeys(self.rows.metric))


# --- reading ----------------------------------------------------------------------------------


def _estimate_rows(settings: dict, metrics: dict, prefix: str = "") -> list[dict]:
    out = []
    for name, e in metrics.items():
        if not isinstance(e, dict) or "mean" not in e:
            continue
        low, high = e.get("ci95", [None, None])
        out.append({**settings, "metric": prefix + name, "unit": e.get("unit", ""), "mean": _num(e["mean"]),
                    "ci_low": _num(low), "ci_high": _num(high)})
    return out


def _num(value: Any) -> float:
    return math.nan if value is None or value == "" else float(value)


def _run_note(run: dict) -> str:
    warmup = run.get("warmup_years", 0)
    return (f"{run.get('replications')} replications of {run.get('years')} measured years"
            f"{f' after {warmup} warm-up' if warmup else ''}, seed {run.get('seed')}; the same random streams at every point")


def _read_sweep_jsonl(lines: list[str]) -> Result:
    head = json.loads(lines[0])["sweep"]
    axes = list(head.get("vary", {}))
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        try:
            point = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by an interrupted sweep
        settings = {k: str(v) for k, v in point["settings"].items()}
        rows += _estimate_rows(settings, point.get("metrics", {}))
        for group in ("by_violation", "by_size_class"):
            for item, metrics in point.get(group, {}).items():
                rows += _estimate_rows(settings, metrics, prefix=f"{item}.")
    return Result("sweep", head.get("title") or head.get("scenario", ""), _run_note(head), axes, pd.DataFrame(rows))


def _read_csv_columns(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    rows = []
    for column in frame.columns:
        if not column.endswith("]") or "_mean [" not in column:
            continue
        name, unit = column[: column.rindex("_mean [")], column[column.rindex("_mean [") + 7: -1]
        for _, r in frame.iterrows():
            rows.append({**{k: str(r[k]) for k in keys}, "metric": name, "unit": unit, "mean": _num(r[column]),
                         "ci_low": _num(r[f"{name}_ci_low"]), "ci_high": _num(r[f"{name}_ci_high"])})
    return rows


def _read_sweep_csv(text: str) -> Result:
    frame = pd.read_csv(io.StringIO(text), comment="#", dtype={"point": "Int64"}, keep_default_na=False)
    frame = frame[pd.to_numeric(frame["warmup_years"], errors="coerce").notna()]  # drop a cut last line
    start, stop = list(frame.columns).index("point") + 1, list(frame.columns).index("seed")
    axes = list(frame.columns[start:stop])
    first = frame.iloc[0] if len(frame) else {}
    note = _run_note({k: first.get(k) for k in ("replications", "years", "warmup_years", "seed")}) if len(frame) else ""
    return Result("sweep", "", note, axes, pd.DataFrame(_read_csv_columns(frame, axes)))


def _read_staff_json(data: dict) -> Result:
    rows = []
    for step in data["path"]:
        rows += _estimate_rows({"inspectors": str(step["inspectors"])}, step["targets"])
    run = data.get("at_answer") or {}
    return Result("staff", run.get("title") or run.get("scenario", ""),
                  _run_note(run).replace("at every point", "at every count"), ["inspectors"], pd.DataFrame(rows),
                  targets=list(data.get("targets", [])), answer=data.get("inspectors") if data.get("found") else None)


def _read_staff_csv(text: str) -> Result:
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False)
    result = Result("staff", "Staffing search", "", ["inspectors"], pd.DataFrame(_read_csv_columns(frame, ["inspectors"])))
    met = frame[frame["met"].astype(str).str.lower() == "true"]
    result.answer = int(met["inspectors"].min()) if len(met) else None
    return result


def read_result(path: str) -> Result:
    """Reads a sweep (JSON Lines or CSV) or staffing (JSON or CSV) result written by inspectsim."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            lines = stripped.splitlines()
            first = json.loads(lines[0]) if lines[0].rstrip().endswith("}") and '"sweep"' in lines[0] else None
            if first is not None and "sweep" in first:
                return _read_sweep_jsonl(lines)
            data = json.loads(stripped)
            if "path" in data and "targets" in data:
                return _read_staff_json(data)
        elif stripped.startswith("# inspectsim sweep"):
            return _read_sweep_csv(text)
        elif stripped.startswith("inspectors,met"):
            return _read_staff_csv(text)
    except (KeyError, IndexError, ValueError) as e:
        raise PlotInputError(f"{path}: cannot read it as an inspectsim sweep or staff result ({e})") from e
    raise PlotInputError(
        f"{path}: expected a sweep's JSON Lines or CSV, or staff's JSON or CSV (table output cannot be charted: "
        "write -f csv or -f json)")


# --- drawing ----------------------------------------------------------------------------------


def _as_number(text: str) -> Optional[float]:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def choose_x(result: Result) -> str:
    """The key on the horizontal axis: the first numeric key that varies, else the first key."""
    for key in result.axes:
        values = result.rows[key].unique()
        if len(values) > 1 and all(_as_number(v) is not None for v in values):
            return key
    return result.axes[0]


def _is_share(unit: str) -> bool:
    return unit.split("/")[0] == "share"


def _unit_label(unit: str) -> str:
    if _is_share(unit):
        return "% per year" if unit == "share/year" else "%"
    return unit


def _number_text(value: float) -> str:
    """A tick or label: grouped thousands, at most 3 significant digits below 1,000, no trailing zeros."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{float(f'{value:.3g}'):g}"


def _series(rows: pd.DataFrame, x: str, others: list[str]) -> list[tuple[str, pd.DataFrame]]:
    if not others:
        return [("", rows)]
    out = []
    for values, group in rows.groupby(others if len(others) > 1 else others[0], sort=False):
        values = values if isinstance(values, tuple) else (values,)
        out.append((", ".join(f"{k} = {v}" for k, v in zip(others, values)), group))
    return out


def figure(result: Result, metrics: Optional[Sequence[str]] = None, x: Optional[str] = None) -> Any:
    """The chart as a matplotlib Figure: one panel per metric, each series with its 95% band."""
    from matplotlib.figure import Figure

    available = result.metrics()
    if metrics:
        missing = [m for m in metrics if m not in available]
        if missing:
            raise PlotInputError(f"no metric {', '.join(missing)} in the result (it has: {', '.join(available[:12])}"
                                 f"{', ...' if len(available) > 12 else ''})")
        names = list(metrics)
    elif result.kind == "staff":
        names = available
    else:
        names = [m for m in DEFAULT_SWEEP_METRICS if m in available] or available[:6]
    x = x or choose_x(result)
    if x not in result.axes:
        raise PlotInputError(f"no varied key {x} in the result (it varies: {', '.join(result.axes)})")
    others = [a for a in result.axes if a != x and result.rows[a].nunique() > 1]
    numeric = all(_as_number(v) is not None for v in result.rows[x].unique())
    categories = list(dict.fromkeys(result.rows[x]))

    columns = 1 if len(names) == 1 else 2
    rows_of_panels = math.ceil(len(names) / columns)
    height = 0.9 + 2.5 * rows_of_panels
    fig = Figure(figsize=(7.0 if columns == 2 else 6.0, height), layout="constrained")
    axes = fig.subplots(rows_of_panels, columns, squeeze=False).ravel()
    for ax in axes[len(names):]:
        ax.set_visible(False)
    handles: dict[str, Any] = {}
    for ax, metric in zip(axes, names):
        data = result.rows[result.rows.metric == metric]
        unit = data.unit.iloc[0] if len(data) else ""
        scale = 100.0 if _is_share(unit) else 1.0
        series = _series(data, x, others)
        for i, (label, group) in enumerate(series):
            colour, marker, dash = STYLES[i % len(STYLES)]
            group = group.assign(_x=[_as_number(v) if numeric else categories.index(v) for v in group[x]])
            group = group.drop_duplicates("_x").sort_values("_x")
            xs = group["_x"].to_numpy(dtype=float)
            if not numeric and len(series) > 1:  # side by side at each category
                xs = xs + (i - (len(series) - 1) / 2) * 0.6 / len(series)
            mean, low, high = (group[c].to_numpy(dtype=float) * scale for c in ("mean", "ci_low", "ci_high"))
            if numeric and len(xs) > 1:
                ax.fill_between(xs, low, high, color=colour, alpha=0.18, linewidth=0)
                ax.plot(xs, low, color=colour, linewidth=0.6, alpha=0.7)
                ax.plot(xs, high, color=colour, linewidth=0.6, alpha=0.7)
                line, = ax.plot(xs, mean, color=colour, marker=marker, markersize=4, linestyle=dash, linewidth=1.4,
                                label=label or "mean")
            else:
                line = ax.errorbar(xs, mean, yerr=[mean - low, high - mean], color=colour, marker=marker, markersize=4,
                                   linestyle="none", capsize=3, elinewidth=1.0, label=label or "mean")
            if result.kind == "staff":
                met = _met_mask(result, metric, group)
                ax.plot(xs[~met], mean[~met], linestyle="none", marker=marker, markersize=4, markerfacecolor="white",
                        markeredgecolor=colour)
            handles.setdefault(label or "mean", line)
        _decorate(ax, result, metric, unit, scale, x, numeric, categories)
    if len(handles) > 1 or result.kind == "staff":
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        items = dict(handles) if len(handles) > 1 else {"mean": next(iter(handles.values()))}
        if numeric:
            items["95% confidence band"] = Patch(facecolor="#000000", alpha=0.18, edgecolor="#555555")
        else:
            items["95% confidence interval"] = Line2D([], [], color="#000000", marker="|", markersize=9,
                                                      linestyle="none")
        if result.kind == "staff":
            items["target"] = Line2D([], [], color="#000000", linestyle=(0, (4, 2)), linewidth=1.2)
            items["count that misses a target"] = Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                                                          markeredgecolor="#000000")
        per_row = len(items) if len(items) <= 4 else 3
        legend_rows = math.ceil(len(items) / per_row)
        note = 0.3 / height
        bottom = note + (0.08 + 0.2 * legend_rows) / height
        fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))  # left, bottom, width, height
        fig.legend(list(items.values()), list(items.keys()), loc="lower center", ncol=per_row,
                   fontsize=8, frameon=False, bbox_to_anchor=(0.5, note))
    else:
        fig.get_layout_engine().set(rect=(0, 0.3 / height, 1, 1 - 0.3 / height))
    what = "Staffing search" if result.kind == "staff" else "Sweep"
    fig.suptitle(f"{what}: {result.title}" if result.title else what, fontsize=10)
    if result.note:
        import textwrap

        what = "bands" if numeric else "intervals"
        note = textwrap.fill(f"{result.note}. Means with 95% confidence {what}.", width=int(fig.get_figwidth() * 19))
        fig.text(0.01, 0.005, note, fontsize=6.5, color="#444444", ha="left", va="bottom", transform=fig.transFigure)
    return fig


def _met_mask(result: Result, metric: str, group: pd.DataFrame) -> Any:
    import numpy as np

    met = np.ones(len(group), dtype=bool)
    for t in result.targets:
        if t.get("metric") != metric:
            continue
        if t.get("comparison") == ">=":
            met &= group["ci_low"].to_numpy(dtype=float) >= float(t["value"])
        else:
            met &= group["ci_high"].to_numpy(dtype=float) <= float(t["value"])
    return met


def _decorate(ax: Any, result: Result, metric: str, unit: str, scale: float, x: str, numeric: bool,
              categories: list[str]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_title(metric, fontsize=9, loc="left")
    ax.set_ylabel(_unit_label(unit), fontsize=8)
    ax.set_xlabel(x, fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _number_text(v)))
    if numeric:
        values = sorted({_as_number(c) for c in categories})
        if len(values) <= 8 and result.kind == "sweep":
            ax.set_xticks(values)  # the points swept
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=all(float(v).is_integer() for v in values)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _number_text(v)))
    else:
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(categories)
        ax.set_xlim(-0.6, len(categories) - 0.4)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    for t in result.targets:
        if t.get("metric") != metric:
            continue
        value = float(t["value"]) * scale
        ax.axhline(value, color="#000000", linestyle=(0, (4, 2)), linewidth=1.2, zorder=1)
        ax.annotate(f"target {t.get('comparison', '')} {_number_text(value)}{'%' if scale == 100 else ''}",
                    xy=(0.01, value), xycoords=("axes fraction", "data"), xytext=(0, 3), textcoords="offset points",
                    fontsize=7.5, va="bottom", ha="left",
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    if result.answer is not None and result.kind == "staff":
        ax.axvline(result.answer, color="#555555", linestyle=(0, (1, 1.5)), linewidth=1.0, zorder=1)
        ax.annotate(f"answer: {result.answer:,}", xy=(result.answer, 0.02), xycoords=("data", "axes fraction"),
                    xytext=(3, 0), textcoords="offset points", fontsize=7.5, ha="left", va="bottom",
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    bottom, top = ax.get_ylim()
    if bottom > 0 and bottom < 0.25 * top:
        ax.set_ylim(bottom=0)  # start at zero when the data are not far from it
    ax.margins(y=0.08)


def render(result: Result, fmt: str, metrics: Optional[Sequence[str]] = None, x: Optional[str] = None) -> bytes:
    """The chart's bytes in ``fmt`` (svg, png or pdf)."""
    fig = figure(result, metrics=metrics, x=x)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else {}
    fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def plot_format(path: str) -> str:
    """svg, png or pdf from the file name; raises PlotInputError otherwise."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise PlotInputError(f"{path}: expected a file name ending in .svg, .png or .pdf")
    return FORMATS[ext]


def write_plot(result_path: str, output: str, metrics: Optional[Sequence[str]] = None, x: Optional[str] = None) -> None:
    """Charts the result in ``result_path`` into ``output`` (.svg, .png or .pdf), whole or not at all."""
    fmt = plot_format(output)
    _core.check_output_path(output, [result_path])
    data = render(read_result(result_path), fmt, metrics=metrics, x=x)
    _core.write_output(output, data)
