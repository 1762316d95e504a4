#include "inspectsim/simulation/counts.hpp"

#include <algorithm>

namespace inspectsim {

namespace {

// The scalar counts of each struct, listed once for adding; the static_asserts fail when a
// count is added to a struct but not here.
constexpr std::array type_counts{&TypeYearCounts::episodes_started,
                                 &TypeYearCounts::episodes_ended,
                                 &TypeYearCounts::episodes_ended_detected,
                                 &TypeYearCounts::detections,
                                 &TypeYearCounts::breaches_found,
                                 &TypeYearCounts::present_at_visits,
                                 &TypeYearCounts::concealed,
                                 &TypeYearCounts::remediated_on_notice,
                                 &TypeYearCounts::complaints,
                                 &TypeYearCounts::exposure_worker_days,
                                 &TypeYearCounts::active_entity_days,
                                 &TypeYearCounts::affected_worker_days};
static_assert(sizeof(TypeYearCounts) == type_counts.size() * sizeof(double));

constexpr std::array size_class_counts{&SizeClassYearCounts::visits, &SizeClassYearCounts::entities_visited,
                                       &SizeClassYearCounts::detections};
static_assert(sizeof(SizeClassYearCounts) == size_class_counts.size() * sizeof(double));

constexpr std::array year_counts{&YearCounts::entities_visited,
                                 &YearCounts::any_violation_entity_days,
                                 &YearCounts::distinct_exposure_worker_days,
                                 &YearCounts::consent_refusals,
                                 &YearCounts::complaints_blocked,
                                 &YearCounts::complaint_wait_days_sum,
                                 &YearCounts::complaint_visits_timed,
                                 &YearCounts::complaint_visits_waited,
                                 &YearCounts::complaint_queue_days,
                                 &YearCounts::unfounded_complaints,
                                 &YearCounts::complaints_triaged,
                                 &YearCounts::complaints_suppressed,
                                 &YearCounts::finds_unreported,
                                 &YearCounts::union_visits,
                                 &YearCounts::union_finds,
                                 &YearCounts::union_referrals,
                                 &YearCounts::fines,
                                 &YearCounts::inspectors,
                                 &YearCounts::plan_size,
                                 &YearCounts::plan_done,
                                 &YearCounts::visit_working_days,
                                 &YearCounts::busy_working_days};
static_assert(sizeof(YearCounts) == sizeof(YearCounts::visits_by_kind) + year_counts.size() * sizeof(double) +
                                        sizeof(YearCounts::types) + sizeof(YearCounts::size_classes));

template <typename T, std::size_t N>
T& add_counts(T& a, const T& b, const std::array<double T::*, N>& counts) {
  for (double T::*count : counts) a.*count += b.*count;
  return a;
}

/// Adds b's rows into a's, row by row (a grows to b's length).
template <typename Row>
void add_rows(std::vector<Row>& a, const std::vector<Row>& b) {
  if (a.size() < b.size()) a.resize(b.size());
  for (std::size_t i = 0; i < b.size(); ++i) a[i] += b[i];
}

}  // namespace

double YearCounts::visits() const {
  double total = 0;
  for (double v : visits_by_kind) total += v;
  return total;
}

double YearCounts::all_types(double TypeYearCounts::*count) const {
  double total = 0;
  for (const TypeYearCounts& t : types) total += t.*count;
  return total;
}

TypeYearCounts& operator+=(TypeYearCounts& a, const TypeYearCounts& b) { return add_counts(a, b, type_counts); }

SizeClassYearCounts& operator+=(SizeClassYearCounts& a, const SizeClassYearCounts& b) {
  return add_counts(a, b, size_class_counts);
}

YearCounts& operator+=(YearCounts& a, const YearCounts& b) {
  for (int k = 0; k < visit_kind_count; ++k) a.visits_by_kind[k] += b.visits_by_kind[k];
  add_rows(a.types, b.types);
  add_rows(a.size_classes, b.size_classes);
  return add_counts(a, b, year_counts);
}

ReplicationCounts& operator+=(ReplicationCounts& a, const ReplicationCounts& b) {
  add_rows(a.years, b.years);
  a.complaint_backlog += b.complaint_backlog;
  a.events += b.events;
  return a;
}

}  // namespace inspectsim
