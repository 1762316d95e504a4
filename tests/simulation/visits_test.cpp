// What a visit finds and what follows from it (issue 12, items 3 and 4): checklist breaches per
// find, fines per find, breach or visit, and specific deterrence after a find or a fine only.
// All runs use tests/data/small.yaml with fixed seeds.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::of_violation;
using testing::run_total;
using testing::small_scenario;

constexpr std::size_t wage_arrears = 0;
constexpr std::size_t hidden_hazard = 1;

double mean_of(const RunResult& r, const char* metric) { return global(r.summary, metric).mean; }

TEST(Visits, EachFindShowsOnePlusPoissonBreachesWithTheStatedMean) {
  const Scenario s = small_scenario({{"violations.wage_arrears.breaches_per_find", "2.5"}});
  const RunResult with_breaches = run_experiment(s);
  const double finds = run_total(of_violation(with_breaches.summary, wage_arrears, "detections"), s);
  const double breaches = run_total(of_violation(with_breaches.summary, wage_arrears, "violations_found"), s);
  ASSERT_GT(finds, 1000);
  // 1 + Poisson(1.5): mean 2.5, variance 1.5 per find; 4 standard errors.
  EXPECT_NEAR(breaches / finds, 2.5, 4.0 * std::sqrt(1.5 / finds));
  // A type with one breach a find counts each find once.
  EXPECT_EQ(of_violation(with_breaches.summary, hidden_hazard, "violations_found").mean,
            of_violation(with_breaches.summary, hidden_hazard, "detections").mean);
  // Breaches draw from a stream of their own: what visits find is what they found before.
  const RunResult without = run_experiment(small_scenario());
  EXPECT_EQ(mean_of(with_breaches, "detections"), mean_of(without, "detections"));
  EXPECT_EQ(mean_of(without, "violations_found"), mean_of(without, "detections"));
}

TEST(Visits, FinesAreCountedPerFindPerBreachOrPerVisitAsTheLawSays) {
  // Every unit of the basis fined: fines equal finds, breaches, or visits with a find.
  const std::vector<Override> common{{"violations.wage_arrears.breaches_per_find", "3"},
                                     {"sanctions.fine_probability", "1"}};
  const auto with_basis = [&](const char* basis) {
    std::vector<Override> o = common;
    o.push_back({"sanctions.fine_basis", basis});
    return run_experiment(small_scenario(o));
  };
  const RunResult per_find = with_basis("find"), per_breach = with_basis("breach"), per_visit = with_basis("visit");
  EXPECT_DOUBLE_EQ(mean_of(per_find, "fines"), mean_of(per_find, "detections"));
  EXPECT_DOUBLE_EQ(mean_of(per_breach, "fines"), mean_of(per_breach, "violations_found"));
  EXPECT_GT(mean_of(per_breach, "fines"), 2 * mean_of(per_find, "fines"));
  // At most one fine a visit, and a visit finds at most both types.
  EXPECT_LT(mean_of(per_visit, "fines"), mean_of(per_visit, "detections"));
  EXPECT_GE(mean_of(per_visit, "fines"), mean_of(per_visit, "detections") / 2);
  EXPECT_LE(mean_of(per_visit, "fines"), mean_of(per_visit, "inspections"));
}

TEST(Visits, BreachesAreFinedEachWithTheFineProbability) {
  const Scenario s = small_scenario({{"violations.wage_arrears.breaches_per_find", "3"},
                                     {"violations.hidden_hazard.breaches_per_find", "2"},
                                     {"sanctions.fine_probability", "0.3"},
                                     {"sanctions.fine_basis", "breach"}});
  const RunResult r = run_experiment(s);
  const double breaches = run_total(global(r.summary, "violations_found"), s);
  const double fines = run_total(global(r.summary, "fines"), s);
  ASSERT_GT(breaches, 3000);
  EXPECT_NEAR(fines / breaches, 0.3, 4.0 * std::sqrt(0.3 * 0.7 / breaches));  // 4 binomial standard errors
}

TEST(Visits, AnUnreportedFindIsNeitherCountedNorSanctioned) {
  const Scenario s =
      small_scenario({{"sanctions.unreported_find_probability", "0.25"}, {"simulation.replications", "16"}});
  const RunResult r = run_experiment(s);
  const double unreported = run_total(global(r.summary, "finds_unreported"), s);
  const double reported = run_total(global(r.summary, "detections"), s);
  ASSERT_GT(unreported + reported, 2000);
  const double n = unreported + reported;
  EXPECT_NEAR(unreported / n, 0.25, 4.0 * std::sqrt(0.25 * 0.75 / n));  // 4 binomial standard errors
  // Paid-off episodes run on: fewer episodes end found than when every find is reported.
  const CompareResult c = compare_experiments(small_scenario({{"simulation.replications", "16"}}), s);
  EXPECT_LT(global(c.difference, "detected_share").ci_high, 0.0);
  EXPECT_LT(global(c.difference, "fines").ci_high, 0.0);
}

TEST(Visits, SpecificDeterrenceAfterFinesOnlyNeedsAFine) {
  // Deterrence after fines with no fines is no deterrence; with every find fined it is
  // deterrence after every find. Both exactly, on the same random numbers.
  const auto run_with = [](std::vector<Override> o) {
    o.insert(o.begin(), {"sanctions.specific_deterrence", "{reduction: 0.6, years: 3}"});
    return run_experiment(small_scenario(o));
  };
  const RunResult no_fines_after_fines =
      run_with({{"sanctions.fine_probability", "0"}, {"sanctions.specific_deterrence.after", "fine"}});
  const RunResult no_deterrence =
      run_with({{"sanctions.fine_probability", "0"}, {"sanctions.specific_deterrence.years", "0"}});
  EXPECT_EQ(mean_of(no_fines_after_fines, "episodes"), mean_of(no_deterrence, "episodes"));
  const RunResult all_fined_after_fines =
      run_with({{"sanctions.fine_probability", "1"}, {"sanctions.specific_deterrence.after", "fine"}});
  const RunResult all_fined_after_finds =
      run_with({{"sanctions.fine_probability", "1"}, {"sanctions.specific_deterrence.after", "detection"}});
  EXPECT_EQ(mean_of(all_fined_after_fines, "episodes"), mean_of(all_fined_after_finds, "episodes"));
  EXPECT_LT(mean_of(all_fined_after_finds, "episodes"), mean_of(no_deterrence, "episodes"));
}

TEST(Visits, AViolationTypeCanCarryItsOwnSpecificDeterrence) {
  // Per-type reductions equal to the scenario's are the scenario's, exactly.
  const std::vector<Override> deterrence{{"sanctions.specific_deterrence", "{reduction: 0.5, years: 3}"}};
  std::vector<Override> per_type = deterrence;
  per_type.push_back({"violations.wage_arrears.specific_deterrence_reduction", "0.5"});
  per_type.push_back({"violations.hidden_hazard.specific_deterrence_reduction", "0.5"});
  EXPECT_EQ(mean_of(run_experiment(small_scenario(deterrence)), "episodes"),
            mean_of(run_experiment(small_scenario(per_type)), "episodes"));
  // A type that deters fully starts fewer episodes than one that does not deter at all.
  std::vector<Override> none = deterrence, full = deterrence;
  none.push_back({"violations.hidden_hazard.specific_deterrence_reduction", "0"});
  full.push_back({"violations.hidden_hazard.specific_deterrence_reduction", "1"});
  const CompareResult c = compare_experiments(small_scenario(none), small_scenario(full));
  EXPECT_LT(of_violation(c.difference, hidden_hazard, "episodes").ci_high, 0.0);
}

}  // namespace
}  // namespace inspectsim
