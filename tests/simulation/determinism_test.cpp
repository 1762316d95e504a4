// The same scenario and seed give the same bytes, whatever the thread count.

#include <gtest/gtest.h>

#include <oneapi/tbb/task_arena.h>
#include <cstring>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::small_scenario;

std::string run_json_with(const Scenario& s, int threads) { return run_json(run_experiment(s, {threads, {}})); }

/// Bit for bit (NaN, for an undefined metric, equals NaN).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(Determinism, RunIsByteIdenticalWithOneAndTwoThreads) {
  const Scenario s = small_scenario();
  EXPECT_EQ(run_json_with(s, 1), run_json_with(s, 2));
}

TEST(Determinism, CompareIsByteIdenticalWithOneAndTwoThreads) {
  const Scenario base = small_scenario();
  const Scenario variant = small_scenario({{"policy.notice", "unannounced"}});
  EXPECT_EQ(compare_json(compare_experiments(base, variant, {1, {}})),
            compare_json(compare_experiments(base, variant, {2, {}})));
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
  for (int r = 0; r < 4; ++r)
    EXPECT_TRUE(same_bits(four.replications[r].global, eight.replications[r].global)) << "replication " << r;
}

bool same_bits(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i], b[i])) return false;
  return true;
}

/// One replication's metrics, its regions run on `threads` threads.
Metrics one_replication_on(const Model& model, int threads) {
  tbb::task_arena arena(threads);
  return arena.execute([&] { return compute_metrics(model, simulate_replication(model, 42, 3)); });
}

TEST(Determinism, OneReplicationIsIdenticalWhateverThreadsRunItsRegions) {
  // Regions are logical processes run in parallel within a replication; general deterrence
  // couples them at year starts, so switch it on too.
  for (const char* elasticity : {"0", "0.5"}) {
    const Scenario s = testing::small_with(R"(
regions:
  - {name: north, entity_share: 0.3, inspector_share: 0.25}
  - {name: south, entity_share: 0.3, inspector_share: 0.25}
  - {name: east, entity_share: 0.2, inspector_share: 0.25}
  - {name: west, entity_share: 0.2, inspector_share: 0.25}
)",
                                           {{"sanctions.general_deterrence.elasticity", elasticity}});
    const Model model = build_model(s);
    const Metrics one = one_replication_on(model, 1);
    for (const int threads : {2, 4}) {
      const Metrics many = one_replication_on(model, threads);
      EXPECT_TRUE(same_bits(one.global, many.global)) << threads << " threads, elasticity " << elasticity;
      EXPECT_TRUE(same_bits(one.by_violation, many.by_violation)) << threads << " threads, elasticity " << elasticity;
      EXPECT_TRUE(same_bits(one.yearly, many.yearly)) << threads << " threads, elasticity " << elasticity;
      EXPECT_TRUE(same_bits(one.by_size_class, many.by_size_class)) << threads << " threads, elasticity " << elasticity;
    }
  }
}

TEST(Determinism, ReusedEntityTablesGiveTheSameReplications) {
  // A scratch's tables, left by a larger model, a smaller one and a cancelled replication, are
  // refilled for the next: each replication is bit for bit what fresh tables give.
  const Model small = build_model(small_scenario());
  const Model larger = build_model(small_scenario({{"segments.shops.entities", "9000"}}));
  ReplicationScratch scratch;
  const auto with = [&](const Model& m, std::uint32_t r, ReplicationScratch* s) {
    return compute_metrics(m, simulate_replication(m, 42, r, nullptr, nullptr, s));
  };
  std::atomic<bool> cancelled{true};
  EXPECT_THROW(simulate_replication(larger, 42, 0, &cancelled, nullptr, &scratch), Cancelled);
  for (const Model* m : {&larger, &small, &larger, &small})
    for (std::uint32_t r = 0; r < 2; ++r) {
      const Metrics fresh = with(*m, r, nullptr), reused = with(*m, r, &scratch);
      EXPECT_TRUE(same_bits(fresh.global, reused.global)) << m->entity_count() << " entities, replication " << r;
      EXPECT_TRUE(same_bits(fresh.by_violation, reused.by_violation)) << m->entity_count() << " entities";
      EXPECT_TRUE(same_bits(fresh.yearly, reused.yearly)) << m->entity_count() << " entities";
    }
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
