// Reports of the staffing search.

#include <fmt/format.h>

#include <cmath>

#include "inspectsim/report/spreadsheet.hpp"
#include "inspectsim/report/staffing_report.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

std::string with_ci(const Estimate& e) {
  return fmt::format("{} [{}, {}]", format_number(e.mean), format_number(e.ci_low), format_number(e.ci_high));
}

std::string comparison(const StaffingTarget& t) { return t.at_least ? ">=" : "<="; }

std::string target_line(const StaffingAnswer& a, std::size_t i) {
  const StaffingTarget& t = a.targets[i];
  return fmt::format("{} {} {} {} (met when the {} end of its 95% CI is {})", t.metric, comparison(t),
                     format_number(t.value), a.target_metrics[i].unit, t.at_least ? "lower" : "upper",
                     t.at_least ? "at or above" : "at or below");
}

}  // namespace

std::string staffing_table(const StaffingAnswer& a) {
  const Scenario& s = a.at_answer->scenario;
  std::string out = fmt::format(
      "Staffing: {} ({})\n{} replications, {} measured years after {} warm-up, seed {}; "
      "every count on the same random streams\n",
      s.title.empty() ? s.name : s.title, s.file, s.simulation.replications, s.simulation.years,
      s.simulation.warmup_years, s.simulation.seed);
  for (std::size_t i = 0; i < a.targets.size(); ++i) out += "target: " + target_line(a, i) + "\n";
  out += fmt::format("searched {} to {} inspectors\n\n", a.min_inspectors, a.max_inspectors);
  if (a.found) {
    out += fmt::format("answer: {} inspectors", a.inspectors);
    if (a.below)
      out += fmt::format(" ({} do not meet every target)\n\n", a.inspectors - 1);
    else
      out += fmt::format(" (the smallest count searched)\n\n");
  } else {
    out += fmt::format("answer: none: the targets are not met even with {} inspectors (raise --max)\n\n",
                       a.max_inspectors);
  }
  for (const std::string& w : a.warnings) out += "warning: " + w + "\n";
  if (!a.warnings.empty()) out += "\n";

  const RunResult* below = a.below ? &*a.below : nullptr;
  const std::string head_below = below ? fmt::format("{} inspectors", a.inspectors - 1) : "";
  const std::string head_answer = fmt::format("{} inspectors", a.inspectors);
  out += fmt::format("  {:<36} {:>30} {:>30}   {}\n", "metric (mean [95% CI])", head_below, head_answer, "unit");
  const auto row = [&](const MetricRef& m) {
    out += fmt::format("  {:<36} {:>30} {:>30}   {}\n", m.name, below ? with_ci(m.in(below->summary)) : "",
                       with_ci(m.in(a.at_answer->summary)), m.unit);
  };
  for (const MetricRef& m : a.target_metrics) row(m);
  out += "\n";
  for (const MetricRef& m : all_metrics(s))
    if (m.scope == MetricRef::Scope::global) row(m);

  out += fmt::format("\npath searched ({} runs, in order):\n  {:>10}", a.path.size(), "inspectors");
  for (const MetricRef& m : a.target_metrics) out += fmt::format(" {:>36}", m.name);
  out += "   all targets met\n";
  for (const StaffingStep& step : a.path) {
    out += fmt::format("  {:>10}", step.inspectors);
    for (const Estimate& e : step.targets) out += fmt::format(" {:>36}", with_ci(e));
    out += step.met ? "   yes\n" : "   no\n";
  }
  return out;
}

std::string staffing_json(const StaffingAnswer& a) {
  ordered_json j;
  ordered_json targets = ordered_json::array();
  for (std::size_t i = 0; i < a.targets.size(); ++i)
    targets.push_back({{"metric", a.targets[i].metric},
                       {"comparison", comparison(a.targets[i])},
                       {"value", a.targets[i].value},
                       {"unit", a.target_metrics[i].unit},
                       {"judged_on", a.targets[i].at_least ? "ci95 low" : "ci95 high"}});
  j["targets"] = targets;
  j["min_inspectors"] = a.min_inspectors;
  j["max_inspectors"] = a.max_inspectors;
  j["found"] = a.found;
  j["inspectors"] = a.found ? ordered_json(a.inspectors) : ordered_json(nullptr);
  ordered_json path = ordered_json::array();
  for (const StaffingStep& step : a.path) {
    ordered_json p = {{"inspectors", step.inspectors}, {"met", step.met}};
    ordered_json values = ordered_json::object();
    for (std::size_t i = 0; i < step.targets.size(); ++i)
      values[a.target_metrics[i].name] = json_parts::estimate_json(step.targets[i], a.target_metrics[i].unit);
    p["targets"] = values;
    path.push_back(p);
  }
  j["path"] = path;
  j["warnings"] = a.warnings;
  j["at_answer"] = json_parts::run_object(*a.at_answer);
  j["below"] = a.below ? json_parts::run_object(*a.below) : ordered_json(nullptr);
  return j.dump(2) + "\n";
}

std::string render(const StaffingAnswer& a, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return staffing_json(a);
    case ReportFormat::xlsx: return staffing_xlsx(a);
    case ReportFormat::csv: {
      std::string out = "inspectors,met";
      for (const MetricRef& m : a.target_metrics)
        out += fmt::format(",{}_mean [{}],{}_ci_low,{}_ci_high", m.name, m.unit, m.name, m.name);
      out += "\n";
      for (const StaffingStep& step : a.path) {
        out += fmt::format("{},{}", step.inspectors, step.met ? "true" : "false");
        for (const Estimate& e : step.targets)
          for (double v : {e.mean, e.ci_low, e.ci_high}) out += std::isnan(v) ? "," : fmt::format(",{}", v);
        out += "\n";
      }
      return out;
    }
    case ReportFormat::table: break;
  }
  return staffing_table(a);
}

}  // namespace inspectsim
