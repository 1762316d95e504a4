#pragma once
/// @file
/// Calibration: a run's metrics against the published figures its scenario names
/// (`calibration.targets`), each with its gap and whether it is within the stated tolerance.
///
/// Example:
///   check_calibration(scenario);  // before running: every target names a metric
///   for (const CalibrationRow& row : calibration_rows(scenario, result.summary)) ...

#include <vector>

#include "inspectsim/metrics/summary.hpp"
#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// One target beside what the run simulated.
struct CalibrationRow {
  CalibrationTarget target;
  Estimate simulated;
  std::string unit;
  double gap = 0;       ///< (simulated mean - published) / published; NaN when published is 0
  bool within = false;  ///< |gap| <= tolerance, or the published figure inside the 95% CI
};

/// Throws ScenarioError, at the target, for a target naming no metric of the scenario, and at the
/// key, for a free parameter naming an item (a violation, a segment ...) the scenario lacks.
void check_calibration(const Scenario& scenario);

/// Every target of the scenario, in order, against `summary` (the scenario's run).
std::vector<CalibrationRow> calibration_rows(const Scenario& scenario, const Summary& summary);

}  // namespace inspectsim
