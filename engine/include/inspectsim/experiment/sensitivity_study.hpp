#pragma once
/// @file
/// Which assumptions decide an answer (`inspectsim sensitivity`): Morris screening of every ranged
/// number (mu*, sigma), a one-at-a-time tornado (the metric at each input's low and high, the
/// others at their own values), then first-order and total Sobol indices, with bootstrap
/// intervals, for the top inputs of the screening. Every model run goes through the one runner of
/// design points (design.hpp), so results do not depend on threads or ranks, and a points file
/// lets a killed study resume.
///
/// Two stages: the screening (Morris paths and the tornado's points) and, chosen from its ranking,
/// the Sobol design. `run_sensitivity` runs both; `done` values (from a points file) skip the
/// points already run, in either stage.
///
/// @code
///   SensitivityQuestion q{{"scenarios/kazakhstan/baseline.yaml", "", {{"simulation.years", "2"}}},
///                         {"forced_labour.detected_share"}};
///   const SensitivityPlan plan = plan_sensitivity(q);
///   const SensitivityAnswer a = run_sensitivity(plan, {});
/// @endcode
/// The method is in docs/VALIDATION.md, "Sensitivity over assumptions".

#include <cstdint>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/experiment/ranged_inputs.hpp"
#include "inspectsim/stats/sensitivity.hpp"

namespace inspectsim {

/// What to ask.
struct SensitivityQuestion {
  DesignSpec spec;
  std::vector<std::string> metrics;  ///< at least one; inputs are ranked by the first
  int trajectories = 10;             ///< Morris paths
  int levels = 4;                    ///< Morris grid levels (even)
  int top = 5;                       ///< inputs given Sobol indices (0: none)
  int base_points = 32;              ///< Saltelli's N: (top + 2) N runs
  std::uint32_t seed = 1;            ///< Morris paths and bootstrap resamples
  int resamples = 500;               ///< bootstrap resamples of the Sobol indices
};

/// The screening stage, planned before anything runs.
struct SensitivityPlan {
  SensitivityQuestion question;
  std::vector<RangedInput> inputs;
  std::vector<MetricRef> metrics;
  Eigen::MatrixXd morris;  ///< the Morris design, one row per point
  std::vector<DesignPoint>
      screening;  ///< the Morris points, then the tornado's (centre, then low and high of each input)
  DesignScenarios screening_scenarios;
  int sobol_inputs = 0;          ///< min(top, inputs)
  std::size_t total_points = 0;  ///< screening and Sobol points together
  std::string method;            ///< for the fingerprint
};

/// Finds the inputs and metrics, draws the Morris paths, and loads the screening's scenarios.
/// Throws std::invalid_argument for an unknown metric, no metric, bad sizes or no ranged number.
SensitivityPlan plan_sensitivity(const SensitivityQuestion& question);

/// One input's figures for one metric.
struct InputSensitivity {
  std::size_t input = 0;     ///< index into SensitivityAnswer::inputs
  ElementaryEffects morris;  ///< in the metric's unit per step of half the range (in probability)
  double at_low = 0;         ///< the metric with the input at its low end, the others at their values
  double at_high = 0;        ///< ... at its high end
  bool has_sobol = false;
  IndexEstimate first_order;  ///< S_i, if has_sobol
  IndexEstimate total;        ///< ST_i, if has_sobol
};

/// One metric's ranking: inputs by mu* (largest first).
struct MetricSensitivity {
  std::string metric;
  std::string unit;
  double at_values = 0;     ///< the metric with every input at its own value (the tornado's centre)
  double noise_effect = 0;  ///< sqrt(2 x mean noise variance): an effect below it is noise-sized
  std::vector<InputSensitivity> ranking;
  double sobol_variance = 0;  ///< the metric's variance over the Sobol design (NaN: none run)
};

struct SensitivityAnswer {
  std::string scenario;
  std::string variant;
  int replications = 0;
  int model_points = 0;  ///< design points run (each runs the replications, twice with a variant)
  std::vector<RangedInput> inputs;
  std::vector<int> sobol_inputs;  ///< indices of the inputs given Sobol indices
  std::vector<MetricSensitivity> metrics;
};

/// Options: as evaluate_design's, `done` covering both stages in order.
using SensitivityOptions = EvaluateOptions;

/// Runs the screening, picks the top inputs by the first metric's mu*, runs their Sobol design,
/// and estimates. Throws Cancelled when the cancel flag is raised.
SensitivityAnswer run_sensitivity(const SensitivityPlan& plan, const SensitivityOptions& options);

}  // namespace inspectsim
