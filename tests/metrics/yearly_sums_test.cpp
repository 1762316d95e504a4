// Runs too long to keep every replication's yearly metrics keep running sums (yearly_sums.hpp):
// the same summary, up to rounding, as from every replication's values, and bit for bit the same
// whatever the threads or processes.

#include "inspectsim/metrics/yearly_sums.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

/// A tiny country over 200 measured years, with just more replication-years than are kept in detail.
Scenario long_tiny(const std::vector<Override>& more = {}) {
  std::vector<Override> overrides = {{"simulation.years", "200"},          {"simulation.warmup_years", "0"},
                                     {"simulation.replications", "1311"},  {"segments.shops.entities", "6"},
                                     {"segments.factories.entities", "2"}, {"inspectors", "2"}};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return testing::small_scenario(overrides);
}

void expect_identical(const std::vector<std::vector<Estimate>>& a, const std::vector<std::vector<Estimate>>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].size(), b[i].size());
    for (std::size_t j = 0; j < a[i].size(); ++j) {
      const Estimate &x = a[i][j], &y = b[i][j];
      EXPECT_TRUE((x.mean == y.mean || (std::isnan(x.mean) && std::isnan(y.mean))) && x.n == y.n &&
                  (x.ci_low == y.ci_low || std::isnan(x.ci_low)) && (x.ci_high == y.ci_high || std::isnan(x.ci_high)))
          << i << "," << j;
    }
  }
}

void expect_identical(const std::vector<Estimate>& a, const std::vector<Estimate>& b) {
  expect_identical(std::vector<std::vector<Estimate>>{a}, std::vector<std::vector<Estimate>>{b});
}

void expect_close(const std::vector<std::vector<Estimate>>& summed, const std::vector<std::vector<Estimate>>& exact) {
  ASSERT_EQ(summed.size(), exact.size());
  for (std::size_t y = 0; y < exact.size(); ++y)
    for (std::size_t i = 0; i < exact[y].size(); ++i) {
      const Estimate &s = summed[y][i], &e = exact[y][i];
      EXPECT_EQ(s.n, e.n) << y << "," << i;
      if (std::isnan(e.mean)) continue;
      // Rounding relative to the values' scale (a mean difference of 0 may come out as 1e-19).
      const double scale = std::abs(e.mean) + (std::isnan(e.sd) ? 0.0 : e.sd) + 1e-300;
      EXPECT_NEAR(s.mean, e.mean, 1e-12 * scale) << y << "," << i;
      EXPECT_NEAR(s.ci_high, e.ci_high, 1e-8 * (std::abs(e.ci_high) + scale)) << y << "," << i;
    }
}

TEST(YearlySums, ShippedScenariosKeepEveryReplicationsYearlyMetrics) {
  for (const std::string& file : testing::shipped_scenarios()) {
    const Scenario s = load_scenario(testing::source_path(file));
    EXPECT_TRUE(keeps_yearly_detail(s)) << file;
  }
  EXPECT_FALSE(keeps_yearly_detail(long_tiny()));
}

TEST(YearlySums, ALongRunSumsItsYearlyMetricsToTheSummaryOfEveryValue) {
  const Scenario s = long_tiny();
  const RunResult summed = run_experiment(s, testing::with_threads(2));
  ASSERT_EQ(summed.replications.size(), 1311u);
  EXPECT_TRUE(summed.replications[0].yearly.empty()) << "the yearly detail is not kept";
  // Every replication's values, from the same streams, summarised the usual way.
  const Summary exact = summarise(run_replication_block(s, 0, 1311, testing::with_threads(2)));
  expect_identical(summed.summary.global, exact.global);  // kept per replication: the same bit for bit
  expect_identical(summed.summary.by_violation, exact.by_violation);
  expect_close(summed.summary.yearly, exact.yearly);
}

TEST(YearlySums, TheSameWhateverTheThreadsOrProcesses) {
  const Scenario s = long_tiny();
  const RunResult one = run_experiment(s, testing::with_threads(1));
  const RunResult two = run_experiment(s, testing::with_threads(2));
  expect_identical(two.summary.yearly, one.summary.yearly);
  std::vector<RunResult> ranks(3);
  testing::run_as_cluster(3, [&](const Cluster& cluster, int rank) {
    RunOptions run = testing::with_threads(1);
    run.cluster = &cluster;
    ranks[static_cast<std::size_t>(rank)] = run_experiment(s, run);
  });
  for (const RunResult& r : ranks) {
    expect_identical(r.summary.yearly, one.summary.yearly);
    expect_identical(r.summary.global, one.summary.global);
  }
}

TEST(YearlySums, AComparisonSumsThePairedDifferences) {
  const Scenario base = long_tiny(), variant = long_tiny({{"policy.notice", "unannounced"}});
  const CompareResult summed = compare_experiments(base, variant, testing::with_threads(2));
  const Scenario paired = paired_variant(base, variant);
  const std::vector<Metrics> b = run_replication_block(base, 0, 1311, testing::with_threads(2));
  const std::vector<Metrics> v = run_replication_block(paired, 0, 1311, testing::with_threads(2));
  expect_close(summed.difference.yearly, summarise_differences(b, v).yearly);
  expect_close(summed.variant.summary.yearly, summarise(v).yearly);
  expect_identical(summed.difference.global, summarise_differences(b, v).global);
  std::vector<CompareResult> ranks(2);
  testing::run_as_cluster(2, [&](const Cluster& cluster, int rank) {
    RunOptions run = testing::with_threads(1);
    run.cluster = &cluster;
    ranks[static_cast<std::size_t>(rank)] = compare_experiments(base, variant, run);
  });
  for (const CompareResult& r : ranks) expect_identical(r.difference.yearly, summed.difference.yearly);
}

}  // namespace
}  // namespace inspectsim
