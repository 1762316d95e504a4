#pragma once
/// @file
/// The staffing question: the smallest number of inspectors that meets every target, each
/// judged on the cautious end of its 95% CI, found by a search over inspector counts that all
/// run on the same random streams (common random numbers).
///
/// Example:
///   StaffingQuestion q{"scenarios/kazakhstan/unannounced.yaml", {},
///                      {parse_target("forced_labour.detected_share>=0.05")}};
///   StaffingAnswer a = find_staffing(q);   // a.inspectors, a.at_answer, a.below, a.path

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/scenario/loader.hpp"

namespace inspectsim {

/// One `--target`: a metric (see find_metric), `>=` or `<=`, and a value in the metric's unit.
struct StaffingTarget {
  std::string metric;
  bool at_least = true;  ///< `>=`: met when the CI's lower end reaches the value; `<=`: its upper end
  double value = 0;
  std::string text;  ///< as written
};

/// Parses "METRIC>=VALUE" or "METRIC<=VALUE"; throws ScenarioError naming --target.
StaffingTarget parse_target(const std::string& text);

/// Whether `estimate` meets the target on the cautious end of its 95% CI (never when undefined).
bool target_met(const StaffingTarget& target, const Estimate& estimate);

/// What to find: the scenario, its overrides, the targets, and the counts to search.
struct StaffingQuestion {
  std::string scenario_path;
  std::vector<Override> common;
  std::vector<StaffingTarget> targets;
  int min_inspectors = 1;
  int max_inspectors = 0;  ///< 0: ten times the scenario's count, at least 100
};

/// One count tried: whether it met every target, and each target metric's estimate.
struct StaffingStep {
  int inspectors = 0;
  bool met = false;
  std::vector<Estimate> targets;
};

/// The answer, the runs at it and just below it, and the search path in the order tried.
struct StaffingAnswer {
  bool found = false;  ///< false: not met even at max_inspectors (then at_answer is the max's run)
  int inspectors = 0;  ///< the smallest count that meets every target
  int min_inspectors = 0, max_inspectors = 0;  ///< the range searched
  std::vector<MetricRef> target_metrics;
  std::vector<StaffingTarget> targets;
  std::optional<RunResult> at_answer;
  std::optional<RunResult> below;  ///< inspectors - 1, when that is in the range
  std::vector<StaffingStep> path;
  /// Said of the answer (or of --max when none is found): e.g. that its inspectors are under-used.
  std::vector<std::string> warnings;
};

/// Inspectors count as under-used when they spend less than this share of the time other duties
/// leave them (inspectorate.inspection_time_share) on visits and travel.
inline constexpr double under_used_threshold = 0.9;

/// The warning `staff` gives when the run's inspectors are under-used (inspector_utilisation
/// below under_used_threshold x inspection_time_share), or "" when they are not.
std::string under_used_warning(const RunResult& run);

/// Searches [min, max]: from the scenario's own count it doubles (or halves) to bracket the
/// answer, then bisects, so it needs about 2 log2(answer / count) + log2(answer) runs. Every count
/// uses the same seed and replications. Assumes the targets, once met, stay met with more
/// inspectors; the path shows each count tried so this can be checked. `on_step` is called after
/// each run. Throws ScenarioError for an unknown metric or a bad range.
StaffingAnswer find_staffing(const StaffingQuestion& question, const RunOptions& options = {},
                             const std::function<void(const StaffingStep&)>& on_step = {});

}  // namespace inspectsim
