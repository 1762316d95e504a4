#pragma once
/// @file
/// How wide an answer is over plausible assumptions (`inspectsim uncertainty`): every ranged
/// number of the scenario is sampled together (a Sobol sequence or a Latin hypercube over their
/// ranges), each point runs with replications (design.hpp), and each metric, or its paired
/// difference with a variant, is reported as a median and a 90% interval over the points, with
/// the variance split into simulation noise and assumption variance, and for a difference the
/// share of points where it keeps the median's sign.
///
/// @code
///   UncertaintyQuestion q{{"scenarios/kazakhstan/baseline.yaml", "scenarios/kazakhstan/unannounced.yaml",
///                          {{"simulation.years", "2"}}}, {"forced_labour.detected_share"}, 64};
///   const UncertaintyPlan plan = plan_uncertainty(q);
///   const UncertaintyAnswer a = estimate_uncertainty(plan, evaluate_design(plan.scenarios, plan.points,
///                                                                            plan.metrics, {}));
/// @endcode
/// The method is in docs/VALIDATION.md, "Uncertainty over assumptions".

#include <cstdint>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/experiment/ranged_inputs.hpp"

namespace inspectsim {

/// How a design covers the unit cube.
enum class DesignKind { sobol, latin_hypercube };

/// Parses "sobol" or "lhs"; throws std::invalid_argument saying what was expected.
DesignKind parse_design_kind(const std::string& text);

/// What to ask.
struct UncertaintyQuestion {
  DesignSpec spec;
  std::vector<std::string> metrics;  ///< names as find_metric takes them; empty: every global metric
  int points = 64;                   ///< design points (each runs the scenario's replications)
  DesignKind design = DesignKind::sobol;
  std::uint32_t design_seed = 1;  ///< the Latin hypercube's streams (a Sobol design has no seed)
};

/// The design made from a question, before anything runs.
struct UncertaintyPlan {
  UncertaintyQuestion question;
  std::vector<RangedInput> inputs;
  std::vector<MetricRef> metrics;
  std::vector<DesignPoint> points;
  DesignScenarios scenarios;
  std::string method;  ///< what the design is, for its fingerprint
};

/// Finds the inputs and metrics, draws the points and loads their scenarios. Throws
/// std::invalid_argument for an unknown metric or fewer than 2 points, ScenarioError for a scenario
/// that cannot load, and std::invalid_argument when the scenario ranges no number.
UncertaintyPlan plan_uncertainty(const UncertaintyQuestion& question);

/// One metric over plausible assumptions.
struct MetricUncertainty {
  std::string metric;
  std::string unit;
  int points = 0;                  ///< points where the metric is defined
  double median = 0;               ///< over the points' replication means
  double p05 = 0;                  ///< 5th percentile: the 90% interval's lower end
  double p95 = 0;                  ///< 95th percentile
  double mean = 0;                 ///< over the points
  double total_variance = 0;       ///< variance of the point means across points
  double noise_variance = 0;       ///< mean within-point variance of a point's mean (simulation noise)
  double assumption_variance = 0;  ///< total - noise, at least 0: what the assumptions alone spread
  double sign_kept_share = 0;      ///< share of points with the median's sign (NaN unless a difference)
};

/// The answer.
struct UncertaintyAnswer {
  std::string scenario;  ///< the base's name
  std::string variant;   ///< the variant's name, or empty
  DesignKind design = DesignKind::sobol;
  int points = 0;
  int replications = 0;
  int ranged_inputs = 0;            ///< inputs with a stated range
  int defaulted_inputs = 0;         ///< inputs over the default x0.5-x1.5
  std::vector<RangedInput> inputs;  ///< what was varied: each number's key, value, range and note
  std::vector<MetricUncertainty> metrics;
};

/// The estimates from every point's values (evaluate_design's, in point order).
UncertaintyAnswer estimate_uncertainty(const UncertaintyPlan& plan, const std::vector<PointValues>& values);

/// The q-quantile (0..1) of `values` ignoring NaN, linear between order statistics (R's type 7).
double quantile_of(std::vector<double> values, double q);

}  // namespace inspectsim
