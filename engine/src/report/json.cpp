// JSON reports (nlohmann::json). Keys keep the order of the metric lists; NaN becomes null.

#include <nlohmann/json.hpp>

#include "inspectsim/metrics/calibration.hpp"
#include "inspectsim/report/report.hpp"
#include "inspectsim/scenario/choices.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace json_parts {

ordered_json estimate_json(const Estimate& e, const std::string& unit) {
  ordered_json j;
  j["mean"] = e.mean;
  j["ci95"] = {e.ci_low, e.ci_high};
  if (!unit.empty()) j["unit"] = unit;
  return j;
}

ordered_json metrics_json(const std::vector<MetricInfo>& info, const std::vector<Estimate>& values, bool units) {
  ordered_json j = ordered_json::object();
  for (std::size_t i = 0; i < info.size() && i < values.size(); ++i)
    j[info[i].name] = estimate_json(values[i], units ? info[i].unit : "");
  return j;
}

ordered_json by_violation_json(const Scenario& s, const Summary& summary, bool units) {
  ordered_json j = ordered_json::object();
  for (std::size_t k = 0; k < summary.by_violation.size(); ++k)
    j[s.violations[k].name] = metrics_json(violation_metrics(), summary.by_violation[k], units);
  return j;
}

ordered_json by_size_class_json(const Scenario& s, const Summary& summary, bool units) {
  ordered_json j = ordered_json::object();
  for (std::size_t c = 0; c < summary.by_size_class.size(); ++c)
    j[s.size_classes[c].name] = metrics_json(size_class_metrics(), summary.by_size_class[c], units);
  return j;
}

ordered_json yearly_json(const Summary& summary, bool units) {
  ordered_json j = ordered_json::array();
  for (std::size_t y = 0; y < summary.yearly.size(); ++y) {
    ordered_json year = {{"year", y + 1}};
    year.update(metrics_json(yearly_metrics(), summary.yearly[y], units));
    j.push_back(year);
  }
  return j;
}

ordered_json range_json(const PlausibleRange& r) {
  ordered_json j = {{"shape", std::string(word_of(r.shape))}};
  switch (r.shape) {
    case PlausibleRange::Shape::uniform: j.update({{"low", r.low}, {"high", r.high}}); break;
    case PlausibleRange::Shape::triangular: j.update({{"low", r.low}, {"mode", r.mode}, {"high", r.high}}); break;
    case PlausibleRange::Shape::lognormal: j.update({{"median", r.median}, {"p05", r.low}, {"p95", r.high}}); break;
  }
  return j;
}

ordered_json provenance_json(const Scenario& s) {
  ordered_json j = ordered_json::object();
  for (const auto& [key, p] : s.provenance) {  // std::map: sorted, so reproducible
    j[key] = {{"value", p.value},
              {"kind", std::string(word_of(p.kind))},
              {"note", p.note},
              {"file", p.file},
              {"spread", std::string(word_of(p.spread))}};
    if (p.spread != Provenance::Spread::fixed) j[key]["range"] = range_json(p.range);
  }
  return j;
}

ordered_json calibration_json(const Scenario& s, const Summary& summary) {
  ordered_json j = ordered_json::array();
  for (const CalibrationRow& row : calibration_rows(s, summary)) {
    const CalibrationTarget& t = row.target;
    j.push_back({{"metric", t.metric},
                 {"year", t.year},
                 {"published", t.published},
                 {"source", t.source},
                 {"simulated", estimate_json(row.simulated, row.unit)},
                 {"gap", row.gap},
                 {"tolerance", t.tolerance},
                 {"within_tolerance", row.within}});
  }
  return j;
}

ordered_json scenario_header(const Scenario& s) {
  ordered_json j;
  j["scenario"] = s.name;
  j["title"] = s.title;
  j["file"] = s.file;
  j["seed"] = s.simulation.seed;
  j["replications"] = s.simulation.replications;
  j["years"] = s.simulation.years;
  j["warmup_years"] = s.simulation.warmup_years;
  return j;
}

ordered_json run_object(const RunResult& run) {
  const Scenario& s = run.scenario;
  ordered_json j = scenario_header(s);
  j["metrics"] = metrics_json(global_metrics(), run.summary.global, true);
  j["by_violation"] = by_violation_json(s, run.summary, true);
  j["by_size_class"] = by_size_class_json(s, run.summary, true);
  j["yearly"] = yearly_json(run.summary, true);
  j["provenance"] = provenance_json(s);
  if (!s.calibration.empty()) j["calibration"] = calibration_json(s, run.summary);
  return j;
}

}  // namespace json_parts

using namespace json_parts;

std::string run_json(const RunResult& run) { return run_object(run).dump(2) + "\n"; }

std::string compare_json(const CompareResult& c) {
  ordered_json j;
  j["base"] = run_object(c.base);
  j["variant"] = run_object(c.variant);
  j["difference"] = metrics_json(global_metrics(), c.difference.global, true);
  j["difference_by_violation"] = by_violation_json(c.base.scenario, c.difference, true);
  j["difference_by_size_class"] = by_size_class_json(c.base.scenario, c.difference, true);
  j["difference_yearly"] = yearly_json(c.difference, true);
  return j.dump(2) + "\n";
}

}  // namespace inspectsim
