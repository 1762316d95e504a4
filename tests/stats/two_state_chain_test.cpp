// The two-state chain's closed forms against identities every path obeys and against a plain
// simulation of the chain, episode by episode.

#include "inspectsim/stats/two_state_chain.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace inspectsim::two_state {
namespace {

const Rates often{2.0 / 365, 1.0 / 30};    // prevalence about 0.14, fast
const Rates rarely{0.2 / 365, 1.0 / 730};  // prevalence about 0.29, slow

Backward look_saw(bool active) { return active ? Backward{1, 0} : Backward{0, 1}; }

TEST(TwoStateChain, PropagateChainsOverSubintervals) {
  for (const Rates& r : {often, rarely}) {
    const double whole = propagate(0.3, Interval::of(r, 500));
    const double halves = propagate(propagate(0.3, Interval::of(r, 120)), Interval::of(r, 380));
    EXPECT_NEAR(whole, halves, 1e-14);
    EXPECT_NEAR(propagate(r.stationary(), Interval::of(r, 1000)), r.stationary(), 1e-15) << "the stationary law stays";
  }
}

TEST(TwoStateChain, BackwardAtTheStartGivesTheChanceOfWhatWasSeen) {
  for (const Rates& r : {often, rarely}) {
    for (const bool seen : {false, true}) {
      const Interval i = Interval::of(r, 200);
      const double p = 0.4, p_end = propagate(p, i);
      const Backward h = backward(look_saw(seen), i);
      EXPECT_NEAR(p * h.from_active + (1 - p) * h.from_inactive, seen ? p_end : 1 - p_end, 1e-14);
    }
  }
}

TEST(TwoStateChain, OnsetsMinusEndsIsTheChangeOfStateOnEveryBridge) {
  // Between two looks, every path has onsets - ends = (state seen last) - (state seen first).
  for (const Rates& r : {often, rarely}) {
    for (const double days : {0.5, 30.0, 365.0, 3000.0}) {
      for (const bool first : {false, true}) {
        for (const bool last : {false, true}) {
          const Interval i = Interval::of(r, days);
          const double p_end = propagate(first ? 1.0 : 0.0, i);
          const double z = last ? p_end : 1 - p_end;
          if (z < 1e-12) continue;  // a look that cannot happen
          const Expectation x = expectation(first ? 1.0 : 0.0, look_saw(last), z, i);
          EXPECT_NEAR(x.onsets - x.ends, (last ? 1.0 : 0.0) - (first ? 1.0 : 0.0), 1e-9) << days << " days";
          EXPECT_GE(x.active_days, -1e-9);
          EXPECT_LE(x.active_days, days + 1e-9);
        }
      }
    }
  }
}

TEST(TwoStateChain, ForwardActiveDaysIntegrateTheChanceOfBeingActive) {
  const Interval i = Interval::of(often, 200);
  const double p = 0.9;
  double sum = 0;  // midpoint rule, fine grid
  const int steps = 200000;
  for (int s = 0; s < steps; ++s) sum += propagate(p, Interval::of(often, (s + 0.5) * 200.0 / steps)) * 200.0 / steps;
  const Expectation x = expectation(p, Backward{}, 1.0, i);
  EXPECT_NEAR(x.active_days, sum, 1e-6);
  EXPECT_NEAR(x.onsets, often.onset_per_day * (200 - sum), 1e-8);
  EXPECT_NEAR(x.ends, often.end_per_day * sum, 1e-8);
}

TEST(TwoStateChain, SplittingABridgeChangesNothing) {
  const Rates r = rarely;
  const Interval whole = Interval::of(r, 900), first = Interval::of(r, 250), second = Interval::of(r, 650);
  const double p = 0.2, p_end = propagate(p, whole);
  const Expectation one = expectation(p, look_saw(true), p_end, whole);
  const Expectation a = expectation(p, backward(look_saw(true), second), p_end, first);
  const Expectation b = expectation(propagate(p, first), look_saw(true), p_end, second);
  EXPECT_NEAR(one.active_days, a.active_days + b.active_days, 1e-9);
  EXPECT_NEAR(one.onsets, a.onsets + b.onsets, 1e-12);
  EXPECT_NEAR(one.ends, a.ends + b.ends, 1e-12);
}

/// Simulated episode by episode: days active, onsets and ends over [0, days) from `start`.
struct Path {
  bool end_state;
  double active_days;
  int onsets;
  int ends;
};

Path simulate(const Rates& r, bool start, double days, std::mt19937_64& rng) {
  Path path{start, 0, 0, 0};
  std::exponential_distribution<double> onset(r.onset_per_day), end(r.end_per_day);
  for (double t = 0; t < days;) {
    const double next = std::min(days, t + (path.end_state ? end(rng) : onset(rng)));
    if (path.end_state) path.active_days += next - t;
    if (next < days) {
      path.end_state ? ++path.ends : ++path.onsets;
      path.end_state = !path.end_state;
    }
    t = next;
  }
  return path;
}

TEST(TwoStateChain, BridgeMatchesSimulatedPathsGivenBothLooks) {
  // Mean days active, onsets and ends over paths that end in the state seen; tolerance 4.5
  // standard errors of the simulated mean (a wrong formula misses by far more).
  const Rates r = often;
  const double days = 90;
  std::mt19937_64 rng(20240522);
  for (const bool first : {false, true}) {
    for (const bool last : {false, true}) {
      std::vector<Path> kept;
      while (kept.size() < 100000) {
        const Path p = simulate(r, first, days, rng);
        if (p.end_state == last) kept.push_back(p);
      }
      double mean[3] = {0, 0, 0}, square[3] = {0, 0, 0};
      for (const Path& p : kept) {
        const double v[3] = {p.active_days, static_cast<double>(p.onsets), static_cast<double>(p.ends)};
        for (int j = 0; j < 3; ++j) mean[j] += v[j], square[j] += v[j] * v[j];
      }
      const double n = static_cast<double>(kept.size());
      const Interval i = Interval::of(r, days);
      const double p_end = propagate(first ? 1.0 : 0.0, i);
      const Expectation x = expectation(first ? 1.0 : 0.0, look_saw(last), last ? p_end : 1 - p_end, i);
      const double formula[3] = {x.active_days, x.onsets, x.ends};
      for (int j = 0; j < 3; ++j) {
        const double m = mean[j] / n, se = std::sqrt((square[j] / n - m * m) / n);
        EXPECT_NEAR(formula[j], m, 4.5 * se + 1e-12) << "quantity " << j << ", first " << first << ", last " << last;
      }
    }
  }
}

}  // namespace
}  // namespace inspectsim::two_state
