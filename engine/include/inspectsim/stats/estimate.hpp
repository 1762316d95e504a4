#pragma once
/// @file
/// A mean with its 95% confidence interval over replications, of a form that respects the
/// values the quantity can take (docs/VALIDATION.md, "Intervals that respect bounds").

#include <Eigen/Core>

namespace inspectsim {

/// A mean with its 95% confidence interval over n replications (NaN samples skipped).
struct Estimate {
  double mean = 0;
  double ci_low = 0;
  double ci_high = 0;
  double sd = 0;  ///< sample standard deviation
  int n = 0;      ///< replications with a defined value
};

/// What values a quantity can take, which decides the form of its interval.
enum class Bounds {
  none,          ///< any real number (a paired difference): Student t
  non_negative,  ///< >= 0: the scaled-gamma interval (below); [0, 0] when every value is 0
  count,         ///< >= 0, events per unit of exposure (a year): as non_negative, but when no event
                 ///< was seen the upper end is the exact Poisson one, -ln(0.025) / (n x exposure)
  share          ///< in [0, 1]: Student t on the logit scale
};

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
double student_t_975(int df);

/// Mean and 95% CI (Student t) of the finite entries of `samples`: for quantities that may be
/// negative, such as paired differences.
Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples);

/// Mean and 95% CI of the finite entries of `samples`, inside `bounds`:
/// - non_negative and count: the mean of n values with variance-to-mean ratio phi = s^2 / m is
///   taken as phi / n times a Poisson count of n m / phi events (quasi-Poisson), and Garwood's
///   exact Poisson interval for that count, [G(0.025; c), G(0.975; c + 1)] with G the gamma
///   quantile, is scaled back; phi is widened by (t_{n-1} / z)^2 for its own uncertainty, so for
///   many events the interval is Student's t, and for few it is Poisson's, never below 0;
/// - share: m +- t s / sqrt(n) on the logit scale, log(m / (1 - m)), by the delta method, and
///   back, so it stays inside (0, 1); [m, m] when m is 0 or 1 (every value at the bound);
/// - none: Student t.
/// `exposure` is what one sample is per, for counts: value x exposure is the number of events
/// (the measured years, for a per-year rate). A sample outside the bounds falls back to Student t.
Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples, Bounds bounds, double exposure = 1.0);

/// The same from the moments of the finite samples: their number, mean, sample standard deviation
/// (ignored below 2) and smallest and largest value. What estimate(samples, ...) computes after its sums.
Estimate estimate_from_moments(int n, double mean, double sd, double lowest, double highest, Bounds bounds,
                               double exposure = 1.0);

}  // namespace inspectsim
