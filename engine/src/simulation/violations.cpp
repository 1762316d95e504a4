// Violations begin and end, unseen until someone looks.
//
// Each (entity, type) pair is a two-state Markov chain: onsets at the segment's rate (lowered by
// deterrence), episodes of exponential length. Nothing happens to a pair until someone looks at
// it (a visit looks at every type, a possible complaint at one): then its state is drawn from the
// chain's law given its last look, and the expected days active, onsets and ends in between,
// given both looks, are added to the counts (stats/two_state_chain.hpp). Looks come at times that
// do not depend on the unseen states, so this is the same model as following every episode, with
// less noise, at a cost that grows with looks instead of entities. Pairs never looked at add
// their prior law. Visits look at all types of an entity, so when a detection changes the
// entity's onset rates (specific deterrence) every pair's law starts then or later.
//
// A detected episode gets a known end day (natural end or the order's deadline) and its
// activity is counted up to that day at once.

#include <algorithm>
#include <cmath>
#include <limits>

#include "simulation/region_process.hpp"

namespace inspectsim::detail {

namespace {
constexpr double never = -std::numeric_limits<double>::infinity();
}  // namespace

two_state::Rates RegionProcess::rates_at(int g, int k, double deterred_until_day, double day) const {
  double onset = model_.segments[g].onset_rate_per_day[k] * onset_multiplier_[year_of(day)][g];
  if (day < deterred_until_day) onset *= model_.violations[k].deterred_onset_factor;
  return {onset, 1.0 / model_.violations[k].mean_duration_days};
}

void RegionProcess::split_into_stretches(const PairLaw& law, double to, bool at_year_ends) {
  stretches_.clear();
  stretch_year_.clear();
  for (double d = law.from_day; d < to;) {
    const double year_start = std::floor(d / days_per_year) * days_per_year;
    double until = to;
    if (at_year_ends || model_.yearly_onset_rates) until = std::min(to, year_start + days_per_year);
    if (d < law.deterred_until_day && law.deterred_until_day < until) until = law.deterred_until_day;
    const int year = year_of(d);
    if (d == year_start && until - d == days_per_year &&
        !whole_years_.empty()) {  // a whole year: its exponentials are kept
      stretches_.push_back(whole_year(law.segment, law.type, year, d < law.deterred_until_day));
    } else {
      const two_state::Rates rates = rates_at(law.segment, law.type, law.deterred_until_day, d);
      stretches_.push_back(two_state::Interval::of(rates, until - d));
    }
    stretch_year_.push_back(d < model_.window_start_days ? -1 : year);
    d = until;
  }
}

const two_state::Interval& RegionProcess::whole_year(int g, int k, int year, bool deterred) {
  two_state::Interval& kept =
      whole_years_[((static_cast<std::size_t>(year) * model_.segments.size() + g) * K_ + k) * 2 + deterred];
  if (kept.days == 0)  // not computed yet
    kept = two_state::Interval::of(rates_at(g, k, deterred ? HUGE_VAL : never, year * days_per_year), days_per_year);
  return kept;
}

double RegionProcess::propagate_over_stretches(double p) {
  stretch_p_start_.resize(stretches_.size());
  for (std::size_t j = 0; j < stretches_.size(); ++j) {
    stretch_p_start_[j] = p;
    p = two_state::propagate(p, stretches_[j]);
  }
  return p;
}

bool RegionProcess::account_pair(const PairLaw& law, double to, double weight, double u_look) {
  if (law.p_active == 0 && model_.segments[law.segment].onset_rate_per_day[law.type] == 0)
    return false;                       // never starts
  split_into_stretches(law, to, true);  // counts are kept by year
  const double p = propagate_over_stretches(law.p_active);
  bool state = false;
  double z = 1;
  two_state::Backward h;  // the forward law: nothing looked at later
  if (u_look >= 0) {
    state = u_look < p;
    z = state ? p : 1 - p;
    h = state ? two_state::Backward{1, 0} : two_state::Backward{0, 1};
  }
  const double exposed = model_.segments[law.segment].exposed_workers[law.type];
  const double workers = model_.segments[law.segment].workers;
  for (std::size_t j = stretches_.size(); j-- > 0;) {
    if (YearCounts* y = measured_counts(stretch_year_[j])) {
      const two_state::Expectation x = two_state::expectation(stretch_p_start_[j], h, z, stretches_[j]);
      TypeYearCounts& t = y->types[law.type];
      t.active_entity_days += weight * x.active_days;
      t.exposure_worker_days += weight * x.active_days * exposed;
      t.affected_worker_days += weight * x.active_days * workers;
      t.episodes_started += weight * x.onsets;
      t.episodes_ended += weight * x.ends;
    }
    h = two_state::backward(h, stretches_[j]);
  }
  return state;
}

RegionProcess::PairLaw RegionProcess::law_of(std::uint32_t e, int k) const {
  const int g = model_.entity_segment[e];
  PairLaw law{g, k, static_cast<double>(entities_[e].deterred_until_day), 0.0, 0.0};
  if (!looked(e, k)) {
    law.p_active = rates_at(g, k, never, 0.0).stationary();  // stationary from day 0
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
  // the bridge ends where the next one starts and a second look in the same instant sees the same state.
  float look_day = static_cast<float>(now);
  if (look_day > now) look_day = std::nextafter(look_day, -HUGE_VALF);
  if (!known_end(e, k) && looked(e, k) && look_day <= law_from_day_[i]) return active(e, k);  // already looked
  if (looked(e, k) && dormant(e, k) && streamed(e, k)) {  // inactive since its law's start, for sure
    entities_[e].known_end &= static_cast<TypeMask>(~bit);
    entities_[e].active &= static_cast<TypeMask>(~bit);
    return false;
  }
  const PairLaw law = law_of(e, k);
  const bool state = account_pair(law, look_day, 1.0, stream(e, Purpose::look, k, entities_[e].looks++).uniform());
  if (!looked(e, k)) {
    entities_[e].looked |= bit;
    ++looked_pairs_[law.segment * K_ + k];
  }
  entities_[e].known_end &= static_cast<TypeMask>(~bit);
  entities_[e].active = state ? entities_[e].active | bit : entities_[e].active & static_cast<TypeMask>(~bit);
  law_from_day_[i] = look_day;
  return state;
}

void RegionProcess::look_at(std::uint32_t e, double now) {
  for (int k = 0; k < K_; ++k) look_at_pair(e, k, now);
}

double RegionProcess::chance_active(std::uint32_t e, int k, double day) {
  if (known_end(e, k) && law_from_day_[pair(e, k)] > day) return 1.0;
  if (looked(e, k) && dormant(e, k) && streamed(e, k)) return 0.0;
  const PairLaw law = law_of(e, k);
  if (!looked(e, k) && !model_.yearly_onset_rates) return law.p_active;  // stationary
  split_into_stretches(law, day, false);
  return propagate_over_stretches(law.p_active);
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
  if (was_known) {  // an earlier detection's episode, cut short
    add_known_activity(e, k, end, old_end, -1.0);
    add_known_end(k, old_end, -1.0);
  } else {
    add_known_activity(e, k, start, end, +1.0);
  }
  add_known_end(k, end, +1.0);
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
      float day = static_cast<float>(now_);
      if (day > now_) day = std::nextafter(day, -HUGE_VALF);
      if (YearCounts* y = counts_at(day)) y->types[k].episodes_started += 1;
      entities_[e].known_end &= static_cast<TypeMask>(~(1u << k));
      entities_[e].active |= static_cast<TypeMask>(1u << k);
      law_from_day_[i] = std::max(law_from_day_[i], day);
      add_to_stream(e, k, now_);
    }
  }
  schedule_onset_candidate(g, k, now_, rs);
}

void RegionProcess::account_until_horizon() {
  const double horizon = model_.horizon_days;
  // Pairs looked at: their law from the last look (or a known episode's end) to the horizon.
  for (const std::uint32_t e : model_.region_entities[region_]) {
    if (entities_[e].looked == 0) continue;
    for (int k = 0; k < K_; ++k) {
      if (!looked(e, k)) continue;
      if (dormant(e, k) && streamed(e, k)) continue;  // inactive to the horizon
      const PairLaw law = law_of(e, k);
      if (law.from_day < horizon) account_pair(law, horizon, 1.0, -1.0);
    }
  }
  // Pairs never looked at: the prior law, alike for every entity of a segment.
  for (int g = 0; g < static_cast<int>(model_.segments.size()); ++g) {
    for (int k = 0; k < K_; ++k) {
      const double unlooked = block_size(own_block(g)) - static_cast<double>(looked_pairs_[g * K_ + k]);
      if (unlooked <= 0) continue;
      const PairLaw law{g, k, never, 0.0, rates_at(g, k, never, 0.0).stationary()};
      account_pair(law, horizon, unlooked, -1.0);
    }
  }
}

}  // namespace inspectsim::detail
