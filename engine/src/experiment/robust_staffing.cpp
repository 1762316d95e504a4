// The staffing search at each point of a design over the assumptions.

#include "inspectsim/experiment/robust_staffing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "inspectsim/stats/sensitivity.hpp"

namespace inspectsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

/// Ranks 1..n, ties sharing their average rank.
std::vector<double> ranks_of(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = average;
    i = j + 1;
  }
  return ranks;
}

/// The q-quantile with infinities (unmet points) sorting last: NaN when it falls among them.
double quantile_with_unmet(std::vector<double> answers, double q) {
  std::sort(answers.begin(), answers.end());
  const double at = q * static_cast<double>(answers.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(answers.size() - 1, below + 1);
  if (std::isinf(answers[above]) && at > static_cast<double>(below)) return nan;
  if (std::isinf(answers[below])) return nan;
  return answers[below] + (at - static_cast<double>(below)) * (answers[above] - answers[below]);
}

}  // namespace

double rank_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return nan;
  const std::vector<double> rx = ranks_of(x), ry = ranks_of(y);
  const double mean = (static_cast<double>(x.size()) + 1) / 2;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : nan;
}

RobustStaffingAnswer find_robust_staffing(
    const RobustStaffingQuestion& q, const RunOptions& options,
    const std::function<void(const DesignPoint&, const StaffingAnswer&)>& on_point) {
  if (q.points < 2) throw std::invalid_argument(fmt::format("expected at least 2 points, found {}", q.points));
  RobustStaffingAnswer a;
  const Scenario base = load_scenario(q.staffing.scenario_path, q.staffing.common);
  // The search sets the staff itself: it is the answer, not an assumption.
  for (RangedInput& in : ranged_inputs(base))
    if (in.key != "inspectorate.inspectors") a.inputs.push_back(std::move(in));
  if (a.inputs.empty())
    throw std::invalid_argument(fmt::format("{} has no number with a plausible range", q.staffing.scenario_path));
  const int k = static_cast<int>(a.inputs.size());
  const Eigen::MatrixXd cube =
      q.design == DesignKind::sobol ? sobol_points(q.points, k, 1) : latin_hypercube(q.points, k, q.design_seed);
  std::vector<std::vector<double>> values(a.inputs.size());
  std::vector<double> answers;
  for (Eigen::Index r = 0; r < cube.rows(); ++r) {
    std::vector<double> row(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) row[c] = input_value(a.inputs[c], cube(r, c));
    for (int c = 0; c < k; ++c) values[c].push_back(row[c]);
    a.points.push_back(point_with_values(a.inputs, static_cast<std::size_t>(r), row));
    StaffingQuestion at = q.staffing;
    at.common.insert(at.common.end(), a.points.back().settings.begin(), a.points.back().settings.end());
    a.answers.push_back(find_staffing(at, options));
    const StaffingAnswer& found = a.answers.back();
    answers.push_back(found.found ? found.inspectors : infinity);
    a.unmet += found.found ? 0 : 1;
    if (on_point) on_point(a.points.back(), found);
  }
  a.p10 = quantile_with_unmet(answers, 0.1);
  a.p50 = quantile_with_unmet(answers, 0.5);
  a.p90 = quantile_with_unmet(answers, 0.9);
  for (std::size_t i = 0; i < a.inputs.size(); ++i) a.influence.push_back({i, rank_correlation(values[i], answers)});
  std::stable_sort(a.influence.begin(), a.influence.end(), [](const StaffingInfluence& x, const StaffingInfluence& y) {
    const double left = std::isnan(x.rank_correlation) ? -1 : std::abs(x.rank_correlation);
    const double right = std::isnan(y.rank_correlation) ? -1 : std::abs(y.rank_correlation);
    return left > right;
  });
  return a;
}

}  // namespace inspectsim
