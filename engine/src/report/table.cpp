// Terminal tables: what a person reads first, so numbers are rounded and grouped.

#include <fmt/format.h>

#include "inspectsim/report/report.hpp"

namespace inspectsim {

namespace {

std::string interval(const Estimate& e) {
  return fmt::format("[{}, {}]", format_number(e.ci_low), format_number(e.ci_high));
}

std::string header(const RunResult& run) {
  const Scenario& s = run.scenario;
  return fmt::format("{} ({})\n{} replications, {} measured years after {} warm-up, seed {}\n",
                     s.title.empty() ? s.name : s.title, s.file, s.simulation.replications, s.simulation.years,
                     s.simulation.warmup_years, s.simulation.seed);
}

/// The per-violation detected share and detections, the lines a hearing asks about.
std::string violation_lines(const RunResult& run, const Summary* difference, const RunResult* variant) {
  std::string out;
  for (std::size_t k = 0; k < run.summary.by_violation.size(); ++k) {
    for (std::size_t m : {std::size_t{3}, std::size_t{4}}) {  // detections, detected_share
      const std::string name = run.scenario.violations[k].name + "." + violation_metrics()[m].name;
      const Estimate& a = run.summary.by_violation[k][m];
      if (!variant) {
        out += fmt::format("  {:<36} {:<18} {:>12} {:>26}\n", name, violation_metrics()[m].unit, format_number(a.mean), interval(a));
        continue;
      }
      const Estimate& b = variant->summary.by_violation[k][m];
      const Estimate& d = difference->by_violation[k][m];
      out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}\n", name, format_number(a.mean), format_number(b.mean),
                         format_number(d.mean), interval(d));
    }
  }
  return out;
}

}  // namespace

std::string run_table(const RunResult& run) {
  std::string out = header(run) + "\n";
  out += fmt::format("  {:<36} {:<18} {:>12} {:>26}\n", "metric", "unit", "mean", "95% CI");
  const auto& info = global_metrics();
  for (std::size_t i = 0; i < info.size(); ++i)
    out += fmt::format("  {:<36} {:<18} {:>12} {:>26}\n", info[i].name, info[i].unit, format_number(run.summary.global[i].mean),
                       interval(run.summary.global[i]));
  out += "\n  by violation type\n" + violation_lines(run, nullptr, nullptr);
  return out;
}

std::string compare_table(const CompareResult& c) {
  std::string out = "base:    " + header(c.base) + "variant: " + header(c.variant);
  out += "difference = variant - base, paired by replication on common random numbers\n\n";
  out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}   {}\n", "metric", "base", "variant", "difference", "95% CI of difference", "unit");
  const auto& info = global_metrics();
  for (std::size_t i = 0; i < info.size(); ++i) {
    const Estimate& d = c.difference.global[i];
    out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}   {}\n", info[i].name, format_number(c.base.summary.global[i].mean),
                       format_number(c.variant.summary.global[i].mean), format_number(d.mean), interval(d), info[i].unit);
  }
  out += "\n  by violation type\n" + violation_lines(c.base, &c.difference, &c.variant);
  return out;
}

}  // namespace inspectsim
