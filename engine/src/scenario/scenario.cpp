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

Scenario::ProvenanceTally Scenario::provenance_tally() const {
  ProvenanceTally tally;
  for (const auto& [key, p] : provenance) {
    switch (p.kind) {
      case Provenance::Kind::source: ++tally.sourced; break;
      case Provenance::Kind::assumption: ++tally.assumed; break;
      case Provenance::Kind::unannotated: ++tally.unannotated; break;
      case Provenance::Kind::calibrated: ++tally.calibrated; break;
    }
    switch (p.spread) {
      case Provenance::Spread::ranged: ++tally.ranged; break;
      case Provenance::Spread::defaulted: ++tally.defaulted; break;
      case Provenance::Spread::fixed: ++tally.fixed; break;
    }
  }
  return tally;
}

const Policy& Scenario::policy_for(int year_index) const {
  const int measured = year_index - simulation.warmup_years;
  if (measured < 0 || policy_by_year.empty()) return base_policy;
  return policy_by_year[std::min<std::size_t>(measured, policy_by_year.size() - 1)];
}

}  // namespace inspectsim
