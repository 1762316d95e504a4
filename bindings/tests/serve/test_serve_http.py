"""`inspectsim serve` over HTTP, with Flask's test client: the levers, an answer, bad requests
(each a 4xx with a JSON error, the server unharmed), two sessions at once, and a run cancelled
by a newer request of its session."""

from __future__ import annotations

import io
import threading
import time

import pytest

flask = pytest.importorskip("flask", reason="inspectsim serve needs python3-flask")

import inspectsim  # noqa: E402
from inspectsim import explore, serve  # noqa: E402

KG = "scenarios/kyrgyzstan/baseline.yaml"
KZ = "scenarios/kazakhstan/baseline.yaml"


@pytest.fixture(scope="module")
def client():
    app = serve.create_app([KG, KZ], threads=2)
    app.testing = True
    return app.test_client()


def answer(client, session="session-one", scenario=0, a=None, b=None, draft=True, **extra):
    body = {"session": session, "scenario": scenario, "a": a or {}, "b": b or {}, "draft": draft, **extra}
    return client.post("/api/answer", json=body)


def test_the_page_and_its_charting_library_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and b"explore.js" in page.data
    for name in ("explore.js", "explore.css", "vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        response.close()


def test_levers_carry_their_units_and_ranges(client):
    scenarios = client.get("/api/scenarios").get_json()["scenarios"]
    assert [s["file"] for s in scenarios] == [KG, KZ]
    levers = {lever["name"]: lever for lever in scenarios[0]["levers"]}
    for name in ("inspectors", "notice_complaint", "notice_planned", "small_business_exempt", "moratorium",
                 "planned_per_inspector", "violations.forced_labour.concealability"):
        assert name in levers, name
    assert levers["inspectors"]["value"] == 28 and levers["inspectors"]["unit"] == "inspectors"
    assert levers["notice_complaint"]["value"] is False  # Kyrgyzstan announces complaint visits
    assert levers["small_business_exempt"]["value"] is True
    concealability = levers["violations.forced_labour.concealability"]
    assert (concealability["low"], concealability["high"], concealability["unit"]) == (0.53, 0.95, "probability")
    assert all(lever["group"] in ("policy", "assumption") for lever in levers.values())


def test_an_answer_compares_b_with_a(client):
    response = answer(client, b={"notice_complaint": True, "notice_planned": True, "consent_required": False})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["run"]["draft"] is True and body["run"]["replications"] == explore.DRAFT_REPLICATIONS
    assert body["run"]["years"] == explore.DRAFT_YEARS
    numbers = {n["metric"]: n for n in body["numbers"]}
    wait = numbers["complaint_wait_days"]
    assert wait["change"]["clear"] and wait["b"]["mean"] < wait["a"]["mean"]
    assert wait["a"]["interval"] and wait["change"]["percent"].startswith("\u2212")
    assert body["labels"]["b"] == "B: complaint visits unannounced, planned visits unannounced, no consent needed"
    assert body["headlines"] and body["labels"]["a"] == "A: as in the scenario"
    assert {row["policy"] for row in body["yearly"]} == {"A", "B"}
    assert {row["violation"] for row in body["detected_share"]} >= {"forced labour", "wage arrears"}


def test_levers_at_the_scenario_s_values_keep_their_sources():
    scenario = inspectsim.load(KG)
    levers = explore.levers(scenario)
    as_is = {lever.name: lever.value for lever in levers}
    assert explore.overrides(scenario, levers, as_is) == []
    moved = dict(as_is, inspectors=40, notice_planned=True, small_business_exempt=False)
    assert explore.overrides(scenario, levers, moved) == [
        ("inspectors", "40"), ("policy.notice.planned", "unannounced"),
        ("policy.notice.follow_up", "unannounced"), ("policy.exempt_size_classes", "[]")]


def test_the_downloads_are_of_what_is_on_screen(client):
    levers = client.get("/api/scenarios").get_json()["scenarios"][0]["levers"]
    as_is = {lever["name"]: lever["value"] for lever in levers}
    assert answer(client, session="downloads-1", a=as_is, b=dict(as_is, inspectors=56)).status_code == 200
    brief = client.get("/api/brief?session=downloads-1")
    assert brief.status_code == 200 and "attachment" in brief.headers["Content-Disposition"]
    assert b"under setting B (inspectors 56) compared with setting A (as in the scenario)" in brief.data and b"<h1>Kyrgyzstan: what would change for workers?</h1>" in brief.data
    sheet = client.get("/api/spreadsheet?session=downloads-1")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(sheet.data))
    assert "comparison" in book.sheetnames and "provenance" in book.sheetnames
    rows = [row[:3] for row in book["provenance"].iter_rows(values_only=True) if row[1] == "inspectorate.inspectors"]
    assert rows == [("base", "inspectorate.inspectors", 28), ("variant", "inspectorate.inspectors", 56)]
    # A's inspectors keep their source: the page sends every lever, but only moved ones are set.
    kinds = {row[0]: row[3] for row in book["provenance"].iter_rows(values_only=True)
             if row[1] == "inspectorate.inspectors"}
    assert kinds == {"base": "source", "variant": "unannotated"}


@pytest.mark.parametrize("body, status, words", [
    ({"a": {}, "b": {"inspectorz": 3}}, 400, "unknown lever 'inspectorz'"),
    ({"b": {"violations.forced_labour.concealability": 1.5}}, 400, "violations.forced_labour.concealability"),
    ({"b": {"inspectors": 100000}}, 400, "outside the page's range"),
    ({"b": {"inspectors": 0}}, 400, "inspectors"),
    ({"b": {"inspectors": "many"}}, 400, "expected a number"),
    ({"b": {"inspectors": 2.5}}, 400, "whole number"),
    ({"b": {"moratorium": "yes"}}, 400, "expected true or false"),
    ({"b": ["inspectors"]}, 400, "a setting is an object"),
    ({"scenario": 7}, 400, "scenario: expected a number from 0 to 1"),
    ({"draft": "no"}, 400, "draft"),
    ({"colour": "red"}, 400, "unknown field 'colour'"),
    ({"session": "../../etc"}, 400, "session"),
])
def test_bad_settings_get_a_4xx_with_a_clear_message(client, body, status, words):
    request = {"session": "bad-input-1", "scenario": 0, "a": {}, "b": {}, "draft": True}
    request.update(body)
    response = client.post("/api/answer", json=request)
    assert response.status_code == status
    assert words in response.get_json()["error"]


def test_the_engine_s_own_message_names_the_key_and_range(client):
    error = answer(client, b={"violations.forced_labour.concealability": 1.5}).get_json()["error"]
    assert "[0, 1]" in error and "1.5" in error


def test_not_json_huge_and_unknown_requests(client):
    response = client.post("/api/answer", data="inspectors=5", content_type="text/plain")
    assert response.status_code == 415 and "Content-Type: application/json" in response.get_json()["error"]
    response = client.post("/api/answer", data="{not json", content_type="application/json")
    assert response.status_code == 400 and "expected a JSON object" in response.get_json()["error"]
    response = client.post("/api/answer", data="[1, 2]", content_type="application/json")
    assert response.status_code == 400 and "found list" in response.get_json()["error"]
    huge = b'{"session": "huge-body-1", "b": {"x": "' + b"y" * (2 * serve.MAX_REQUEST_BYTES) + b'"}}'
    response = client.post("/api/answer", data=huge, content_type="application/json")
    assert response.status_code == 413 and "too large" in response.get_json()["error"]
    assert client.get("/api/nothing").status_code == 404
    assert client.get("/api/answer").status_code == 405
    response = client.get("/api/brief?session=never-seen-1")
    assert response.status_code == 404 and "no answer" in response.get_json()["error"]
    # And the server still answers.
    assert answer(client, session="after-errors").status_code == 200


def test_only_answers_at_127_0_0_1(client):
    """A page elsewhere reaching the server under its own name (DNS rebinding) is refused."""
    response = client.get("/api/scenarios", headers={"Host": "evil.example:8765"})
    assert response.status_code == 403 and "127.0.0.1" in response.get_json()["error"]
    assert client.get("/api/scenarios", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def _in_thread(function, *args, **kwargs):
    out = {}

    def run():
        started = time.monotonic()
        out["response"] = function(*args, **kwargs)
        out["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def test_a_newer_request_cancels_the_run_of_its_session_only(client):
    """Session one starts a full Kazakhstan run (about 10 s); session two runs meanwhile and is not
    disturbed; then session one's slider moves again: its full run stops with 409 within a second
    or two, and the newer draft answers."""
    long_run, long_out = _in_thread(answer, client, session="cancel-me-1", scenario=1, b={"inspectors": 300},
                                    draft=False)
    time.sleep(1.0)
    other, other_out = _in_thread(answer, client, session="other-tab-1", scenario=0, b={"inspectors": 40})
    other.join(timeout=60)
    assert other_out["response"].status_code == 200
    assert long_run.is_alive(), "the full run ended before it could be cancelled"
    moved = time.monotonic()
    newer = answer(client, session="cancel-me-1", scenario=0, b={"inspectors": 30})
    long_run.join(timeout=60)
    assert newer.status_code == 200
    response = long_out["response"]
    assert response.status_code == 409 and response.get_json()["superseded"] is True
    assert time.monotonic() - moved < 8
    # The cancelled run left nothing behind: session one's downloads are of the newer answer.
    assert b"setting B (inspectors 30)" in client.get("/api/brief?session=cancel-me-1").data


@pytest.mark.parametrize("path", sorted(str(p) for country in ("kazakhstan", "kyrgyzstan", "uzbekistan")
                                        for p in __import__("pathlib").Path("scenarios", country).glob("*.yaml")))
def test_every_shipped_scenario_offers_its_levers_at_its_own_values(path):
    scenario = inspectsim.load(path)
    levers = explore.levers(scenario)
    assert {"inspectors", "notice_complaint", "notice_planned", "moratorium", "fixed_plan"} <= {l.name for l in levers}
    assert explore.overrides(scenario, levers, {lever.name: lever.value for lever in levers}) == []
    assert all(lever.low <= lever.value <= lever.high for lever in levers if lever.kind != "switch")


def test_the_command_refuses_a_bad_scenario_or_port_before_listening():
    import subprocess
    import sys

    from conftest import package_env

    bad = subprocess.run([sys.executable, "-m", "inspectsim", "serve", "missing.yaml"], capture_output=True, text=True,
                         timeout=60, env=package_env())
    assert bad.returncode == 2 and "no such scenario file 'missing.yaml'" in bad.stderr
    port = subprocess.run([sys.executable, "-m", "inspectsim", "serve", KG, "--port", "99999"], capture_output=True,
                          text=True, timeout=60, env=package_env())
    assert port.returncode == 2 and "--port" in port.stderr
