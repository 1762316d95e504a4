#include "inspectsim/metrics/calibration.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/scenario/error.hpp"

namespace inspectsim {

namespace {

MetricRef metric_of(const Scenario& scenario, const CalibrationTarget& t) {
  try {
    return find_metric(scenario, t.metric);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError({t.file, t.line, t.column}, "calibration.targets.*.metric", e.what());
  }
}

}  // namespace

void check_calibration(const Scenario& scenario) {
  for (const CalibrationTarget& t : scenario.calibration) metric_of(scenario, t);
}

std::vector<CalibrationRow> calibration_rows(const Scenario& scenario, const Summary& summary) {
  std::vector<CalibrationRow> rows;
  for (const CalibrationTarget& t : scenario.calibration) {
    const MetricRef ref = metric_of(scenario, t);
    CalibrationRow row{t, ref.in(summary), ref.unit};
    row.gap =
        t.published > 0 ? (row.simulated.mean - t.published) / t.published : std::numeric_limits<double>::quiet_NaN();
    row.within = std::abs(row.gap) <= t.tolerance ||
                 (row.simulated.ci_low <= t.published && t.published <= row.simulated.ci_high);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace inspectsim
