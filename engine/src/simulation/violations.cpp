// Violations begin and end, unseen until someone looks.
//
// Each (entity, type) pair is a two-state Markov chain: onsets at the segment's rate (lowered by
// deterrence), episodes of exponential length. Nothing happens to a pair until someone looks at
// it (a visit looks at every type, a possible complaint at one): then its state is drawn from the
// chain's law given its last look. The counts hold each pair's expected activity under its law
// from its last look to the horizon: a look replaces the law from the look's day on by the law
// from the state seen, adding the difference (linear in the chance of being active, so a few
// sums per year, segment and type, counted once at the end, when every year's rates are known:
// add_forward_law, two_state::StaggeredChains). Looks come at times that do not depend on the
// unseen states, so this has the means of following every episode, with less noise, at a cost
// that grows with looks instead of entities. Every pair starts with the stationary law of day 0
// (add_prior_laws).
//
// A detected episode gets a known end day (natural end or the order's deadline): its activity
// is counted up to that day at once, and the pair's law starts again, inactive, from that day.

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

namespace {
constexpr double never = -std::numeric_limits<double>::infinity();
}  // namespace

inline two_state::Rates RegionProcess::rates_at(int g, int k, double deterred_until_day, double day) const {
  // Onset rates change from year to year only under general deterrence (else the multiplier is 1).
  double onset = model_.segments[g].onset_rate_per_day[k];
  if (model_.yearly_onset_rates) onset *= onset_multiplier_[year_of(day)][g];
  if (day < deterred_until_day) onset *= model_.violations[k].deterred_onset_factor;
  return {onset, model_.violations[k].end_rate_per_day};
}

double RegionProcess::rates_change_after(double day, double deterred_until_day) const {
  double change = model_.yearly_onset_rates ? next_year_start(day) : HUGE_VAL;
  if (day < deterred_until_day) change = std::min(change, deterred_until_day);
  return change;
}

inline double RegionProcess::chance_at(const PairLaw& law, double day) const {
  if (law.stationary && !model_.yearly_onset_rates) return law.p_active;
  double p = law.p_active;
  for (double d = law.from_day; d < day;) {
    const double until = std::min(day, rates_change_after(d, law.deterred_until_day));
    p = two_state::propagate(p, rates_at(law.segment, law.type, law.deterred_until_day, d), until - d);
    d = until;
  }
  return p;
}

void RegionProcess::count_expectation(int year, int g, int k, const two_state::Expectation& x) {
  YearCounts* y = measured_counts(year);
  if (!y) return;
  TypeYearCounts& t = y->types[k];
  t.active_entity_days += x.active_days;
  t.exposure_worker_days += x.active_days * model_.segments[g].exposed_workers[k];
  t.affected_worker_days += x.active_days * model_.segments[g].workers;
  t.episodes_started += x.onsets;
  t.episodes_ended += x.ends;
}

two_state::Chains RegionProcess::count_stretch(int g, int k, double deterred_until_day, double from_day,
                                               double until_day, two_state::Chains c) {
  const two_state::Interval i =
      two_state::Interval::of(rates_at(g, k, deterred_until_day, from_day), until_day - from_day);
  count_expectation(counted_year(from_day), g, k, two_state::expectation(c, i));
  return two_state::propagate(c, i);
}

void RegionProcess::add_forward_law(int g, int k, double deterred_until_day, double from_day, two_state::Chains c) {
  if (from_day >= deterred_until_day && from_day < rates_known_until()) {  // most looks: this year, undeterred
    join_year_law(g, k, from_day, c);
    return;
  }
  follow_law({g, k, deterred_until_day, from_day, c});
}

void RegionProcess::follow_law(PendingLaw law) {
  const double known_until = rates_known_until();
  double& d = law.from_day;
  for (; d < law.deterred_until_day && d < known_until;) {
    const double until = std::min({known_until, next_year_start(d), law.deterred_until_day});
    law.chains = count_stretch(law.segment, law.type, law.deterred_until_day, d, until, law.chains);
    d = until;
  }
  if (d >= model_.horizon_days) return;
  if (d < known_until) {
    join_year_law(law.segment, law.type, d, law.chains);
  } else {
    pending_laws_.push_back(law);
  }
}

void RegionProcess::follow_pending_laws() {
  std::vector<PendingLaw> pending;
  pending.swap(pending_laws_);
  for (const PendingLaw& law : pending) follow_law(law);
  // What still waits starts at a year start (or later): laws alike from there on are one law.
  auto key = [](const PendingLaw& l) { return std::tuple(l.segment, l.type, l.deterred_until_day, l.from_day); };
  std::sort(pending_laws_.begin(), pending_laws_.end(),
            [&](const PendingLaw& a, const PendingLaw& b) { return key(a) < key(b); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pending_laws_.size(); ++i) {
    if (kept > 0 && key(pending_laws_[kept - 1]) == key(pending_laws_[i])) {
      pending_laws_[kept - 1].chains += pending_laws_[i].chains;
    } else {
      pending_laws_[kept++] = pending_laws_[i];
    }
  }
  pending_laws_.resize(kept);
}

void RegionProcess::join_year_law(int g, int k, double from_day, two_state::Chains c) {
  const double days_to_end = std::min(model_.horizon_days, next_year_start(from_day)) - from_day;
  joined_in_year(year_of(from_day), g, k).join(c, rates_at(g, k, never, from_day), days_to_end);
}

void RegionProcess::count_forward_laws() {
  follow_pending_laws();  // every year's rates are known now: none is left
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    for (int k = 0; k < K_; ++k) {
      two_state::Chains c;  // those left at the end of the year before
      for (int year = 0; year < model_.year_count; ++year) {
        const double start = year * days_per_year, end = year_end(year);
        const two_state::Rates r = rates_at(g, k, never, start);
        two_state::StaggeredChains& joined = joined_in_year(year, g, k);
        if (c.chains != 0 || c.active_sum != 0) joined.join(c, r, end - start);
        if (joined.empty()) {
          c = {};
          continue;
        }
        count_expectation(counted_year(start), g, k, joined.expectation(r));
        c = joined.at_end(r);
      }
    }
  }
}

void RegionProcess::add_prior_laws() {
  prior_active_.resize(model_.segments.size() * K_);
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    const double entities = block_size(own_block(g));
    for (int k = 0; k < K_; ++k) {
      prior_active_[g * K_ + k] = rates_at(g, k, never, 0.0).stationary();
      if (model_.segments[g].onset_rate_per_day[k] == 0) continue;  // never starts
      add_forward_law(g, k, never, 0.0, {entities, entities * prior_active_[g * K_ + k]});
    }
  }
}

inline RegionProcess::PairLaw RegionProcess::law_of(std::uint32_t e, int k) const {
  const int g = model_.entity_segment[e];
  PairLaw law{g, k, static_cast<double>(entities_[e].deterred_until_day), 0.0, 0.0, false};
  if (!looked(e, k)) {
    law.p_active = prior_active_[g * K_ + k];  // stationary from day 0
    law.stationary = true;
  } else {
    law.from_day = law_from_day_[pair(e, k)];
    law.p_active = active(e, k) && !known_end(e, k) ? 1.0 : 0.0;  // a known episode is over at from_day
  }
  return law;
}

bool RegionProcess::look_at_pair(std::uint32_t e, int k, double now) {
  const std::size_t i = pair(e, k);
  const TypeMask bit = static_cast<TypeMask>(1u << k);
  if (known_end(e, k) && law_from_day_[i] > now) return true;  // a detected episode still running
  // The look day is kept as a float: look at the float day at or just before `now`, so that
  // the law from this look starts where it is stored and a second look in the same instant sees the same state.
  const float look_day = float_day_at_or_before(now);
  if (!known_end(e, k) && looked(e, k) && look_day <= law_from_day_[i]) return active(e, k);  // already looked
  if (looked(e, k) && dormant(e, k) && streamed(e, k)) {  // inactive since its law's start, for sure
    entities_[e].known_end &= static_cast<TypeMask>(~bit);
    entities_[e].active &= static_cast<TypeMask>(~bit);
    return false;
  }
  const PairLaw law = law_of(e, k);
  const double p = chance_at(law, look_day);
  const bool state = stream(e, Purpose::look, k, entities_[e].looks++).uniform() < p;
  // From here on the pair follows its law from the state seen (a dormant pair, none: it is
  // inactive until an onset falls on it).
  const bool becomes_dormant = !state && streamed(e, k);
  add_forward_law(law.segment, k, law.deterred_until_day, look_day,
                  {becomes_dormant ? -1.0 : 0.0, (state ? 1.0 : 0.0) - p});
  entities_[e].looked |= bit;
  entities_[e].known_end &= static_cast<TypeMask>(~bit);
  entities_[e].active = state ? entities_[e].active | bit : entities_[e].active & static_cast<TypeMask>(~bit);
  law_from_day_[i] = look_day;
  return state;
}

void RegionProcess::look_at(std::uint32_t e, double now) {
  const int g = model_.entity_segment[e];
  for (int k = 0; k < K_; ++k)
    if (can_start(g, k)) look_at_pair(e, k, now);
}

double RegionProcess::chance_active(std::uint32_t e, int k, double day) {
  if (known_end(e, k) && law_from_day_[pair(e, k)] > day) return 1.0;
  if (looked(e, k) && dormant(e, k) && streamed(e, k)) return 0.0;
  return chance_at(law_of(e, k), day);
}

void RegionProcess::add_pair_law(std::uint32_t e, int k, double from_day, two_state::Chains c) {
  add_forward_law(model_.entity_segment[e], k, entities_[e].deterred_until_day, from_day, c);
}

void RegionProcess::add_known_activity(std::uint32_t e, int k, double from, double to, double sign) {
  const double exposed = segment_of(e).exposed_workers[k], workers = segment_of(e).workers;
  split_by_year(from, std::min(to, model_.horizon_days), [&](YearCounts& y, double days) {
    y.types[k].active_entity_days += sign * days;
    y.types[k].exposure_worker_days += sign * days * exposed;
    y.types[k].affected_worker_days += sign * days * workers;
  });
}

void RegionProcess::add_known_end(int k, double day, double sign) {
  if (YearCounts* y = counts_at(day)) {
    y->types[k].episodes_ended += sign;
    y->types[k].episodes_ended_detected += sign;
  }
}

void RegionProcess::set_detected_episode_end(std::uint32_t e, int k, double now, double end_day) {
  // Called at a visit, right after the pair was looked at (active) on `now`.
  const TypeMask bit = static_cast<TypeMask>(1u << k);
  const std::size_t i = pair(e, k);
  const bool was_known = known_end(e, k);
  const double old_end = law_from_day_[i];
  // A new known episode starts where the look left the pair (its float look day, at most now).
  const double start = was_known ? now : static_cast<double>(law_from_day_[i]);
  const double end = std::max(start, static_cast<double>(static_cast<float>(end_day)));  // as it will be stored
  if (was_known && end >= old_end) return;
  // The pair's law from `start` (seen active), or from an earlier known episode's end, gives way
  // to the known episode and the law from its end (none for a streamed pair: dormant).
  if (was_known) {  // an earlier detection's episode, cut short
    add_known_activity(e, k, end, old_end, -1.0);
    add_known_end(k, old_end, -1.0);
    if (!streamed(e, k)) add_pair_law(e, k, old_end, {-1.0, 0.0});
  } else {
    add_known_activity(e, k, start, end, +1.0);
    add_pair_law(e, k, start, {-1.0, -1.0});
  }
  add_known_end(k, end, +1.0);
  if (!streamed(e, k)) add_pair_law(e, k, end, {1.0, 0.0});
  law_from_day_[i] = static_cast<float>(end);
  if (end > now) {
    entities_[e].known_end |= bit;
  } else {  // over at once: from `end` the pair follows its law again, inactive
    entities_[e].known_end &= static_cast<TypeMask>(~bit);
    entities_[e].active &= static_cast<TypeMask>(~bit);
  }
}

void RegionProcess::end_episode_now(std::uint32_t e, int k, double now) {
  if (known_end(e, k)) {
    set_detected_episode_end(e, k, now, now);
    return;
  }
  // Seen active at its law's start (the look just before): inactive from then on instead.
  add_pair_law(e, k, law_from_day_[pair(e, k)], {streamed(e, k) ? -1.0 : 0.0, -1.0});
  entities_[e].active &= static_cast<TypeMask>(~(1u << k));
  if (YearCounts* y = counts_at(now)) y->types[k].episodes_ended += 1;
}

void RegionProcess::schedule_onset_candidate(int g, int k, double now, RandomStream& rs) {
  // At the year's rates, undeterred (the bound); a new draw at the next year start (memoryless).
  const int year = year_of(now);
  const std::uint32_t b = own_block(g);
  const double rate_per_day = model_.segments[g].onset_rate_per_day[k] * onset_multiplier_[year][g] * block_size(b);
  const double year_end = (year + 1) * days_per_year;
  double t = rate_per_day > 0 ? now + rs.exponential(1.0 / rate_per_day) : year_end;
  std::uint32_t restart = 0;
  if (t >= year_end && year + 1 < model_.year_count) {
    t = year_end;
    restart = 1;
  }
  schedule(Event{t, 0, onset_candidate, static_cast<std::uint16_t>(k), static_cast<std::uint32_t>(g), restart});
}

void RegionProcess::on_onset_candidate(const Event& ev) {
  const int g = static_cast<int>(ev.target), k = ev.tag;
  const std::uint32_t b = own_block(g);
  RandomStream rs = stream(b, Purpose::onset, k, onset_draws_[g * K_ + k]++);
  if (ev.token == 0) {
    const std::uint32_t begin = model_.block_begin[b], size = model_.block_begin[b + 1] - begin;
    const std::uint32_t e = begin + std::min(size - 1, static_cast<std::uint32_t>(rs.uniform() * size));
    const double u = rs.uniform();
    const std::size_t i = pair(e, k);
    // Dormant: inactive since its law's start (a known episode's end must have passed).
    const bool is_dormant = dormant(e, k) && !(known_end(e, k) && law_from_day_[i] > now_);
    const double bound = model_.segments[g].onset_rate_per_day[k] * onset_multiplier_[year_of(now_)][g];
    if (is_dormant && u * bound < rates_at(g, k, entities_[e].deterred_until_day, now_).onset_per_day) {
      const float day = float_day_at_or_before(now_);
      if (YearCounts* y = counts_at(day)) y->types[k].episodes_started += 1;
      entities_[e].known_end &= static_cast<TypeMask>(~(1u << k));
      entities_[e].active |= static_cast<TypeMask>(1u << k);
      law_from_day_[i] = std::max(law_from_day_[i], day);
      add_pair_law(e, k, law_from_day_[i], {1.0, 1.0});
      add_to_stream(e, k, now_);
    }
  }
  schedule_onset_candidate(g, k, now_, rs);
}

void RegionProcess::set_deterred_until(std::uint32_t e, double day) {
  // Each pair's law from its start (this visit's look, or a known episode's end) follows the new rates instead.
  const double before = entities_[e].deterred_until_day;
  entities_[e].deterred_until_day = static_cast<float>(day);
  const double after = entities_[e].deterred_until_day;  // as stored
  for (int k = 0; k < K_; ++k) {
    if (streamed(e, k) && dormant(e, k)) continue;  // no law: inactive until an onset
    const PairLaw law = law_of(e, k);
    add_forward_law(law.segment, k, before, law.from_day, {-1.0, -law.p_active});
    add_forward_law(law.segment, k, after, law.from_day, {1.0, law.p_active});
  }
}

}  // namespace inspectsim::detail
