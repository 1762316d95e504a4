#pragma once
/// @file
/// The named metrics, with units, derived from what a replication counted
/// (simulation/counts.hpp). Each metric is defined once, in metrics.cpp's tables: its name,
/// unit, definition and how it is computed; the lists below, the reports, the README's metric
/// table (`inspectsim metrics`) and the Python bindings all read those tables.

#include <string>
#include <vector>

#include "inspectsim/simulation/counts.hpp"
#include "inspectsim/stats/estimate.hpp"

namespace inspectsim {

struct Model;

/// A metric's name, unit and one-line definition, and the values it can take (from its unit:
/// a share lies in [0, 1], a number of events per year is a count, anything else is >= 0), which
/// decide the form of its confidence interval (stats/estimate.hpp).
struct MetricInfo {
  std::string name;
  std::string unit;
  std::string definition;
  Bounds bounds = Bounds::non_negative;
};

/// The bounds a metric's unit implies: "share" and "share/year" are shares; "X/year" counts
/// events (but "worker-years/year", a continuous amount); everything else is non-negative.
Bounds bounds_of_unit(const std::string& unit);

/// The metrics of the whole run (means over the measured years), per violation type, per
/// measured year and per size class.
const std::vector<MetricInfo>& global_metrics();
const std::vector<MetricInfo>& violation_metrics();
const std::vector<MetricInfo>& yearly_metrics();
const std::vector<MetricInfo>& size_class_metrics();

/// Position of the metric called `name` in `list`; throws std::out_of_range if there is none.
std::size_t metric_index(const std::vector<MetricInfo>& list, const std::string& name);

/// One replication's metrics, in the order of the lists above (NaN where undefined,
/// e.g. a complaint wait when no complaint was visited).
struct Metrics {
  std::vector<double> global;
  std::vector<std::vector<double>> by_violation;   ///< [type][metric]
  std::vector<std::vector<double>> yearly;         ///< [measured year][metric]
  std::vector<std::vector<double>> by_size_class;  ///< [size class][metric]
};

/// Derives the metrics from the counts.
Metrics compute_metrics(const Model& model, const ReplicationCounts& counts);

/// Metrics as a flat list of numbers (with their shape), to send between processes, and back.
/// `metrics_from_values` reads one Metrics at `position` and moves `position` past it.
void append_metrics_values(const Metrics& metrics, std::vector<double>& values);
Metrics metrics_from_values(const std::vector<double>& values, std::size_t& position);

}  // namespace inspectsim
