#pragma once
/// @file
/// Sweeps: one scenario run at every point of a grid of settings (`--vary KEY=VALUES`), on
/// common random numbers, so neighbouring points differ by policy and not by noise.
///
/// Example:
///   SweepSpec spec{"scenarios/kazakhstan/baseline.yaml", {},
///                  {parse_vary("inspectors=250:1000:250"), parse_vary("policy.notice=unannounced,prior")}};
///   const std::vector<SweepPoint> grid = expand_grid(spec.axes);      // 8 points
///   const DesignScenarios scenarios = load_sweep_scenarios(spec, grid);
///   run_sweep(scenarios, grid, {.on_point = [](const SweepPoint& p, const RunResult& r) { ... }});

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/scenario/loader.hpp"

namespace inspectsim {

/// One `--vary`: a scenario key (as in --set) and the values it takes, in order.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
  std::string text;  ///< as written, for messages: "inspectors=250:2000:250"
};

/// Parses "KEY=VALUES", VALUES a list ("unannounced,prior") or an inclusive range
/// "START:STOP:STEP" ("250:2000:250" is 250, 500, ..., 2000). Throws ScenarioError naming
/// --vary and what was expected.
SweepAxis parse_vary(const std::string& text);

/// One point of a grid: its position and the value of each axis, in axis order.
using SweepPoint = DesignPoint;

/// The product of the axes, the last axis varying fastest (nested loops in the order given).
/// Throws ScenarioError for no axis, a key given twice, or more than a million points.
std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes);

/// What a sweep runs: a scenario file, the overrides every point shares (--set, --seed...), the axes.
struct SweepSpec {
  std::string scenario_path;
  std::vector<Override> common;
  std::vector<SweepAxis> axes;
};

/// Every point's scenario (the common overrides, then the point's settings), each loaded once now so
/// that a bad key or value fails (ScenarioError, naming the --vary) before anything runs, and again
/// when its batch runs (DesignScenarios: a million points are not held at once).
DesignScenarios load_sweep_scenarios(const SweepSpec& spec, const std::vector<SweepPoint>& grid);

/// How to run a sweep.
struct SweepOptions {
  RunOptions run;               ///< threads, cancel flag, cluster; run.progress is not called (see progress)
  std::size_t first_point = 0;  ///< points before this one are already done (a resumed sweep)
  /// Called in point order as each point finishes, with its result.
  std::function<void(const SweepPoint&, const RunResult&)> on_point;
  /// Called with (points done, points to do) after each point.
  std::function<void(int, int)> progress;
};

/// Runs the points from `first_point` on, in order (run_design); each runs replication r on the
/// streams of (seed, r), the same at every point (common random numbers).
/// Throws Cancelled when the cancel flag is raised; points already passed to on_point are kept.
void run_sweep(const DesignScenarios& scenarios, const std::vector<SweepPoint>& grid, const SweepOptions& options);

}  // namespace inspectsim
