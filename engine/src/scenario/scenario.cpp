#include "inspectsim/scenario/scenario.hpp"

#include <algorithm>

namespace inspectsim {

long long Scenario::total_entities() const {
  long long total = 0;
  for (const Segment& s : segments) total += s.entities;
  return total;
}

double Scenario::total_workers() const {
  double total = 0;
  for (const Segment& s : segments) total += static_cast<double>(s.entities) * s.workers_per_entity;
  return total;
}

const Policy& Scenario::policy_for(int year_index) const {
  const int measured = year_index - simulation.warmup_years;
  if (measured < 0 || policy_by_year.empty()) return base_policy;
  return policy_by_year[std::min<std::size_t>(measured, policy_by_year.size() - 1)];
}

const char* to_string(Provenance::Kind kind) {
  switch (kind) {
    case Provenance::Kind::source: return "source";
    case Provenance::Kind::assumption: return "assumption";
    case Provenance::Kind::unannotated: return "unannotated";
  }
  return "?";
}

const char* to_string(NoticeMode mode) {
  return mode == NoticeMode::unannounced ? "unannounced" : "prior";
}

const char* to_string(Targeting targeting) {
  switch (targeting) {
    case Targeting::random: return "random";
    case Targeting::risk: return "risk";
    case Targeting::longest_since_inspection: return "longest_since_inspection";
  }
  return "?";
}

const char* to_string(PlanMode mode) { return mode == PlanMode::capacity ? "capacity" : "fixed"; }

}  // namespace inspectsim
