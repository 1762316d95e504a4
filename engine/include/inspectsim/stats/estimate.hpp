#pragma once
/// @file
/// A mean with its 95% confidence interval (Student t) over replications.

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

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
double student_t_975(int df);

/// Mean and 95% CI of the finite entries of `samples`.
Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples);

}  // namespace inspectsim
