"""`--format xlsx`: spreadsheets of run, compare, sweep and staff, read back with openpyxl
(Debian's python3-openpyxl): numbers are numbers, with their units and the provenance sheet."""

from __future__ import annotations

import json

import pytest

from conftest import SMALL, run_cli

openpyxl = pytest.importorskip("openpyxl", reason="apt-get install python3-openpyxl (scripts/install-deps.sh)")

QUICK = ["-r", "3", "--years", "1"]


def _rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    head = values[0]
    return [dict(zip(head, row)) for row in values[1:]]


def test_run_xlsx_holds_the_json_numbers_as_numbers(cli, tmp_path):
    xlsx, js = tmp_path / "run.xlsx", tmp_path / "run.json"
    assert run_cli(cli, "run", SMALL, *QUICK, "-f", "xlsx", "-o", str(xlsx)).returncode == 0
    assert run_cli(cli, "run", SMALL, *QUICK, "-f", "json", "-o", str(js)).returncode == 0
    report = json.loads(js.read_text())
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["run", "yearly", "provenance", "about"]
    rows = {(r["scope"], r["item"], r["metric"]): r for r in _rows(book["run"])}
    for name, estimate in report["metrics"].items():
        row = rows[("all", None, name)]
        assert row["unit"] == estimate["unit"]
        for column, value in (("mean", estimate["mean"]), ("ci_low", estimate["ci95"][0]), ("ci_high", estimate["ci95"][1])):
            if value is None:
                assert row[column] is None
            else:
                assert isinstance(row[column], (int, float)), (name, column, row[column])
                assert row[column] == pytest.approx(value, rel=1e-12, abs=1e-300)
    hazard = rows[("violation", "hidden_hazard", "detected_share")]
    assert hazard["mean"] == pytest.approx(report["by_violation"]["hidden_hazard"]["detected_share"]["mean"])
    yearly = _rows(book["yearly"])
    assert {r["year"] for r in yearly} == {1} and all(isinstance(r["mean"], (int, float)) for r in yearly if r["mean"] is not None)

    provenance = {r["key"]: r for r in _rows(book["provenance"])}
    for key, p in report["provenance"].items():
        assert provenance[key]["kind"] == p["kind"]
        assert (provenance[key]["source or reason"] or "") == p["note"]
    inspectors = provenance["inspectorate.inspectors"]
    assert inspectors["value"] == 10 and isinstance(inspectors["value"], (int, float))
    about = {r["item"]: r["value"] for r in _rows(book["about"])}
    assert about["replications"] == 3 and about["seed"] == 42


def test_compare_sweep_and_staff_xlsx(cli, tmp_path):
    compare = tmp_path / "compare.xlsx"
    done = run_cli(cli, "compare", SMALL, SMALL, *QUICK, "--set", "policy.notice=unannounced", "-f", "xlsx", "-o", str(compare))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(compare, read_only=True)
    rows = {(r["scope"], r["metric"]): r for r in _rows(book["comparison"])}
    detections = rows[("all", "detections")]
    assert detections["difference_mean"] == pytest.approx(detections["variant_mean"] - detections["base_mean"], rel=1e-9)
    assert detections["unit"] == "violations/year"
    assert {r["scenario"] for r in _rows(book["provenance"])} == {"base", "variant"}

    sweep = tmp_path / "sweep.xlsx"  # the format from the extension
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4,8", "--vary", "policy.notice=prior,unannounced", *QUICK,
                   "-o", str(sweep))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(sweep, read_only=True)
    values = list(book["sweep"].iter_rows(values_only=True))
    head, units, points = values[0], values[1], values[2:]
    assert head[:3] == ("point", "inspectors", "policy.notice") and units[0] == "unit"
    assert units[head.index("coverage_mean")] == "share/year"
    assert [p[:3] for p in points] == [(0, 4, "prior"), (1, 4, "unannounced"), (2, 8, "prior"), (3, 8, "unannounced")]
    csv = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4,8", "--vary", "policy.notice=prior,unannounced", *QUICK, "-f", "csv")
    lines = [line for line in csv.stdout.splitlines() if not line.startswith("#")]
    csv_head = lines[0].split(",")
    column = csv_head.index("detections_mean [violations/year]")
    for point, line in zip(points, lines[1:]):
        assert point[head.index("detections_mean")] == pytest.approx(float(line.split(",")[column]), rel=1e-12)

    staff = tmp_path / "staff.xlsx"
    done = run_cli(cli, "staff", SMALL, "--target", "coverage>=0.1", "-r", "4", "--years", "2", "--max", "40", "-f", "xlsx",
                   "-o", str(staff))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(staff, read_only=True)
    path = _rows(book["path"])
    assert all(r["all targets met"] == (r["inspectors"] >= 13) for r in path)
    assert isinstance(path[0]["coverage_mean"], float)
    targets = _rows(book["targets"])
    assert targets[0]["value"] == 0.1 and targets[0]["comparison"] == ">="


@pytest.mark.parametrize("command", [
    ["run", SMALL],
    ["compare", SMALL, SMALL],
    ["sweep", SMALL, "--vary", "inspectors=4,8"],
    ["staff", SMALL, "--target", "coverage>=0.1"],
])
def test_xlsx_needs_an_output_file(cli, command):
    done = run_cli(cli, *command, *QUICK, "-f", "xlsx")
    assert done.returncode == 2
    assert "--format xlsx: expected --output FILE.xlsx" in done.stderr
    assert done.stdout == ""


def test_xlsx_sweep_cannot_be_resumed(cli, tmp_path):
    done = run_cli(cli, "sweep", SMALL, "--vary", "inspectors=4,8", *QUICK, "-o", str(tmp_path / "s.xlsx"), "--resume")
    assert done.returncode == 2 and "cannot be resumed" in done.stderr
