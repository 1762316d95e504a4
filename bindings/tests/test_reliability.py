"""Edges of the Python package: runs left working at interpreter exit, bad paths, and the
brief's output file and degenerate scenarios."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

import inspectsim
from inspectsim import brief
from conftest import KZ_BASE, PYTHON, SMALL, package_env

SHORT = {"replications": 2, "years": 1}


def _child(body: str) -> subprocess.Popen:
    script = textwrap.dedent(
        f"""
        import signal, sys, threading, time
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import inspectsim
        s = inspectsim.load({KZ_BASE!r})
        """
    ) + textwrap.dedent(body)
    return subprocess.Popen([PYTHON, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=package_env())


def _finish(child: subprocess.Popen, timeout: float = 60) -> tuple[str, str]:
    try:
        return child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        raise


def test_a_run_in_a_daemon_thread_is_cancelled_at_interpreter_exit():
    # Before: "terminate called without an active exception" and SIGABRT.
    child = _child("""
        threading.Thread(target=lambda: inspectsim.run(s, replications=40, years=20), daemon=True).start()
        time.sleep(1.0)
        print("main done", flush=True)
    """)
    started = time.monotonic()
    out, err = _finish(child)
    assert child.returncode == 0, err
    assert out.strip() == "main done"
    assert "terminate called" not in err and "Traceback" not in err, err
    assert time.monotonic() - started < 30, "the run was not cancelled"


def test_ctrl_c_with_a_run_in_a_worker_thread_exits_without_aborting():
    child = _child("""
        threading.Thread(target=lambda: inspectsim.run(s, replications=40, years=20)).start()
        print("started", flush=True)
        time.sleep(60)
    """)
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.0)
    child.send_signal(signal.SIGINT)  # the main thread stops, then waits for the worker
    time.sleep(1.0)
    child.send_signal(signal.SIGINT)  # and stops waiting: the run is cancelled at exit
    _, err = _finish(child, timeout=30)
    assert child.returncode != -signal.SIGABRT, err
    assert "terminate called" not in err, err
    assert child.returncode in (-signal.SIGINT, 130), err


def test_a_path_with_a_nul_character_is_refused_not_cut():
    with pytest.raises(inspectsim.ScenarioError, match=r"small.yaml\\x00x: expected the path of a YAML file, found a NUL"):
        inspectsim.load(SMALL + "\0x")
    with pytest.raises(inspectsim.OutputPathError):
        inspectsim._core.check_output_path("report.html\0x")


def test_bad_arguments_raise_python_exceptions():
    s = inspectsim.load(SMALL)
    with pytest.raises(ValueError):
        inspectsim.run(s, threads=-1, **SHORT)
    with pytest.raises(TypeError):
        inspectsim._core.write_output(None, "text")
    with pytest.raises(inspectsim.OutputPathError):
        inspectsim._core.write_output("", "text")


def test_the_brief_of_a_scenario_without_inspectors(tmp_path: Path):
    # Before: matplotlib's "Axis limits cannot be NaN or Inf" traceback.
    none = inspectsim.load(SMALL, inspectors=0)
    html = brief.write_brief(tmp_path / "brief.html", none, [inspectsim.load(SMALL)], **SHORT)
    assert "no inspectors" in html
    assert (tmp_path / "brief.html").read_text(encoding="utf-8") == html


def test_the_brief_checks_its_output_before_running(tmp_path: Path):
    calls = []
    with pytest.raises(inspectsim.OutputPathError, match="expected a file in an existing directory"):
        brief.write_brief(tmp_path / "no" / "brief.html", SMALL, [SMALL], progress=lambda d, t: calls.append(d),
                          **SHORT)
    assert calls == [], "the scenarios were simulated before the path was checked"
    scenario = tmp_path / "s.yaml"
    scenario.write_text(Path(SMALL).read_text())
    with pytest.raises(inspectsim.OutputPathError, match="found the input"):
        brief.write_brief(scenario, str(scenario), [SMALL], progress=lambda d, t: calls.append(d), **SHORT)
    assert calls == []
    assert scenario.read_text() == Path(SMALL).read_text()


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))


def test_a_failed_brief_write_names_the_users_path_and_the_reason(tmp_path: Path):
    out = tmp_path / "brief.html"
    done = subprocess.run([PYTHON, "-m", "inspectsim", "brief", SMALL, SMALL, "-r", "2", "--years", "1", "-o", str(out)],
                          capture_output=True, text=True, env=package_env(), preexec_fn=_small_files, timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"error: cannot write '{out}': File too large" in done.stderr
    assert ".brief-" not in done.stderr
    assert os.listdir(tmp_path) == []


def test_a_long_run_keeps_running_sums_of_its_yearly_metrics():
    # Past 262,144 replication-years a run keeps running sums of its yearly metrics, not each
    # replication's: their estimates are there, each replication's yearly values are refused clearly.
    s = inspectsim.load(SMALL, {"segments.shops.entities": 6, "segments.factories.entities": 2, "inspectors": 2,
                                "simulation.warmup_years": 0})
    result = inspectsim.run(s, replications=1311, years=200, threads=2)
    assert result.yearly()["year"].max() == 200
    assert result._core.replications_global().shape[0] == 1311
    with pytest.raises(ValueError, match="keeps running sums of its yearly metrics"):
        result._core.replications_yearly()
