// Reports of a calibration: the free parameters, the fit table, the search.

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "inspectsim/report/calibration_report.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

ordered_json number_json(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

std::string value_text(const FittedParameter& p, double value) {
  return p.free.whole_number ? fmt::format("{:.0f}", value) : format_number(value);
}

std::string parameters_table(const CalibrationAnswer& a) {
  std::string out =
      fmt::format("  {:<44} {:>20} {:>10} {:>10} {:>24}   {:<10} {}\n", "free parameter", "range", "start", "fitted",
                  "95% CI (noise)", "identified", "objective with it alone at low / high end");
  for (const FittedParameter& p : a.parameters) {
    const std::string range = fmt::format("[{}, {}]", value_text(p, p.free.low), value_text(p, p.free.high));
    const std::string ends = std::isnan(p.objective_at_low) ? "not checked"
                                                            : fmt::format("{} / {}", format_number(p.objective_at_low),
                                                                          format_number(p.objective_at_high));
    const std::string ci = std::isnan(p.standard_error)
                               ? "n/a"
                               : fmt::format("[{}, {}]", format_number(p.ci_low), format_number(p.ci_high));
    out += fmt::format("  {:<44} {:>20} {:>10} {:>10} {:>24}   {:<10} {}\n", p.free.key, range, value_text(p, p.start),
                       value_text(p, p.value), ci,
                       std::isnan(p.objective_at_low) ? "?"
                       : p.identified                 ? "yes"
                                                      : "no",
                       ends);
  }
  return out;
}

std::string flat_directions(const CalibrationAnswer& a) {
  if (!a.complete) return "  flat directions: not checked (the fit was stopped)\n";
  std::vector<std::string> flat;
  for (const FittedParameter& p : a.parameters)
    if (!p.identified) flat.push_back(p.free.key);
  if (flat.empty())
    return fmt::format(
        "  every free parameter is identified: moving any one alone to an end of its range changes the objective by "
        "more than twice its noise ({})\n",
        format_number(2 * a.objective_noise));
  return fmt::format(
      "  not identified by these targets (moving it alone across its whole range changes the objective by less than "
      "twice its noise, {}): {}\n",
      format_number(2 * a.objective_noise), fmt::join(flat, ", "));
}

std::string unmet_targets(const CalibrationAnswer& a) {
  std::vector<std::string> unmet;
  for (const CalibrationRow& row : a.rows)
    if (!row.within)
      unmet.push_back(fmt::format("{} ({:+.1f}%)", row.target.metric, std::isnan(row.gap) ? 0.0 : 100 * row.gap));
  if (unmet.empty()) return "  every target met within its tolerance\n";
  return fmt::format("  NOT MET within tolerance at the best point found: {}\n", fmt::join(unmet, ", "));
}

std::string table(const CalibrationAnswer& a) {
  const Scenario& s = a.best.scenario;
  std::string out = fmt::format(
      "Calibration of {} ({})\n{} replications, {} measured years after {} warm-up, seed {}; every evaluation on the "
      "same random streams\n{}, {} evaluations: {}\nobjective, sum of (gap / tolerance)^2 over {} targets: {} at the "
      "start, {} fitted (noise: standard deviation {})\n\n",
      s.title.empty() ? s.name : s.title, s.file, s.simulation.replications, s.simulation.years,
      s.simulation.warmup_years, s.simulation.seed, a.algorithm, a.evaluations, a.stop_reason, a.rows.size(),
      format_number(a.start_objective), format_number(a.objective), format_number(a.objective_noise));
  out += parameters_table(a);
  out += calibration_table(s, a.best.summary);
  out += "\n" + unmet_targets(a) + flat_directions(a);
  return out;
}

std::string json(const CalibrationAnswer& a) {
  const Scenario& s = a.best.scenario;
  ordered_json j = json_parts::scenario_header(s);
  j["algorithm"] = a.algorithm;
  j["evaluations"] = a.evaluations;
  j["complete"] = a.complete;
  j["stop_reason"] = a.stop_reason;
  j["date"] = a.date;
  j["objective"] = {{"start", number_json(a.start_objective)},
                    {"fitted", number_json(a.objective)},
                    {"noise_sd", number_json(a.objective_noise)}};
  j["root_mean_square_gap"] = number_json(root_mean_square_gap(a.rows));
  ordered_json parameters = ordered_json::array();
  for (const FittedParameter& p : a.parameters)
    parameters.push_back({{"key", p.free.key},
                          {"low", p.free.low},
                          {"high", p.free.high},
                          {"start", p.start},
                          {"fitted", p.value},
                          {"standard_error", number_json(p.standard_error)},
                          {"ci95", {number_json(p.ci_low), number_json(p.ci_high)}},
                          {"objective_at_low", number_json(p.objective_at_low)},
                          {"objective_at_high", number_json(p.objective_at_high)},
                          {"identified", a.complete ? ordered_json(p.identified) : ordered_json(nullptr)}});
  j["parameters"] = parameters;
  ordered_json targets = ordered_json::array();
  for (const CalibrationRow& row : a.rows)
    targets.push_back({{"metric", row.target.metric},
                       {"year", row.target.year},
                       {"published", row.target.published},
                       {"source", row.target.source},
                       {"simulated", json_parts::estimate_json(row.simulated, row.unit)},
                       {"gap", number_json(row.gap)},
                       {"tolerance", row.target.tolerance},
                       {"within_tolerance", row.within}});
  j["calibration"] = targets;
  return j.dump(2) + "\n";
}

}  // namespace

std::string render(const CalibrationAnswer& answer, ReportFormat format) {
  switch (format) {
    case ReportFormat::table: return table(answer);
    case ReportFormat::json: return json(answer);
    case ReportFormat::csv:
    case ReportFormat::xlsx: break;
  }
  throw std::invalid_argument("a calibration is reported as table or json");
}

}  // namespace inspectsim
