// What entities do: violation episodes begin and end, exposed workers complain.
// Each (entity, type) pair alternates between no violation and an episode: onsets arrive
// at the pair's onset rate (thinned when deterrence lowers it), an episode lasts an
// exponential time unless a detection cuts it short.

#include <algorithm>
#include <cmath>

#include "experiment/replication_state.hpp"

namespace inspectsim::detail {

void Replication::initial_state() {
  // Start each pair in its stationary state, so a run without warm-up is not biased low.
  for (std::uint32_t e = 0; e < model_.entity_count(); ++e) {
    if (e % 65536 == 0) check_cancel();  // a large country takes a while to set up
    RandomStream rs = stream(e, Purpose::initial_state, 0, 0);
    const SegmentParams& seg = segment_of(e);
    for (int k = 0; k < K_; ++k) {
      const double a = seg.onset_rate_per_day[k];
      const double b = 1.0 / scenario_.violations[k].mean_duration_days;
      const double u = rs.uniform();
      if (a > 0 && u < a / (a + b)) {
        start_episode(e, k, 0.0, false);
      } else {
        schedule_onset(e, k, 0.0);
      }
    }
  }
}

double Replication::onset_rate_per_day(std::uint32_t e, int k, double now) const {
  double rate = segment_of(e).onset_rate_per_day[k] * onset_multiplier_[model_.entity_segment[e]];
  if (now < deterred_until_day_[e]) rate *= 1.0 - scenario_.sanctions.specific_deterrence_reduction;
  return rate;
}

void Replication::schedule_onset(std::uint32_t e, int k, double now) {
  const double bound = segment_of(e).onset_rate_per_day[k] * onset_bound_factor_;
  if (bound <= 0) return;
  const std::size_t i = pair(e, k);
  RandomStream rs = stream(e, Purpose::onset, k, draws_[i]++);
  schedule(Event{now + rs.exponential(1.0 / bound), 0, onset_candidate, static_cast<std::uint16_t>(k), e, token_[i]});
}

void Replication::on_onset_candidate(const Event& ev) {
  const std::uint32_t e = ev.target;
  const int k = ev.tag;
  const std::size_t i = pair(e, k);
  if (ev.token != token_[i]) return;
  const double bound = segment_of(e).onset_rate_per_day[k] * onset_bound_factor_;
  const double rate = onset_rate_per_day(e, k, now_);
  if (rate < bound) {  // thinning: accept with probability rate / bound
    RandomStream rs = stream(e, Purpose::onset, k, draws_[i]++);
    if (!rs.bernoulli(rate / bound)) {
      schedule_onset(e, k, now_);
      return;
    }
  }
  start_episode(e, k, now_, true);
}

void Replication::start_episode(std::uint32_t e, int k, double now, bool counted) {
  const std::size_t i = pair(e, k);
  pair_state_[i] = active_bit;
  ++token_[i];
  episode_start_day_[i] = now;
  RandomStream rs = stream(e, Purpose::episode, k, draws_[i]++);
  episode_end_day_[i] = now + rs.exponential(scenario_.violations[k].mean_duration_days);
  schedule(Event{episode_end_day_[i], 0, episode_end, static_cast<std::uint16_t>(k), e, token_[i]});
  schedule_complaint(e, k, now);
  if (active_types_[e]++ == 0) any_since_day_[e] = now;
  if (YearCounts* y = counted ? counts_at(now) : nullptr) y->types[k].episodes_started += 1;
}

void Replication::schedule_complaint(std::uint32_t e, int k, double now) {
  const double rate = segment_of(e).complaint_rate_per_day[k];
  if (rate <= 0) return;
  const std::size_t i = pair(e, k);
  RandomStream rs = stream(e, Purpose::complaint, k, draws_[i]++);
  const double day = now + rs.exponential(1.0 / rate);
  if (day < episode_end_day_[i]) schedule(Event{day, 0, complaint, static_cast<std::uint16_t>(k), e, token_[i]});
}

void Replication::on_complaint(const Event& ev) {
  const std::uint32_t e = ev.target;
  const int k = ev.tag;
  if (ev.token != token_[pair(e, k)]) return;
  if (YearCounts* y = counts_at(now_)) y->types[k].complaints += 1;
  route_complaint(e, now_);
  schedule_complaint(e, k, now_);
}

void Replication::schedule_unfounded_complaint(int region, double now) {
  const double rate_per_day = scenario_.complaints.unfounded_rate_per_entity_year *
                              static_cast<double>(model_.region_entities[region].size()) / days_per_year;
  if (rate_per_day <= 0) return;
  RandomStream rs = stream(static_cast<std::uint32_t>(region), Purpose::unfounded_complaint, 0, regions_[region].unfounded_draws++);
  schedule(Event{now + rs.exponential(1.0 / rate_per_day), 0, unfounded_complaint, 0, static_cast<std::uint32_t>(region), 0});
}

void Replication::on_unfounded_complaint(const Event& ev) {
  // A complaint about a uniformly chosen entity of the region, whatever its state.
  const int region = static_cast<int>(ev.target);
  const auto& entities = model_.region_entities[region];
  RandomStream rs = stream(ev.target, Purpose::unfounded_complaint, 1, regions_[region].unfounded_draws++);
  const std::uint32_t e = entities[std::min(entities.size() - 1, static_cast<std::size_t>(rs.uniform() * static_cast<double>(entities.size())))];
  if (YearCounts* y = counts_at(now_)) y->unfounded_complaints += 1;
  route_complaint(e, now_);
  schedule_unfounded_complaint(region, now_);
}

void Replication::on_episode_end(const Event& ev) {
  if (ev.token != token_[pair(ev.target, ev.tag)]) return;
  end_episode(ev.target, ev.tag, now_);
}

void Replication::end_episode(std::uint32_t e, int k, double now) {
  const std::size_t i = pair(e, k);
  add_active_interval(e, k, episode_start_day_[i], now);
  if (YearCounts* y = counts_at(now)) {
    y->types[k].episodes_ended += 1;
    if (pair_state_[i] & detected_bit) y->types[k].episodes_ended_detected += 1;
  }
  pair_state_[i] = 0;
  ++token_[i];
  if (--active_types_[e] == 0)
    split_by_year(any_since_day_[e], now, [](YearCounts& y, double days) { y.any_violation_entity_days += days; });
  schedule_onset(e, k, now);
}

void Replication::shorten_episode(std::uint32_t e, int k, double now, double new_end_day) {
  const std::size_t i = pair(e, k);
  if (new_end_day >= episode_end_day_[i]) return;
  if (new_end_day <= now) {
    end_episode(e, k, now);
    return;
  }
  ++token_[i];
  episode_end_day_[i] = new_end_day;
  schedule(Event{new_end_day, 0, episode_end, static_cast<std::uint16_t>(k), e, token_[i]});
  schedule_complaint(e, k, now);
}

void Replication::add_active_interval(std::uint32_t e, int k, double from, double to) {
  const double exposed = segment_of(e).exposed_workers[k];
  split_by_year(from, to, [&](YearCounts& y, double days) {
    y.types[k].active_entity_days += days;
    y.types[k].exposure_worker_days += days * exposed;
  });
}

void Replication::finish_open_intervals() {
  const double end = model_.horizon_days;
  for (std::uint32_t e = 0; e < model_.entity_count(); ++e) {
    if (active_types_[e] == 0) continue;
    for (int k = 0; k < K_; ++k) {
      const std::size_t i = pair(e, k);
      if (pair_state_[i] & active_bit) add_active_interval(e, k, episode_start_day_[i], end);
    }
    split_by_year(any_since_day_[e], end, [](YearCounts& y, double days) { y.any_violation_entity_days += days; });
  }
}

}  // namespace inspectsim::detail
