#pragma once
/// @file
/// The law of a two-state Markov chain (no violation <-> violation) over an interval of
/// constant rates, in closed form. The simulator draws a violation's state only when someone
/// looks (a visit, a possible complaint) and adds the *expected* days active, onsets and ends
/// between two looks given both looked-at states (a Markov bridge): the same means as following
/// every episode, with less noise, at a cost that grows with looks, not with entities.
///
/// On an interval of L days with onset rate a and end rate b (per day), lambda = a + b and
/// pi = a / lambda, the chance of being active t days after a start with chance p is
/// pi + (p - pi) exp(-lambda t). Intervals with different rates chain: propagate forward, then
/// go backward with `Backward` (the chance of the looked-at end state from each state).

#include "inspectsim/kernel/portable_math.hpp"

namespace inspectsim::two_state {

/// Constant rates, per day.
struct Rates {
  double onset_per_day = 0;
  double end_per_day = 0;  ///< 1 / mean duration; > 0
  double lambda() const { return onset_per_day + end_per_day; }
  double stationary() const { return onset_per_day / lambda(); }
};

/// An interval of constant rates, with the two exponentials every formula below needs.
struct Interval {
  Rates rates;
  double days = 0;
  double pi = 0;              ///< rates.stationary()
  double decay = 1;           ///< exp(-lambda days)
  double decay_integral = 0;  ///< integral of exp(-lambda t) over [0, days] = (1 - decay) / lambda

  static Interval of(Rates r, double days) {
    const double lambda = r.lambda();
    const double m = portable_expm1(-lambda * days);  // accurate for short intervals too
    return {r, days, r.onset_per_day / lambda, 1 + m, -m / lambda};
  }
};

/// Chance of being active at the interval's end, starting active with chance `p`.
inline double propagate(double p, const Interval& i) { return i.pi + (p - i.pi) * i.decay; }

/// Chance of the state looked at later, from each state: (1, 0) or (0, 1) at the look itself;
/// (1, 1) when nothing is looked at later (the forward law).
struct Backward {
  double from_active = 1;
  double from_inactive = 1;
};

/// The same chance at the interval's start, given it at the interval's end.
inline Backward backward(Backward h, const Interval& i) {
  const double pi = i.pi;
  const double stay_active = pi + (1 - pi) * i.decay, become_active = pi * (1 - i.decay);
  return {stay_active * h.from_active + (1 - stay_active) * h.from_inactive,
          become_active * h.from_active + (1 - become_active) * h.from_inactive};
}

/// Expected days active, onsets and ends over an interval.
struct Expectation {
  double active_days = 0;
  double onsets = 0;
  double ends = 0;
};

/// Expected days active, onsets and ends over interval `i`, starting active with chance `p`,
/// given the later look: `h` is the Backward at the interval's end and `z` the chance of what
/// the look saw, from where the chain's law started (h = (1, 1) and z = 1 for the forward law).
inline Expectation expectation(double p, Backward h, double z, const Interval& i) {
  // With u the time into the interval: P(active at u) = pi + d e^{-lambda u};
  // P(look | active at u) = c + delta (1 - pi) e^{-lambda (L - u)};
  // P(look | inactive at u) = c - delta pi e^{-lambda (L - u)}. Integrate the products over [0, L]:
  // each single exponential gives decay_integral, their product L e^{-lambda L}.
  const double pi = i.pi;
  const double d = p - pi, delta = h.from_active - h.from_inactive, c = h.from_inactive + delta * pi;
  const double L = i.days, i1 = i.decay_integral, i2 = L * i.decay;
  Expectation e;
  e.active_days = (pi * c * L + (pi * delta * (1 - pi) + d * c) * i1 + d * delta * (1 - pi) * i2) / z;
  e.onsets = i.rates.onset_per_day *
             ((1 - pi) * c * L + ((1 - pi) * delta * (1 - pi) - d * c) * i1 - d * delta * (1 - pi) * i2) / z;
  e.ends = i.rates.end_per_day * (pi * c * L + (d * c - pi * pi * delta) * i1 - d * delta * pi * i2) / z;
  return e;
}

}  // namespace inspectsim::two_state
