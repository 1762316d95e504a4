#pragma once
/// @file
/// Calibration (`inspectsim calibrate`): the scenario's free parameters (`calibration.free`, each
/// with its plausible range) fitted to its published figures (`calibration.targets`) by NLopt's
/// bounded derivative-free Sbplx (or BOBYQA) on the weighted squared relative gap
/// sum_i ((simulated_i - published_i) / published_i / tolerance_i)^2. Every evaluation runs the
/// scenario's replications on the same seed (common random numbers), so the objective is a fixed
/// function of the parameters, through the shared runner of design points (design.hpp): the
/// replications of each point spread over threads and MPI ranks, results independent of both.
///
/// After the fit, each parameter is moved alone to both ends of its range: a parameter whose moves
/// change the objective by less than its noise is reported as not identified by the targets.
///
/// @code
///   const CalibrationPlan plan = plan_calibration({{"scenarios/kazakhstan/baseline.yaml", "", {}}});
///   const CalibrationAnswer fit = calibrate(plan, {});
///   for (const CalibrationRow& row : fit.rows) ...          // the fit table at the best point
///   const std::string yaml = calibrated_scenario_yaml(fit, "calibrated.yaml");
/// @endcode

#include <functional>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/metrics/calibration.hpp"

namespace inspectsim {

/// NLopt's algorithm: Sbplx (subplex, Nelder-Mead on subspaces; robust to the small steps a
/// simulation's counts make) or BOBYQA (quadratic models; fewer evaluations on smooth objectives).
enum class CalibrationAlgorithm { sbplx, bobyqa };

/// Parses "sbplx" or "bobyqa"; throws std::invalid_argument saying what was expected.
CalibrationAlgorithm parse_calibration_algorithm(const std::string& text);

/// What to fit.
struct CalibrationQuestion {
  DesignSpec spec;                 ///< the scenario and the overrides every evaluation shares (no variant)
  int max_evaluations = 200;       ///< the optimiser's evaluations, before the flat-direction checks
  std::vector<double> start = {};  ///< one per free parameter (empty: the scenario's values, kept in range)
  CalibrationAlgorithm algorithm = CalibrationAlgorithm::sbplx;
  double step_tolerance = 1e-3;  ///< stop when steps are below this share of every range
};

/// The question, with its scenario loaded and checked.
struct CalibrationPlan {
  CalibrationQuestion question;
  Scenario scenario;                ///< loaded with the shared overrides
  std::vector<FreeParameter> free;  ///< the scenario's calibration.free
  std::vector<double> start;        ///< where the search starts, within the ranges
};

/// Loads the scenario and checks it. Throws ScenarioError for a bad scenario or target,
/// std::invalid_argument when it has no targets or no free parameters, or a start of the wrong
/// size or outside a range.
CalibrationPlan plan_calibration(const CalibrationQuestion& question);

/// One free parameter after the fit.
struct FittedParameter {
  FreeParameter free;
  double start = 0;
  double value = 0;              ///< at the best point
  double objective_at_low = 0;   ///< the objective with this parameter alone at its range's low end
  double objective_at_high = 0;  ///< ... and at its high end
  bool identified = true;        ///< false: both moves change the objective by less than its noise
  /// The fitted value's standard error from the simulation's noise (NaN: not identified). From
  /// the targets' sensitivities to each parameter at the fit (forward steps of 5% of the range):
  /// cov = (J'WJ)^-1 J'W S W J (J'WJ)^-1, J the relative simulated figures' derivatives, W the
  /// weights 1/tolerance^2, S the relative standard errors of the simulated means squared. The
  /// published figures' own error is not in it.
  double standard_error = 0;
  double ci_low = 0;  ///< value -/+ 1.96 standard errors (unclipped)
  double ci_high = 0;
};

/// The fit.
struct CalibrationAnswer {
  RunResult best;                    ///< the run at the best point found
  std::vector<CalibrationRow> rows;  ///< the fit table: every target at the best point
  std::vector<FittedParameter> parameters;
  double objective = 0;        ///< sum of (gap / tolerance)^2 at the best point
  double objective_noise = 0;  ///< the objective's standard deviation from the replications' noise
  double start_objective = 0;  ///< the objective at the start
  int evaluations = 0;         ///< runs made (repeated points are not run again)
  bool complete = true;        ///< false: stopped early (Ctrl-C); the best point so far, no flat-direction check
  std::string stop_reason;     ///< why the optimiser stopped
  std::string algorithm;       ///< "NLopt Sbplx" or "NLopt BOBYQA"
  std::string date;            ///< when the fit ended, UTC, YYYY-MM-DD
};

/// How to run a fit.
struct CalibrateOptions {
  RunOptions run;  ///< threads, cancel flag, cluster (run.progress is not called: see progress)
  /// Called with (evaluations done, evaluations at most) after each evaluation.
  std::function<void(int, int)> progress;
};

/// Fits the plan. When the cancel flag is raised, returns the best point so far with
/// `complete` false (evaluations already made are kept) instead of throwing Cancelled.
CalibrationAnswer calibrate(const CalibrationPlan& plan, const CalibrateOptions& options = {});

/// sum_i (gap_i / tolerance_i)^2 over the rows (a row without a gap, published 0, counts 0).
double calibration_objective(const std::vector<CalibrationRow>& rows);

/// The root mean square of the rows' relative gaps.
double root_mean_square_gap(const std::vector<CalibrationRow>& rows);

/// The scenario file of the fit: it `extends:` the scenario (by its path relative to
/// `output_path`'s folder) and sets each fitted value with its provenance
/// `{value: X, calibrated: "to TARGETS (...), DATE, seed S, R replications, gap G"}`.
std::string calibrated_scenario_yaml(const CalibrationAnswer& answer, const std::string& output_path);

}  // namespace inspectsim
