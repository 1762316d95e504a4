// One replication: each region is a logical process with its own event loop (the handlers
// live in violations.cpp, what entities do, and inspectorate.cpp, what inspectors do). Regions
// share nothing within a year: inspectors serve their own region and entities belong to one.
// General deterrence, the one effect across regions, acts from the next year start (a lookahead
// of a year), so the regions run a year at a time in parallel and meet at each year start, where
// last year's visits set this year's onset rates. Each region draws from its own streams and the
// counts are added in region order, so the result is the same with any number of threads.

#include "inspectsim/experiment/replication.hpp"

#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "experiment/replication_state.hpp"
#include "kernel/parallel.hpp"

namespace inspectsim {

namespace detail {

EntityTables::EntityTables(const Model& model)
    : law_from_day(static_cast<std::size_t>(model.entity_count()) * model.violation_count),
      entities(model.entity_count()),
      visit_count(model.entity_count()),
      last_visit_day(model.entity_count()),
      last_detection_day(model.entity_count()),
      onset_multiplier(model.year_count, std::vector<double>(model.segments.size(), 1.0)) {
  // Filled in parallel chunks: hundreds of megabytes for a large country.
  constexpr std::size_t chunk = 1 << 16;
  const std::size_t n = entities.size(), K = static_cast<std::size_t>(model.violation_count);
  tbb::this_task_arena::isolate([&] {
    parallel_indices((n + chunk - 1) / chunk, [&](std::size_t c) {
      const std::size_t from = c * chunk, to = std::min(n, from + chunk);
      std::fill(law_from_day.begin() + from * K, law_from_day.begin() + to * K, 0.0f);
      std::fill(entities.begin() + from, entities.begin() + to, EntityState{0, 0, 0, 0, 0, -1e30f});
      std::fill(visit_count.begin() + from, visit_count.begin() + to, 0u);
      std::fill(last_visit_day.begin() + from, last_visit_day.begin() + to, -1e30f);
      std::fill(last_detection_day.begin() + from, last_detection_day.begin() + to, -1e30f);
    });
  });
}

RegionProcess::RegionProcess(const Model& model, std::uint32_t seed, std::uint32_t replication,
                             const std::atomic<bool>* cancel, EntityTables& tables, int region)
    : cancel_(cancel),
      model_(model),
      scenario_(*model.scenario),
      seed_(seed),
      replication_(replication),
      K_(model.violation_count),
      law_from_day_(tables.law_from_day),
      entities_(tables.entities),
      visit_count_(tables.visit_count),
      last_visit_day_(tables.last_visit_day),
      last_detection_day_(tables.last_detection_day),
      onset_multiplier_(tables.onset_multiplier),
      region_(region) {
  looked_pairs_.assign(model.segments.size() * K_, 0);
  stretches_.reserve(2 * static_cast<std::size_t>(model.year_count) + 2);
  stretch_start_day_.reserve(stretches_.capacity());
  stretch_p_start_.reserve(stretches_.capacity());
  probe_draws_.assign(model.segments.size(), 0);
  const double entities = std::max<double>(1.0, model.entity_count());
  probe_rate_per_entity_day_ = std::min(prevalence_probes_per_year, entities) / entities / days_per_year;
  candidate_draws_.assign(static_cast<std::size_t>(model.block_count()) * K_, 0);
  regions_.resize(model.region_count());
  segment_visits_.assign(model.year_count, std::vector<double>(model.segments.size(), 0.0));
  counts_.years.resize(scenario_.simulation.years);
  for (YearCounts& y : counts_.years) {
    y.types.resize(K_);
    y.size_classes.resize(scenario_.size_classes.size());
  }
}

void RegionProcess::schedule(Event ev) {
  if (ev.time_days >= model_.horizon_days) return;
  if (bulk_mode_) {
    bulk_.push_back(ev);
  } else {
    queue_.push(ev);
  }
}

YearCounts* RegionProcess::counts_at(double day) {
  if (day < model_.window_start_days || day >= model_.horizon_days) return nullptr;
  const int measured = static_cast<int>(std::floor((day - model_.window_start_days) / days_per_year));
  return &counts_.years[std::min<int>(measured, static_cast<int>(counts_.years.size()) - 1)];
}

void RegionProcess::start() {
  bulk_mode_ = true;
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    const std::uint32_t b = own_block(g);
    for (int k = 0; k < K_; ++k) {
      RandomStream rs = stream(b, Purpose::complaint, k, candidate_draws_[b * K_ + k]++);
      schedule_complaint_candidate(b, k, 0.0, rs);
    }
    const auto& onsets = model_.segments[g].onset_rate_per_day;
    if (std::all_of(onsets.begin(), onsets.end(), [](double a) { return a == 0; })) continue;  // never in violation
    RandomStream rs = stream(b, Purpose::prevalence_probe, 0, probe_draws_[g]++);
    schedule_prevalence_probe(g, rs.uniform() * probe_spacing_days(g));
  }
  schedule_unfounded_complaint(region_, 0.0);
  bulk_mode_ = false;
  check_cancel();
  queue_.push_bulk(bulk_);
  bulk_ = {};
}

void RegionProcess::run_year(int year) {
  now_ = year * days_per_year;
  on_year_start(year);
  const double year_end = std::min(model_.horizon_days, (year + 1) * days_per_year);
  constexpr std::uint32_t cancel_check_interval = 1u << 14;  // events between looks at the flag
  std::uint32_t until_check = cancel_check_interval;
  while (!queue_.empty() && queue_.top().time_days < year_end) {
    if (--until_check == 0) {
      until_check = cancel_check_interval;
      check_cancel();
    }
    const Event ev = queue_.pop();
    now_ = ev.time_days;
    switch (ev.kind) {
      case complaint_candidate: on_complaint_candidate(ev); break;
      case prevalence_probe: on_prevalence_probe(ev); break;
      case unfounded_complaint: on_unfounded_complaint(ev); break;
      case inspector_free: on_inspector_free(ev); break;
      case region_wake: on_region_wake(ev); break;
    }
  }
  check_cancel();
}

void RegionProcess::finish() {
  now_ = model_.horizon_days;
  account_until_horizon();
  change_complaint_queue(model_.horizon_days, 0);
  counts_.complaint_backlog += static_cast<double>(regions_[region_].complaints.size());
}

namespace {

/// Firms perceive last year's inspection risk in their segment, against the first year's.
void update_general_deterrence(const Model& model, int year, const std::vector<std::unique_ptr<RegionProcess>>& regions,
                               EntityTables& tables) {
  const double elasticity = model.scenario->sanctions.general_deterrence_elasticity;
  if (elasticity <= 0 || year == 0) return;
  constexpr double perception_floor = 0.01;     // visits per entity-year below which risk feels alike
  constexpr double max_onset_multiplier = 4.0;  // however rare visits become
  for (std::size_t g = 0; g < model.segments.size(); ++g) {
    double previous_visits = 0, first_visits = 0;
    for (const auto& r : regions) {  // in region order: the same sum whatever the threads
      previous_visits += r->visits_in_segment(year - 1, static_cast<int>(g));
      first_visits += r->visits_in_segment(0, static_cast<int>(g));
    }
    const double entities = std::max(1.0, static_cast<double>(model.segment_entities[g]));
    const double previous = previous_visits / entities + perception_floor;
    const double reference = first_visits / entities + perception_floor;
    tables.onset_multiplier[year][g] =
        std::clamp(std::pow(previous / reference, -elasticity), 0.25, max_onset_multiplier);
  }
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

ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel) {
  using detail::RegionProcess;
  detail::EntityTables tables(model);
  std::vector<std::unique_ptr<RegionProcess>> regions;
  for (int r = 0; r < model.region_count(); ++r)
    regions.push_back(std::make_unique<RegionProcess>(model, seed, replication, cancel, tables, r));
  detail::for_each_region(regions, [](RegionProcess& r) { r.start(); });
  for (int year = 0; year < model.year_count; ++year) {
    detail::update_general_deterrence(model, year, regions, tables);
    detail::for_each_region(regions, [year](RegionProcess& r) { r.run_year(year); });
  }
  detail::for_each_region(regions, [](RegionProcess& r) { r.finish(); });

  ReplicationCounts total = std::move(regions.front()->counts());
  for (std::size_t r = 1; r < regions.size(); ++r) {
    const ReplicationCounts& c = regions[r]->counts();
    for (std::size_t y = 0; y < total.years.size(); ++y) total.years[y] += c.years[y];
    total.complaint_backlog += c.complaint_backlog;
  }
  const int warmup = model.scenario->simulation.warmup_years;
  for (std::size_t y = 0; y < total.years.size(); ++y)
    total.years[y].inspectors = model.years[warmup + static_cast<int>(y)].policy->inspectors;
  return total;
}

}  // namespace inspectsim
