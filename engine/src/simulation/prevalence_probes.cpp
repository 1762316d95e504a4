// Prevalence of any violation (the share of entities with at least one) and the workers
// exposed to any (each counted once) need the types jointly: probes add the chance that a random entity has some
// violation given what has been seen of it (the types are independent given that). Each segment is probed in proportion
// to its size, at evenly spaced days from a random start (systematic sampling: no noise from a random number of
// probes).

#include <algorithm>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

void RegionProcess::schedule_prevalence_probe(int g, double day) {
  if (block_size(own_block(g)) > 0) schedule(Event{day, 0, prevalence_probe, 0, static_cast<std::uint32_t>(g), 0});
}

double RegionProcess::probe_spacing_days(int g) const {
  return 1.0 / (probe_rate_per_entity_day_ * block_size(own_block(g)));
}

void RegionProcess::on_prevalence_probe(const Event& ev) {
  const int g = static_cast<int>(ev.target);
  const std::uint32_t block = own_block(g);
  RandomStream rs = stream(block, Purpose::prevalence_probe, 0, probe_draws_[g]++);
  const std::uint32_t begin = model_.block_begin[block], size = model_.block_begin[block + 1] - begin;
  const std::uint32_t e = begin + std::min(size - 1, static_cast<std::uint32_t>(rs.uniform() * size));
  // A worker is exposed to each active type with its exposed share, independently of the
  // other types: the share exposed to none is the product over types.
  const SegmentParams& seg = model_.segments[g];
  double none_active = 1.0, none_exposing = 1.0;
  for (int k = 0; k < K_; ++k) {
    const double p = chance_active(e, k, now_);
    none_active *= 1 - p;
    if (seg.workers > 0) none_exposing *= 1 - p * seg.exposed_workers[k] / seg.workers;
  }
  // Each probe stands for 1 / rate entity-days.
  if (YearCounts* y = counts_at(now_)) {
    y->any_violation_entity_days += (1 - none_active) / probe_rate_per_entity_day_;
    y->distinct_exposure_worker_days += seg.workers * (1 - none_exposing) / probe_rate_per_entity_day_;
  }
  schedule_prevalence_probe(g, now_ + probe_spacing_days(g));
}

}  // namespace inspectsim::detail
