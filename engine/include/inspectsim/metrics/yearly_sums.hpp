#pragma once
/// @file
/// The yearly metrics of many replications as running sums. A run of a million replications over
/// 200 years would hold 25 GB of yearly metrics to summarise them; past `max_kept_replication_years`
/// a run keeps, for each measured year and metric, the running moments of the replications' values
/// instead (and, for a comparison, of their paired differences). Each replication's other metrics
/// (global, per violation type, per size class: a few hundred numbers) are still kept.
///
/// So that the sums do not depend on threads or processes, replications are folded in fixed blocks
/// of `replications_per_block`, each in replication order, and the blocks merged in block order;
/// a process runs a few blocks at a time (replications_folded_at_once) and holds only theirs.

#include <vector>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/stats/running_moments.hpp"

namespace inspectsim {

struct Scenario;

/// Runs of up to this many replication-years (replications x measured years) keep every
/// replication's yearly metrics (about 150 bytes a replication-year, so at most about 40 MB); longer
/// ones keep running sums. Far above the shipped scenarios (20 replications of 5 years).
inline constexpr double max_kept_replication_years = 262144;

/// Replications folded into one block of sums: a fixed number, so that the sums are the same whatever
/// the threads or processes; small, so that the blocks of a run spread over many processes.
inline constexpr int replications_per_block = 64;

/// Replications run at once (whole blocks, 16 a thread, so a thread rarely waits for the others at the
/// end of a batch): what a process holds the yearly metrics of while it folds them.
int replications_folded_at_once(int threads);

/// Whether a run of `scenario` keeps every replication's yearly metrics (else running sums).
bool keeps_yearly_detail(const Scenario& scenario);

/// Running moments of each yearly metric over replications: [measured year][metric].
struct YearlySums {
  std::vector<std::vector<RunningMoments>> cells;

  /// Adds one replication's yearly metrics ([year][metric]).
  void add(const std::vector<std::vector<double>>& yearly);
  /// Adds one replication's paired difference, variant - base, year by year.
  void add_difference(const std::vector<std::vector<double>>& base, const std::vector<std::vector<double>>& variant);
  /// Adds the sums of the replications that follow these.
  void merge(const YearlySums& later);
};

/// The sums as a flat list of numbers (to send between processes), and back; `yearly_sums_from_values`
/// reads one at `position` and moves `position` past it.
void append_yearly_sums_values(const YearlySums& sums, std::vector<double>& values);
YearlySums yearly_sums_from_values(const std::vector<double>& values, std::size_t& position);

/// One block of replications of one scenario or a (base, variant) pair, folded: each member's
/// replications without their yearly metrics, and the sums of those.
struct FoldedBlock {
  explicit FoldedBlock(std::size_t members = 0) : each(members), sums(members) {}
  std::vector<std::vector<Metrics>> each;  ///< [member][replication]
  std::vector<YearlySums> sums;            ///< [member]
  YearlySums differences;                  ///< of a pair: variant - base
};

/// Folds a block's results (replication by replication, each with its `members` in turn), in order.
FoldedBlock fold_block(std::vector<Metrics> results, std::size_t members);

/// The block as a flat list of numbers (to send between processes), and back, as above.
void append_block_values(const FoldedBlock& block, std::vector<double>& values);
FoldedBlock block_from_values(const std::vector<double>& values, std::size_t& position, std::size_t members);

}  // namespace inspectsim
