// One replication: each region is a logical process with its own event loop (RegionProcess,
// region_process.hpp). Regions
// share nothing within a year: inspectors serve their own region and entities belong to one.
// General deterrence, the one effect across regions, acts from the next year start (a lookahead
// of a year), so the regions run a year at a time in parallel and meet at each year start, where
// last year's visits set this year's onset rates. Each region draws from its own streams and the
// counts are added in region order, so the result is the same with any number of threads.

#include "inspectsim/simulation/replication.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "kernel/parallel.hpp"
#include "simulation/region_process.hpp"

namespace inspectsim {

namespace detail {

namespace {

/// Firms perceive last year's inspection risk in their segment, against the risk they expect:
/// their size class's stated reference rate, or else the run's own first year.
void update_general_deterrence(const Model& model, int year, const std::vector<std::unique_ptr<RegionProcess>>& regions,
                               EntityTables& tables) {
  const double elasticity = model.sanctions.general_deterrence_elasticity;
  if (elasticity <= 0 || year == 0) return;
  constexpr double perception_floor = 0.01;     // visits per entity-year below which risk feels alike
  constexpr double max_onset_multiplier = 4.0;  // however rare visits become
  for (std::size_t g = 0; g < model.segments.size(); ++g) {
    // Publicity: a fine is perceived as publicity_visits_per_fine visits.
    const double publicity = model.sanctions.publicity_visits_per_fine;
    double previous_visits = 0, first_visits = 0;
    for (const auto& r : regions) {  // in region order: the same sum whatever the threads
      const int s = static_cast<int>(g);
      previous_visits += r->visits_in_segment(year - 1, s) + publicity * r->fines_in_segment(year - 1, s);
      first_visits += r->visits_in_segment(0, s) + publicity * r->fines_in_segment(0, s);
    }
    const double entities = std::max(1.0, static_cast<double>(model.segment_entities[g]));
    const double previous = previous_visits / entities + perception_floor;
    const double stated = model.segments[g].deterrence_reference_visits;
    const double reference = (stated >= 0 ? stated : first_visits / entities) + perception_floor;
    tables.onset_multiplier[year][g] =
        std::clamp(portable_pow(previous / reference, -elasticity), 0.25, max_onset_multiplier);
  }
}

/// Workers perceive last year's share of complaint visits that found something, against the
/// share they expect: the stated reference, or else the run's first year. Less credible
/// complaining keeps complaints back; more does not raise them above the scenario's rate.
void update_complaint_credibility(const Model& model, int year,
                                  const std::vector<std::unique_ptr<RegionProcess>>& regions, EntityTables& tables) {
  const ComplaintHandling& c = model.complaints;
  if (c.credibility_elasticity <= 0 || year == 0) return;
  constexpr double perception_floor = 0.01;  // a share below which complaining feels alike
  double visits = 0, finding = 0, first_visits = 0, first_finding = 0;
  for (const auto& r : regions) {  // in region order: the same sum whatever the threads
    visits += r->complaint_visits_in(year - 1);
    finding += r->complaint_visits_finding_in(year - 1);
    first_visits += r->complaint_visits_in(0);
    first_finding += r->complaint_visits_finding_in(0);
  }
  if (visits <= 0) return;  // no complaint visit to judge by: as before
  const double last = finding / visits;
  const double reference = c.credibility_reference >= 0 ? c.credibility_reference
                           : first_visits > 0           ? first_finding / first_visits
                                                        : last;
  tables.complaint_credibility[year] =
      std::min(1.0, portable_pow((last + perception_floor) / (reference + perception_floor), c.credibility_elasticity));
}

/// Runs f(region) for every region, in parallel. Isolated: a thread waiting here for its sibling
/// regions must not start another replication (run_experiment's outer loop), which would hold
/// more entity tables in memory at once.
template <typename F>
void for_each_region(std::vector<std::unique_ptr<RegionProcess>>& regions, F f) {
  if (regions.size() == 1) {  // most scenarios: no tasks to hand out
    f(*regions.front());
    return;
  }
  tbb::this_task_arena::isolate([&] { parallel_indices(regions.size(), [&](std::size_t r) { f(*regions[r]); }); });
}

}  // namespace

}  // namespace detail

struct ReplicationScratch::PerThread {
  tbb::enumerable_thread_specific<detail::EntityTables> tables;
};

ReplicationScratch::ReplicationScratch() : per_thread_(std::make_unique<PerThread>()) {}
ReplicationScratch::~ReplicationScratch() = default;
detail::EntityTables& ReplicationScratch::tables_of_this_thread() { return per_thread_->tables.local(); }

ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel, const EventsHandled* events_handled,
                                       ReplicationScratch* scratch) {
  using detail::RegionProcess;
  detail::EntityTables own;  // without scratch: this replication's alone
  detail::EntityTables& tables = scratch ? scratch->tables_of_this_thread() : own;
  tables.reset(model, cancel);
  std::vector<std::unique_ptr<RegionProcess>> regions;
  for (int r = 0; r < model.region_count(); ++r)
    regions.push_back(std::make_unique<RegionProcess>(model, seed, replication, cancel, events_handled, tables, r));
  detail::for_each_region(regions, [](RegionProcess& r) { r.start(); });
  for (int year = 0; year < model.year_count; ++year) {
    detail::update_general_deterrence(model, year, regions, tables);
    detail::update_complaint_credibility(model, year, regions, tables);
    detail::for_each_region(regions, [year](RegionProcess& r) { r.run_year(year); });
  }
  detail::for_each_region(regions, [](RegionProcess& r) { r.finish(); });

  ReplicationCounts total = std::move(regions.front()->counts());
  for (std::size_t r = 1; r < regions.size(); ++r) total += regions[r]->counts();
  for (std::size_t y = 0; y < total.years.size(); ++y)
    total.years[y].inspectors = model.years[model.warmup_years + static_cast<int>(y)].inspectors;
  return total;
}

}  // namespace inspectsim
