#include "inspectsim/metrics/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
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

template <typename Item>
bool has_item(const std::vector<Item>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
}

/// The item a free key names in a list ("violations.x.detection_probability" names violation x),
/// and a violation named under a segment's onset_multiplier, must exist.
void check_free_parameter(const Scenario& s, const FreeParameter& f) {
  const std::size_t dot = f.key.find('.');
  if (dot == std::string::npos) return;
  const std::string list = f.key.substr(0, dot);
  const std::size_t end = f.key.find('.', dot + 1);
  const std::string name = f.key.substr(dot + 1, end == std::string::npos ? std::string::npos : end - dot - 1);
  const bool found = list == "regions"        ? has_item(s.regions, name)
                     : list == "size_classes" ? has_item(s.size_classes, name)
                     : list == "segments"     ? has_item(s.segments, name)
                     : list == "violations"   ? has_item(s.violations, name)
                                              : true;
  if (!found)
    throw ScenarioError({f.file, f.line, f.column}, "calibration.free." + f.key,
                        fmt::format("unknown free key '{}': the scenario has no {} named '{}'", f.key, list, name));
  const std::string multiplier = ".onset_multiplier.";
  if (const std::size_t at = f.key.find(multiplier); at != std::string::npos && list == "segments") {
    const std::string violation = f.key.substr(at + multiplier.size());
    if (!has_item(s.violations, violation))
      throw ScenarioError(
          {f.file, f.line, f.column}, "calibration.free." + f.key,
          fmt::format("unknown free key '{}': the scenario has no violation named '{}'", f.key, violation));
  }
}

}  // namespace

void check_calibration(const Scenario& scenario) {
  for (const CalibrationTarget& t : scenario.calibration) metric_of(scenario, t);
  for (const FreeParameter& f : scenario.calibration_free) check_free_parameter(scenario, f);
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
