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


def assert_labels_do_not_overlap(fig) -> None:
    """Titles, axis labels, tick labels, annotations and legends of a matplotlib figure, drawn:
    no two overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        artists = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        # The tick labels drawn: those within the axis' view limits.
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        artists += [t for t in ax.get_xticklabels() if t.get_visible() and x0 <= t.get_position()[0] <= x1]
        artists += [t for t in ax.get_yticklabels() if t.get_visible() and y0 <= t.get_position()[1] <= y1]
        for artist in artists:
            if artist.get_text():
                boxes.append((artist.get_text(), artist.get_window_extent(renderer)))
    for legend in fig.legends:
        boxes.append(("legend", legend.get_window_extent(renderer)))
    for text in fig.texts:
        if text.get_text():
            boxes.append((text.get_text(), text.get_window_extent(renderer)))
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), f"'{a}' overlaps '{b}'"
    # Every label inside the figure: a label wider than its room is cut off in the saved chart.
    page = fig.bbox
    for name, box in boxes:
        assert (box.x0 >= page.x0 - 0.5 and box.x1 <= page.x1 + 0.5 and box.y0 >= page.y0 - 0.5
                and box.y1 <= page.y1 + 0.5), f"'{name}' reaches outside the figure ({box} in {page})"
