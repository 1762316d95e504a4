// General deterrence against a stated reference (issue 12, item 4): two scenarios that differ
// only in how often they visit now differ in how many violations begin. Runs use
// tests/data/small.yaml with fixed seeds.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::small_scenario;

/// small.yaml with general deterrence, every class plannable and `planned` visits per inspector.
Scenario deterring(const char* planned, bool stated_reference) {
  std::vector<Override> o{{"policy.exempt_size_classes", "[]"},
                          {"policy.plan.inspections_per_inspector_per_year", planned},
                          {"simulation.years", "4"},
                          {"sanctions.general_deterrence.elasticity", "0.5"}};
  if (stated_reference)
    o.push_back({"sanctions.general_deterrence.reference_visits_per_entity_year", "{small: 0.05, large: 0.2}"});
  return small_scenario(o);
}

TEST(GeneralDeterrence, MorePlannedVisitsDeterAgainstAStatedReference) {
  const CompareResult c = compare_experiments(deterring("20", true), deterring("60", true));
  EXPECT_GT(global(c.difference, "planned_inspections").mean, 0.0);
  EXPECT_LT(global(c.difference, "episodes").ci_high, 0.0);
}

TEST(GeneralDeterrence, PublicisedFinesDeterLikeExtraVisits) {
  const Scenario quiet = deterring("20", true);
  const Scenario publicised = testing::small_scenario(
      {{"policy.exempt_size_classes", "[]"},
       {"policy.plan.inspections_per_inspector_per_year", "20"},
       {"simulation.years", "4"},
       {"sanctions.general_deterrence.elasticity", "0.5"},
       {"sanctions.general_deterrence.reference_visits_per_entity_year", "{small: 0.05, large: 0.2}"},
       {"sanctions.general_deterrence.publicity_visits_per_fine", "20"}});
  const CompareResult c = compare_experiments(quiet, publicised);
  EXPECT_LT(global(c.difference, "episodes").ci_high, 0.0);
}

TEST(GeneralDeterrence, AgainstTheRunsOwnFirstYearTwoPlansDeterAlike) {
  // Each run compares itself with its own first year: tripling the plan changes the onset
  // rates by much less than against a fixed reference.
  const CompareResult own = compare_experiments(deterring("20", false), deterring("60", false));
  const CompareResult stated = compare_experiments(deterring("20", true), deterring("60", true));
  EXPECT_LT(std::abs(global(own.difference, "episodes").mean),
            std::abs(global(stated.difference, "episodes").mean) / 3);
}

}  // namespace
}  // namespace inspectsim
