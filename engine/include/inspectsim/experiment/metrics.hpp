#pragma once
/// @file
/// What one replication measures: raw counts per measured year (and per violation type),
/// and the named metrics with units derived from them.

#include <array>
#include <string>
#include <vector>

namespace inspectsim {

struct Model;

/// Kinds of visit, in the priority order inspectors take them.
enum class VisitKind : int { complaint = 0, follow_up = 1, planned = 2 };
inline constexpr int visit_kind_count = 3;

/// Raw counts of one measured year of one replication, per violation type.
struct TypeYearCounts {
  double episodes_started = 0;
  double episodes_ended = 0;
  double episodes_ended_detected = 0;
  double detections = 0;
  double present_at_visits = 0;  ///< active when an inspector came (before notice effects)
  double concealed = 0;
  double remediated_on_notice = 0;
  double complaints = 0;
  double exposure_worker_days = 0;
  double active_entity_days = 0;
};

/// Raw counts of one measured year of one replication, per size class.
struct SizeClassYearCounts {
  double visits = 0;
  double entities_visited = 0;
  double detections = 0;
};

/// Raw counts of one measured year of one replication, all types together.
struct YearCounts {
  std::array<double, visit_kind_count> visits{};
  double entities_visited = 0;  ///< distinct entities visited this year
  double any_violation_entity_days = 0;
  double consent_refusals = 0;
  double complaints_blocked = 0;
  double complaint_wait_days_sum = 0;
  double complaint_visits_timed = 0;
  double complaint_visits_waited = 0;  ///< complaint visits that could not start at once
  double complaint_queue_days = 0;     ///< integral of the number of complaints waiting, in complaint-days
  double unfounded_complaints = 0;
  double fines = 0;
  double inspectors = 0;
  double plan_size = 0;
  double plan_done = 0;
  std::vector<TypeYearCounts> types;
  std::vector<SizeClassYearCounts> size_classes;
};

/// Everything one replication counted.
struct ReplicationCounts {
  std::vector<YearCounts> years;  ///< measured years only
  double complaint_backlog = 0;   ///< complaints waiting for a visit at the end
};

/// A metric's name, unit and one-line definition (the README's table is made from these).
struct MetricInfo {
  std::string name;
  std::string unit;
  std::string definition;
};

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
  std::vector<std::vector<double>> by_violation;  ///< [type][metric]
  std::vector<std::vector<double>> yearly;        ///< [measured year][metric]
  std::vector<std::vector<double>> by_size_class; ///< [size class][metric]
};

/// Derives the metrics from the counts.
Metrics compute_metrics(const Model& model, const ReplicationCounts& counts);

/// Adds `b` into `a`, field by field (for the regions of one replication, or years into a total).
TypeYearCounts& operator+=(TypeYearCounts& a, const TypeYearCounts& b);
SizeClassYearCounts& operator+=(SizeClassYearCounts& a, const SizeClassYearCounts& b);
YearCounts& operator+=(YearCounts& a, const YearCounts& b);

}  // namespace inspectsim
