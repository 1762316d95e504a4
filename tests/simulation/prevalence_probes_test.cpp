// Exposure counted once per worker (issue 12, item 5): workers exposed to any violation, the
// workers of entities where a type is active, and severity weights. All runs use
// tests/data/small.yaml with fixed seeds.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::of_violation;
using testing::small_scenario;

double mean_of(const RunResult& r, const char* metric) { return global(r.summary, metric).mean; }

TEST(Exposure, WithEveryWorkerExposedDistinctExposureIsWorkersTimesPrevalence) {
  // One segment of 5-worker shops, every worker exposed to every active type: the workers
  // exposed to something are the workers of the entities with something active.
  const Scenario s = small_scenario({{"segments.factories.entities", "0"},
                                     {"violations.wage_arrears.exposed_share", "1"},
                                     {"violations.hidden_hazard.exposed_share", "1"}});
  const RunResult r = run_experiment(s);
  const double expected = mean_of(r, "prevalence") * 3000 * 5;
  EXPECT_NEAR(mean_of(r, "distinct_worker_exposure"), expected, 1e-9 * expected);
  // ... fewer than the sum over types, which counts a worker under both twice.
  EXPECT_LT(mean_of(r, "distinct_worker_exposure"), mean_of(r, "worker_exposure"));
  // With every worker exposed, a type's exposure is the workers of the entities where it is active.
  for (std::size_t k = 0; k < s.violations.size(); ++k) {
    const double affected = of_violation(r.summary, k, "affected_workers").mean;
    EXPECT_NEAR(of_violation(r.summary, k, "worker_exposure").mean, affected, 1e-9 * affected);
  }
}

TEST(Exposure, WithOneTypeDistinctExposureMatchesExposureWithinNoise) {
  // The probes' estimate against the exact accounting of the same runs.
  const Scenario s = small_scenario({{"violations.hidden_hazard.onset_rate_per_year", "0"}});
  const RunResult r = run_experiment(s);
  const Estimate& distinct = global(r.summary, "distinct_worker_exposure");
  const Estimate& summed = global(r.summary, "worker_exposure");
  const double half_widths = (distinct.ci_high - distinct.ci_low) / 2 + (summed.ci_high - summed.ci_low) / 2;
  EXPECT_NEAR(distinct.mean, summed.mean, half_widths);
  // Exposure is a share of the affected workers (0.5 of wage arrears' in small.yaml).
  EXPECT_NEAR(of_violation(r.summary, 0, "worker_exposure").mean,
              0.5 * of_violation(r.summary, 0, "affected_workers").mean, 1e-9 * summed.mean);
}

TEST(Exposure, SeverityWeightsEachTypesExposure) {
  const Scenario s =
      small_scenario({{"violations.wage_arrears.severity", "0.5"}, {"violations.hidden_hazard.severity", "4"}});
  const RunResult r = run_experiment(s);
  const double expected =
      0.5 * of_violation(r.summary, 0, "worker_exposure").mean + 4 * of_violation(r.summary, 1, "worker_exposure").mean;
  EXPECT_NEAR(mean_of(r, "severity_weighted_exposure"), expected, 1e-9 * expected);
  // Unweighted, it is the exposure summed over types.
  const RunResult plain = run_experiment(small_scenario());
  EXPECT_DOUBLE_EQ(mean_of(plain, "severity_weighted_exposure"), mean_of(plain, "worker_exposure"));
}

}  // namespace
}  // namespace inspectsim
