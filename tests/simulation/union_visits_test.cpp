// A second inspectorate without sanctioning power (issue 12, item 7): trade-union inspectors
// visit at random, find with their own detection probability, and refer what they find to the
// state inspectorate as complaints. Runs use tests/data/small.yaml with fixed seeds.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::run_total;
using testing::small_scenario;

std::vector<Override> union_of(const char* referral, std::vector<Override> more = {}) {
  std::vector<Override> o{{"union_inspectorate.inspectors", "5"},
                          {"union_inspectorate.visits_per_inspector_per_year", "100"},
                          {"union_inspectorate.detection_factor", "0.5"},
                          {"union_inspectorate.referral_probability", referral},
                          {"union_inspectorate.sectors", "[trade]"}};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

TEST(UnionInspectorate, VisitsAtItsStatedRateAndReferralsBecomeStateVisits) {
  const Scenario s = small_scenario(union_of("1"));
  const RunResult r = run_experiment(s);
  // 500 visits a year, a Poisson count: 4 standard errors of the run's total.
  const double visits = run_total(global(r.summary, "union_visits"), s);
  const double expected = 500.0 * s.simulation.years * s.simulation.replications;
  EXPECT_NEAR(visits, expected, 4 * std::sqrt(expected));
  EXPECT_GT(global(r.summary, "union_finds").mean, 0.0);
  EXPECT_EQ(global(r.summary, "union_referrals").mean, global(r.summary, "union_finds").mean);
  // Referred finds reach the state inspectorate as complaints: more complaint visits.
  const CompareResult c = compare_experiments(small_scenario(union_of("0")), s);
  EXPECT_GT(global(c.difference, "complaint_inspections").ci_low, 0.0);
  EXPECT_EQ(global(c.base.summary, "union_referrals").mean, 0.0);
}

TEST(UnionInspectorate, ItsFindsAreNoSanctions) {
  // Without referrals the state inspectorate makes no more visits, finds and fines no more.
  const CompareResult c = compare_experiments(small_scenario(), small_scenario(union_of("0")));
  EXPECT_GT(global(c.variant.summary, "union_finds").mean, 0.0);
  for (const char* metric : {"inspections", "detections", "fines"}) {
    const Estimate& d = global(c.difference, metric);
    EXPECT_LE(d.ci_low, 0.0) << metric;
    EXPECT_GE(d.ci_high, 0.0) << metric;
  }
}

TEST(UnionInspectorate, FindsAtItsShareOfTheDetectionProbability) {
  // Every type detected for sure by the state: the union finds half of what is active when it comes.
  const Scenario s = small_scenario(union_of("0", {{"violations.wage_arrears.detection_probability", "1"},
                                                   {"violations.hidden_hazard.detection_probability", "1"},
                                                   {"segments.factories.entities", "0"}}));
  const RunResult r = run_experiment(s);
  const double finds = run_total(global(r.summary, "union_finds"), s);
  const double visits = run_total(global(r.summary, "union_visits"), s);
  // Entities chosen at random: active at a visit with the prevalence of each type.
  double active_per_visit = 0;
  for (std::size_t k = 0; k < s.violations.size(); ++k)
    active_per_visit += testing::of_violation(r.summary, k, "prevalence").mean;
  const double expected = 0.5 * active_per_visit * visits;
  EXPECT_NEAR(finds, expected, 4 * std::sqrt(expected) + 0.03 * expected);
}

}  // namespace
}  // namespace inspectsim
