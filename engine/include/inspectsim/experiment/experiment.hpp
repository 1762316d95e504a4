#pragma once
/// @file
/// Experiments: many replications of a scenario in parallel (oneTBB), and the comparison
/// of two scenarios on common random numbers. Results never depend on the thread count:
/// replication r always uses streams keyed by (seed, r), and results are kept in order.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "inspectsim/experiment/metrics.hpp"
#include "inspectsim/scenario/scenario.hpp"
#include "inspectsim/stats/summary.hpp"

namespace inspectsim {

/// How to run, as opposed to what to run (the scenario holds seed, years and replications).
struct RunOptions {
  int threads = 0;  ///< 0: all cores
  /// Called after each replication with (done, total); calls are serialised.
  std::function<void(int, int)> progress;
  /// When set and it becomes true, the run stops within a fraction of a second and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

/// A scenario's replications and their summary.
struct RunResult {
  Scenario scenario;
  std::vector<Metrics> replications;
  Summary summary;
};

/// Runs `scenario.simulation.replications` replications with seed `scenario.simulation.seed`.
RunResult run_experiment(const Scenario& scenario, const RunOptions& options = {});

/// Two scenarios on the same random streams, and their paired difference (variant - base).
struct CompareResult {
  RunResult base;
  RunResult variant;
  Summary difference;
};

/// Runs both with the base's seed and replication count, pairing replication r with r.
CompareResult compare_experiments(const Scenario& base, const Scenario& variant, const RunOptions& options = {});

}  // namespace inspectsim
