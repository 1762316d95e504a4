"""``inspectsim serve SCENARIO...``: a local page (127.0.0.1 only) where an advocate moves the
levers of :mod:`inspectsim.explore` and sees the answers redrawn within seconds.

The server is Flask (Debian's python3-flask) on Werkzeug's threaded server: each request runs in
its own thread, and a run happens in the thread of the request that asked for it. Each browser
tab is a *session* (an id the page makes up); a session has at most one run in flight: a newer
request of the same session cancels the older one (its request answers 409), while other
sessions' runs go on untouched. The page's charts are drawn by Vega-Lite, served from
``static/vendor`` (installed from npm at build time), so nothing is fetched from outside.

HTTP interface (JSON in and out; every error is ``{"error": message}`` with a 4xx status):

- ``GET /api/scenarios``: the scenarios and their levers.
- ``POST /api/answer`` ``{"session", "scenario", "a": {lever: value}, "b": {...}, "draft"}``: the
  comparison of setting A with B (``explore.answer``); 400 for a bad setting, 409 when superseded.
- ``GET /api/brief?session=ID``, ``GET /api/spreadsheet?session=ID``: the hearing brief (HTML) and
  the spreadsheet (.xlsx) of the session's last answer, that is, of what is on screen.
"""

from __future__ import annotations

import collections
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from flask import Flask, Response, jsonify, request, send_from_directory
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import api, brief, explore
from ._core import ScenarioError

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Requests are small JSON objects; anything larger is refused with 413.
MAX_REQUEST_BYTES = 64 * 1024
#: Sessions remembered (their last answer, for the downloads); the oldest are forgotten first.
MAX_SESSIONS = 64
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class RequestError(Exception):
    """A request the server refuses: its HTTP status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Session:
    """One browser tab: its run in flight (a generation number; a newer one cancels it) and
    its last answer."""

    generation: int = 0
    comparison: Optional[api.Comparison] = None
    question: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sessions:
    """The sessions, at most :data:`MAX_SESSIONS`, the least recently used forgotten first."""

    def __init__(self) -> None:
        self._sessions: collections.OrderedDict[str, Session] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: Any, create: bool = True) -> Session:
        if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
            raise RequestError(400, "session: expected an id of 8 to 64 letters, digits, '-' or '_'")
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                if not create:
                    raise RequestError(404, "no answer on screen for this session yet")
                session = self._sessions[session_id] = Session()
                while len(self._sessions) > MAX_SESSIONS:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(session_id)
            return session

    def start(self, session: Session) -> int:
        """A new run of the session: the older one, if any, stops at its next replication."""
        with session.lock:
            session.generation += 1
            return session.generation


@dataclass(frozen=True)
class Explored:
    """A scenario offered on the page, with its levers."""

    scenario: api.Scenario
    levers: list[explore.Lever]


def create_app(scenario_paths: Sequence[str], threads: int = 0, replications: Optional[int] = None) -> Flask:
    """The Flask application for these scenario files (loaded and checked now: a bad file raises
    :class:`inspectsim.ScenarioError` before anything listens). ``replications``: of a full
    answer (default: each scenario's simulation.replications)."""
    explored = []
    for path in scenario_paths:
        scenario = api.load(path, None if replications is None else {"simulation.replications": replications})
        explored.append(Explored(scenario, explore.levers(scenario)))
    if not explored:
        raise ValueError("serve needs at least one scenario file")
    sessions = Sessions()

    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]

    @app.errorhandler(RequestError)
    def request_error(e: RequestError) -> Any:
        return jsonify(error=str(e)), e.status

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        message = {413: f"request too large: at most {MAX_REQUEST_BYTES} bytes"}.get(e.code or 0, e.description)
        return jsonify(error=message), e.code

    @app.errorhandler(Exception)
    def internal_error(e: Exception) -> Any:
        app.logger.exception("internal error")
        return jsonify(error=f"internal error: {type(e).__name__}: {e}"), 500

    @app.before_request
    def local_only() -> None:
        # The server listens on 127.0.0.1 only; a page from elsewhere that reaches it under another
        # name (DNS rebinding) is refused, and a POST must be JSON, which a cross-site form cannot
        # send without the browser asking first (a CORS preflight, which this server never grants).
        if request.host.rsplit(":", 1)[0].strip("[]") not in ("127.0.0.1", "localhost", "::1"):
            raise RequestError(403, f"this server answers only at 127.0.0.1, not at '{request.host}'")
        if request.method == "POST" and request.mimetype != "application/json":
            raise RequestError(415, "expected a JSON object with Content-Type: application/json")

    @app.get("/")
    def page() -> Any:
        return send_from_directory(STATIC_DIR, "index.html")

    @app.get("/api/scenarios")
    def scenarios() -> Any:
        return jsonify(scenarios=[
            {"id": i, "file": e.scenario.file, "title": e.scenario.title, "country": e.scenario.country,
             "replications": e.scenario.replications, "draft_replications": min(explore.DRAFT_REPLICATIONS,
                                                                               e.scenario.replications),
             "years": e.scenario.years, "draft_years": min(explore.DRAFT_YEARS, e.scenario.years), "levers": [lever.as_dict() for lever in e.levers]}
            for i, e in enumerate(explored)
        ])

    def json_body() -> dict:
        if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
            raise RequestEntityTooLarge()
        data = request.get_data(cache=True)  # a body without a length is cut at MAX_CONTENT_LENGTH (413)
        try:
            body = json.loads(data)
        except ValueError as e:
            raise RequestError(400, f"expected a JSON object: {e}") from None
        if not isinstance(body, dict):
            raise RequestError(400, f"expected a JSON object, found {type(body).__name__}")
        return body

    @app.post("/api/answer")
    def answer() -> Any:
        body = json_body()
        unknown = sorted(set(body) - {"session", "scenario", "a", "b", "draft"})
        if unknown:
            raise RequestError(400, f"unknown field '{unknown[0]}'; expected session, scenario, a, b, draft")
        session = sessions.get(body.get("session"))
        index = body.get("scenario", 0)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(explored):
            raise RequestError(400, f"scenario: expected a number from 0 to {len(explored) - 1}, found {index!r}")
        draft = body.get("draft", False)
        if not isinstance(draft, bool):
            raise RequestError(400, f"draft: expected true or false, found {draft!r}")
        chosen = explored[index]
        settings = [body.get(slot, {}) for slot in ("a", "b")]
        generation = sessions.start(session)
        started = time.monotonic()
        try:
            comparison = explore.compare_settings(chosen.scenario, settings[0], settings[1], draft=draft,
                                                  threads=threads, lever_list=chosen.levers,
                                                  stop=lambda: session.generation != generation)
        except (explore.SettingError, ScenarioError) as e:
            raise RequestError(400, str(e)) from None
        except explore.Superseded:
            return jsonify(error="superseded by a newer request of this session", superseded=True), 409
        result = explore.answer(comparison, draft, time.monotonic() - started)
        labels = (explore.setting_label("A", chosen.levers, settings[0]),
                  explore.setting_label("B", chosen.levers, settings[1]))
        result["labels"] = {"a": labels[0], "b": labels[1]}
        with session.lock:
            if session.generation != generation:
                return jsonify(error="superseded by a newer request of this session", superseded=True), 409
            session.comparison = comparison
            session.question = explore.brief_question(chosen.scenario, chosen.levers, settings[0], settings[1])
        return jsonify(result)

    def on_screen() -> tuple[api.Comparison, str]:
        session = sessions.get(request.args.get("session"), create=False)
        with session.lock:
            if session.comparison is None:
                raise RequestError(404, "no answer on screen for this session yet")
            return session.comparison, session.question

    def attachment(data: Any, mimetype: str, name: str) -> Response:
        return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/api/brief")
    def brief_download() -> Any:
        comparison, question = on_screen()
        country = comparison.base_result.scenario.country or "inspectsim"
        html = brief.render_brief([comparison], labels=["Setting B"], base_label="Setting A", question=question,
                                  command=f"inspectsim serve {comparison.base_result.scenario.file}")
        return attachment(html, "text/html; charset=utf-8", f"{country.lower()}-brief.html")

    @app.get("/api/spreadsheet")
    def spreadsheet_download() -> Any:
        comparison, _ = on_screen()
        country = comparison.base_result.scenario.country or "inspectsim"
        return attachment(comparison.compare_xlsx(),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          f"{country.lower()}-a-against-b.xlsx")

    return app


def serve(scenario_paths: Sequence[str], port: int = 8765, threads: int = 0, replications: Optional[int] = None) -> int:
    """Serves the page on http://127.0.0.1:PORT/ (port 0: any free port) until Ctrl-C; prints
    the URL on stdout first."""
    from werkzeug.serving import make_server

    app = create_app(scenario_paths, threads=threads, replications=replications)
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"inspectsim serve: http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0
