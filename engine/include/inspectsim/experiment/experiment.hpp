#pragma once
/// @file
/// Experiments: many replications of a scenario in parallel (oneTBB), and the comparison
/// of two scenarios on common random numbers. Results never depend on the thread count:
/// replication r always uses streams keyed by (seed, r), and results are kept in order.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/metrics/summary.hpp"
#include "inspectsim/metrics/yearly_sums.hpp"
#include "inspectsim/scenario/scenario.hpp"
#include "inspectsim/simulation/replication.hpp"

namespace inspectsim {

/// Several processes (MPI ranks, or any other transport) sharing one run. Every process runs
/// the same command; the replications are split into contiguous blocks, one per rank, and
/// `all_gather` hands every process the results of all, so each computes the same summary.
struct Cluster {
  int rank = 0;  ///< this process, 0 .. size-1
  int size = 1;  ///< processes in the run
  /// Sends this process's values and returns every process's, in rank order (a collective call:
  /// every process must make the same sequence of calls).
  std::function<std::vector<std::vector<double>>(const std::vector<double>&)> all_gather;
};

/// How to run, as opposed to what to run (the scenario holds seed, years and replications).
struct RunOptions {
  int threads = 0;  ///< 0: all cores
  /// Called after each replication with (done, total); calls are serialised.
  std::function<void(int, int)> progress;
  /// When set and it becomes true, the run stops within a fraction of a second and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  /// When set (and size > 1), this process runs only its block of the replications and the
  /// results are exchanged; the result is the same, bit for bit, as one process's.
  const Cluster* cluster = nullptr;
  /// Called now and then during long replications (every quarter of a million events) with the
  /// replications done, counting those in flight by their share of the events expected (an
  /// estimate), and the total; calls are serialised. For a progress bar that moves within a replication.
  std::function<void(double, int)> progress_within;
  /// Memory the replications' entity tables reuse (simulation/replication.hpp); unset: the run's
  /// own, for its replications. A design sets one for all its points.
  std::shared_ptr<ReplicationScratch> scratch;
};

/// A scenario's replications and their summary. `replications[r].yearly` is empty when the run was too
/// long to keep every replication's yearly metrics (keeps_yearly_detail, metrics/yearly_sums.hpp): the
/// summary's yearly estimates then come from running sums.
struct RunResult {
  Scenario scenario;
  std::vector<Metrics> replications;
  Summary summary;
};

/// What a run keeps of one scenario's replications: each one's metrics and, when the scenario does not
/// keep its yearly detail (keeps_yearly_detail), the running sums of the yearly metrics in their place.
struct KeptReplications {
  std::vector<Metrics> each;  ///< in replication order; `yearly` empty when `yearly` below is set
  std::optional<YearlySums> yearly;
  /// For the variant of a pair run without yearly detail: the sums of variant - base, year by year.
  std::optional<YearlySums> yearly_differences;
};

/// Runs `scenario.simulation.replications` replications with seed `scenario.simulation.seed`.
RunResult run_experiment(const Scenario& scenario, const RunOptions& options = {});

/// The replications of several scenarios in one parallel batch: result[i][r] is replication r of
/// scenarios[i], run on the streams keyed by (scenarios[i].simulation.seed, r), so scenarios that
/// share a seed share common random numbers. What a sweep runs for a group of its points.
/// `in_pairs`: the scenarios are (base, variant) pairs, [0, 1], [2, 3] ..., each variant with its base's
/// seed and replications (paired_variant); a variant's yearly_differences are then kept too.
std::vector<KeptReplications> run_replications(const std::vector<Scenario>& scenarios, const RunOptions& options = {},
                                               bool in_pairs = false);

/// Replications [first, first + count) of one scenario, on this process only: a block of a run
/// split over machines. Joined in order, the blocks are the replications run_experiment makes.
std::vector<Metrics> run_replication_block(const Scenario& scenario, int first, int count,
                                           const RunOptions& options = {});

/// A run's result from its replications (all of them, in order): the summary run_experiment makes.
RunResult summarise_run(const Scenario& scenario, std::vector<Metrics> replications);
RunResult summarise_run(const Scenario& scenario, KeptReplications replications);

/// Two scenarios on the same random streams, and their paired difference (variant - base).
/// Violation types and size classes are paired by name, never by position: `difference` and
/// `variant_as_base` list them in the base's order, NaN where the variant has no item of that
/// name (the variant's own items, in its own order, are in variant.summary).
struct CompareResult {
  RunResult base;
  RunResult variant;
  Summary difference;
  Summary variant_as_base;  ///< the variant's summary with its items in the base's order
};

/// Runs both with the base's seed and replication count, pairing replication r with r.
CompareResult compare_experiments(const Scenario& base, const Scenario& variant, const RunOptions& options = {});

/// The variant as a comparison runs it: the base's seed and replications (common random numbers).
/// Throws ScenarioError, naming simulation.years, when the two horizons differ.
Scenario paired_variant(const Scenario& base, const Scenario& variant);

/// A comparison from replications already run on common random numbers (`paired` from
/// paired_variant): what compare_experiments returns.
CompareResult summarise_comparison(const Scenario& base, const Scenario& paired, KeptReplications base_replications,
                                   KeptReplications variant_replications);

}  // namespace inspectsim
