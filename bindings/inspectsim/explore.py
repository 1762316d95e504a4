"""The levers of ``inspectsim serve``'s page and the answers it shows: two settings of one
scenario (A and B) compared on common random numbers, with 95% confidence intervals.

A *lever* is what an advocate asks about (inspectors, notice, the small-business exemption, a
moratorium, the plan) or one of the assumptions that move the answers most, with its unit and a
plausible range. A *setting* is a value per lever; it becomes the ``--set`` overrides of the
scenario, so the engine's own validation (:class:`inspectsim.ScenarioError`) judges every value.
An *answer* is one :func:`inspectsim.compare` of setting A against setting B, reshaped for the
page: key numbers with their intervals and rounded texts, the brief's headlines, and the rows
the charts draw. Nothing here knows about HTTP (that is :mod:`inspectsim.serve`).

    >>> from inspectsim import explore
    >>> levers = explore.levers(inspectsim.load("scenarios/kyrgyzstan/baseline.yaml"))
    >>> comparison = explore.compare_settings(scenario, {}, {"notice_complaint": True}, draft=True)
    >>> explore.answer(comparison, levers)["numbers"][0]
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any, Callable, Mapping, Optional, Sequence

from . import api, brief
from .api import Comparison, Scenario

#: Replications and measured years of a draft answer (while a slider is dragged; the warm-up stays
#: as the scenario has it); the full answer, on release, has the scenario's own
#: (simulation.replications and simulation.years). Both use the scenario's seed.
DRAFT_REPLICATIONS = 4
DRAFT_YEARS = 2


class SettingError(ValueError):
    """A setting the page cannot use: an unknown lever, a value of the wrong type, or one
    outside the lever's plausible range. (A value the scenario itself refuses raises
    :class:`inspectsim.ScenarioError` instead, with the engine's message.)"""


class Superseded(Exception):
    """The run was cancelled because a newer one replaced it (a slider moved again)."""


@dataclass(frozen=True)
class Lever:
    """One control on the page.

    ``kind`` is ``count`` (a whole number), ``number`` or ``switch`` (on or off); ``value`` is
    the scenario's own value, ``low``..``high`` (step ``step``) the range the page offers.
    """

    name: str
    label: str
    group: str  # "policy" or "assumption"
    kind: str
    unit: str
    value: Any
    low: float = 0.0
    high: float = 1.0
    step: float = 1.0
    key: str = ""  # the scenario key it sets, as --set takes it
    note: str = ""  # the number's source or the assumption's reason, or what the switch does
    on_words: str = ""  # a switch, on and off, in a sentence: "complaint visits unannounced"
    off_words: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


# The assumptions offered as sliders when the scenario gives them a plausible range: those that
# move forced labour found, violations found and the wait most (the README's robust staffing
# ranking and the brief's ranking of assumptions), with their units.
ASSUMPTION_LEVERS = [
    ("violations.forced_labour.concealability", "Forced labour hidden at an announced visit", "probability"),
    ("violations.forced_labour.detection_probability", "Forced labour found when present at a visit", "probability"),
    ("sanctions.order_compliance_probability", "Orders to remedy obeyed", "probability"),
    ("sanctions.specific_deterrence.reduction", "Fall in violations after a fined visit", "share"),
    ("complaints.awareness", "Workers who know how to complain", "share"),
    ("policy.notice.consent_refusal_probability", "Consent refused at first asking", "probability"),
    ("inspectorate.inspection_time_share", "Inspectors' time spent on visits", "share"),
    ("violations.undeclared_work.concealability", "Undeclared work hidden at an announced visit", "probability"),
]

# Policy switches: (lever name, label, scenario keys, the key's default when the file leaves it
# out, the value meaning "on", the value meaning "off", note, (on and off in words)).
_SWITCHES = [
    ("notice_complaint", "Complaint visits unannounced", ["policy.notice.complaint"], "prior", "unannounced", "prior",
     "on: an inspector answers a complaint without warning; off: with prior notice (and consent, if required)",
     ("complaint visits unannounced", "complaint visits announced")),
    ("notice_planned", "Planned and follow-up visits unannounced", ["policy.notice.planned", "policy.notice.follow_up"],
     "prior", "unannounced", "prior",
     "on: the annual plan's visits and return visits come without warning; off: with prior notice",
     ("planned visits unannounced", "planned visits announced")),
    ("consent_required", "Announced visits need the employer's consent", ["policy.notice.consent_required"], "true",
     "true", "false", "on: an employer may refuse or delay an announced visit",
     ("consent needed for announced visits", "no consent needed")),
    ("moratorium", "Moratorium on inspections", ["policy.moratorium.active"], "false", "true", "false",
     "on: the scenario's moratorium suspends planned visits (complaint visits as the scenario says)",
     ("a moratorium", "no moratorium")),
    ("fixed_plan", "Fixed annual plan", ["policy.plan.mode"], "fixed", "fixed", "capacity",
     "on: a plan of so many visits per inspector; off: inspectors fill the time complaints leave with planned visits",
     ("a fixed plan", "planned visits filling spare time")),
]

_SMALL_CLASSES = ("micro", "small")


def _provenance_values(scenario: Scenario) -> dict[str, Any]:
    """key -> provenance row (value as text, kind, note, spread, low, high)."""
    return {row.key: row for row in scenario.provenance().itertuples()}


def _words(text: str) -> list[str]:
    """'[micro, small]' -> ['micro', 'small']."""
    return [w.strip().strip("'\"") for w in text.strip().strip("[]").split(",") if w.strip()]


def _file_value(rows: Mapping[str, Any], key: str, default: str) -> str:
    """The scenario's value of a key as text; a map key's scalar form ('policy.notice:
    unannounced' sets every kind) counts too; `default` when the file leaves it out."""
    if key in rows:
        return str(rows[key].value)
    parent = key.rsplit(".", 1)[0]
    if parent in rows:
        return str(rows[parent].value)
    return default


def levers(scenario: Scenario) -> list[Lever]:
    """The page's levers for this scenario, policies first, each at the scenario's own value."""
    rows = _provenance_values(scenario)
    note = lambda key: str(rows[key].note) if key in rows else "the engine's default"
    out = [
        Lever("inspectors", "Inspectors", "policy", "count", "inspectors", scenario.inspectors, 1,
              max(5 * scenario.inspectors, 100), 1, "inspectors", note("inspectorate.inspectors")),
    ]
    for name, label, keys, default, on, _off, what, words in _SWITCHES:
        out.append(Lever(name, label, "policy", "switch", "", _file_value(rows, keys[0], default) == on, key=keys[0],
                         note=what, on_words=words[0], off_words=words[1]))
        if name == "notice_planned":
            exempt = _words(_file_value(rows, "policy.exempt_size_classes", "[]"))
            small = [c for c in scenario.size_classes if c in _SMALL_CLASSES]
            if small:
                out.append(Lever("small_business_exempt", "Small firms exempt from the plan", "policy", "switch", "",
                                 bool(exempt), key="policy.exempt_size_classes",
                                 note=f"on: {', '.join(exempt or small)} firms are left out of the annual plan "
                                 "(complaints still reach them as the scenario says); off: every size in the plan",
                                 on_words="small firms exempt", off_words="small firms in the plan"))
    planned = float(_file_value(rows, "policy.plan.inspections_per_inspector_per_year", "0"))
    out.append(Lever("planned_per_inspector", "Planned visits per inspector (fixed plan)", "policy", "number",
                     "visits/inspector-year", planned, 0, max(50.0, math.ceil(planned * 2)), 0.5,
                     "policy.plan.inspections_per_inspector_per_year",
                     "used only with a fixed annual plan; " + note("policy.plan.inspections_per_inspector_per_year")))
    for key, label, unit in ASSUMPTION_LEVERS:
        row = rows.get(key)
        if row is None or row.spread == "fixed" or not (math.isfinite(row.low) and math.isfinite(row.high)):
            continue
        value = float(row.value)
        low, high = min(float(row.low), value), max(float(row.high), value)
        if unit in ("probability", "share"):
            low, high = max(low, 0.0), min(high, 1.0)
        out.append(Lever(key, label, "assumption", "number", unit, value, low, high, _step(low, high), key,
                         f"{'stated range' if row.spread == 'ranged' else 'default range, x0.5 to x1.5'}: "
                         f"{str(row.note)}"))
    return out


def _step(low: float, high: float) -> float:
    """A slider step giving about a hundred positions, at a round number."""
    span = high - low
    if span <= 0:
        return 0.01
    return 10 ** math.floor(math.log10(span / 100))


def _yaml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


def overrides(scenario: Scenario, lever_list: Sequence[Lever], setting: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A setting (lever name -> value) as --set overrides, in lever order; a lever at the
    scenario's own value sets nothing (so the number keeps its source or reason).

    Raises:
        SettingError: not a mapping, an unknown lever, or a value of the wrong type.
    """
    if not isinstance(setting, Mapping):
        raise SettingError(f"a setting is an object of lever names and values, found {type(setting).__name__}")
    by_name = {lever.name: lever for lever in lever_list}
    unknown = [name for name in setting if name not in by_name]
    if unknown:
        raise SettingError(f"unknown lever '{unknown[0]}'; the levers are: {', '.join(by_name)}")
    pairs: list[tuple[str, str]] = []
    switches = {s[0]: s for s in _SWITCHES}
    for lever in lever_list:
        if lever.name not in setting:
            continue
        value = setting[lever.name]
        if lever.kind == "switch":
            if not isinstance(value, bool):
                raise SettingError(f"{lever.name}: expected true or false, found {value!r}")
            if value == lever.value:
                continue  # the scenario's own: its source or reason stays in the provenance
            if lever.name == "small_business_exempt":
                rows = _provenance_values(scenario)
                exempt = _words(_file_value(rows, lever.key, "[]")) or [
                    c for c in scenario.size_classes if c in _SMALL_CLASSES]
                pairs.append((lever.key, _yaml_list(exempt if value else [])))
            else:
                _, _, keys, _, on, off, _, _ = switches[lever.name]
                pairs.extend((key, on if value else off) for key in keys)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingError(f"{lever.name}: expected a number ({lever.unit}), found {value!r}")
        if lever.kind == "count" and value != int(value):
            raise SettingError(f"{lever.name}: expected a whole number of {lever.unit}, found {value!r}")
        if not math.isfinite(value):
            raise SettingError(f"{lever.name}: expected a finite number, found {value!r}")
        if float(value) == float(lever.value):
            continue
        pairs.append((lever.key, str(int(value)) if lever.kind == "count" else repr(float(value))))
    return pairs


def check_ranges(lever_list: Sequence[Lever], setting: Mapping[str, Any]) -> None:
    """Values the scenario accepts but outside the page's plausible range (say, a million
    inspectors, which would run for hours) are refused too.

    Raises:
        SettingError: naming the lever, the value and the range.
    """
    for lever in lever_list:
        value = setting.get(lever.name)
        if lever.kind == "switch" or value is None:
            continue
        if not lever.low - 1e-9 <= float(value) <= lever.high + 1e-9:
            raise SettingError(f"{lever.name}: {value} is outside the page's range [{lever.low:g}, {lever.high:g}] "
                               f"{lever.unit}".rstrip())


def scenario_with(scenario: Scenario, lever_list: Sequence[Lever], setting: Mapping[str, Any]) -> Scenario:
    """The scenario under a setting, validated by the engine, then by the levers' ranges.

    Raises:
        SettingError, inspectsim.ScenarioError.
    """
    loaded = api.load(scenario.path, list(scenario.overrides) + overrides(scenario, lever_list, setting))
    check_ranges(lever_list, setting)
    return loaded


def compare_settings(
    scenario: Scenario,
    setting_a: Mapping[str, Any],
    setting_b: Mapping[str, Any],
    draft: bool = False,
    threads: int = 0,
    stop: Optional[Callable[[], bool]] = None,
    lever_list: Optional[Sequence[Lever]] = None,
) -> Comparison:
    """Setting A against setting B on common random numbers (B - A, paired by replication).

    ``draft`` runs :data:`DRAFT_REPLICATIONS` replications of :data:`DRAFT_YEARS` measured years
    instead of the scenario's own.
    ``stop()`` is asked every 50 ms; when it says True the run is cancelled (the engine stops
    within a fraction of a second) and :class:`Superseded` raised.
    """
    lever_list = lever_list if lever_list is not None else levers(scenario)
    a = scenario_with(scenario, lever_list, setting_a)
    b = scenario_with(scenario, lever_list, setting_b)
    replications = min(DRAFT_REPLICATIONS, scenario.replications) if draft else None
    years = min(DRAFT_YEARS, scenario.years) if draft else None

    def check() -> None:
        if stop is not None and stop():
            raise Superseded()

    check()
    return api.compare(a, b, replications=replications, years=years, threads=threads, check=check)


# --- the answer, as the page shows it ----------------------------------------------------------

# The key numbers: (metric, as the page names it, scale, unit shown). A metric per violation type
# is written TYPE.metric.
KEY_NUMBERS = [
    ("forced_labour.detections", "Forced-labour cases found", 1, "cases/year"),
    ("forced_labour.detected_share", "Forced-labour cases found, share", 100, "% of cases"),
    ("detections", "Violations found", 1, "episodes/year"),
    ("detected_share", "Violations found, share", 100, "% of episodes"),
    ("complaint_wait_days", "Wait from complaint to visit", 1, "days"),
    ("worker_exposure", "Workers exposed to violations", 1, "worker-years/year"),
    ("concealed", "Hidden at announced visits", 1, "violations/year"),
    ("inspections", "Inspections", 1, "visits/year"),
    ("coverage", "Entities visited", 100, "% a year"),
    ("fines", "Fines", 1, "fines/year"),
]

# Per year, charted with bands: (metric, panel title, scale).
YEARLY_PANELS = [
    ("detections", "Violations found a year", 1.0),
    ("worker_exposure", "Worker-years exposed a year", 1.0),
    ("complaint_wait_days", "Days from complaint to visit", 1.0),
    ("coverage", "Entities visited a year (%)", 100.0),
]


def _estimate(mean: float, low: float, high: float, scale: float) -> dict:
    m, lo, hi = (float(x) * scale for x in (mean, low, high))
    lo_text, hi_text = brief.round_interval(lo, hi)
    return {"mean": _finite(m), "low": _finite(lo), "high": _finite(hi), "text": brief.round_significant(m),
            "interval": f"{lo_text} to {hi_text}"}


def _finite(x: float) -> Optional[float]:
    return x if math.isfinite(x) else None


def _rows_by_metric(result: api.Result) -> dict[str, Any]:
    rows = {row.metric: row for row in result.summary().itertuples()}
    for row in result.by_violation().itertuples():
        rows[f"{row.violation}.{row.metric}"] = row
    return rows


def _change_rows(comparison: Comparison) -> dict[str, Any]:
    rows = {row.metric: row for row in comparison.itertuples()}
    for row in comparison.by_violation().itertuples():
        rows[f"{row.violation}.{row.metric}"] = row
    return rows


def answer(comparison: Comparison, draft: bool, seconds: float) -> dict:
    """What the page shows for one comparison of A with B, as plain JSON-ready values."""
    scenario = comparison.base_result.scenario
    a_rows, b_rows = _rows_by_metric(comparison.base_result), _rows_by_metric(comparison.variant_result)
    changes = _change_rows(comparison)
    numbers = []
    for metric, label, scale, unit in KEY_NUMBERS:
        if metric not in a_rows or metric not in changes:
            continue
        a, b, d = a_rows[metric], b_rows[metric], changes[metric]
        diff, lo, hi = (float(x) * scale for x in (d.difference, d.ci_low, d.ci_high))
        finite = all(math.isfinite(x) for x in (diff, lo, hi))
        change_text, low_text, high_text = brief.round_change(diff, lo, hi) if finite else ("n/a", "n/a", "n/a")
        numbers.append({
            "metric": metric, "label": label, "unit": unit,
            "a": _estimate(a.mean, a.ci_low, a.ci_high, scale),
            "b": _estimate(b.mean, b.ci_low, b.ci_high, scale),
            "change": {"mean": _finite(diff), "low": _finite(lo), "high": _finite(hi), "text": change_text,
                       "interval": f"{low_text} to {high_text}",
                       "percent": brief.percent_change(float(a.mean), float(b.mean)),
                       "clear": finite and (lo > 0 or hi < 0)},
        })
    relative = []
    for n in numbers:
        base = n["a"]["mean"]
        if base and n["change"]["mean"] is not None and n["change"]["low"] is not None:
            relative.append({"label": n["label"], "percent": 100 * n["change"]["mean"] / abs(base),
                             "low": 100 * n["change"]["low"] / abs(base), "high": 100 * n["change"]["high"] / abs(base),
                             "clear": n["change"]["clear"]})
    yearly = []
    for policy, result in (("A", comparison.base_result), ("B", comparison.variant_result)):
        frame = result.yearly()
        for metric, title, scale in YEARLY_PANELS:
            for row in frame[frame.metric == metric].itertuples():
                if all(math.isfinite(float(x)) for x in (row.mean, row.ci_low, row.ci_high)):
                    yearly.append({"panel": title, "policy": policy, "year": int(row.year),
                                   "mean": float(row.mean) * scale, "low": float(row.ci_low) * scale,
                                   "high": float(row.ci_high) * scale})
    found = []
    for policy, result in (("A", comparison.base_result), ("B", comparison.variant_result)):
        frame = result.by_violation()
        for row in frame[frame.metric == "detected_share"].itertuples():
            if all(math.isfinite(float(x)) for x in (row.mean, row.ci_low, row.ci_high)):
                found.append({"violation": str(row.violation).replace("_", " "), "policy": policy,
                              "mean": 100 * float(row.mean), "low": 100 * float(row.ci_low),
                              "high": 100 * float(row.ci_high)})
    return {
        "run": {"replications": scenario.replications, "years": scenario.years, "warmup_years": scenario.warmup_years,
                "seed": scenario.seed, "draft": draft, "seconds": round(seconds, 2),
                "sentence": brief.replications_sentence(scenario)},
        "headlines": brief.headlines(comparison, "B against A"),
        "numbers": numbers,
        "relative": relative,
        "yearly": yearly,
        "yearly_panels": [title for _, title, _ in YEARLY_PANELS],
        "detected_share": found,
    }


def setting_words(lever_list: Sequence[Lever], setting: Mapping[str, Any]) -> str:
    """'inspectors 500, complaint visits unannounced' (the levers moved from the scenario's own
    values), or 'as in the scenario'."""
    moved = []
    for lever in lever_list:
        if lever.name in setting and setting[lever.name] != lever.value:
            value = setting[lever.name]
            if lever.kind == "switch":
                moved.append(lever.on_words if value else lever.off_words)
            else:
                moved.append(f"{_lower(lever.label)} {value:g}")
    return ", ".join(moved) if moved else "as in the scenario"


def setting_label(slot: str, lever_list: Sequence[Lever], setting: Mapping[str, Any]) -> str:
    """'B: inspectors 500, complaint visits unannounced'."""
    return f"{slot}: {setting_words(lever_list, setting)}"


def brief_question(scenario: Scenario, lever_list: Sequence[Lever], setting_a: Mapping[str, Any],
                   setting_b: Mapping[str, Any]) -> str:
    """The brief's question for A against B: 'What would change in Kyrgyzstan under setting B
    (inspectors 60, complaint visits unannounced) compared with setting A (as in the scenario)?'"""
    country = scenario.country or scenario.name
    return (f"What would change in {country} under setting B ({setting_words(lever_list, setting_b)}) compared with "
            f"setting A ({setting_words(lever_list, setting_a)})?")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if not re.match(r"^[A-Z]{2}", text) else text
