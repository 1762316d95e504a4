// The footprint estimate against what replications really do: the events they handle, and
// memory that grows linearly in regions.

#include "inspectsim/simulation/footprint.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

/// A scenario of `regions` equal regions (the small scenario otherwise; its two regions are the first two).
Scenario with_regions(int regions) {
  std::string list;
  for (int r = 0; r < regions; ++r)
    list += fmt::format("{}{{name: {}, entity_share: {}, inspector_share: {}}}", r ? ", " : "",
                        r == 0   ? "north"
                        : r == 1 ? "south"
                                 : fmt::format("r{}", r),
                        1.0 / regions, 1.0 / regions);
  return testing::small_scenario({{"regions", "[" + list + "]"}});
}

class EventsEstimate : public ::testing::TestWithParam<std::string> {};

TEST_P(EventsEstimate, IsWithinAFactorOfTwoOfTheEventsAReplicationHandles) {
  const Scenario s =
      load_scenario(testing::source_path(GetParam()), {{"simulation.years", "2"}, {"simulation.warmup_years", "1"}});
  const Model model = build_model(s);
  const double handled = static_cast<double>(simulate_replication(model, 7, 0).events);
  const double estimated = estimate_footprint(s).events_per_replication;
  EXPECT_GT(estimated, 0.5 * handled) << "handled " << handled;
  EXPECT_LT(estimated, 2.0 * handled) << "handled " << handled;
}

INSTANTIATE_TEST_SUITE_P(ShippedBaselines, EventsEstimate,
                         ::testing::Values("scenarios/kazakhstan/baseline.yaml", "scenarios/kyrgyzstan/baseline.yaml",
                                           "scenarios/uzbekistan/baseline.yaml", "tests/data/small.yaml",
                                           "scenarios/validation/mmc_queue.yaml"));

TEST(Footprint, TheRegionsPartGrowsLinearlyInRegions) {
  const double hundred = estimate_footprint(with_regions(100)).region_bytes;
  const double thousand = estimate_footprint(with_regions(1000)).region_bytes;
  EXPECT_NEAR(thousand / hundred, 10.0, 0.01);
}

TEST(Footprint, AThousandRegionsRunInAFewMegabytesPerRegion) {
  // Each region's process once held every region's queues: 1,000 regions took 0.3 GB a
  // replication, 3,000 about 2.8 GB. Now a region holds its own: the estimate stays small and
  // the replication runs.
  const Scenario s = with_regions(1000);
  EXPECT_LT(estimate_footprint(s).replication_bytes, 50e6);
  const Model model = build_model(s);
  EXPECT_GT(simulate_replication(model, 7, 0).events, 0u);
}

TEST(Footprint, EventsHandledAreToldWithoutChangingTheReplication) {
  const Scenario s = testing::small_scenario({{"segments.shops.entities", "300000"},
                                              {"complaints.rate_per_exposed_worker_year", "0.5"},
                                              {"simulation.years", "5"}});
  const Model model = build_model(s);
  std::atomic<std::uint64_t> told{0};
  std::atomic<int> calls{0};
  const EventsHandled count = [&](std::uint64_t events) {
    told += events;
    ++calls;
  };
  const ReplicationCounts counted = simulate_replication(model, 7, 0, nullptr, &count);
  const ReplicationCounts plain = simulate_replication(model, 7, 0);
  EXPECT_EQ(counted.events, plain.events);
  EXPECT_EQ(counted.years[0].visits(), plain.years[0].visits());
  ASSERT_GT(plain.events, 2 * model.region_count() * events_per_tell) << "too few events to be told";
  EXPECT_GE(calls.load(), 1);
  EXPECT_LE(told.load(), plain.events);
  // At most events_per_tell a region go untold.
  EXPECT_GE(told.load() + model.region_count() * events_per_tell, plain.events);
}

}  // namespace
}  // namespace inspectsim
