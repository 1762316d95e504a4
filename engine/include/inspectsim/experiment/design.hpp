#pragma once
/// @file
/// The one runner of design points that sweeps, uncertainty and sensitivity studies share: a
/// method proposes points (each a list of scenario settings), this runs every point's
/// replications on common random numbers (TBB inside a process, MPI ranks across machines) and
/// hands back each point's results in point order; the method's estimator reads them.
///
/// Results never depend on the threads or ranks: replication r of every point uses the streams of
/// (seed, r), and points are passed on in order whatever finishes first.
///
/// @code
///   const DesignSpec spec{"scenarios/kazakhstan/baseline.yaml", "scenarios/kazakhstan/unannounced.yaml", {}};
///   const std::vector<DesignPoint> points = {{0, {{"complaints.awareness", "0.2"}}}, {1, {{"complaints.awareness",
///   "0.6"}}}}; const DesignScenarios scenarios = load_design_scenarios(spec, points); run_design(scenarios, points,
///   {.on_point = [](const DesignPoint& p, const DesignOutcome& o) { ... }});
/// @endcode

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/scenario/loader.hpp"

namespace inspectsim {

/// One point of a design: its position and the settings it makes, applied after the overrides
/// every point shares.
struct DesignPoint {
  std::size_t index = 0;
  std::vector<Override> settings;
  /// With a variant: the settings made to the variant, when they differ from `settings` (an
  /// assumption the variant sets to a value of its own is left at that value).
  std::optional<std::vector<Override>> variant_settings = {};
};

/// What a design runs: a scenario file, optionally a variant compared with it on common random
/// numbers at every point, and the overrides every point shares (--set, --seed, --years ...).
struct DesignSpec {
  std::string scenario_path;
  std::string variant_path;  ///< empty: no variant
  std::vector<Override> common;
};

/// Every point's scenarios. A design of a million points cannot hold a scenario per point (2.4 GB):
/// loaded from a DesignSpec, each point's scenario is loaded once up front to check it (a bad value
/// fails before anything runs) and to take its fingerprint, then dropped, and loaded again when its
/// batch runs. Scenarios given whole (a few points: calibration, tests) are kept as given.
class DesignScenarios {
 public:
  DesignScenarios() = default;
  /// Scenarios given whole: one per point, and a variant per point (already paired_variant) or none.
  DesignScenarios(std::vector<Scenario> base, std::vector<Scenario> variant = {});  // NOLINT: implicit
  /// Each point's scenario from `spec` (the common overrides, then the point's settings). Throws
  /// ScenarioError naming the setting when a point's value is refused.
  DesignScenarios(const DesignSpec& spec, const std::vector<DesignPoint>& points);

  std::size_t size() const { return size_; }
  bool paired() const { return paired_; }
  /// Point 0's scenario (and variant): names, seed, replications and years for headers.
  const Scenario& first() const;
  const Scenario& first_variant() const;
  /// The point at `position` (whose settings are `point`'s): its scenario and, when paired, its variant.
  Scenario base(std::size_t position, const DesignPoint& point) const;
  Scenario variant(std::size_t position, const DesignPoint& point, const Scenario& base) const;
  /// scenario_fingerprint of every point's scenario (or variant), one line each, in point order.
  std::string fingerprint_lines(bool variants) const;

 private:
  std::vector<Scenario> base_, variant_;  ///< given whole; else empty
  DesignSpec spec_;
  std::shared_ptr<const ScenarioFiles> base_files_, variant_files_;
  std::size_t size_ = 0;
  bool paired_ = false;
  std::vector<Scenario> first_;  ///< point 0's base and variant (loaded from a spec)
  std::string base_lines_, variant_lines_;
};

/// The scenarios of a design's points (DesignScenarios(spec, points)).
DesignScenarios load_design_scenarios(const DesignSpec& spec, const std::vector<DesignPoint>& points);

/// One point's results: the scenario's run and, with a variant, the comparison (variant - base,
/// paired replication by replication, violation types and size classes by the base's names).
struct DesignOutcome {
  RunResult base;
  std::optional<CompareResult> comparison;
};

/// How to run a design.
struct DesignOptions {
  RunOptions run;               ///< threads, cancel flag, cluster; run.progress is not called (see progress)
  std::size_t first_point = 0;  ///< points before this one are already done (a resumed run)
  /// Called in point order as each point finishes.
  std::function<void(const DesignPoint&, const DesignOutcome&)> on_point;
  /// Called with (points done, points to do) after each point.
  std::function<void(int, int)> progress;
};

/// Runs the points from `first_point` on: the points `scenarios` were made from (a point's scenario
/// is loaded from its settings when its batch runs). Several points run in one parallel batch when one
/// point's replications are fewer than the threads (or ranks) can run at once; that changes
/// nothing in the results. Throws Cancelled when the cancel flag is raised; points already passed
/// to on_point are kept.
void run_design(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points, const DesignOptions& options);

/// A point's metrics as the estimators of uncertainty and sensitivity read them.
struct PointValues {
  std::vector<double> mean;            ///< per metric: the mean over replications (of the paired difference)
  std::vector<double> noise_variance;  ///< per metric: the variance of that mean, s^2 / n (simulation noise)
};

/// The values of `metrics` (found in the base scenario) at a point: of the difference when the
/// design has a variant.
PointValues point_values(const DesignOutcome& outcome, const std::vector<MetricRef>& metrics);

/// How to evaluate a design's points down to their values.
struct EvaluateOptions {
  RunOptions run;                 ///< as DesignOptions::run
  std::vector<PointValues> done;  ///< the values of points 0 .. done.size()-1 (a resumed run)
  std::function<void(const DesignPoint&, const PointValues&)> on_point;  ///< each new point, in order
  std::function<void(int, int)> progress;                                ///< (done, to do)
};

/// Every point's values, in point order: those given in `options.done`, then the rest, run.
std::vector<PointValues> evaluate_design(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                                         const std::vector<MetricRef>& metrics, const EvaluateOptions& options);

}  // namespace inspectsim
