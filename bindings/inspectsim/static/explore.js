// The page of `inspectsim serve`: levers for two settings (A and B) of one scenario, and the
// answer the server computes (inspectsim.explore). The page only draws: every number, interval,
// rounding and headline comes from the server. While a slider is dragged it asks for a draft
// (few replications); on release, a draft and then the full answer. A newer request cancels the
// older one, here (AbortController) and on the server (same session id).
"use strict";

const COLOURS = { A: "#555555", B: "#0072B2" };
const session = (crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)),
  (b) => b.toString(16).padStart(2, "0")).join(""));
const state = { scenarios: [], scenario: 0, settings: { a: {}, b: {} }, editing: "b", inFlight: null, timer: null,
  sequence: 0 };
const $ = (id) => document.getElementById(id);

function levers() { return state.scenarios[state.scenario].levers; }

function defaults() {
  const s = {};
  for (const lever of levers()) s[lever.name] = lever.value;
  return s;
}

function decimals(step) { return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)); }

function showValue(lever, value) {
  if (lever.kind === "switch") return value ? "on" : "off";
  const text = Number(value).toLocaleString("en-GB", { maximumFractionDigits: decimals(lever.step),
    minimumFractionDigits: lever.kind === "count" ? 0 : decimals(lever.step) });
  return lever.unit === "inspectors" ? text : `${text} ${lever.unit}`;
}

function renderLevers() {
  const setting = state.settings[state.editing];
  for (const group of ["policy", "assumption"]) {
    const box = $(`${group}-levers`);
    box.replaceChildren();
    for (const lever of levers().filter((l) => l.group === group)) box.append(leverControl(lever, setting));
  }
  $("editing").textContent = state.editing.toUpperCase();
  $("edit-a").setAttribute("aria-selected", String(state.editing === "a"));
  $("edit-b").setAttribute("aria-selected", String(state.editing === "b"));
}

function leverControl(lever, setting) {
  const row = document.createElement("div");
  row.className = `lever ${lever.kind === "switch" ? "switch" : "slider"}`;
  row.dataset.lever = lever.name;
  row.title = lever.note;
  const label = document.createElement("label");
  const moved = () => (setting[lever.name] !== lever.value ? "\u25CF" : "");
  const mark = Object.assign(document.createElement("span"), { className: "moved" });
  const input = document.createElement("input");
  input.id = `lever-${lever.name}`;
  input.name = lever.name;
  if (lever.kind === "switch") {
    input.type = "checkbox";
    input.checked = Boolean(setting[lever.name]);
    const words = Object.assign(document.createElement("span"), { textContent: lever.label });
    label.append(input, words, mark);
    row.append(label);
    input.addEventListener("change", () => {
      setting[lever.name] = input.checked;
      mark.textContent = moved();
      updateDependents(setting);
      settle();
    });
  } else {
    input.type = "range";
    Object.assign(input, { min: lever.low, max: lever.high, step: lever.step });
    input.value = setting[lever.name];
    const name = Object.assign(document.createElement("span"), { textContent: lever.label });
    const value = Object.assign(document.createElement("span"), { className: "value" });
    value.textContent = showValue(lever, setting[lever.name]);
    name.append(mark);
    label.htmlFor = input.id;
    label.append(name, value);
    const range = document.createElement("div");
    range.className = "range";
    const bare = (v) => showValue({ ...lever, unit: "inspectors" }, v);  // the number alone
    range.append(Object.assign(document.createElement("span"), { textContent: bare(lever.low) }),
      Object.assign(document.createElement("span"), { textContent: `scenario: ${bare(lever.value)}` }),
      Object.assign(document.createElement("span"), { textContent: bare(lever.high) }));
    row.append(label, input, range);
    input.addEventListener("input", () => {
      setting[lever.name] = Number(input.value);
      value.textContent = showValue(lever, setting[lever.name]);
      mark.textContent = moved();
      drag();
    });
    input.addEventListener("change", () => settle());
  }
  mark.textContent = moved();
  if (lever.name === "planned_per_inspector") row.classList.toggle("disabled", !setting.fixed_plan);
  return row;
}

function updateDependents(setting) {
  const row = document.querySelector('[data-lever="planned_per_inspector"]');
  if (row) row.classList.toggle("disabled", !setting.fixed_plan);
}

// While dragging: a draft shortly after the last move. On release: a draft, then the full answer.
function drag() {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => ask(true), 120);
}

async function settle() {
  clearTimeout(state.timer);
  if (await ask(true)) await ask(false);
}

async function ask(draft) {
  const body = JSON.stringify({ session, scenario: state.scenario, a: state.settings.a, b: state.settings.b, draft });
  // The same question already on its way (a draft asked while dragging, then the slider let go): wait for it.
  if (state.inFlight && state.inFlight.body === body) return state.inFlight.answered;
  if (state.inFlight) state.inFlight.controller.abort();
  const controller = new AbortController();
  const request = { body, controller, answered: null };
  state.inFlight = request;
  request.answered = send(request, draft);
  return request.answered;
}

async function send(request, draft) {
  const { body, controller } = request;
  const sequence = ++state.sequence;
  const scenario = state.scenarios[state.scenario];
  setStatus(draft ? `Running a draft (${scenario.draft_replications} replications of ${scenario.draft_years} years)\u2026`
    : `Running the full answer (${scenario.replications} replications)\u2026`, true);
  try {
    const response = await fetch("/api/answer", {
      method: "POST", signal: controller.signal, headers: { "Content-Type": "application/json" }, body,
    });
    const answer = await response.json();
    if (sequence !== state.sequence) return false;
    if (response.status === 409) return false;
    if (!response.ok) { showError(answer.error || `HTTP ${response.status}`); return false; }
    showError("");
    render(answer);
    return true;
  } catch (e) {
    if (e.name !== "AbortError" && sequence === state.sequence) showError(`no answer from the server: ${e.message}`);
    return false;
  } finally {
    if (state.inFlight === request) state.inFlight = null;
  }
}

function setStatus(text, running) {
  $("status").textContent = text;
  $("status").classList.toggle("running", running);
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
  if (text) setStatus("No answer for this setting.", false);
}

function render(answer) {
  const run = answer.run;
  const kind = run.draft ? "Draft" : "Full answer";
  setStatus(`${kind}: ${run.replications} replications of ${run.years} years after ${run.warmup_years} warm-up, seed `
    + `${run.seed}; computed in ${run.seconds} s${run.draft ? " (the full answer follows when you let go)" : ""}.`,
  false);
  document.body.dataset.answer = run.draft ? "draft" : "full";
  $("label-a").textContent = answer.labels.a;
  $("label-b").textContent = answer.labels.b;
  $("headlines").replaceChildren(...answer.headlines.map((h) => Object.assign(document.createElement("li"),
    { textContent: h })));
  const rows = answer.numbers.map((n) => {
    const tr = document.createElement("tr");
    tr.dataset.metric = n.metric;
    const cell = (estimate, cls) => {
      const td = Object.assign(document.createElement("td"), { className: `num ${cls}` });
      td.append(Object.assign(document.createElement("span"), { className: "mean", textContent: estimate.text }),
        Object.assign(document.createElement("span"), { className: "ci", textContent: estimate.interval }));
      return td;
    };
    const change = Object.assign(document.createElement("td"),
      { className: `num change${n.change.clear ? " clear" : ""}` });
    change.append(Object.assign(document.createElement("span"), { className: "mean",
      textContent: `${n.change.text}${n.change.percent ? ` (${n.change.percent})` : ""}` }),
    Object.assign(document.createElement("span"), { className: "ci", textContent: n.change.interval }));
    tr.append(Object.assign(document.createElement("td"), { textContent: n.label }), cell(n.a, "a"), cell(n.b, "b"),
      change, Object.assign(document.createElement("td"), { className: "small", textContent: n.unit }));
    return tr;
  });
  $("numbers").tBodies[0].replaceChildren(...rows);
  $("sentence").textContent = run.sentence;
  for (const [id, path] of [["download-brief", "brief"], ["download-spreadsheet", "spreadsheet"]]) {
    const link = $(id);
    link.href = `/api/${path}?session=${encodeURIComponent(session)}`;
    link.removeAttribute("aria-disabled");
  }
  drawCharts(answer);
}

function chartWidth(id, columns) {
  const width = $(id).clientWidth || 800;
  return Math.max(160, Math.floor(width / columns) - 90);
}

const policyColour = { field: "policy", type: "nominal", title: "setting",
  scale: { domain: ["A", "B"], range: [COLOURS.A, COLOURS.B] } };

function drawCharts(answer) {
  const options = { actions: false, renderer: "svg" };
  vegaEmbed("#chart-change", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: answer.relative }, width: chartWidth("chart-change", 1) - 120, height: { step: 22 },
    layer: [
      { mark: { type: "rule", color: "#999" }, encoding: { x: { datum: 0 } } },
      { mark: { type: "rule", strokeWidth: 2 }, encoding: {
        y: { field: "label", type: "nominal", sort: null, title: null },
        x: { field: "low", type: "quantitative", title: "change from A to B, % of A" }, x2: { field: "high" },
        color: { value: COLOURS.B } } },
      { mark: { type: "point", filled: true, size: 60 }, encoding: {
        y: { field: "label", type: "nominal", sort: null }, x: { field: "percent", type: "quantitative" },
        color: { value: COLOURS.B }, opacity: { condition: { test: "datum.clear", value: 1 }, value: 0.35 },
        tooltip: [{ field: "label" }, { field: "percent", format: ".1f" }, { field: "low", format: ".1f" },
          { field: "high", format: ".1f" }] } },
    ],
  }, options);
  vegaEmbed("#chart-yearly", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: answer.yearly },
    facet: { field: "panel", type: "nominal", title: null, sort: answer.yearly_panels, header: { labelFontSize: 13 } },
    columns: 2,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: chartWidth("chart-yearly", 2), height: 150,
      layer: [
        { mark: { type: "area", opacity: 0.25 }, encoding: {
          x: { field: "year", type: "ordinal", title: "measured year", axis: { labelAngle: 0 } },
          y: { field: "low", type: "quantitative", title: null, scale: { zero: false } }, y2: { field: "high" },
          color: policyColour } },
        { mark: { type: "line", point: true }, encoding: {
          x: { field: "year", type: "ordinal" }, y: { field: "mean", type: "quantitative" }, color: policyColour,
          strokeDash: { field: "policy", type: "nominal", scale: { domain: ["A", "B"], range: [[4, 3], [1, 0]] },
            legend: null },
          tooltip: [{ field: "policy" }, { field: "year" }, { field: "mean", format: ",.4~r" },
            { field: "low", format: ",.4~r" }, { field: "high", format: ",.4~r" }] } },
      ],
    },
  }, options);
  vegaEmbed("#chart-found", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: answer.detected_share },
    facet: { field: "violation", type: "nominal", title: null, sort: null }, columns: 4,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: Math.min(160, chartWidth("chart-found", 4)), height: 140,
      layer: [
        { mark: "bar", encoding: { x: { field: "policy", type: "nominal", title: null, axis: { labelAngle: 0 } },
          y: { field: "mean", type: "quantitative", title: "% of episodes found" }, color: policyColour,
          tooltip: [{ field: "policy" }, { field: "mean", format: ".2f" }, { field: "low", format: ".2f" },
            { field: "high", format: ".2f" }] } },
        { mark: { type: "rule", color: "#000", strokeWidth: 1.5 }, encoding: { x: { field: "policy", type: "nominal" },
          y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
      ],
    },
  }, options);
}

function chooseScenario(index) {
  state.scenario = index;
  state.settings = { a: defaults(), b: defaults() };
  const s = state.scenarios[index];
  $("country").textContent = `\u2014 ${s.country}`;
  renderLevers();
  settle();
}

async function start() {
  try {
    const response = await fetch("/api/scenarios");
    state.scenarios = (await response.json()).scenarios;
  } catch (e) {
    showError(`cannot load the scenarios: ${e.message}`);
    return;
  }
  if (typeof vegaEmbed !== "function") showError("the charting library (static/vendor) is missing: rebuild with npm");
  const select = $("scenario");
  state.scenarios.forEach((s, i) => select.append(new Option(`${s.title} (${s.file})`, i)));
  select.addEventListener("change", () => chooseScenario(Number(select.value)));
  $("edit-a").addEventListener("click", () => { state.editing = "a"; renderLevers(); });
  $("edit-b").addEventListener("click", () => { state.editing = "b"; renderLevers(); });
  $("copy").addEventListener("click", () => { state.settings.b = { ...state.settings.a }; renderLevers(); settle(); });
  $("reset").addEventListener("click", () => { state.settings[state.editing] = defaults(); renderLevers(); settle(); });
  chooseScenario(0);
}

start();
