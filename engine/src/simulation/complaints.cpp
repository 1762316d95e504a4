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

void RegionProcess::schedule_complaint_candidate(std::uint32_t block, int k, double now) {
  const int g = static_cast<int>(block) / model_.region_count();
  const double rate_per_day = model_.segments[g].complaint_rate_per_day[k] * block_size(block);
  if (rate_per_day <= 0) return;
  // One block of random words per candidate: its time, then its entity (drawn now, so that the
  // event loop can fetch the entity's state into the cache while the event before it is handled).
  RandomStream rs = stream(block, Purpose::complaint, k, candidate_draws_[g * K_ + k]++);
  const double t = now + rs.exponential(1.0 / rate_per_day);
  if (t >= model_.horizon_days) return;
  const std::uint32_t begin = model_.block_begin[block], size = model_.block_begin[block + 1] - begin;
  const std::uint32_t e = begin + std::min(size - 1, static_cast<std::uint32_t>(rs.uniform() * size));
  schedule(Event{t, 0, complaint_candidate, static_cast<std::uint16_t>(k), block, e});
}

void RegionProcess::on_complaint_candidate(const Event& ev) {
  const std::uint32_t block = ev.target;
  const int k = ev.tag;
  const int g = static_cast<int>(block) / model_.region_count();
  const std::uint32_t e = ev.token;
  if (look_at_pair(e, k, now_)) {
    RandomStream fear = stream(block, Purpose::complaint_spoken, k, candidate_draws_[g * K_ + k]);
    if (spoken(e, fear)) {
      if (YearCounts* y = counts_at(now_)) y->types[k].complaints += 1;
      route_complaint(e, k, now_);
    }
  }
  schedule_complaint_candidate(block, k, now_);
}

// Streamed (segment, type) blocks: every pair is looked at on day 0; from then on a pair whose
// law starts inactive is dormant, inactive for sure, until a possible onset (rate lambda, thinned
// for deterrence) falls on it (violations.cpp). Only the pairs not dormant can complain: each has
// its own possible complaints at rate c, from its entity's streams (so that two policies see the
// same luck for the same entity); one looks at the pair (a complaint if active), and a pair found
// inactive gets no more until an onset. The complaint process of each pair is the same as when
// every pair is looked at at rate c: the dormant are inactive for sure.
void RegionProcess::start_streams() {
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    if (stream_types_[g] == 0) continue;
    const std::uint32_t b = own_block(g);
    if (block_size(b) == 0) continue;
    for (std::uint32_t e = model_.block_begin[b]; e < model_.block_begin[b + 1]; ++e) {
      if ((e & 0xFFFF) == 0) check_cancel();  // a block may hold 10^8 entities
      for (int k = 0; k < K_; ++k) {
        if (!(stream_types_[g] >> k & 1u)) continue;
        look_at_pair(e, k, 0.0);  // the stationary law of day 0
        if (!dormant(e, k)) add_to_stream(e, k, 0.0);
      }
    }
    for (int k = 0; k < K_; ++k) {
      // Onsets start with the first year's rates (on_onset_candidate, token 1).
      if (stream_types_[g] >> k & 1u)
        schedule(Event{0.0, 0, onset_candidate, static_cast<std::uint16_t>(k), static_cast<std::uint32_t>(g), 1});
    }
  }
}

void RegionProcess::add_to_stream(std::uint32_t e, int k, double now) {
  // A pending candidate stays valid: its time was drawn without looking at the pair (memoryless).
  if (entities_[e].in_stream >> k & 1u) return;
  schedule_stream_candidate(e, k, now);
}

void RegionProcess::schedule_stream_candidate(std::uint32_t e, int k, double now) {
  entities_[e].in_stream |= static_cast<std::uint8_t>(1u << k);
  RandomStream rs = stream(e, Purpose::stream_complaint, k, entities_[e].looks++);
  const double rate_per_day = segment_of(e).complaint_rate_per_day[k];
  schedule(Event{now + rs.exponential(1.0 / rate_per_day), 0, stream_candidate, static_cast<std::uint16_t>(k), e, 0});
}

void RegionProcess::on_stream_candidate(const Event& ev) {
  const std::uint32_t e = ev.target;
  const int k = ev.tag;
  if (look_at_pair(e, k, now_)) {
    RandomStream rs = stream(e, Purpose::retaliation, k, entities_[e].looks);
    if (spoken(e, rs)) {
      if (YearCounts* y = counts_at(now_)) y->types[k].complaints += 1;
      route_complaint(e, k, now_);
    }
    schedule_stream_candidate(e, k, now_);
  } else {  // dormant now: no more candidates until an onset
    entities_[e].in_stream &= static_cast<std::uint8_t>(~(1u << k));
  }
}

void RegionProcess::schedule_unfounded_complaint(double now) {
  const double rate_per_day = model_.complaints.unfounded_rate_per_entity_year *
                              static_cast<double>(model_.region_entities[region_].size()) / days_per_year;
  if (rate_per_day <= 0) return;
  const auto region = static_cast<std::uint32_t>(region_);
  RandomStream rs = stream(region, Purpose::unfounded_complaint, 0, state_.unfounded_draws++);
  const double t = now + rs.exponential(1.0 / rate_per_day);
  // The complaint's entity and type (tag: type + 1, 0 for none) are the draw of the next index
  // (nothing else draws in between), taken now so that the entity's id, and then its state,
  // reach the cache before the complaint is handled (run_year).
  const auto& entities = model_.region_entities[region_];
  RandomStream next = stream(region, Purpose::unfounded_complaint, 1, state_.unfounded_draws);
  const auto i = static_cast<std::uint32_t>(
      std::min(entities.size() - 1, static_cast<std::size_t>(next.uniform() * static_cast<double>(entities.size()))));
  __builtin_prefetch(&entities[i]);
  const int type = model_.complaints.scoped ? type_named_at_random(next.uniform()) : -1;
  schedule(Event{t, 0, unfounded_complaint, static_cast<std::uint16_t>(type + 1), region, i});
}

void RegionProcess::on_unfounded_complaint(const Event& ev) {
  // A complaint about a uniformly chosen entity of the region, whatever its state.
  ++state_.unfounded_draws;  // its entity and type, drawn when it was scheduled
  const std::uint32_t e = model_.region_entities[region_][ev.token];
  if (YearCounts* y = counts_at(now_)) y->unfounded_complaints += 1;
  route_complaint(e, static_cast<int>(ev.tag) - 1, now_);
  schedule_unfounded_complaint(now_);
}

bool RegionProcess::spoken(std::uint32_t e, RandomStream& rs) {
  const double share = model_.years[year_].complaint_spoken[model_.entity_segment[e]] * complaint_credibility_[year_];
  if (share >= 1 || rs.uniform() < share) return true;  // a number drawn only where fear acts
  if (YearCounts* y = counts_at(now_)) y->complaints_suppressed += 1;
  return false;
}

int RegionProcess::type_named_at_random(double u) const {
  const double total = model_.violations.back().cumulative_complaint_weight;
  for (int k = 0; k < K_; ++k)
    if (u * total < model_.violations[k].cumulative_complaint_weight) return k;
  return K_ - 1;
}

bool RegionProcess::triaged() {
  const double share = model_.complaints.triage_share;
  if (share <= 0) return false;
  RandomStream rs = stream(static_cast<std::uint32_t>(region_), Purpose::triage, 0, state_.triage_draws++);
  return rs.uniform() < share;
}

void RegionProcess::route_complaint(std::uint32_t e, int k, double now) {
  const YearRules& rules = model_.years[year_];
  if (rules.complaints_blocked[model_.entity_segment[e]]) {
    if (YearCounts* y = counts_at(now)) y->complaints_blocked += 1;
    return;
  }
  const bool pending = entities_[e].flags & complaint_pending_bit;
  if (!pending && triaged()) {
    if (YearCounts* y = counts_at(now)) y->complaints_triaged += 1;
    return;
  }
  if (model_.complaints.scoped && k >= 0) complaint_scope_[e] |= static_cast<TypeMask>(1u << k);
  if (pending) return;  // joins the visit already waiting
  entities_[e].flags |= complaint_pending_bit;
  const NoticePolicy& notice = rules.notice;
  Job job;
  job.announced = announced(notice.complaint);
  job.eligible_day = now + (job.announced ? notice.days : 0.0);
  job.created_day = now;
  job.sequence = job_sequence_++;
  job.entity = e;
  job.kind = VisitKind::complaint;
  state_.complaints.push(job);
  change_complaint_queue(now, +1);
  dispatch(now);
}

}  // namespace inspectsim::detail
