#pragma once
/// @file
/// The law of a two-state Markov chain (no violation <-> violation) over an interval of
/// constant rates, in closed form. The simulator draws a violation's state only when someone
/// looks (a visit, a possible complaint) and adds the *expected* days active, onsets and ends
/// under the chain's law from each look (`Chains`, summed over pairs): the same means as following
/// every episode, with less noise, at a cost that grows with looks, not with entities.
///
/// On an interval of L days with onset rate a and end rate b (per day), lambda = a + b and
/// pi = a / lambda, the chance of being active t days after a start with chance p is
/// pi + (p - pi) exp(-lambda t). Intervals with different rates chain: propagate from one to the next.

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

/// The same for `days` at rates `r`, without the integral an Interval computes (one exp).
inline double propagate(double p, Rates r, double days) {
  const double pi = r.stationary();
  return pi + (p - pi) * portable_exp(-r.lambda() * days);
}

/// Expected days active, onsets and ends over an interval.
struct Expectation {
  double active_days = 0;
  double onsets = 0;
  double ends = 0;
};

/// The forward law of `chains` chains with the same rates, whose chances of being active sum to
/// `active_sum`: both are linear in the pair (chains, active_sum), so chains that start alike
/// can be added up first and their law computed once (negative amounts remove chains).
struct Chains {
  double chains = 0;
  double active_sum = 0;
  Chains& operator+=(const Chains& o) {
    chains += o.chains;
    active_sum += o.active_sum;
    return *this;
  }
};

/// The same sum of chances at the interval's end.
inline Chains propagate(Chains c, const Interval& i) {
  return {c.chains, c.chains * i.pi + (c.active_sum - c.chains * i.pi) * i.decay};
}

/// Expected days active, onsets and ends over interval `i`, summed over chains `c`.
inline Expectation expectation(Chains c, const Interval& i) {
  // P(active at u) = pi + (p - pi) e^{-lambda u}, summed over the chains and integrated over [0, L].
  const double active = c.chains * i.pi * i.days + (c.active_sum - c.chains * i.pi) * i.decay_integral;
  return {active, i.rates.onset_per_day * (c.chains * i.days - active), i.rates.end_per_day * active};
}

/// Chains that join one interval of constant rates at different days, each followed to the
/// interval's end: their expected activity is linear in a few sums, so each join costs one exp
/// and the law is computed once, at the end (the simulator's looks within a year).
/// With d = active - chains * pi for each join, L its days to the end and lambda = a + b:
/// active days = pi * sum(chains * L) + (sum(d) - sum(d exp(-lambda L))) / lambda.
class StaggeredChains {
 public:
  /// Chains `c` join `days_to_end` days before the end of an interval at rates `r`.
  void join(Chains c, Rates r, double days_to_end) {
    const double deviation = c.active_sum - c.chains * r.stationary();
    chains_ += c.chains;
    chain_days_ += c.chains * days_to_end;
    deviation_ += deviation;
    deviation_at_end_ += deviation * portable_exp(-r.lambda() * days_to_end);
  }
  /// Expected days active, onsets and ends from each join to the end, summed.
  Expectation expectation(Rates r) const {
    const double active = chain_days_ * r.stationary() + (deviation_ - deviation_at_end_) / r.lambda();
    return {active, r.onset_per_day * (chain_days_ - active), r.end_per_day * active};
  }
  /// The chains at the interval's end.
  Chains at_end(Rates r) const { return {chains_, chains_ * r.stationary() + deviation_at_end_}; }
  bool empty() const { return chains_ == 0 && deviation_ == 0 && deviation_at_end_ == 0 && chain_days_ == 0; }

 private:
  double chains_ = 0;
  double chain_days_ = 0;        ///< sum of chains * days to the end
  double deviation_ = 0;         ///< sum of (active - chains * pi) at each join
  double deviation_at_end_ = 0;  ///< the same, each decayed to the end
};

}  // namespace inspectsim::two_state
