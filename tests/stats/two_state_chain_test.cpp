// The two-state chain's closed forms against identities every path obeys and against a plain
// simulation of the chain, episode by episode.

#include "inspectsim/stats/two_state_chain.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace inspectsim::two_state {
namespace {

const Rates often{2.0 / 365, 1.0 / 30};    // prevalence about 0.14, fast
const Rates rarely{0.2 / 365, 1.0 / 730};  // prevalence about 0.29, slow

TEST(TwoStateChain, PropagateChainsOverSubintervals) {
  for (const Rates& r : {often, rarely}) {
    const double whole = propagate(0.3, Interval::of(r, 500));
    const double halves = propagate(propagate(0.3, Interval::of(r, 120)), Interval::of(r, 380));
    EXPECT_NEAR(whole, halves, 1e-14);
    EXPECT_NEAR(propagate(0.3, r, 500), whole, 1e-15) << "without the interval";
    EXPECT_NEAR(propagate(r.stationary(), Interval::of(r, 1000)), r.stationary(), 1e-15) << "the stationary law stays";
  }
}

TEST(TwoStateChain, OnsetsMinusEndsIsTheExpectedChangeOfState) {
  // Every path has onsets - ends = (state at the end) - (state at the start).
  for (const Rates& r : {often, rarely}) {
    for (const double days : {0.5, 30.0, 365.0, 3000.0}) {
      for (const double p : {0.0, 0.3, 1.0}) {
        const Interval i = Interval::of(r, days);
        const Expectation x = expectation(Chains{1, p}, i);
        EXPECT_NEAR(x.onsets - x.ends, propagate(p, i) - p, 1e-12) << days << " days";
        EXPECT_GE(x.active_days, -1e-12);
        EXPECT_LE(x.active_days, days + 1e-9);
      }
    }
  }
}

TEST(TwoStateChain, ActiveDaysIntegrateTheChanceOfBeingActive) {
  const Interval i = Interval::of(often, 200);
  const double p = 0.9;
  double sum = 0;  // midpoint rule, fine grid
  const int steps = 200000;
  for (int s = 0; s < steps; ++s) sum += propagate(p, Interval::of(often, (s + 0.5) * 200.0 / steps)) * 200.0 / steps;
  const Expectation x = expectation(Chains{1, p}, i);
  EXPECT_NEAR(x.active_days, sum, 1e-6);
  EXPECT_NEAR(x.onsets, often.onset_per_day * (200 - sum), 1e-8);
  EXPECT_NEAR(x.ends, often.end_per_day * sum, 1e-8);
}

TEST(TwoStateChain, ChainsAddUp) {
  // The law of several chains is the sum of their laws: the simulator sums chains per year start.
  const Interval i = Interval::of(rarely, 365);
  const Expectation a = expectation(Chains{1, 0.2}, i), b = expectation(Chains{1, 1.0}, i),
                    c = expectation(Chains{1, 0.0}, i), sum = expectation(Chains{3, 1.2}, i);
  EXPECT_NEAR(sum.active_days, a.active_days + b.active_days + c.active_days, 1e-9);
  EXPECT_NEAR(sum.onsets, a.onsets + b.onsets + c.onsets, 1e-12);
  EXPECT_NEAR(sum.ends, a.ends + b.ends + c.ends, 1e-12);
  EXPECT_NEAR(propagate(Chains{3, 1.2}, i).active_sum, propagate(0.2, i) + propagate(1.0, i) + propagate(0.0, i),
              1e-14);
  // Taking a chain back: what is left is the law of the others.
  const Expectation left = expectation(Chains{3 - 1, 1.2 - 1.0}, i);
  EXPECT_NEAR(left.active_days, a.active_days + c.active_days, 1e-9);
}

TEST(TwoStateChain, SplittingAnIntervalChangesNothing) {
  const Rates r = rarely;
  const Interval whole = Interval::of(r, 900), first = Interval::of(r, 250), second = Interval::of(r, 650);
  const Chains c{2, 0.4};
  const Expectation one = expectation(c, whole);
  const Expectation a = expectation(c, first), b = expectation(propagate(c, first), second);
  EXPECT_NEAR(one.active_days, a.active_days + b.active_days, 1e-9);
  EXPECT_NEAR(one.onsets, a.onsets + b.onsets, 1e-12);
  EXPECT_NEAR(one.ends, a.ends + b.ends, 1e-12);
}

TEST(TwoStateChain, StaggeredChainsAreTheSumOfTheirLaws) {
  // Chains joining an interval at different days (some taken back) have the summed laws of each
  // from its day to the end: the simulator's looks within a year.
  for (const Rates& r : {often, rarely}) {
    const double year = 365;
    const struct {
      double day;
      Chains c;
    } joins[] = {
        {0, {1000, 1000 * r.stationary()}}, {12.5, {0, 0.8}}, {200, {-1, -0.3}}, {364.9, {0, -0.6}}, {90, {2, 1.0}}};
    StaggeredChains staggered;
    Expectation sum;
    Chains at_end;
    for (const auto& j : joins) {
      staggered.join(j.c, r, year - j.day);
      const Interval i = Interval::of(r, year - j.day);
      const Expectation x = expectation(j.c, i);
      sum.active_days += x.active_days, sum.onsets += x.onsets, sum.ends += x.ends;
      at_end += propagate(j.c, i);
    }
    const Expectation x = staggered.expectation(r);
    EXPECT_NEAR(x.active_days, sum.active_days, 1e-9 * year);
    EXPECT_NEAR(x.onsets, sum.onsets, 1e-11);
    EXPECT_NEAR(x.ends, sum.ends, 1e-11);
    EXPECT_NEAR(staggered.at_end(r).chains, at_end.chains, 1e-12);
    EXPECT_NEAR(staggered.at_end(r).active_sum, at_end.active_sum, 1e-11);
    EXPECT_FALSE(staggered.empty());
  }
  EXPECT_TRUE(StaggeredChains{}.empty());
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

TEST(TwoStateChain, ExpectationMatchesSimulatedPaths) {
  // Mean days active, onsets and ends over simulated paths from each start; tolerance 4.5
  // standard errors of the simulated mean (a wrong formula misses by far more).
  const Rates r = often;
  const double days = 90;
  std::mt19937_64 rng(20240522);
  for (const bool first : {false, true}) {
    double mean[4] = {0, 0, 0, 0}, square[4] = {0, 0, 0, 0};
    const int n_paths = 100000;
    for (int n = 0; n < n_paths; ++n) {
      const Path p = simulate(r, first, days, rng);
      const double v[4] = {p.active_days, static_cast<double>(p.onsets), static_cast<double>(p.ends),
                           p.end_state ? 1.0 : 0.0};
      for (int j = 0; j < 4; ++j) mean[j] += v[j], square[j] += v[j] * v[j];
    }
    const Interval i = Interval::of(r, days);
    const Expectation x = expectation(Chains{1, first ? 1.0 : 0.0}, i);
    const double formula[4] = {x.active_days, x.onsets, x.ends, propagate(first ? 1.0 : 0.0, i)};
    for (int j = 0; j < 4; ++j) {
      const double m = mean[j] / n_paths, se = std::sqrt((square[j] / n_paths - m * m) / n_paths);
      EXPECT_NEAR(formula[j], m, 4.5 * se + 1e-12) << "quantity " << j << ", first " << first;
    }
  }
}

}  // namespace
}  // namespace inspectsim::two_state
