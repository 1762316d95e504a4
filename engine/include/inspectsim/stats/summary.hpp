#pragma once
/// @file
/// Summaries over replications: mean and 95% confidence interval (Student t), for each
/// metric, and for paired differences under common random numbers.

#include <Eigen/Core>
#include <vector>

#include "inspectsim/experiment/metrics.hpp"

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

/// Estimates for every metric, in the order of the metric lists.
struct Summary {
  std::vector<Estimate> global;
  std::vector<std::vector<Estimate>> by_violation;
  std::vector<std::vector<Estimate>> yearly;
  std::vector<std::vector<Estimate>> by_size_class;
};

/// Summarises replications.
Summary summarise(const std::vector<Metrics>& replications);

/// Summarises the paired differences variant - base, replication by replication.
Summary summarise_differences(const std::vector<Metrics>& base, const std::vector<Metrics>& variant);

}  // namespace inspectsim
