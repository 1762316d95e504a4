#pragma once
/// @file
/// The validation suite: configurations of the model that reduce to textbook results (M/M/c
/// queue, two-state Markov chain, Poisson inspections, coverage), run as ordinary scenario
/// files from scenarios/validation/, each compared with its formula. `inspectsim selftest`
/// and the tests in tests/validation/ both call these functions.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "inspectsim/metrics/summary.hpp"

namespace inspectsim {

/// One comparison of a simulated estimate with a closed-form value.
struct ValidationCheck {
  std::string model;     ///< e.g. "M/M/c, c = 5, rho = 0.8"
  std::string quantity;  ///< e.g. "mean wait W_q (days)"
  std::string formula;   ///< e.g. "C(c, a) / (c mu - lambda)"
  double expected = 0;   ///< the formula's value
  Estimate simulated;    ///< mean and 95% CI over replications
  /// Largest distance between formula and simulated mean that passes: 1.68 CI half-widths
  /// (a 99.9% interval for large samples), so that a suite of ~25 checks rarely fails by chance.
  double tolerance = 0;
  bool at_least = false;  ///< pass when simulated >= expected (a threshold, not an equality)

  bool inside_ci95() const;
  bool passed() const;
  /// The CI half-width as a share of the formula's value.
  double relative_half_width() const;
};

/// The groups of checks, one per textbook model.
enum class ValidationGroup { queue, prevalence, detection, coverage, common_random_numbers };

inline const std::vector<ValidationGroup> all_validation_groups{ValidationGroup::queue, ValidationGroup::prevalence,
                                                                ValidationGroup::detection, ValidationGroup::coverage,
                                                                ValidationGroup::common_random_numbers};

struct ValidationOptions {
  std::string scenario_dir;  ///< where the validation scenarios are (scenarios/validation)
  bool quick = false;        ///< fewer replications and years: under a minute for the whole suite
  int threads = 0;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const std::string&)> on_case;  ///< told the name of each case as it starts
};

/// Runs one group of checks.
std::vector<ValidationCheck> run_validation(ValidationGroup group, const ValidationOptions& options);

/// Runs every group.
std::vector<ValidationCheck> run_validation(const ValidationOptions& options);

/// The checks as a Markdown table: model, quantity, formula, formula value, simulated mean,
/// 95% CI, half-width as % of the value, inside the 95% CI, pass.
std::string validation_table(const std::vector<ValidationCheck>& checks);

}  // namespace inspectsim
