// CSV reports: one row per (scope, metric), for spreadsheets and pandas.

#include <fmt/format.h>

#include "inspectsim/report/report.hpp"
#include "report/csv_fields.hpp"

namespace inspectsim {

namespace {

using csv::text;

std::string cells(const Estimate& e) {
  return fmt::format("{},{},{}", csv::number(e.mean), csv::number(e.ci_low), csv::number(e.ci_high));
}

/// Calls row(scope, info, index into the summary lists) for every metric of every scope.
template <typename Row>
void for_each_row(const Scenario& s, const Summary& summary, Row row) {
  for (std::size_t i = 0; i < global_metrics().size(); ++i)
    row("all", global_metrics()[i], [i](const Summary& x) { return x.global[i]; });
  for (std::size_t k = 0; k < summary.by_violation.size(); ++k)
    for (std::size_t i = 0; i < violation_metrics().size(); ++i)
      row("violation:" + s.violations[k].name, violation_metrics()[i],
          [k, i](const Summary& x) { return x.by_violation[k][i]; });
  for (std::size_t c = 0; c < summary.by_size_class.size(); ++c)
    for (std::size_t i = 0; i < size_class_metrics().size(); ++i)
      row("size_class:" + s.size_classes[c].name, size_class_metrics()[i],
          [c, i](const Summary& x) { return x.by_size_class[c][i]; });
  for (std::size_t y = 0; y < summary.yearly.size(); ++y)
    for (std::size_t i = 0; i < yearly_metrics().size(); ++i)
      row(fmt::format("year:{}", y + 1), yearly_metrics()[i], [y, i](const Summary& x) { return x.yearly[y][i]; });
}

}  // namespace

std::string run_csv(const RunResult& run) {
  std::string out = "scope,metric,unit,mean,ci_low,ci_high\n";
  for_each_row(run.scenario, run.summary, [&](const std::string& scope, const MetricInfo& m, auto get) {
    out += fmt::format("{},{},{},{}\n", text(scope), m.name, m.unit, cells(get(run.summary)));
  });
  return out;
}

std::string compare_csv(const CompareResult& c) {
  std::string out =
      "scope,metric,unit,base_mean,base_ci_low,base_ci_high,variant_mean,variant_ci_low,variant_ci_high,"
      "difference_mean,difference_ci_low,difference_ci_high\n";
  for_each_row(c.base.scenario, c.base.summary, [&](const std::string& scope, const MetricInfo& m, auto get) {
    out += fmt::format("{},{},{},{},{},{}\n", text(scope), m.name, m.unit, cells(get(c.base.summary)),
                       cells(get(c.variant_as_base)), cells(get(c.difference)));
  });
  return out;
}

}  // namespace inspectsim
