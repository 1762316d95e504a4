// A run asked to stop throws Cancelled instead of finishing, and leaves nothing half-done.

#include <gtest/gtest.h>

#include <thread>

#include "test_support.hpp"

namespace inspectsim {
namespace {

TEST(Cancel, AFlagSetBeforehandStopsTheRun) {
  std::atomic<bool> cancel{true};
  RunOptions options;
  options.cancel = &cancel;
  EXPECT_THROW(run_experiment(testing::small_scenario(), options), Cancelled);
}

TEST(Cancel, AFlagSetDuringAReplicationStopsIt) {
  // One long replication (many entities): the flag is raised from another thread mid-run.
  const Scenario s = testing::small_scenario({{"segments.shops.entities", "300000"}, {"simulation.years", "50"}});
  const Model model = build_model(s);
  std::atomic<bool> cancel{false};
  std::thread raiser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  EXPECT_THROW(simulate_replication(model, 1, 0, &cancel), Cancelled);
  raiser.join();
}

TEST(Cancel, AFlagSetWhileTheModelIsBuiltStopsIt) {
  // Numbering 10^8 entities took seconds with no look at the flag (SIGINT waited 8.6 s).
  const Scenario s = testing::small_scenario({{"segments.shops.entities", "3000000"}});
  const std::atomic<bool> cancel{true};
  EXPECT_THROW(build_model(s, &cancel), Cancelled);
}

TEST(Cancel, AnUnsetFlagChangesNothing) {
  std::atomic<bool> cancel{false};
  RunOptions options;
  options.cancel = &cancel;
  const Scenario s = testing::small_scenario();
  EXPECT_EQ(run_json(run_experiment(s, options)), run_json(run_experiment(s)));
}

}  // namespace
}  // namespace inspectsim
