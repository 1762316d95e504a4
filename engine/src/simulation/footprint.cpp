// Estimated bytes and events of a scenario, from the sizes of the structures replications use.

#include "inspectsim/simulation/footprint.hpp"

#include <algorithm>

#include "inspectsim/kernel/event_queue.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/stats/two_state_chain.hpp"
#include "simulation/entity_tables.hpp"
#include "simulation/stream_choice.hpp"
#include "simulation/visit_queues.hpp"

namespace inspectsim {

namespace {

constexpr double vector_bytes = 40;  // a std::vector's header and its allocation's overhead

/// Looks per entity-day at a pair of (segment, type) (none where no violation can start).
double looks_per_entity_day(double c, double lambda, double mu) {
  if (lambda == 0) return 0;
  return detail::complaints_streamed(c, lambda, mu) ? detail::stream_looks_per_pair_day(c, lambda, mu) : c;
}

/// Most inspectors in force in any simulated year.
double most_inspectors(const Scenario& s) {
  double most = 0;
  for (int y = 0; y < s.simulation.warmup_years + s.simulation.years; ++y)
    most = std::max(most, static_cast<double>(s.policy_for(y).inspectors));
  return most;
}

/// Entities of segments where some violation can start (the only ones prevalence probes look at).
double entities_with_onsets(const Scenario& s, const std::vector<SegmentParams>& params) {
  double n = 0;
  for (std::size_t g = 0; g < s.segments.size(); ++g) {
    const auto& onsets = params[g].onset_rate_per_day;
    if (std::any_of(onsets.begin(), onsets.end(), [](double r) { return r > 0; }))
      n += static_cast<double>(s.segments[g].entities);
  }
  return n;
}

/// Visits an inspector makes in a year when busy: working time over the mean visit (inspection
/// days of an average entity, and travel).
double visits_per_inspector_year(const Scenario& s) {
  double days = 0, entities = 0;
  for (const Segment& seg : s.segments)
    for (const SizeClass& c : s.size_classes)
      if (c.name == seg.size_class) {
        days += static_cast<double>(seg.entities) * c.inspection_days.mean_days;
        entities += static_cast<double>(seg.entities);
      }
  const double per_visit = (entities > 0 ? days / entities : 1.0) + s.inspectorate.travel_days;
  return s.inspectorate.working_days_per_year * s.inspectorate.inspection_time_share / std::max(per_visit, 0.01);
}

}  // namespace

Footprint estimate_footprint(const Scenario& s) {
  Footprint f;
  std::vector<SegmentParams> params;  // each segment's rates, as the model compiles them
  for (const Segment& seg : s.segments) params.push_back(segment_params(s, seg));
  const double entities = static_cast<double>(s.total_entities());
  const double types = static_cast<double>(s.violations.size());
  const double segments = static_cast<double>(s.segments.size());
  const double regions = static_cast<double>(std::max<std::size_t>(1, s.regions.size()));
  const double years = s.simulation.warmup_years + s.simulation.years;
  const double measured_years = s.simulation.years;
  const double size_classes = static_cast<double>(s.size_classes.size());

  // The model: per entity its segment, region and place in its region's list; per segment its
  // constants and a block per region; per year and segment the rules.
  f.model_bytes = entities * (2 + 2 + 4) + segments * (3 * (vector_bytes + 8 * types) + 64) + segments * regions * 4 +
                  years * (segments * 10 + regions * 4 + 4 * vector_bytes);

  // One replication: the entity tables (detail::EntityTables), plan rankings (a key and an entity
  // each: kept all year for every entity in capacity mode, else one region's at a time) and
  // pending events: a candidate per (block, type), and one per active pair of a streamed type.
  const double per_entity = sizeof(detail::EntityState) + types * sizeof(float);
  double largest_region_share = 0;
  for (const Region& r : s.regions) largest_region_share = std::max(largest_region_share, r.entity_share);
  const bool capacity = s.base_policy.plan.mode == PlanMode::capacity;
  const double ranking = (capacity ? entities : entities * std::max(largest_region_share, 1.0 / regions)) *
                         sizeof(std::pair<double, std::uint32_t>);
  double pending_events = segments * regions * types;
  for (std::size_t g = 0; g < s.segments.size(); ++g) {
    const SegmentParams& p = params[g];
    for (std::size_t k = 0; k < s.violations.size(); ++k) {
      const double c = p.complaint_rate_per_day[k], lambda = p.onset_rate_per_day[k],
                   mu = 1.0 / s.violations[k].mean_duration_days;
      if (detail::complaints_streamed(c, lambda, mu))
        pending_events += static_cast<double>(s.segments[g].entities) * lambda / (lambda + mu);
    }
  }
  // Per region: its process's per-segment draws, yearly visit sums and laws joined per year and
  // type, its counts per measured year (per type and size class), its queues and inspectors.
  const double region =
      segments * (types * (8 + 4 + 4 + years * sizeof(two_state::StaggeredChains)) + 4 + 2 + 2 * years * 8) +
      measured_years * (sizeof(YearCounts) + types * sizeof(TypeYearCounts) +
                        size_classes * sizeof(SizeClassYearCounts) + 2 * vector_bytes) +
      sizeof(detail::RegionState) + 1024;
  f.region_bytes = regions * region;
  f.replication_bytes = entities * per_entity + ranking + pending_events * sizeof(Event) * 2 + f.region_bytes +
                        years * segments * 8 + most_inspectors(s) * sizeof(detail::InspectorState);

  // Events: looks at pairs (complaint candidates, onsets), prevalence probes, visits (an
  // inspector's end of visit and a wake at most per working day), unfounded complaints, union visits.
  double most_entity_events = -1;
  for (std::size_t g = 0; g < s.segments.size(); ++g) {
    const Segment& seg = s.segments[g];
    const SegmentParams& p = params[g];
    double looks = 0;
    for (std::size_t k = 0; k < s.violations.size(); ++k)
      looks += looks_per_entity_day(p.complaint_rate_per_day[k], p.onset_rate_per_day[k],
                                    1.0 / s.violations[k].mean_duration_days);
    const double events = looks * static_cast<double>(seg.entities) * days_per_year * years;
    f.entity_events_per_replication += events;
    if (events > most_entity_events) {
      most_entity_events = events;
      f.largest_entity_events_segment = static_cast<int>(g);
    }
  }
  const double probes = std::min(5'000.0, entities) * years * entities_with_onsets(s, params) / std::max(1.0, entities);
  const double visits = most_inspectors(s) * visits_per_inspector_year(s) * years;
  const double unfounded = s.complaints.unfounded_rate_per_entity_year * entities * years;
  const double union_visits =
      s.union_inspectorate.inspectors * s.union_inspectorate.visits_per_inspector_per_year * years;
  f.events_per_replication = f.entity_events_per_replication + probes + visits + unfounded + union_visits;
  return f;
}

}  // namespace inspectsim
