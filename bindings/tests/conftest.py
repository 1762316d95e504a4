"""Shared set-up for the Python tests: paths, the command line, a small brief, Chromium.

Run by ctest (bindings/CMakeLists.txt) as
    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q bindings/tests
from the source directory, with INSPECTSIM_CLI (the inspectsim binary) and
INSPECTSIM_BUILD_DIR (where artifacts such as the screenshot are kept) set.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

import inspectsim

SOURCE_DIR = Path(__file__).resolve().parents[2]
SMALL = "tests/data/small.yaml"
KZ_BASE = "scenarios/kazakhstan/baseline.yaml"
KZ_UNANNOUNCED = "scenarios/kazakhstan/unannounced.yaml"
KZ_NO_EXEMPTION = "scenarios/kazakhstan/no-exemption.yaml"
# Short Kazakhstan runs: two replications of one measured year, no warm-up.
KZ_SHORT = {"replications": 2, "years": 1}
# A fixed plan of 173 announced visits (the published count) and time to spare for it, so that
# even one short year without warm-up has announced visits to hide things at (the shipped
# capacity plan makes about as many over a year, but in a first year complaints come first).
KZ_SET = ["simulation.warmup_years=0", "policy.plan.mode=fixed", "inspectorate.inspection_time_share=0.8"]
PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="session", autouse=True)
def in_source_dir() -> Iterator[None]:
    """Scenario paths are relative to the source directory, as in the README's commands."""
    previous = os.getcwd()
    os.chdir(SOURCE_DIR)
    yield
    os.chdir(previous)


@pytest.fixture(scope="session")
def cli() -> str:
    """The inspectsim command line built beside the package."""
    path = os.environ.get("INSPECTSIM_CLI") or str(SOURCE_DIR / "build" / "engine" / "inspectsim")
    assert os.access(path, os.X_OK), f"inspectsim binary not found at {path}: build first (make)"
    return path


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where test artifacts (the brief, its screenshot and PDF) are kept: the build directory."""
    build = os.environ.get("INSPECTSIM_BUILD_DIR")
    path = Path(build) if build else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_cli(cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, *args], capture_output=True, text=True, timeout=600)


def package_env() -> dict:
    """The environment for `python3 -m inspectsim` in a subprocess: this package first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(Path(inspectsim.__file__).parents[1]), env.get("PYTHONPATH", "")] if p)
    return env


@pytest.fixture(scope="session")
def kazakhstan_brief(artifacts: Path) -> dict:
    """The Kazakhstan brief (base against unannounced and no-exemption), short runs, written by
    `python3 -m inspectsim brief` into the build directory, with the comparisons behind it."""
    output = artifacts / "test_brief.html"
    if output.exists():
        output.unlink()
    labels = ["Unannounced inspections", "Planned visits to small firms"]
    command = [
        PYTHON, "-m", "inspectsim", "brief", KZ_BASE, KZ_UNANNOUNCED, KZ_NO_EXEMPTION, "-o", str(output),
        "-r", str(KZ_SHORT["replications"]), "--years", str(KZ_SHORT["years"]),
        *[arg for setting in KZ_SET for arg in ("--set", setting)],
        "-l", labels[0], "-l", labels[1],
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=package_env())
    assert done.returncode == 0, done.stderr
    base = inspectsim.load(KZ_BASE, KZ_SET)
    comparisons = [
        inspectsim.compare(base, inspectsim.load(variant, KZ_SET), **KZ_SHORT)
        for variant in (KZ_UNANNOUNCED, KZ_NO_EXEMPTION)
    ]
    return {"path": output, "html": output.read_text(encoding="utf-8"), "labels": labels, "comparisons": comparisons}


def _install_chromium() -> None:
    """apt-get install chromium (Debian's package), under a lock; apt-get update if needed."""
    if os.geteuid() != 0:
        pytest.fail("chromium is missing and the tests are not root: apt-get install chromium")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=600", "chromium"]
    with open("/tmp/inspectsim-chromium-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if shutil.which("chromium"):
            return
        print("installing chromium for the rendering test (apt-get install chromium)", file=sys.stderr)
        if subprocess.run(install, env=env, capture_output=True, timeout=1200).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
            done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=1200)
            assert done.returncode == 0, f"apt-get install chromium failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed when missing."""
    if not shutil.which("chromium"):
        _install_chromium()
    path = shutil.which("chromium")
    assert path, "chromium is still missing after apt-get install chromium"
    return path
