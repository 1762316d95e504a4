// Uncertainty over assumptions: all ranged numbers sampled together, each metric's spread over
// the points split into simulation noise and assumption variance.

#include "inspectsim/experiment/uncertainty.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/stats/sensitivity.hpp"

namespace inspectsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<MetricRef> chosen_metrics(const Scenario& scenario, const std::vector<std::string>& names) {
  std::vector<MetricRef> out;
  if (names.empty()) {
    for (const MetricRef& m : all_metrics(scenario))
      if (m.scope == MetricRef::Scope::global) out.push_back(m);
    return out;
  }
  for (const std::string& name : names) out.push_back(find_metric(scenario, name));
  return out;
}

/// The unit cube's points of the design, one row per point (Sobol: skipping the origin).
Eigen::MatrixXd cube_points(const UncertaintyQuestion& q, int inputs) {
  return q.design == DesignKind::sobol ? sobol_points(q.points, inputs, 1)
                                       : latin_hypercube(q.points, inputs, q.design_seed);
}

/// Variance with divisor n - 1 of the finite entries.
double sample_variance(const std::vector<double>& values, double& mean, int& n) {
  double sum = 0;
  n = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++n;
  mean = n > 0 ? sum / n : nan;
  if (n < 2) return nan;
  double squares = 0;
  for (double v : values)
    if (std::isfinite(v)) squares += (v - mean) * (v - mean);
  return squares / (n - 1);
}

double mean_of_finite(const std::vector<double>& values) {
  double sum = 0;
  int n = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++n;
  return n > 0 ? sum / n : nan;
}

MetricUncertainty metric_uncertainty(const MetricRef& m, std::size_t column, const std::vector<PointValues>& values,
                                     bool difference) {
  std::vector<double> means, noise;
  for (const PointValues& v : values) means.push_back(v.mean[column]), noise.push_back(v.noise_variance[column]);
  MetricUncertainty u;
  u.metric = m.name;
  u.unit = m.unit;
  u.total_variance = sample_variance(means, u.mean, u.points);
  u.median = quantile_of(means, 0.5);
  u.p05 = quantile_of(means, 0.05);
  u.p95 = quantile_of(means, 0.95);
  u.noise_variance = mean_of_finite(noise);
  u.assumption_variance = std::max(0.0, u.total_variance - u.noise_variance);
  u.sign_kept_share = nan;
  if (difference && u.points > 0) {
    int kept = 0;
    for (double v : means)
      if (std::isfinite(v) && v != 0 && (v > 0) == (u.median > 0)) ++kept;
    u.sign_kept_share = u.median == 0 ? nan : static_cast<double>(kept) / u.points;
  }
  return u;
}

}  // namespace

DesignKind parse_design_kind(const std::string& text) {
  if (text == "sobol") return DesignKind::sobol;
  if (text == "lhs") return DesignKind::latin_hypercube;
  throw std::invalid_argument(fmt::format("expected sobol or lhs, found '{}'", text));
}

double quantile_of(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return nan;
  std::sort(values.begin(), values.end());
  const double at = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(values.size() - 1, below + 1);
  return values[below] + (at - static_cast<double>(below)) * (values[above] - values[below]);
}

UncertaintyPlan plan_uncertainty(const UncertaintyQuestion& q) {
  if (q.points < 2) throw std::invalid_argument(fmt::format("expected at least 2 points, found {}", q.points));
  UncertaintyPlan plan{q, {}, {}, {}, {}, {}};
  const Scenario base = load_scenario(q.spec.scenario_path, q.spec.common);
  const std::optional<Scenario> variant =
      q.spec.variant_path.empty() ? std::nullopt
                                  : std::optional<Scenario>(load_scenario(q.spec.variant_path, q.spec.common));
  plan.metrics = chosen_metrics(base, q.metrics);
  plan.inputs = ranged_inputs(base, variant ? &*variant : nullptr);
  if (plan.inputs.empty())
    throw std::invalid_argument(fmt::format(
        "{} has no number with a plausible range: expected assumptions (each varies over x0.5-x1.5 unless it "
        "states a range) or numbers with `range:` or `distribution:`",
        q.spec.scenario_path));
  const Eigen::MatrixXd cube = cube_points(q, static_cast<int>(plan.inputs.size()));
  for (Eigen::Index r = 0; r < cube.rows(); ++r) {
    const Eigen::VectorXd row = cube.row(r).transpose();
    plan.points.push_back(
        point_at(plan.inputs, static_cast<std::size_t>(r), std::vector<double>(row.data(), row.data() + row.size())));
  }
  plan.scenarios = load_design_scenarios(q.spec, plan.points);
  plan.method =
      fmt::format("uncertainty design={} points={} seed={} inputs={}", q.design == DesignKind::sobol ? "sobol" : "lhs",
                  q.points, q.design_seed, plan.inputs.size());
  return plan;
}

UncertaintyAnswer estimate_uncertainty(const UncertaintyPlan& plan, const std::vector<PointValues>& values) {
  if (values.size() != plan.points.size())
    throw std::invalid_argument("estimate_uncertainty: one set of values per point expected");
  UncertaintyAnswer a;
  const Scenario& base = plan.scenarios.first();
  a.scenario = base.name;
  a.variant = !plan.scenarios.paired() ? "" : plan.scenarios.first_variant().name;
  a.design = plan.question.design;
  a.points = static_cast<int>(plan.points.size());
  a.replications = base.simulation.replications;
  for (const RangedInput& in : plan.inputs)
    (in.spread == Provenance::Spread::defaulted ? a.defaulted_inputs : a.ranged_inputs) += 1;
  a.inputs = plan.inputs;
  for (std::size_t m = 0; m < plan.metrics.size(); ++m)
    a.metrics.push_back(metric_uncertainty(plan.metrics[m], m, values, !a.variant.empty()));
  return a;
}

}  // namespace inspectsim
