#pragma once
/// @file
/// Summaries over replications: an Estimate (stats/estimate.hpp) for each metric, and for
/// paired differences under common random numbers.

#include <vector>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/metrics/yearly_sums.hpp"
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

/// The same for replications whose yearly metrics were folded into running sums (their `yearly` is
/// empty; yearly_sums.hpp): the yearly estimates come from `yearly`, a run of `years` measured years.
Summary summarise(const std::vector<Metrics>& replications, const YearlySums& yearly, int years);

/// The same for paired differences, `yearly_differences` holding the sums of variant - base.
Summary summarise_differences(const std::vector<Metrics>& base, const std::vector<Metrics>& variant,
                              const YearlySums& yearly_differences, int years);

}  // namespace inspectsim
