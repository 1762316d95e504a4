#pragma once
/// @file
/// Summaries over replications: an Estimate (stats/estimate.hpp) for each metric, and for
/// paired differences under common random numbers.

#include <vector>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/stats/estimate.hpp"

namespace inspectsim {

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
