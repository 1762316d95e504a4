#pragma once
/// @file
/// The count, mean and sum of squared deviations of a stream of values, kept without the values
/// (Welford), for runs too long to keep every replication's yearly metrics. Values added in the same
/// order, and blocks merged in the same order, give the same moments bit for bit.

#include <limits>

#include "inspectsim/stats/estimate.hpp"

namespace inspectsim {

/// Welford's running moments of the finite values added (non-finite ones are skipped, as estimate()
/// skips them), with the smallest and largest, which decide an interval's form.
struct RunningMoments {
  int n = 0;
  double mean = 0;
  double m2 = 0;  ///< sum of squared deviations from the mean
  double lowest = std::numeric_limits<double>::infinity();
  double highest = -std::numeric_limits<double>::infinity();

  /// Adds one value (skipped when not finite).
  void add(double value);
  /// Adds the values of another stream that follow this one's (Chan et al.'s pairwise update).
  void merge(const RunningMoments& later);
};

/// The mean and 95% CI of the values summed in `moments`, as estimate(samples, bounds, exposure) gives
/// them (equal up to rounding: the sums are taken in another order).
Estimate estimate(const RunningMoments& moments, Bounds bounds, double exposure = 1.0);

}  // namespace inspectsim
