#pragma once
/// @file
/// Metrics named as tables print them: `detections` (all types), `forced_labour.detected_share`
/// (one violation type), `micro.coverage` (one size class). Sweep tables and staffing targets
/// name metrics this way.

#include <string>
#include <vector>

#include "inspectsim/metrics/summary.hpp"
#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// Where a named metric sits in a Summary, with its unit.
struct MetricRef {
  enum class Scope { global, violation, size_class };
  std::string name;  ///< as written: "forced_labour.detected_share"
  std::string unit;
  Scope scope = Scope::global;
  std::size_t item = 0;    ///< violation type or size class
  std::size_t metric = 0;  ///< index in the scope's metric list

  /// The estimate of this metric in `summary`.
  const Estimate& in(const Summary& summary) const;
};

/// Finds `name` in the scenario's metrics. Throws std::invalid_argument saying what was
/// expected (the forms above, with the scenario's type and size-class names).
MetricRef find_metric(const Scenario& scenario, const std::string& name);

/// Every metric of the scenario by name: the global ones, then per violation type, then per size class.
std::vector<MetricRef> all_metrics(const Scenario& scenario);

}  // namespace inspectsim
