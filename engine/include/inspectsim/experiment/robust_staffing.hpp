#pragma once
/// @file
/// The staffing answer over plausible assumptions (`inspectsim staff --robust`): the staffing
/// search (staffing.hpp) run at each point of a design over every ranged number, the answers'
/// 10th, 50th and 90th percentiles, and the assumptions that move the answer most (Spearman's
/// rank correlation of each input with the answer across the points).
///
/// @code
///   RobustStaffingQuestion q{{"scenarios/kazakhstan/unannounced.yaml", {},
///                             {parse_target("forced_labour.detected_share>=0.05")}}, 16};
///   const RobustStaffingAnswer a = find_robust_staffing(q);   // a.p10, a.p50, a.p90, a.influence
/// @endcode

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inspectsim/experiment/ranged_inputs.hpp"
#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/experiment/uncertainty.hpp"

namespace inspectsim {

/// What to ask: the staffing question, and the design over the assumptions.
struct RobustStaffingQuestion {
  StaffingQuestion staffing;
  int points = 16;
  DesignKind design = DesignKind::sobol;
  std::uint32_t design_seed = 1;
};

/// One input's pull on the answer.
struct StaffingInfluence {
  std::size_t input = 0;        ///< index into RobustStaffingAnswer::inputs
  double rank_correlation = 0;  ///< Spearman's rho of the input's value with the answer, over the points
};

/// The answer over plausible assumptions.
struct RobustStaffingAnswer {
  std::vector<RangedInput> inputs;  ///< every ranged number but the staff itself
  std::vector<DesignPoint> points;
  std::vector<StaffingAnswer> answers;  ///< the search at each point
  int unmet = 0;                        ///< points where even max_inspectors miss the targets
  /// Percentiles of the answer over the points, points without one counted above every count
  /// (NaN: the percentile falls among them, "more than the most searched").
  double p10 = 0, p50 = 0, p90 = 0;
  std::vector<StaffingInfluence> influence;  ///< largest |rho| first
};

/// Runs the staffing search at every point; `on_point(point, answer)` after each. Throws
/// ScenarioError or std::invalid_argument for bad input, Cancelled when the cancel flag is raised.
RobustStaffingAnswer find_robust_staffing(
    const RobustStaffingQuestion& question, const RunOptions& options = {},
    const std::function<void(const DesignPoint&, const StaffingAnswer&)>& on_point = {});

/// Spearman's rank correlation of two equally long lists (average ranks for ties; NaN when
/// either does not vary).
double rank_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace inspectsim
