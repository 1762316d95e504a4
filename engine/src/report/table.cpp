// Terminal tables: what a person reads first, so numbers are rounded and grouped.

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "inspectsim/metrics/calibration.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

namespace {

/// One row of a table: a label, a unit, and where its estimate sits in a Summary.
struct Row {
  std::string label;
  std::string unit;
  std::function<const Estimate&(const Summary&)> get;
};

std::vector<Row> rows(const Scenario& s) {
  std::vector<Row> out;
  const auto& g = global_metrics();
  for (std::size_t i = 0; i < g.size(); ++i)
    out.push_back({g[i].name, g[i].unit, [i](const Summary& x) -> const Estimate& { return x.global[i]; }});
  out.push_back({"", "", nullptr});
  const auto& v = violation_metrics();
  for (std::size_t k = 0; k < s.violations.size(); ++k)
    for (std::size_t i : {std::size_t{3}, std::size_t{4}, std::size_t{6}})  // detections, detected_share, concealed
      out.push_back({s.violations[k].name + "." + v[i].name, v[i].unit,
                     [k, i](const Summary& x) -> const Estimate& { return x.by_violation[k][i]; }});
  out.push_back({"", "", nullptr});
  const auto& c = size_class_metrics();
  for (std::size_t k = 0; k < s.size_classes.size(); ++k)
    for (std::size_t i : {std::size_t{0}, std::size_t{1}})  // inspections, coverage
      out.push_back({"size " + s.size_classes[k].name + "." + c[i].name, c[i].unit,
                     [k, i](const Summary& x) -> const Estimate& { return x.by_size_class[k][i]; }});
  return out;
}

std::string interval(const Estimate& e) {
  return fmt::format("[{}, {}]", format_number(e.ci_low), format_number(e.ci_high));
}

std::string header(const RunResult& run) {
  const Scenario& s = run.scenario;
  return fmt::format("{} ({})\n{} replications, {} measured years after {} warm-up, seed {}\n",
                     s.title.empty() ? s.name : s.title, s.file, s.simulation.replications, s.simulation.years,
                     s.simulation.warmup_years, s.simulation.seed);
}

}  // namespace

/// The scenario's published figures against the run, when it names any.
std::string calibration_table(const Scenario& s, const Summary& summary) {
  if (s.calibration.empty()) return "";
  std::string out =
      "\n  calibration: published figures the model should reproduce (gap: simulated mean against published)\n";
  out += fmt::format("  {:<36} {:>5} {:>12} {:>12} {:>26} {:>8}   {}\n", "target", "year", "published", "simulated",
                     "95% CI", "gap", "within tolerance");
  const std::vector<CalibrationRow> rows = calibration_rows(s, summary);
  for (const CalibrationRow& row : rows) {
    const CalibrationTarget& t = row.target;
    out += fmt::format("  {:<36} {:>5} {:>12} {:>12} {:>26} {:>8}   {} ({:.0f}%)\n", t.metric,
                       t.year > 0 ? std::to_string(t.year) : "", format_number(t.published),
                       format_number(row.simulated.mean), interval(row.simulated),
                       std::isnan(row.gap) ? "n/a" : fmt::format("{:+.1f}%", 100 * row.gap), row.within ? "yes" : "no",
                       100 * t.tolerance);
  }
  for (const CalibrationRow& row : rows)
    if (!row.target.source.empty()) out += fmt::format("  {}: {}\n", row.target.metric, row.target.source);
  return out;
}

std::string run_table(const RunResult& run) {
  std::string out = header(run) + "\n";
  out += fmt::format("  {:<36} {:>12} {:>26}   {}\n", "metric", "mean", "95% CI", "unit");
  for (const Row& r : rows(run.scenario)) {
    if (!r.get) {
      out += "\n";
      continue;
    }
    const Estimate& e = r.get(run.summary);
    out += fmt::format("  {:<36} {:>12} {:>26}   {}\n", r.label, format_number(e.mean), interval(e), r.unit);
  }
  return out + calibration_table(run.scenario, run.summary);
}

std::string compare_table(const CompareResult& c) {
  std::string out = "base:    " + header(c.base) + "variant: " + header(c.variant);
  out += "difference = variant - base, paired by replication on common random numbers\n\n";
  out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}   {}\n", "metric", "base", "variant", "difference",
                     "95% CI of difference", "unit");
  for (const Row& r : rows(c.base.scenario)) {
    if (!r.get) {
      out += "\n";
      continue;
    }
    const Estimate& d = r.get(c.difference);
    out +=
        fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}   {}\n", r.label, format_number(r.get(c.base.summary).mean),
                    format_number(r.get(c.variant_as_base).mean), format_number(d.mean), interval(d), r.unit);
  }
  return out + calibration_table(c.base.scenario, c.base.summary);
}

}  // namespace inspectsim
