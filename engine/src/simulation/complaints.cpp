// Exposed workers complain; some complaints have no violation behind them.
//
// Each active pair complains at rate c. Every (segment, region) block runs a stream of possible
// complaints at c times its size; each picks an entity at random, looks at it, and is a
// complaint if the pair is active (thinning). A complaint becomes a visit waiting in the
// region's complaint queue, unless an exemption or moratorium blocks it or a complaint about
// the same entity is already waiting.

#include <algorithm>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

std::uint32_t RegionProcess::own_block(int g) const {
  return static_cast<std::uint32_t>(g * model_.region_count() + region_);
}

double RegionProcess::block_size(std::uint32_t block) const {
  return static_cast<double>(model_.block_begin[block + 1] - model_.block_begin[block]);
}

void RegionProcess::schedule_complaint_candidate(std::uint32_t block, int k, double now, RandomStream& rs) {
  const int g = static_cast<int>(block) / model_.region_count();
  const double rate_per_day = model_.segments[g].complaint_rate_per_day[k] * block_size(block);
  if (rate_per_day > 0)
    schedule(Event{now + rs.exponential(1.0 / rate_per_day), 0, complaint_candidate, static_cast<std::uint16_t>(k),
                   block, 0});
}

void RegionProcess::on_complaint_candidate(const Event& ev) {
  const std::uint32_t block = ev.target;
  const int k = ev.tag;
  RandomStream rs = stream(block, Purpose::complaint, k, candidate_draws_[block * K_ + k]++);
  const std::uint32_t begin = model_.block_begin[block], size = model_.block_begin[block + 1] - begin;
  const std::uint32_t e = begin + std::min(size - 1, static_cast<std::uint32_t>(rs.uniform() * size));
  if (look_at_pair(e, k, now_)) {
    if (YearCounts* y = counts_at(now_)) y->types[k].complaints += 1;
    route_complaint(e, now_);
  }
  schedule_complaint_candidate(block, k, now_, rs);
}

void RegionProcess::schedule_unfounded_complaint(int region, double now) {
  const double rate_per_day = scenario_.complaints.unfounded_rate_per_entity_year *
                              static_cast<double>(model_.region_entities[region].size()) / days_per_year;
  if (rate_per_day <= 0) return;
  RandomStream rs =
      stream(static_cast<std::uint32_t>(region), Purpose::unfounded_complaint, 0, regions_[region].unfounded_draws++);
  schedule(Event{now + rs.exponential(1.0 / rate_per_day), 0, unfounded_complaint, 0,
                 static_cast<std::uint32_t>(region), 0});
}

void RegionProcess::on_unfounded_complaint(const Event& ev) {
  // A complaint about a uniformly chosen entity of the region, whatever its state.
  const int region = static_cast<int>(ev.target);
  const auto& entities = model_.region_entities[region];
  RandomStream rs = stream(ev.target, Purpose::unfounded_complaint, 1, regions_[region].unfounded_draws++);
  const std::uint32_t e = entities[std::min(
      entities.size() - 1, static_cast<std::size_t>(rs.uniform() * static_cast<double>(entities.size())))];
  if (YearCounts* y = counts_at(now_)) y->unfounded_complaints += 1;
  route_complaint(e, now_);
  schedule_unfounded_complaint(region, now_);
}

void RegionProcess::route_complaint(std::uint32_t e, double now) {
  const YearRules& rules = model_.years[year_];
  if (rules.complaints_blocked[segment_of(e).size_class]) {
    if (YearCounts* y = counts_at(now)) y->complaints_blocked += 1;
    return;
  }
  if (entities_[e].flags & complaint_pending_bit) return;  // joins the visit already waiting
  entities_[e].flags |= complaint_pending_bit;
  const NoticePolicy& notice = rules.policy->notice;
  Job job;
  job.announced = announced(notice.complaint);
  job.eligible_day = now + (job.announced ? notice.days : 0.0);
  job.created_day = now;
  job.sequence = job_sequence_++;
  job.entity = e;
  job.kind = VisitKind::complaint;
  const int r = model_.entity_region[e];
  regions_[r].complaints.push(job);
  change_complaint_queue(now, +1);
  dispatch(r, now);
}

}  // namespace inspectsim::detail
