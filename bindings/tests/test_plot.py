"""Charts of sweeps and staffing searches: `sweep --plot`, `staff --plot` and
`python3 -m inspectsim plot`. The PNGs are kept in the build directory (sweep_plot.png,
staff_plot.png) to look at."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import PYTHON, SMALL, assert_labels_do_not_overlap, package_env, run_cli
from inspectsim import plot

QUICK = ["-r", "3", "--years", "1"]


@pytest.fixture(scope="module")
def sweep_csv(cli, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("plot") / "sweep.csv"
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4:16:4", "--vary", "policy.notice=prior,unannounced",
                   *QUICK, "-o", str(path))
    assert done.returncode == 0, done.stderr
    return str(path)


@pytest.fixture(scope="module")
def staff_json(cli, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("plot") / "staff.json"
    done = run_cli(cli, "staff", SMALL, "--target", "coverage>=0.1", "-r", "4", "--years", "2", "--max", "40",
                   "-f", "json", "-o", str(path))
    assert done.returncode == 0, done.stderr
    return str(path)


def _ink(path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("L"))


def _assert_not_blank_or_clipped(grey: np.ndarray) -> None:
    """Ink on the page, many shades (bands, lines, text), and a white margin all round (nothing
    drawn off the edge)."""
    dark = grey < 128
    assert dark.mean() > 0.005, "the chart is (nearly) empty"
    assert len(np.unique(grey)) > 20, "no shades: no bands or antialiased lines"
    for name, edge in (("top", grey[:3, :]), ("bottom", grey[-3:, :]), ("left", grey[:, :3]), ("right", grey[:, -3:])):
        assert (edge < 200).sum() == 0, f"ink on the chart's {name} edge: something is clipped"


def test_sweep_plot_from_the_command_line(cli, artifacts):
    out = artifacts / "sweep_plot.png"
    out.unlink(missing_ok=True)
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4:16:4", "--vary", "policy.notice=prior,unannounced",
                   *QUICK, "--metrics", "detections,coverage,hidden_hazard.detected_share,complaint_wait_days",
                   "--plot", str(out), "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# inspectsim sweep")  # the sweep's own output is unchanged
    _assert_not_blank_or_clipped(_ink(out))


def test_sweep_chart_has_a_band_per_series_and_the_varied_key_on_x(sweep_csv):
    result = plot.read_result(sweep_csv)
    assert result.kind == "sweep" and result.axes == ["inspectors", "policy.notice"]
    assert plot.choose_x(result) == "inspectors"
    fig = plot.figure(result, metrics=["detections", "detected_share"])
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title("left")]
    assert [ax.get_title("left") for ax in panels] == ["detections", "detected_share"]
    for ax in panels:
        assert ax.get_xlabel() == "inspectors"
        assert len(ax.collections) == 2, "one 95% band per notice rule"
        band = ax.collections[0].get_paths()[0].vertices
        assert np.ptp(band[:, 1]) > 0, "the band has no height"
    assert panels[1].get_ylabel() == "%"  # shares in percent
    # Lines differ by style as well as colour (greyscale print).
    styles = {(line.get_linestyle(), line.get_marker()) for line in panels[0].lines if line.get_marker() not in ("None", None, "")}
    assert len(styles) == 2


def test_python_plot_command_reads_csv_and_jsonl(cli, sweep_csv, tmp_path):
    jsonl = tmp_path / "sweep.jsonl"
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4:16:4", *QUICK, "-o", str(jsonl))
    assert done.returncode == 0, done.stderr
    for source in (sweep_csv, str(jsonl)):
        svg = tmp_path / "chart.svg"
        done = subprocess.run([PYTHON, "-m", "inspectsim", "plot", source, "-o", str(svg), "--metrics", "detections"],
                              capture_output=True, text=True, env=package_env(), timeout=120)
        assert done.returncode == 0, done.stderr
        text = svg.read_text()
        assert text.lstrip().startswith("<?xml") and "<svg" in text
        assert "detections" in text


def test_staff_plot_has_the_target_line_and_the_answer(staff_json, cli, artifacts):
    result = plot.read_result(staff_json)
    assert result.kind == "staff" and result.answer == 13
    fig = plot.figure(result)
    ax = fig.axes[0]
    assert ax.get_title("left") == "coverage"
    targets = [line for line in ax.lines if list(line.get_ydata()) == [10.0, 10.0]]  # 0.1 as a percent
    assert targets, "no target line at 10%"
    assert any(list(line.get_xdata()) == [13, 13] for line in ax.lines), "no answer line at 13"
    texts = [t.get_text() for t in ax.texts]
    assert "target >= 10%" in texts and "answer: 13" in texts
    assert_labels_do_not_overlap(fig)

    out = artifacts / "staff_plot.png"
    out.unlink(missing_ok=True)
    done = run_cli(cli, "staff", SMALL, "--target", "coverage>=0.1", "-r", "4", "--years", "2", "--max", "40",
                   "--plot", str(out))
    assert done.returncode == 0, done.stderr
    assert "answer: 13 inspectors" in done.stdout
    _assert_not_blank_or_clipped(_ink(out))


def test_sweep_labels_do_not_overlap(sweep_csv):
    assert_labels_do_not_overlap(plot.figure(plot.read_result(sweep_csv)))


def test_overlap_check_can_fail(sweep_csv):
    fig = plot.figure(plot.read_result(sweep_csv), metrics=["detections"])
    fig.axes[0].annotate("clash", xy=(0, 1), xycoords="axes fraction", fontsize=30)
    fig.axes[0].annotate("clash again", xy=(0, 1), xycoords="axes fraction", fontsize=30)
    with pytest.raises(AssertionError, match="overlaps"):
        assert_labels_do_not_overlap(fig)


def test_bad_plot_requests_are_refused_before_running(cli, tmp_path):
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4,8", *QUICK, "--plot", str(tmp_path / "chart.gif"))
    assert done.returncode == 2
    assert "--plot" in done.stderr and ".svg, .png or .pdf" in done.stderr
    assert done.stdout == ""  # nothing ran
    done = run_cli(cli, "staff", SMALL, "--target", "coverage>=0.1", "--plot", str(tmp_path / "missing" / "x.png"))
    assert done.returncode == 2 and "--plot" in done.stderr


def test_plot_command_refuses_what_it_cannot_chart(tmp_path, sweep_csv):
    table = tmp_path / "table.txt"
    table.write_text("Sweep of something\n  point  inspectors\n")
    for args, message in (([str(table)], "table output cannot be charted"),
                          ([sweep_csv, "--metrics", "nonsense"], "no metric nonsense")):
        done = subprocess.run([PYTHON, "-m", "inspectsim", "plot", *args, "-o", str(tmp_path / "x.png")],
                              capture_output=True, text=True, env=package_env(), timeout=120)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
        assert not (tmp_path / "x.png").exists()


def test_staff_csv_and_a_resumed_sweep_can_be_charted(cli, tmp_path):
    staff_csv = tmp_path / "staff.csv"
    done = run_cli(cli, "staff", SMALL, "--target", "coverage>=0.1", "-r", "4", "--years", "2", "--max", "40",
                   "-f", "csv", "-o", str(staff_csv))
    assert done.returncode == 0, done.stderr
    result = plot.read_result(str(staff_csv))
    assert result.kind == "staff" and result.answer == 13 and result.metrics() == ["coverage"]
    assert result.targets == []  # the CSV (the path) has no target values: no target line
    fig = plot.figure(result)
    assert any(list(line.get_xdata()) == [13, 13] for line in fig.axes[0].lines)

    # A finished sweep resumed with --plot charts every point, read back from its file.
    sweep = tmp_path / "sweep.jsonl"
    chart = tmp_path / "sweep.svg"
    command = ["sweep", SMALL, "--vary", "inspectors=4,8,12", *QUICK, "-o", str(sweep), "--metrics", "coverage"]
    assert run_cli(cli, *command).returncode == 0
    done = run_cli(cli, *command, "--resume", "--plot", str(chart))
    assert done.returncode == 0, done.stderr
    text = chart.read_text()
    assert "coverage" in text and "inspectors" in text
    result = plot.read_result(str(sweep))
    assert sorted(result.rows.inspectors.unique(), key=int) == ["4", "8", "12"]
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4,8", *QUICK, "-o", str(tmp_path / "t.txt"), "-f", "table",
                   "--resume", "--plot", str(chart))
    assert done.returncode == 2 and "--plot with --resume" in done.stderr
