// One replication: the event loop and its bookkeeping. The handlers live in
// violations.cpp (what entities do) and inspectorate.cpp (what inspectors do).

#include "inspectsim/experiment/replication.hpp"

#include <algorithm>
#include <cmath>

#include "experiment/replication_state.hpp"

namespace inspectsim {

namespace detail {

Replication::Replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                         const std::atomic<bool>* cancel)
    : cancel_(cancel),
      model_(model), scenario_(*model.scenario), seed_(seed), replication_(replication), K_(model.violation_count) {
  const std::size_t n = model.entity_count();
  law_from_day_.assign(n * static_cast<std::size_t>(K_), 0.0f);
  entities_.assign(n, EntityState{});
  visit_count_.assign(n, 0);
  last_visit_day_.assign(n, -1e30f);
  last_detection_day_.assign(n, -1e30f);
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
  onset_multiplier_.assign(model.year_count, std::vector<double>(model.segments.size(), 1.0));
  counts_.years.resize(scenario_.simulation.years);
  for (YearCounts& y : counts_.years) {
    y.types.resize(K_);
    y.size_classes.resize(scenario_.size_classes.size());
  }
}

void Replication::schedule(Event ev) {
  if (ev.time_days >= model_.horizon_days) return;
  if (bulk_mode_) {
    bulk_.push_back(ev);
  } else {
    queue_.push(ev);
  }
}

YearCounts* Replication::counts_at(double day) {
  if (day < model_.window_start_days || day >= model_.horizon_days) return nullptr;
  const int measured = static_cast<int>(std::floor((day - model_.window_start_days) / days_per_year));
  return &counts_.years[std::min<int>(measured, static_cast<int>(counts_.years.size()) - 1)];
}

ReplicationCounts Replication::run() {
  bulk_mode_ = true;
  for (std::uint32_t b = 0; b < model_.block_count(); ++b) {
    for (int k = 0; k < K_; ++k) {
      RandomStream rs = stream(b, Purpose::complaint, k, candidate_draws_[b * K_ + k]++);
      schedule_complaint_candidate(b, k, 0.0, rs);
    }
  }
  for (int r = 0; r < model_.region_count(); ++r) schedule_unfounded_complaint(r, 0.0);
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    const auto& onsets = model_.segments[g].onset_rate_per_day;
    if (std::all_of(onsets.begin(), onsets.end(), [](double a) { return a == 0; })) continue;  // never in violation
    RandomStream rs = stream(static_cast<std::uint32_t>(g), Purpose::prevalence_probe, 0, probe_draws_[g]++);
    schedule_prevalence_probe(g, rs.uniform() * probe_spacing_days(g));
  }
  for (int y = 1; y < model_.year_count; ++y) schedule(Event{y * days_per_year, 0, year_start, 0, static_cast<std::uint32_t>(y), 0});
  bulk_mode_ = false;
  check_cancel();
  queue_.push_bulk(bulk_);
  bulk_ = {};
  check_cancel();
  on_year_start(0);

  constexpr std::uint32_t cancel_check_interval = 1u << 14;  // events between looks at the flag
  std::uint32_t until_check = cancel_check_interval;
  while (!queue_.empty()) {
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
      case year_start: on_year_start(static_cast<int>(ev.target)); break;
    }
  }
  now_ = model_.horizon_days;
  account_until_horizon();
  change_complaint_queue(model_.horizon_days, 0);
  for (const RegionState& r : regions_) counts_.complaint_backlog += static_cast<double>(r.complaints.size());
  return std::move(counts_);
}

}  // namespace detail

ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel) {
  return detail::Replication(model, seed, replication, cancel).run();
}

}  // namespace inspectsim
