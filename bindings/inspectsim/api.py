"""load, run, compare, uncertainty and sensitivity: the engine's library calls with pandas results.

Every number comes from the C++ engine (inspectsim._core), through the same functions the
command line calls; this module only reshapes them into DataFrames.
"""

from __future__ import annotations

import io
import json
import math
import operator
import os
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core

ProgressCallback = Callable[[int, int], object]
"""progress(done, total): called on the calling thread after each finished replication."""

OverrideSpec = Union[Mapping[str, Any], Iterable[Union[str, "tuple[str, Any]"]], None]
PathLike = Union[str, "os.PathLike[str]"]

_ESTIMATE_COLUMNS = ["mean", "ci_low", "ci_high"]
#: The columns of Scenario.provenance(): where a number comes from, and its plausible range.
PROVENANCE_COLUMNS = ["key", "value", "kind", "note", "file", "spread", "distribution", "low", "high", "mode", "median"]


def _yaml_text(value: Any) -> str:
    """A Python value as the YAML text `--set KEY=VALUE` would carry."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"override value {value!r} is not a finite number")
        return repr(float(value))
    # Lists and maps: JSON is YAML's flow style.
    return json.dumps(value)


def _override_pairs(overrides: OverrideSpec, kwargs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Overrides as (dotted key, YAML text), in order: `overrides` first, then keyword arguments."""
    pairs: list[tuple[str, str]] = []
    if overrides is not None:
        items: Iterable[Any] = overrides.items() if isinstance(overrides, Mapping) else overrides
        if isinstance(overrides, str):
            items = [overrides]
        for item in items:
            if isinstance(item, str):
                pairs.append(_core.parse_override(item))
            else:
                key, value = item
                pairs.append((str(key), _yaml_text(value)))
    for key, value in kwargs.items():
        pairs.append((key.replace("__", "."), _yaml_text(value)))
    return pairs


class Scenario:
    """A scenario file loaded and validated by the engine, with the overrides applied to it.

    Made by :func:`load`. Keeps its path and overrides, so :func:`run` can load it again with
    the simulation settings changed (exactly as the command line's ``--replications``,
    ``--seed`` and ``--years`` do).
    """

    def __init__(self, path: str, overrides: Sequence[tuple[str, str]], core: _core.Scenario) -> None:
        self.path: str = path
        self.overrides: tuple[tuple[str, str], ...] = tuple(overrides)
        self._core = core

    @property
    def name(self) -> str:
        """Short name (the file's `name:` or its stem)."""
        return self._core.name

    @property
    def title(self) -> str:
        """One-line title."""
        return self._core.title

    @property
    def country(self) -> str:
        """Country."""
        return self._core.country

    @property
    def description(self) -> str:
        """A paragraph on what the scenario is."""
        return self._core.description

    @property
    def file(self) -> str:
        """The file it was loaded from, as given."""
        return self._core.file

    @property
    def seed(self) -> int:
        """simulation.seed: the random seed."""
        return self._core.seed

    @property
    def replications(self) -> int:
        """simulation.replications."""
        return self._core.replications

    @property
    def years(self) -> int:
        """simulation.years: measured years."""
        return self._core.years

    @property
    def warmup_years(self) -> int:
        """simulation.warmup_years: simulated first, excluded from statistics."""
        return self._core.warmup_years

    @property
    def inspectors(self) -> int:
        """inspectorate.inspectors: inspectors at the start."""
        return self._core.inspectors

    @property
    def entities(self) -> int:
        """Registered entities, all segments together."""
        return self._core.total_entities

    @property
    def workers(self) -> float:
        """Workers in the registered entities."""
        return self._core.total_workers

    @property
    def violations(self) -> list[str]:
        """Violation type names, in the scenario's order."""
        return list(self._core.violations)

    @property
    def size_classes(self) -> list[str]:
        """Size class names, in the scenario's order."""
        return list(self._core.size_classes)

    @property
    def regions(self) -> list[str]:
        """Region names."""
        return list(self._core.regions)

    def provenance(self) -> pd.DataFrame:
        """Where every number comes from: columns key, value, kind (source, assumption or
        unannotated), note (the citation or the reason), file (the file or --set that set it),
        and its plausible range: spread (ranged, default or fixed), distribution (uniform,
        triangular or lognormal; empty when fixed), low and high (a lognormal's 5th and 95th
        percentiles), mode (triangular) and median (lognormal), NaN where they do not apply."""
        return pd.DataFrame(self._core.provenance(), columns=PROVENANCE_COLUMNS)

    def provenance_tally(self) -> dict[str, int]:
        """How many numbers are sourced, assumed or unannotated, and how many vary over a stated
        range, over the default range or not at all, as ``inspectsim validate`` counts them:
        {"sourced": ..., "assumed": ..., "unannotated": ..., "ranged": ..., "defaulted": ...,
        "fixed": ...}."""
        return dict(self._core.provenance_tally())

    def with_overrides(self, overrides: OverrideSpec = None, **kwargs: Any) -> "Scenario":
        """The same file loaded again with more overrides, after this scenario's own.

        >>> unannounced = baseline.with_overrides(policy__notice="unannounced")
        """
        return load(self.path, self.overrides + tuple(_override_pairs(overrides, {})), **kwargs)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.overrides)
        return f"<inspectsim.Scenario {self.name!r} from {self.path!r}{extra}>"


def load(path: PathLike, overrides: OverrideSpec = None, **kwargs: Any) -> Scenario:
    """Loads, merges (``extends:``) and validates a scenario file.

    Overrides work like the command line's ``--set KEY=VALUE``, by dotted key, with list
    items by name (``segments.trade-micro.entities``) and ``inspectors`` short for
    ``inspectorate.inspectors``. Python keywords cannot contain dots, so give them either

    - as a mapping or a list: ``load(p, {"policy.notice": "unannounced"})``, or
      ``load(p, ["policy.notice=unannounced", "inspectors=500"])`` (strings as for --set), or
    - as keyword arguments with ``__`` for each dot: ``load(p, policy__notice="unannounced",
      inspectors=500)``.

    Values may be strings (YAML text, as after ``--set KEY=``), numbers, booleans, lists or
    dicts. They are applied in order: the ``overrides`` argument first, then the keywords.

    Raises:
        ScenarioError: the file or an override is bad; the message names the file, line,
            column, key and what was expected, as ``inspectsim`` prints after ``error:``.

    Example:
        >>> s = inspectsim.load("scenarios/kazakhstan/baseline.yaml", policy__notice="unannounced")
        >>> s.inspectors
        250
    """
    text = os.fspath(path)
    pairs = _override_pairs(overrides, kwargs)
    return Scenario(text, pairs, _core.load_scenario(text, pairs))


def _as_scenario(scenario: Union[Scenario, PathLike]) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load(scenario)


def _with_settings(
    scenario: Scenario, replications: Optional[int], seed: Optional[int], years: Optional[int]
) -> Scenario:
    """The scenario with the command line's --replications/--seed/--years overrides, appended
    after its own overrides in the command line's order."""
    extra: list[tuple[str, str]] = []
    if replications is not None:
        extra.append(("simulation.replications", str(operator.index(replications))))
    if seed is not None:
        extra.append(("simulation.seed", str(operator.index(seed))))
    if years is not None:
        extra.append(("simulation.years", str(operator.index(years))))
    if not extra:
        return scenario
    pairs = scenario.overrides + tuple(extra)
    return Scenario(scenario.path, pairs, _core.load_scenario(scenario.path, list(pairs)))


def _metric_names(kind: str) -> list[tuple[str, str, str]]:
    return getattr(_core, f"{kind}_metrics")()


def _estimates_frame(array: np.ndarray, info: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(metrics, 5) estimates -> metric, mean, ci_low, ci_high, unit."""
    frame = pd.DataFrame(array[:, :3], columns=_ESTIMATE_COLUMNS)
    frame.insert(0, "metric", [name for name, _, _ in info])
    frame["unit"] = [unit for _, unit, _ in info]
    return frame


def _grouped_frame(array: np.ndarray, info: list[tuple[str, str, str]], group: str, labels: Sequence[Any]) -> pd.DataFrame:
    """(groups, metrics, 5) estimates -> GROUP, metric, mean, ci_low, ci_high, unit."""
    parts = []
    for label, block in zip(labels, array):
        frame = _estimates_frame(block, info)
        frame.insert(0, group, label)
        parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=[group, "metric", *_ESTIMATE_COLUMNS, "unit"])
    return pd.concat(parts, ignore_index=True)


class Result:
    """One scenario's replications, summarised with means and 95% confidence intervals.

    Made by :func:`run`. Every table is a pandas DataFrame; :meth:`to_json` is the command
    line's JSON, byte for byte.
    """

    def __init__(self, core: _core.RunResult, scenario: Scenario) -> None:
        self._core = core
        self.scenario: Scenario = scenario

    def summary(self) -> pd.DataFrame:
        """Every global metric: columns metric, mean, ci_low, ci_high (95% CI), unit."""
        return _estimates_frame(self._core.summary_global(), _metric_names("global"))

    def replications(self) -> pd.DataFrame:
        """One row per replication (column ``replication``, from 0) and one column per global
        metric; ``.attrs["units"]`` maps each metric to its unit."""
        info = _metric_names("global")
        frame = pd.DataFrame(self._core.replications_global(), columns=[name for name, _, _ in info])
        frame.insert(0, "replication", np.arange(len(frame)))
        frame.attrs["units"] = {name: unit for name, unit, _ in info}
        return frame

    def yearly(self) -> pd.DataFrame:
        """Each measured year's metrics: columns year (1 = first measured year), metric, mean,
        ci_low, ci_high, unit."""
        array = self._core.summary_yearly()
        return _grouped_frame(array, _metric_names("yearly"), "year", range(1, len(array) + 1))

    def by_violation(self) -> pd.DataFrame:
        """Metrics per violation type: columns violation, metric, mean, ci_low, ci_high, unit."""
        return _grouped_frame(self._core.summary_by_violation(), _metric_names("violation"), "violation", self.scenario.violations)

    def by_size_class(self) -> pd.DataFrame:
        """Metrics per size class: columns size_class, metric, mean, ci_low, ci_high, unit."""
        return _grouped_frame(
            self._core.summary_by_size_class(), _metric_names("size_class"), "size_class", self.scenario.size_classes
        )

    def provenance(self) -> pd.DataFrame:
        """The scenario's numbers with their sources and assumptions (see Scenario.provenance)."""
        return pd.DataFrame(self._core.scenario.provenance(), columns=PROVENANCE_COLUMNS)

    def to_json(self) -> str:
        """The JSON of ``inspectsim run SCENARIO --format json``, byte for byte."""
        return self._core.to_json()

    def to_csv(self) -> str:
        """The CSV of ``inspectsim run SCENARIO --format csv``."""
        return self._core.to_csv()

    def to_xlsx(self) -> bytes:
        """The spreadsheet of ``inspectsim run SCENARIO --format xlsx``: the workbook's bytes."""
        return self._core.to_xlsx()

    def table(self) -> str:
        """The table ``inspectsim run SCENARIO`` prints."""
        return self._core.to_table()

    def __repr__(self) -> str:
        s = self._core.scenario
        return f"<inspectsim.Result {s.name!r}: {s.replications} replications, {s.years} years, seed {s.seed}>"

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()  # type: ignore[operator]


def _paired_frame(
    base: pd.DataFrame, variant: pd.DataFrame, difference: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    """base and variant means beside the paired difference and its 95% CI. Rows are paired by
    name (keys), never by position: a type or class the variant lacks gets NaN."""
    frame = base[keys].copy()
    frame["base"] = base["mean"].to_numpy()
    frame["variant"] = base[keys].merge(variant[keys + ["mean"]], on=keys, how="left")["mean"].to_numpy()
    frame["difference"] = difference["mean"].to_numpy()
    frame["ci_low"] = difference["ci_low"].to_numpy()
    frame["ci_high"] = difference["ci_high"].to_numpy()
    frame["unit"] = base["unit"].to_numpy()
    return frame


class Comparison(pd.DataFrame):
    """Paired differences (variant - base) on common random numbers, as a DataFrame.

    Columns: metric, base (mean), variant (mean), difference (mean of the per-replication
    differences), ci_low, ci_high (its 95% CI), unit. Made by :func:`compare`; besides the
    table it carries both runs (``base_result``, ``variant_result``: :class:`Result`) and
    the same breakdowns as a Result (:meth:`by_violation`, :meth:`by_size_class`,
    :meth:`yearly`). :meth:`compare_json` is the command line's JSON. Frames derived from
    it (slices, merges) are plain DataFrames.
    """

    _metadata = ["base_result", "variant_result", "_comparison"]
    base_result: Result
    variant_result: Result

    @classmethod
    def _from_core(cls, core: _core.CompareResult, base: Scenario, variant: Scenario) -> "Comparison":
        base_result = Result(core.base, base)
        # compare_experiments runs the variant with the base's seed and replications.
        variant_result = Result(core.variant, variant)
        difference = _estimates_frame(core.difference_global(), _metric_names("global"))
        frame = cls(_paired_frame(base_result.summary(), variant_result.summary(), difference, ["metric"]))
        frame.base_result = base_result
        frame.variant_result = variant_result
        frame._comparison = core
        return frame

    def _paired(self, method: str, kind: str, group: str, labels: Sequence[Any]) -> pd.DataFrame:
        base = getattr(self.base_result, method)()
        variant = getattr(self.variant_result, method)()
        difference = _grouped_frame(getattr(self._comparison, f"difference_{method}")(), _metric_names(kind), group, labels)
        return pd.DataFrame(_paired_frame(base, variant, difference, [group, "metric"]))

    def by_violation(self) -> pd.DataFrame:
        """Per violation type: violation, metric, base, variant, difference, ci_low, ci_high, unit."""
        return self._paired("by_violation", "violation", "violation", self.base_result.scenario.violations)

    def by_size_class(self) -> pd.DataFrame:
        """Per size class: size_class, metric, base, variant, difference, ci_low, ci_high, unit."""
        return self._paired("by_size_class", "size_class", "size_class", self.base_result.scenario.size_classes)

    def yearly(self) -> pd.DataFrame:
        """Per measured year: year, metric, base, variant, difference, ci_low, ci_high, unit."""
        years = range(1, self.base_result.scenario.years + 1)
        return self._paired("yearly", "yearly", "year", years)

    def compare_json(self) -> str:
        """The JSON of ``inspectsim compare BASE VARIANT --format json``, byte for byte."""
        return self._comparison.to_json()

    def compare_csv(self) -> str:
        """The CSV of ``inspectsim compare BASE VARIANT --format csv``."""
        return self._comparison.to_csv()

    def compare_xlsx(self) -> bytes:
        """The spreadsheet of ``inspectsim compare BASE VARIANT --format xlsx``: the workbook's bytes."""
        return self._comparison.to_xlsx()

    def table(self) -> str:
        """The table ``inspectsim compare BASE VARIANT`` prints."""
        return self._comparison.to_table()


def run(
    scenario: Union[Scenario, PathLike],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
    check: Optional[Callable[[], object]] = None,
) -> Result:
    """Simulates a scenario's replications in parallel and summarises them (95% CIs).

    Args:
        scenario: from :func:`load` (or a path, loaded without overrides).
        replications: replications to run (default: the scenario's simulation.replications).
        seed: random seed, 0..4294967295 (default: simulation.seed).
        years: measured years (default: simulation.years).
        threads: worker threads, 0 for all cores; the results do not depend on it.
        progress: called as ``progress(done, total)`` after each replication, on the calling
            thread (with the GIL), so it may print or update a notebook widget.
        check: called as ``check()`` every 50 ms on the calling thread; an exception it raises
            cancels the run (within a fraction of a second) and propagates, as one raised by
            ``progress`` does. For a server whose newer request replaces a run in flight.

    ``replications``, ``seed`` and ``years`` are applied as the overrides
    ``simulation.replications``/``simulation.seed``/``simulation.years`` after the
    scenario's own, exactly as the command line's options, so ``run(...).to_json()`` equals
    ``inspectsim run FILE --set ... --replications R --seed S --years Y --format json``.

    The simulation runs without the GIL. Ctrl-C (or a notebook's interrupt) stops it within a
    fraction of a second and raises KeyboardInterrupt.

    Raises:
        ScenarioError: a bad override (e.g. ``replications=1``: at least 2 are needed).

    Example:
        >>> r = inspectsim.run(inspectsim.load("scenarios/kyrgyzstan/baseline.yaml"), replications=10)
        >>> r.summary().query("metric == 'detections'")
    """
    base = _with_settings(_as_scenario(scenario), replications, seed, years)
    return Result(_core.run_experiment(base._core, threads, progress, check), base)


def compare(
    base: Union[Scenario, PathLike],
    variant: Union[Scenario, PathLike],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
    check: Optional[Callable[[], object]] = None,
) -> Comparison:
    """Runs two scenarios on common random numbers and returns their paired differences.

    Replication r of the variant uses the same random streams as replication r of the base
    (the base's seed and replication count), so the difference has far less noise than two
    separate runs. ``replications``, ``seed`` and ``years`` apply to both, as in
    ``inspectsim compare``; ``threads``, ``progress`` and ``check`` are as in :func:`run`
    (progress counts the replications of both scenarios).

    Returns:
        A :class:`Comparison`: a DataFrame with columns metric, base, variant, difference,
        ci_low, ci_high, unit, which also holds both runs (``.base_result``,
        ``.variant_result``) and the breakdowns (``.by_violation()``, ``.yearly()``,
        ``.by_size_class()``).

    Raises:
        ScenarioError: a bad scenario, or two scenarios with different horizons.

    Example:
        >>> d = inspectsim.compare(inspectsim.load("scenarios/uzbekistan/baseline.yaml"),
        ...                        inspectsim.load("scenarios/uzbekistan/unannounced.yaml"),
        ...                        replications=10)
        >>> d.set_index("metric").loc["detections", ["difference", "ci_low", "ci_high"]]
    """
    b = _with_settings(_as_scenario(base), replications, seed, years)
    v = _with_settings(_as_scenario(variant), replications, seed, years)
    core = _core.compare_experiments(b._core, v._core, threads, progress, check)
    # The engine pairs the variant with the base's seed and replications.
    paired = Scenario(v.path, v.overrides, core.variant.scenario)
    return Comparison._from_core(core, b, paired)


def metrics() -> pd.DataFrame:
    """Every metric the engine reports: columns scope (global, violation, size_class, yearly),
    metric, unit, definition."""
    rows = []
    for scope in ("global", "violation", "size_class", "yearly"):
        rows.extend((scope, name, unit, definition) for name, unit, definition in _metric_names(scope))
    return pd.DataFrame(rows, columns=["scope", "metric", "unit", "definition"])


def metrics_markdown() -> str:
    """Every metric's name, unit and definition as Markdown tables (``inspectsim metrics``)."""
    return _core.metrics_markdown()


def format_number(value: float) -> str:
    """A number as the engine's reports print it: grouped thousands, a few significant digits,
    'n/a' for NaN (e.g. 1240.3 -> '1,240')."""
    return _core.format_number(float(value))


def _design_spec(
    scenario: Union[Scenario, PathLike],
    variant: Union[Scenario, PathLike, None],
    replications: Optional[int],
    seed: Optional[int],
    years: Optional[int],
) -> tuple[str, str, list[tuple[str, str]]]:
    """The file, the variant's file and the overrides every design point shares."""
    base = _with_settings(_as_scenario(scenario), replications, seed, years)
    if variant is None:
        return base.path, "", list(base.overrides)
    other = _as_scenario(variant)
    own = _with_settings(other, replications, seed, years)
    if own.overrides != base.overrides and other.overrides:
        raise ValueError(
            "the variant's overrides must be the base's (every design point applies one list to both); "
            "give the variant as a path or load it with the base's overrides"
        )
    return base.path, own.path, list(base.overrides)


def uncertainty(
    scenario: Union[Scenario, PathLike],
    variant: Union[Scenario, PathLike, None] = None,
    metrics: Optional[Sequence[str]] = None,
    points: int = 64,
    design: str = "sobol",
    design_seed: int = 1,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
) -> pd.DataFrame:
    """Every metric (or its paired difference with ``variant``) over plausible assumptions.

    Samples every ranged number of the scenario together (``design``: "sobol" or "lhs"), runs
    each of ``points`` points with the scenario's replications on common random numbers, and
    returns one row per metric, as ``inspectsim uncertainty --format csv``: metric, unit, points,
    median, p05, p95 (the 90% interval over assumptions), mean, total_variance, noise_variance
    (simulation noise), assumption_variance, sign_kept_share (with a variant: the share of
    points whose difference has the median's sign; NaN without).

    The variant, if given, takes the base's overrides (give it as a path). ``replications``,
    ``seed``, ``years``, ``threads`` and ``progress`` are as in :func:`run` (progress counts
    design points).

    Example:
        >>> u = inspectsim.uncertainty("scenarios/kazakhstan/baseline.yaml",
        ...                            "scenarios/kazakhstan/unannounced.yaml",
        ...                            metrics=["detections"], points=32, replications=4, years=2)
        >>> u.set_index("metric").loc["detections", ["median", "p05", "p95", "sign_kept_share"]]
    """
    path, variant_path, pairs = _design_spec(scenario, variant, replications, seed, years)
    text = _core.uncertainty_csv(
        path, variant_path, pairs, list(metrics or []), operator.index(points), design,
        operator.index(design_seed), threads, progress,
    )
    return pd.read_csv(io.StringIO(text))


def calibrate(
    scenario: Union[Scenario, PathLike],
    max_evaluations: int = 200,
    algorithm: str = "sbplx",
    output: Optional[PathLike] = None,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
) -> dict[str, Any]:
    """Fit the scenario's free parameters (``calibration.free``) to its published figures
    (``calibration.targets``), as ``inspectsim calibrate --format json``.

    Returns the JSON report as a dict, with ``parameters`` (key, low, high, start, fitted,
    standard_error, ci95, objective_at_low, objective_at_high, identified) and ``calibration``
    (the fit table: metric, published, simulated, gap, within_tolerance) as DataFrames. With
    ``output``, also writes the calibrated scenario there (it extends ``scenario`` and sets each
    fitted value with its ``calibrated:`` provenance). ``algorithm`` is "sbplx" or "bobyqa";
    ``replications``, ``seed``, ``years``, ``threads`` and ``progress`` are as in :func:`run`
    (progress counts evaluations).

    Example:
        >>> fit = inspectsim.calibrate("scenarios/kazakhstan/baseline.yaml", max_evaluations=40,
        ...                            output="kz-calibrated.yaml")
        >>> fit["parameters"][["key", "fitted", "identified"]]
    """
    path, _, pairs = _design_spec(scenario, None, replications, seed, years)
    text = _core.calibrate_json(
        path, pairs, operator.index(max_evaluations), algorithm, os.fspath(output) if output is not None else "",
        threads, progress,
    )
    report: dict[str, Any] = json.loads(text)
    report["parameters"] = pd.DataFrame(report["parameters"])
    rows = [{**{k: v for k, v in row.items() if k != "simulated"},
             "simulated": row["simulated"]["mean"], "ci_low": row["simulated"]["ci95"][0],
             "ci_high": row["simulated"]["ci95"][1], "unit": row["simulated"]["unit"]}
            for row in report["calibration"]]
    report["calibration"] = pd.DataFrame(rows)
    return report


def sensitivity(
    scenario: Union[Scenario, PathLike],
    metrics: Sequence[str],
    variant: Union[Scenario, PathLike, None] = None,
    trajectories: int = 10,
    top: int = 5,
    base_points: int = 32,
    design_seed: int = 1,
    resamples: int = 500,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
) -> pd.DataFrame:
    """Which assumptions move each metric (or its paired difference with ``variant``) most.

    Morris screening of every ranged number (``trajectories`` paths), a one-at-a-time tornado,
    and Sobol indices with bootstrap intervals for the ``top`` inputs, as ``inspectsim
    sensitivity --format csv``: one row per (metric, input), ranked by mu*, with the columns
    metric, unit, rank, input, in_base, in_variant, value, spread, low, high, mu_star, mu, sigma,
    at_low, at_high, first_order (and its ci_low, ci_high), total (and its ci_low, ci_high;
    NaN for inputs outside the top).

    Example:
        >>> s = inspectsim.sensitivity("scenarios/kazakhstan/baseline.yaml",
        ...                            ["forced_labour.detected_share"], trajectories=4, top=3,
        ...                            replications=2, years=1)
        >>> s.head(5)[["input", "mu_star", "at_low", "at_high"]]
    """
    if isinstance(metrics, str):
        metrics = [metrics]
    path, variant_path, pairs = _design_spec(scenario, variant, replications, seed, years)
    text = _core.sensitivity_csv(
        path, variant_path, pairs, list(metrics), operator.index(trajectories), operator.index(top),
        operator.index(base_points), operator.index(design_seed), operator.index(resamples), threads, progress,
    )
    return pd.read_csv(io.StringIO(text))


def sweep(
    scenario: Union[Scenario, PathLike],
    vary: Union[str, Sequence[str]],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
) -> pd.DataFrame:
    """The scenario at every point of a grid of settings, on common random numbers, as
    ``inspectsim sweep --format csv``: one row per point, with its index (``point``), each varied
    key's value, seed, replications, years, warmup_years, and per metric its mean and 95% CI
    (columns ``METRIC_mean [UNIT]``, ``METRIC_ci_low``, ``METRIC_ci_high``).

    ``vary`` is one or more ``KEY=VALUES``: a list (``policy.notice=unannounced,prior``) or a
    range ``START:STOP:STEP`` (``inspectors=250:2000:250``); the grid is their product.
    ``replications``, ``seed``, ``years``, ``threads`` and ``progress`` are as in :func:`run`
    (progress counts points).

    Example:
        >>> s = inspectsim.sweep("scenarios/kazakhstan/baseline.yaml", "inspectors=200:400:100",
        ...                      replications=4, years=2)
        >>> s[["inspectors", "detections_mean [violations/year]", "detections_ci_low", "detections_ci_high"]]
    """
    if isinstance(vary, str):
        vary = [vary]
    path, _, pairs = _design_spec(scenario, None, replications, seed, years)
    text = _core.sweep_csv(path, pairs, list(vary), threads, progress)
    return pd.read_csv(io.StringIO(text), comment="#")


def staff(
    scenario: Union[Scenario, PathLike],
    targets: Union[str, Sequence[str]],
    min_inspectors: int = 1,
    max_inspectors: int = 0,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[int] = None,
    threads: int = 0,
    progress: Optional[ProgressCallback] = None,
) -> dict[str, Any]:
    """The smallest number of inspectors that meets every target on the cautious end of its 95%
    CI, as ``inspectsim staff --format json``: a dict with ``found``, ``inspectors``, the runs at
    the answer and just below it, ``warnings`` (e.g. inspectors under-used) and ``path``, the
    counts tried in order, as a DataFrame (inspectors, met).

    Each target is ``METRIC>=VALUE`` or ``METRIC<=VALUE``. ``max_inspectors`` 0 means ten times
    the scenario's count, at least 100. ``replications``, ``seed``, ``years`` and ``threads`` are
    as in :func:`run`; ``progress(done, total)`` counts the replications of each count tried.

    Example:
        >>> a = inspectsim.staff("scenarios/kazakhstan/unannounced.yaml",
        ...                      "forced_labour.detected_share>=0.05", replications=8, years=2)
        >>> a["inspectors"], a["path"]
    """
    if isinstance(targets, str):
        targets = [targets]
    path, _, pairs = _design_spec(scenario, None, replications, seed, years)
    text = _core.staff_json(
        path, pairs, list(targets), operator.index(min_inspectors), operator.index(max_inspectors), threads, progress
    )
    answer: dict[str, Any] = json.loads(text)
    answer["path"] = pd.DataFrame([{k: v for k, v in step.items() if k in ("inspectors", "met")}
                                   for step in answer["path"]])
    return answer
