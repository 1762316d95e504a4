#pragma once
/// @file
/// One resource budget for every run: before anything is built, the memory a run will hold
/// (its models, a replication's state per thread, every replication's kept results) and the
/// events a replication handles are estimated and weighed against what this process may use:
/// the smallest of physical memory, its cgroup's memory limit and RLIMIT_AS. A run over budget
/// is refused with a ScenarioError naming the key that decides it (exit 2), in `validate` too.
///
/// Example:
///   check_resources({scenario}, 2);  // throws ScenarioError when two threads would not fit

#include <string>
#include <vector>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// The memory this process may use, and what sets it.
struct MemoryLimit {
  double bytes = 0;
  std::string what;  ///< "physical memory", "the cgroup's memory.max", "RLIMIT_AS"
};

/// The smallest of physical memory, the cgroup's limit (v2 memory.max or v1 limit_in_bytes) and RLIMIT_AS.
MemoryLimit memory_limit();

/// What a run of some scenarios together (a run: one; a comparison: two) will hold.
struct ResourceEstimate {
  double model_bytes = 0;             ///< every scenario's model
  double replication_bytes = 0;       ///< the largest replication's state
  int replications_at_once = 1;       ///< held at once (see replications_at_once below)
  double results_bytes = 0;           ///< every replication's metrics, kept until summarised
  double events_per_replication = 0;  ///< the largest scenario's
  double total_bytes() const { return model_bytes + replications_at_once * replication_bytes + results_bytes; }
};

/// A replication's state above which a run holds fewer replications at once and lets each one's
/// regions share the threads instead, so that a large model's memory does not grow with threads.
inline constexpr double large_replication_bytes = 256.0 * 1024 * 1024;

/// How many replications a run on `threads` threads holds at once: as many as the threads, but
/// for a replication of more than large_replication_bytes only as many as keep the threads busy
/// with its `regions` running in parallel (threads / regions, rounded up); at most `replications`.
int replications_at_once(double replication_bytes, int regions, int threads, int replications);

/// Estimates a run of `scenarios` (each with its own replications) on `threads` threads.
ResourceEstimate estimate_resources(const std::vector<Scenario>& scenarios, int threads);

/// Most events one replication may handle: about three hours at ten million events a second.
inline constexpr double max_events_per_replication = 1e11;

/// Share of the memory limit a run may plan to use (the rest: the program, libraries, buffers).
inline constexpr double usable_memory_share = 0.8;

/// Throws ScenarioError, at the key that decides it, when a run of `scenarios` on `threads`
/// threads would need more than usable_memory_share of `limit`, or a replication more than
/// max_events_per_replication events.
void check_resources(const std::vector<Scenario>& scenarios, int threads, const MemoryLimit& limit = memory_limit());

}  // namespace inspectsim
