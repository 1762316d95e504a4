"""The Python API: shapes, column names, units, confidence intervals, overrides, progress, Ctrl-C."""

from __future__ import annotations

import inspect
import io
import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pandas as pd
import pytest

import inspectsim
from conftest import KZ_BASE, PYTHON, SMALL, package_env, run_cli

ESTIMATE_COLUMNS = ["mean", "ci_low", "ci_high", "unit"]


@pytest.fixture(scope="module")
def small_result() -> inspectsim.Result:
    return inspectsim.run(inspectsim.load(SMALL), replications=3, years=2)


@pytest.fixture(scope="module")
def small_comparison() -> inspectsim.Comparison:
    base = inspectsim.load(SMALL)
    return inspectsim.compare(base, base.with_overrides(policy__notice="unannounced"), replications=3, years=2)


def metric_table(scope: str) -> pd.DataFrame:
    table = inspectsim.metrics()
    return table[table.scope == scope].reset_index(drop=True)


def assert_ci_contains_mean(frame: pd.DataFrame, mean: str = "mean") -> None:
    finite = frame[np.isfinite(frame[mean])]
    assert len(finite) > 0
    bad = finite[(finite.ci_low > finite[mean] + 1e-9 * finite[mean].abs()) | (finite.ci_high < finite[mean] - 1e-9 * finite[mean].abs())]
    assert bad.empty, f"CI does not contain the mean:\n{bad}"


def test_version_matches_command_line(cli):
    assert run_cli(cli, "--version").stdout.strip() == f"inspectsim {inspectsim.__version__}"


def test_metrics_lists_every_scope():
    table = inspectsim.metrics()
    assert list(table.columns) == ["scope", "metric", "unit", "definition"]
    assert set(table.scope) == {"global", "violation", "size_class", "yearly"}
    assert (table.unit != "").all() and (table.definition != "").all()
    assert "workers_per_inspector" in set(metric_table("global").metric)


def test_metric_documentation_is_the_command_lines(cli):
    assert inspectsim.metrics_markdown() == run_cli(cli, "metrics").stdout
    for name in metric_table("global").metric:
        assert f"| `{name}` |" in inspectsim.metrics_markdown()


def test_provenance_tally_is_what_validate_prints(cli):
    s = inspectsim.load(KZ_BASE)
    tally = s.provenance_tally()
    kinds = s.provenance().kind.value_counts()
    spreads = s.provenance().spread.value_counts()
    assert tally == {"sourced": kinds.get("source", 0), "assumed": kinds.get("assumption", 0),
                     "calibrated": kinds.get("calibrated", 0),
                     "unannotated": kinds.get("unannotated", 0), "ranged": spreads.get("ranged", 0),
                     "defaulted": spreads.get("default", 0), "fixed": spreads.get("fixed", 0)}
    line = run_cli(cli, "validate", KZ_BASE).stdout
    assert (f"{tally['sourced']} sourced, {tally['assumed']} assumed, {tally['calibrated']} calibrated, "
            f"{tally['unannotated']} unannotated") in line
    assert f"{tally['ranged']} ranged, {tally['defaulted']} default-ranged, {tally['fixed']} fixed" in line


def test_scenario_properties():
    s = inspectsim.load(SMALL)
    assert (s.name, s.country, s.file) == ("small", "Testland", SMALL)
    assert (s.replications, s.years, s.warmup_years, s.seed, s.inspectors) == (8, 3, 1, 42, 10)
    assert s.entities == 3500 and s.workers == 3000 * 5 + 500 * 200
    assert s.violations == ["wage_arrears", "hidden_hazard"] and s.size_classes == ["small", "large"]
    provenance = s.provenance()
    assert list(provenance.columns) == ["key", "value", "kind", "note", "file", "spread", "distribution", "low", "high",
                                        "mode", "median"]
    assert set(provenance.kind) <= {"source", "assumption", "calibrated", "unannotated"}
    assert set(provenance.spread) <= {"ranged", "default", "fixed"}


def test_provenance_has_each_numbers_plausible_range():
    rows = inspectsim.load(KZ_BASE).provenance().set_index("key")
    stated = rows.loc[rows.spread == "ranged"]
    assert len(stated) > 0 and (stated.low <= stated.high).all()
    default = rows.loc[rows.spread == "default"]
    assert (default.distribution == "uniform").all()
    values = default.value.astype(float)
    assert ((default.low <= values) & (values <= default.high)).all()
    fixed = rows.loc[rows.spread == "fixed"]
    assert fixed.low.isna().all() and (fixed.distribution == "").all()


def test_summary_shape_columns_units(small_result):
    summary = small_result.summary()
    expected = metric_table("global")
    assert list(summary.columns) == ["metric", *ESTIMATE_COLUMNS]
    assert list(summary.metric) == list(expected.metric)
    assert list(summary.unit) == list(expected.unit)
    assert summary.loc[summary.metric == "inspections", "unit"].item() == "visits/year"
    assert_ci_contains_mean(summary)


def test_replications_one_row_each(small_result):
    reps = small_result.replications()
    names = list(metric_table("global").metric)
    assert reps.shape == (3, 1 + len(names))
    assert list(reps.columns) == ["replication", *names]
    assert list(reps.replication) == [0, 1, 2]
    assert reps.attrs["units"]["detections"] == "violations/year"
    summary = small_result.summary().set_index("metric")
    for metric in ("inspections", "detections", "prevalence"):
        assert reps[metric].mean() == pytest.approx(summary.loc[metric, "mean"], rel=1e-12)


def test_yearly_by_violation_by_size_class(small_result):
    yearly = small_result.yearly()
    names = list(metric_table("yearly").metric)
    assert list(yearly.columns) == ["year", "metric", *ESTIMATE_COLUMNS]
    assert len(yearly) == 2 * len(names)
    assert sorted(set(yearly.year)) == [1, 2]
    assert list(yearly[yearly.year == 1].metric) == names
    assert_ci_contains_mean(yearly)

    by_violation = small_result.by_violation()
    assert list(by_violation.columns) == ["violation", "metric", *ESTIMATE_COLUMNS]
    assert list(dict.fromkeys(by_violation.violation)) == ["wage_arrears", "hidden_hazard"]
    assert len(by_violation) == 2 * len(metric_table("violation"))
    assert list(by_violation[by_violation.violation == "wage_arrears"].unit) == list(metric_table("violation").unit)
    assert_ci_contains_mean(by_violation)

    by_size = small_result.by_size_class()
    assert list(by_size.columns) == ["size_class", "metric", *ESTIMATE_COLUMNS]
    assert len(by_size) == 2 * len(metric_table("size_class"))
    assert_ci_contains_mean(by_size)


def test_compare_paired_differences(small_comparison):
    d = small_comparison
    assert isinstance(d, pd.DataFrame)
    assert list(d.columns) == ["metric", "base", "variant", "difference", "ci_low", "ci_high", "unit"]
    assert list(d.metric) == list(metric_table("global").metric)
    assert list(d.unit) == list(metric_table("global").unit)
    assert_ci_contains_mean(d, "difference")
    base, variant = d.base_result, d.variant_result
    assert isinstance(base, inspectsim.Result) and isinstance(variant, inspectsim.Result)
    np.testing.assert_array_equal(d.base.to_numpy(), base.summary()["mean"].to_numpy())
    np.testing.assert_array_equal(d.variant.to_numpy(), variant.summary()["mean"].to_numpy())
    # Paired: the mean difference is the difference of the means where no replication is NaN.
    row = d.set_index("metric").loc["detections"]
    assert row.difference == pytest.approx(row.variant - row.base, rel=1e-9, abs=1e-9)
    # Unannounced visits hide nothing.
    assert d.set_index("metric").loc["concealed", "variant"] == 0
    for frame, group in ((d.by_violation(), "violation"), (d.by_size_class(), "size_class"), (d.yearly(), "year")):
        assert list(frame.columns) == [group, "metric", "base", "variant", "difference", "ci_low", "ci_high", "unit"]
        assert_ci_contains_mean(frame, "difference")


def test_run_json_is_the_command_line_json(cli):
    scenario = inspectsim.load(SMALL, {"policy.notice": "unannounced"}, inspectors=12)
    result = inspectsim.run(scenario, replications=3, seed=5, years=2, threads=1)
    done = run_cli(cli, "run", SMALL, "--set", "policy.notice=unannounced", "--set", "inspectors=12",
                   "-r", "3", "--seed", "5", "--years", "2", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert result.to_json() == done.stdout
    assert inspectsim.run(scenario, replications=3, seed=5, years=2, threads=2).to_json() == done.stdout
    csv = run_cli(cli, "run", SMALL, "--set", "policy.notice=unannounced", "--set", "inspectors=12",
                  "-r", "3", "--seed", "5", "--years", "2", "--format", "csv")
    assert result.to_csv() == csv.stdout


def test_run_json_with_scenario_defaults(cli):
    done = run_cli(cli, "run", SMALL, "--format", "json")
    assert inspectsim.run(inspectsim.load(SMALL)).to_json() == done.stdout
    assert inspectsim.run(SMALL).table() == run_cli(cli, "run", SMALL).stdout


def test_compare_json_is_the_command_line_json(cli):
    settings = ["--set", "simulation.warmup_years=0", "-r", "2", "--years", "1"]
    done = run_cli(cli, "compare", KZ_BASE, "scenarios/kazakhstan/unannounced.yaml", *settings, "--format", "json")
    assert done.returncode == 0, done.stderr
    d = inspectsim.compare(
        inspectsim.load(KZ_BASE, simulation__warmup_years=0),
        inspectsim.load("scenarios/kazakhstan/unannounced.yaml", ["simulation.warmup_years=0"]),
        replications=2,
        years=1,
    )
    assert d.compare_json() == done.stdout


def test_override_forms_agree():
    by_kwargs = inspectsim.load(SMALL, policy__notice="unannounced", inspectors=12, policy__exempt_size_classes=[])
    by_mapping = inspectsim.load(SMALL, {"policy.notice": "unannounced", "inspectors": 12, "policy.exempt_size_classes": "[]"})
    by_text = inspectsim.load(SMALL, ["policy.notice=unannounced", "inspectors=12", "policy.exempt_size_classes=[]"])
    for s in (by_kwargs, by_mapping, by_text):
        assert s.overrides == (("policy.notice", "unannounced"), ("inspectors", "12"), ("policy.exempt_size_classes", "[]"))
        assert s.inspectors == 12
    assert by_kwargs.with_overrides(inspectors=7).inspectors == 7
    assert inspectsim.load(SMALL, policy__notice__days=3.5).provenance().set_index("key").value["policy.notice.days"] == "3.5"
    assert inspectsim.load(SMALL, sanctions__follow_up=False).overrides == (("sanctions.follow_up", "false"),)


def _cli_error(cli, *args) -> str:
    done = run_cli(cli, *args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    return done.stderr[len("error: "):].rstrip("\n")


def test_scenario_error_has_the_command_line_message(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(open(SMALL).read().replace("days: 10", "days: -3"))
    with pytest.raises(inspectsim.ScenarioError) as error:
        inspectsim.load(str(bad))
    assert str(error.value) == _cli_error(cli, "run", str(bad))
    assert error.value.file == str(bad) and error.value.line > 0 and error.value.key == "policy.notice.days"
    assert "expected days in [0, 365], found '-3'" in str(error.value)
    assert isinstance(error.value, ValueError)

    typo = tmp_path / "typo.yaml"
    typo.write_text(open(SMALL).read().replace("awareness: 0.5", "awarenes: 0.5"))
    with pytest.raises(inspectsim.ScenarioError) as error:
        inspectsim.load(typo)
    assert str(error.value) == _cli_error(cli, "run", str(typo))
    assert "did you mean 'awareness'" in str(error.value)

    missing = str(tmp_path / "missing.yaml")
    with pytest.raises(inspectsim.ScenarioError) as error:
        inspectsim.load(missing)
    assert str(error.value) == _cli_error(cli, "run", missing)


def test_scenario_error_from_overrides(cli):
    with pytest.raises(inspectsim.ScenarioError) as error:
        inspectsim.load(SMALL, policy__notice__days=-3)
    assert str(error.value) == _cli_error(cli, "run", SMALL, "--set", "policy.notice.days=-3")
    with pytest.raises(inspectsim.ScenarioError) as error:
        inspectsim.load(SMALL, ["policy.notice"])
    assert str(error.value) == _cli_error(cli, "run", SMALL, "--set", "policy.notice")
    with pytest.raises(inspectsim.ScenarioError, match="simulation.replications"):
        inspectsim.run(SMALL, replications=1)


def test_progress_is_called_on_the_calling_thread():
    calls, threads = [], set()

    def progress(done, total):
        calls.append((done, total))
        threads.add(threading.get_ident())

    inspectsim.run(SMALL, replications=4, years=1, progress=progress)
    assert calls == [(i, 4) for i in range(1, 5)]
    assert threads == {threading.get_ident()}
    calls.clear()
    inspectsim.compare(SMALL, SMALL, replications=3, years=1, progress=progress)
    assert calls == [(i, 6) for i in range(1, 7)]


def test_an_exception_in_progress_stops_the_run():
    def progress(done, total):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        inspectsim.run(SMALL, replications=50, years=5, progress=progress)


def test_the_gil_is_released_while_simulating():
    # The run must outlast the half second of counting: a couple of seconds on an idle machine.
    finished = threading.Event()
    worker = threading.Thread(target=lambda: (inspectsim.run(KZ_BASE, replications=6, years=5), finished.set()))
    worker.start()
    ticks = 0
    time.sleep(0.2)
    start = time.monotonic()
    while time.monotonic() - start < 0.3 and not finished.is_set():
        ticks += 1
    worker.join()
    assert ticks > 1000


def test_ctrl_c_stops_a_long_run():
    script = textwrap.dedent(f"""
        import signal, sys, time
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import inspectsim
        s = inspectsim.load({KZ_BASE!r})
        print("running", flush=True)
        try:
            inspectsim.run(s, replications=40, years=20)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        print("finished", flush=True)
    """)
    child = subprocess.Popen([PYTHON, "-c", script], stdout=subprocess.PIPE, text=True, env=package_env())
    assert child.stdout.readline().strip() == "running"
    time.sleep(1.0)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    try:
        out, _ = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        raise
    assert child.returncode == 3 and out.strip() == "interrupted"
    assert time.monotonic() - sent < 10


def test_check_cancels_a_run_from_another_thread_s_request():
    """check() is called every 50 ms; what it raises stops the run within a second and propagates
    (inspectsim serve cancels a superseded run so), here from a thread that is not the main one."""
    class Replaced(Exception):
        pass

    stop = threading.Event()
    outcome = {}

    def check():
        if stop.is_set():
            raise Replaced()

    def work():
        try:
            inspectsim.compare(inspectsim.load(KZ_BASE), inspectsim.load(KZ_BASE, inspectors=300), replications=40,
                               years=20, check=check)
            outcome["result"] = "finished"
        except Replaced:
            outcome["result"] = "cancelled"

    worker = threading.Thread(target=work)
    worker.start()
    time.sleep(1.0)
    stopped = time.monotonic()
    stop.set()
    worker.join(timeout=30)
    assert outcome == {"result": "cancelled"} and time.monotonic() - stopped < 5


def test_docstrings_and_type_hints():
    for function in (inspectsim.load, inspectsim.run, inspectsim.compare, inspectsim.metrics, inspectsim.format_number):
        assert function.__doc__ and len(function.__doc__) > 40
        assert inspect.signature(function).return_annotation is not inspect.Signature.empty
    assert "Ctrl-C" in inspectsim.run.__doc__ and "replications" in inspectsim.run.__doc__
    parameters = inspect.signature(inspectsim.run).parameters
    assert list(parameters) == ["scenario", "replications", "seed", "years", "threads", "progress", "check"]
    assert inspectsim.ScenarioError.__module__ == "inspectsim"


def test_format_number_is_the_reports():
    assert inspectsim.format_number(1240.3) == "1,240"
    assert inspectsim.format_number(math.nan) == "n/a"


# ---- uncertainty and sensitivity over assumptions -------------------------------------------

ONE_ASSUMPTION = "tests/data/one_assumption.yaml"
MORE_ENTITIES = "tests/data/one_assumption_more_entities.yaml"


def test_uncertainty_returns_the_interval_a_uniform_range_implies():
    u = inspectsim.uncertainty(ONE_ASSUMPTION, metrics=["coverage"], points=64).set_index("metric")
    # coverage K / 2,000 with K uniform over [400, 1,600]: uniform over [0.2, 0.8]
    assert abs(u.loc["coverage", "median"] - 0.5) < 0.02
    assert abs(u.loc["coverage", "p05"] - 0.23) < 0.02
    assert abs(u.loc["coverage", "p95"] - 0.77) < 0.02
    assert u.loc["coverage", "noise_variance"] < 1e-6
    assert math.isnan(u.loc["coverage", "sign_kept_share"])


def test_uncertainty_of_a_difference_keeps_its_sign():
    u = inspectsim.uncertainty(ONE_ASSUMPTION, MORE_ENTITIES, metrics=["coverage"], points=16)
    row = u.set_index("metric").loc["coverage"]
    assert row["sign_kept_share"] == 1.0
    assert -0.3 < row["median"] < -0.2


def test_calibrate_returns_the_fit_and_writes_the_calibrated_scenario(tmp_path):
    scenario = tmp_path / "fit.yaml"
    scenario.write_text(textwrap.dedent(f"""\
        extends: {os.path.abspath(SMALL)}
        calibration:
          targets:
            - {{metric: complaints, tolerance: 0.05, published: 520}}
          free:
            complaints.rate_per_exposed_worker_year: [0.005, 0.05]
        """))
    fit = inspectsim.calibrate(scenario, max_evaluations=8, replications=3, years=2, output=tmp_path / "cal.yaml")
    assert list(fit["parameters"].key) == ["complaints.rate_per_exposed_worker_year"]
    assert list(fit["calibration"].metric) == ["complaints"]
    assert {"published", "simulated", "ci_low", "ci_high", "gap", "within_tolerance"} <= set(fit["calibration"].columns)
    fitted = inspectsim.load(tmp_path / "cal.yaml")
    assert fitted.provenance_tally()["calibrated"] == 1
    row = fitted.provenance().set_index("key").loc["complaints.rate_per_exposed_worker_year"]
    assert row.kind == "calibrated" and row.note.startswith("to the targets (complaints)")


def test_sensitivity_ranks_the_acting_assumption_first():
    s = inspectsim.sensitivity(ONE_ASSUMPTION, "coverage", trajectories=4, top=1, base_points=8, resamples=20)
    assert list(s.columns[:4]) == ["metric", "unit", "rank", "input"]
    assert s.iloc[0]["input"] == "policy.plan.inspections_per_inspector_per_year"
    assert abs(s.iloc[0]["mu_star"] - 0.3) < 0.01
    assert s.iloc[1:]["mu_star"].eq(0).all()
    assert not math.isnan(s.iloc[0]["total"]) and math.isnan(s.iloc[1]["total"])


def test_uncertainty_refuses_an_unknown_metric():
    with pytest.raises(ValueError, match="unknown metric 'coverages'"):
        inspectsim.uncertainty(ONE_ASSUMPTION, metrics=["coverages"], points=4)


# ---- sweeps and the staffing search: the library's, as the command line's -------------------

PLAN_SIZES = "policy.plan.inspections_per_inspector_per_year=400:1600:600"


def test_sweep_gives_each_points_coverage_and_the_command_lines_csv(cli):
    s = inspectsim.sweep(ONE_ASSUMPTION, PLAN_SIZES)
    # One inspector visits K distinct entities of 2,000 a year: coverage K / 2,000 exactly.
    assert list(s["policy.plan.inspections_per_inspector_per_year"]) == [400, 1000, 1600]
    assert list(s["coverage_mean [share/year]"]) == pytest.approx([0.2, 0.5, 0.8], abs=1e-12)
    cli_csv = run_cli(cli, "sweep", ONE_ASSUMPTION, "--vary", PLAN_SIZES, "-f", "csv").stdout
    pd.testing.assert_frame_equal(s, pd.read_csv(io.StringIO(cli_csv), comment="#"))


def test_sweep_refuses_a_bad_vary():
    with pytest.raises(inspectsim.ScenarioError, match="--vary"):
        inspectsim.sweep(ONE_ASSUMPTION, "policy.plan.inspections_per_inspector_per_year")


def test_staff_finds_the_smallest_count_meeting_the_target(cli):
    # Each inspector covers 1,000 of 2,000 entities: 1 gives 0.5, 2 give 1.0.
    a = inspectsim.staff(ONE_ASSUMPTION, "coverage>=0.6")
    assert a["found"] and a["inspectors"] == 2
    assert list(a["path"].columns) == ["inspectors", "met"]
    assert set(zip(a["path"].inspectors, a["path"].met)) >= {(1, False), (2, True)}
    cli_json = json.loads(run_cli(cli, "staff", ONE_ASSUMPTION, "--target", "coverage>=0.6", "-f", "json").stdout)
    assert a["inspectors"] == cli_json["inspectors"] and list(a["path"].inspectors) == [p["inspectors"] for p in cli_json["path"]]


def test_staff_refuses_a_target_without_a_comparison():
    with pytest.raises(inspectsim.ScenarioError, match="--target"):
        inspectsim.staff(ONE_ASSUMPTION, "coverage=0.6")
