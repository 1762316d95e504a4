#pragma once
/// @file
/// What one replication counts: raw totals per measured year, per violation type and per
/// size class. The metrics (metrics/metrics.hpp) are derived from these.

#include <array>
#include <cstdint>
#include <vector>

namespace inspectsim {

/// Kinds of visit, in the priority order inspectors take them.
enum class VisitKind : std::uint8_t { complaint = 0, follow_up = 1, planned = 2 };
inline constexpr int visit_kind_count = 3;

/// Raw counts of one measured year of one replication, per violation type.
struct TypeYearCounts {
  double episodes_started = 0;
  double episodes_ended = 0;
  double episodes_ended_detected = 0;
  double detections = 0;         ///< episodes found
  double breaches_found = 0;     ///< checklist breaches found (each find shows one or more)
  double present_at_visits = 0;  ///< active when an inspector came (before notice effects)
  double concealed = 0;
  double remediated_on_notice = 0;
  double complaints = 0;
  double exposure_worker_days = 0;
  double active_entity_days = 0;
  double affected_worker_days = 0;  ///< all workers of the entities where it is active, day by day
};

/// Raw counts of one measured year of one replication, per size class.
struct SizeClassYearCounts {
  double visits = 0;
  double entities_visited = 0;
  double detections = 0;
};

/// Raw counts of one measured year of one replication, all types together.
struct YearCounts {
  std::array<double, visit_kind_count> visits_by_kind{};
  double entities_visited = 0;  ///< distinct entities visited this year
  double any_violation_entity_days = 0;
  double distinct_exposure_worker_days = 0;  ///< workers exposed to at least one type, each counted once
  double consent_refusals = 0;
  double complaints_blocked = 0;
  double complaint_wait_days_sum = 0;
  double complaint_visits_timed = 0;
  double complaint_visits_waited = 0;  ///< complaint visits that could not start at once
  double complaint_queue_days = 0;     ///< integral of the number of complaints waiting, in complaint-days
  double unfounded_complaints = 0;
  double complaints_triaged = 0;     ///< complaints resolved without a visit
  double complaints_suppressed = 0;  ///< would-be complaints not made for fear of retaliation
  double finds_unreported = 0;       ///< finds not reported (informal payments)
  double union_visits = 0;           ///< visits of the union inspectorate
  double union_finds = 0;            ///< violations its visits found
  double union_referrals = 0;        ///< finds referred to the state inspectorate
  double fines = 0;
  double inspectors = 0;
  double plan_size = 0;
  double plan_done = 0;
  double visit_working_days = 0;  ///< working days (inspection and travel) of the visits that started in the year
  double busy_working_days = 0;   ///< inspectors' working days spent on visits and travel within the year
  std::vector<TypeYearCounts> types;
  std::vector<SizeClassYearCounts> size_classes;

  double visits(VisitKind kind) const { return visits_by_kind[static_cast<int>(kind)]; }
  double& visits(VisitKind kind) { return visits_by_kind[static_cast<int>(kind)]; }
  /// All visits, every kind.
  double visits() const;
  /// Sums one per-type count over the violation types.
  double all_types(double TypeYearCounts::*count) const;
};

/// Everything one replication counted.
struct ReplicationCounts {
  std::vector<YearCounts> years;  ///< measured years only
  double complaint_backlog = 0;   ///< complaints waiting for a visit at the end
  std::uint64_t events = 0;       ///< events the event loop handled (for benchmarks, not a metric)
};

/// Adds `b` into `a`, count by count (for the regions of one replication, or years into a total).
TypeYearCounts& operator+=(TypeYearCounts& a, const TypeYearCounts& b);
SizeClassYearCounts& operator+=(SizeClassYearCounts& a, const SizeClassYearCounts& b);
YearCounts& operator+=(YearCounts& a, const YearCounts& b);
ReplicationCounts& operator+=(ReplicationCounts& a, const ReplicationCounts& b);

}  // namespace inspectsim
