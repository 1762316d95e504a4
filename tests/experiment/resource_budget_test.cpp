// The resource budget: runs too large for the memory this process may use, or with too many
// events, are refused before anything is built, naming the key that decides it.

#include "inspectsim/experiment/resource_budget.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "inspectsim/metrics/yearly_sums.hpp"
#include "test_support.hpp"

namespace inspectsim {
namespace {

/// The message and key of the ScenarioError that `check` throws (fails the test if none).
template <typename Check>
ScenarioError refusal(Check check) {
  try {
    check();
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError";
  return ScenarioError({}, "", "");
}

Scenario ten_million(const std::vector<Override>& overrides = {}) {
  return load_scenario(testing::source_path("scenarios/scale/ten_million.yaml"), overrides);
}

TEST(ResourceBudget, ThePhysicalMemoryBoundsTheLimit) {
  const MemoryLimit limit = memory_limit();
  EXPECT_GT(limit.bytes, 0);
  EXPECT_LE(limit.bytes, static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)));
  EXPECT_FALSE(limit.what.empty());
}

TEST(ResourceBudget, TenMillionEntitiesFitInAGigabyteOnOneThreadButNotInAHalf) {
  const Scenario s = ten_million();
  EXPECT_NO_THROW(check_resources({s}, 1, {1.0e9, "a test limit"}));
  const ScenarioError e = refusal([&] { check_resources({s}, 1, {0.5e9, "a test limit"}); });
  EXPECT_EQ(e.key(), "segments.trade-micro.entities");  // the largest segment
  EXPECT_GT(e.where().line, 0);
  EXPECT_NE(std::string(e.what()).find("a test limit"), std::string::npos) << e.what();
  // One replication at a time whatever the threads: fewer threads would not help.
  EXPECT_NE(std::string(e.what()).find("1 replication held at once (large: its regions share the threads)"),
            std::string::npos)
      << e.what();
  EXPECT_NE(std::string(e.what()).find("Fewer replications, regions or entities fit"), std::string::npos) << e.what();
}

TEST(ResourceBudget, EachThreadHoldsAReplicationOfASmallModel) {
  const Scenario s = testing::small_scenario({{"simulation.replications", "3"}});
  const ResourceEstimate one = estimate_resources({s}, 1), two = estimate_resources({s}, 2),
                         four = estimate_resources({s}, 4);
  EXPECT_EQ(one.replications_at_once, 1);
  EXPECT_EQ(two.replications_at_once, 2);
  EXPECT_EQ(four.replications_at_once, 3);  // no more than the scenario's replications
  EXPECT_DOUBLE_EQ(four.total_bytes() - one.total_bytes(), 2 * one.replication_bytes);
  const ScenarioError e = refusal([&] { check_resources({s}, 2, {two.total_bytes() / 0.8 * 0.99, "a test limit"}); });
  EXPECT_NE(std::string(e.what()).find("2 replications held at once (one per thread)"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("Fewer threads (-j)"), std::string::npos) << e.what();
}

TEST(ResourceBudget, ALargeModelsMemoryDoesNotGrowWithThreads) {
  // Ten million entities in 16 regions: one replication at a time, its regions on the threads.
  const Scenario s = ten_million({{"simulation.replications", "100"}});
  const ResourceEstimate one = estimate_resources({s}, 1);
  EXPECT_GT(one.replication_bytes, large_replication_bytes);
  for (int threads : {2, 4, 16}) {
    const ResourceEstimate e = estimate_resources({s}, threads);
    EXPECT_EQ(e.replications_at_once, 1) << threads << " threads";
    EXPECT_DOUBLE_EQ(e.total_bytes(), one.total_bytes()) << threads << " threads";
  }
  EXPECT_LT(one.total_bytes(), 1e9);                               // issue 16: 10 M entities under 1 GB with any -j
  EXPECT_EQ(estimate_resources({s}, 32).replications_at_once, 2);  // 32 threads: two replications of 16 regions
}

TEST(ResourceBudget, ReplicationsAtOnceKeepTheThreadsBusy) {
  const double large = 2 * large_replication_bytes, small = large_replication_bytes / 2;
  EXPECT_EQ(replications_at_once(large, 16, 2, 100), 1);
  EXPECT_EQ(replications_at_once(large, 4, 16, 100), 4);  // four replications of four regions each
  EXPECT_EQ(replications_at_once(large, 3, 16, 100), 6);  // rounded up: no thread idle
  EXPECT_EQ(replications_at_once(large, 1, 4, 100), 4);   // one region: replications are the only parallelism
  EXPECT_EQ(replications_at_once(small, 16, 4, 100), 4);
  EXPECT_EQ(replications_at_once(small, 1, 4, 2), 2);
}

TEST(ResourceBudget, AMillionReplicationsOf200YearsKeepRunningSumsOfTheirYearlyMetrics) {
  // Every replication's 200 years of metrics were kept: about 30 GB, refused even with 8 GB. Now
  // running sums (metrics/yearly_sums.hpp): each replication's other metrics, under a kilobyte.
  const Scenario s = testing::small_scenario({{"simulation.replications", "1000000"}, {"simulation.years", "200"}});
  const ResourceEstimate e = estimate_resources({s}, 2);
  EXPECT_LT(e.results_bytes, 3e9);
  EXPECT_NO_THROW(check_resources({s}, 2, {8e9, "a test limit"}));
  // What a run of 1,000 replications keeps in detail weighs as before: 200 years of metrics each.
  const Scenario kept = testing::small_scenario({{"simulation.replications", "1000"}, {"simulation.years", "200"}});
  EXPECT_TRUE(keeps_yearly_detail(kept));
  EXPECT_GT(estimate_resources({kept}, 2).results_bytes,
            1000 * 200 * 8 * 2 * static_cast<double>(yearly_metrics().size()));
}

TEST(ResourceBudget, KeptResultsOfManyReplicationsNameTheReplications) {
  const Scenario s = testing::small_scenario({{"simulation.replications", "1000000"}, {"simulation.years", "200"}});
  const ScenarioError refused = refusal([&] { check_resources({s}, 2, {0.5e9, "a test limit"}); });
  EXPECT_EQ(refused.key(), "simulation.replications");
  EXPECT_EQ(refused.where().file, "--set simulation.replications=1000000");
}

TEST(ResourceBudget, AComparisonCountsBothModels) {
  const Scenario s = ten_million();
  const ResourceEstimate one = estimate_resources({s}, 1), two = estimate_resources({s, s}, 1);
  EXPECT_DOUBLE_EQ(two.model_bytes, 2 * one.model_bytes);
  EXPECT_DOUBLE_EQ(two.replication_bytes, one.replication_bytes);
}

TEST(ResourceBudget, AWorkforceOfAQuadrillionIsRefusedForItsEventsBeforeAnythingIsBuilt) {
  // 10^9 entities of 10^6 workers: years of looks at entities for complaints, whatever the memory.
  const Scenario s = testing::small_scenario(
      {{"segments.shops.entities", "1000000000"}, {"segments.shops.workers_per_entity", "1000000"}});
  const ScenarioError e = refusal([&] { check_resources({s}, 1, {1e15, "a test limit"}); });
  EXPECT_EQ(e.key(), "segments.shops.entities");
  EXPECT_NE(std::string(e.what()).find("events"), std::string::npos) << e.what();
}

TEST(ResourceBudget, RunsAreRefusedBeforeAnyModelIsBuilt) {
  // A trillion entities would take minutes to number and terabytes to hold: refused at once.
  const Scenario s = testing::small_scenario({{"segments.shops.entities", "1000000000000"}});
  const ScenarioError e = refusal([&] { run_experiment(s); });
  EXPECT_EQ(e.key(), "segments.shops.entities");
  EXPECT_NE(std::string(e.what()).find("expected at most"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace inspectsim
