// The same scenario and seed give the same bytes, whatever the thread count.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::small_scenario;

std::string run_json_with(const Scenario& s, int threads) { return run_json(run_experiment(s, {threads, {}})); }

TEST(Determinism, RunIsByteIdenticalWithOneAndTwoThreads) {
  const Scenario s = small_scenario();
  EXPECT_EQ(run_json_with(s, 1), run_json_with(s, 2));
}

TEST(Determinism, CompareIsByteIdenticalWithOneAndTwoThreads) {
  const Scenario base = small_scenario();
  const Scenario variant = small_scenario({{"policy.notice", "unannounced"}});
  EXPECT_EQ(compare_json(compare_experiments(base, variant, {1, {}})), compare_json(compare_experiments(base, variant, {2, {}})));
}

TEST(Determinism, RepeatedRunsAgreeAndSeedsDiffer) {
  const Scenario s = small_scenario();
  EXPECT_EQ(run_json_with(s, 2), run_json_with(s, 2));
  EXPECT_NE(run_json_with(s, 2), run_json_with(small_scenario({{"simulation.seed", "43"}}), 2));
}

TEST(Determinism, ReplicationDoesNotDependOnHowManyRun) {
  // Replication r draws from streams keyed by (seed, r): the first four of eight are the four of four.
  const RunResult four = run_experiment(small_scenario({{"simulation.replications", "4"}}));
  const RunResult eight = run_experiment(small_scenario({{"simulation.replications", "8"}}));
  for (int r = 0; r < 4; ++r) EXPECT_EQ(four.replications[r].global, eight.replications[r].global) << "replication " << r;
}

TEST(Determinism, ProgressIsReportedOncePerReplication) {
  int calls = 0, last_done = 0, last_total = 0;
  run_experiment(small_scenario(), {2, [&](int done, int total) {
                                      ++calls;
                                      last_done = done;
                                      last_total = total;
                                    }});
  EXPECT_EQ(calls, 8);
  EXPECT_EQ(last_done, 8);
  EXPECT_EQ(last_total, 8);
}

}  // namespace
}  // namespace inspectsim
