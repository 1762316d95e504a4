// Sensitivity over assumptions: Morris screening and a tornado of every ranged number, then Sobol
// indices of the top ones, all through the one runner of design points.

#include "inspectsim/experiment/sensitivity_study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace inspectsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// A Morris grid level u in [0, 1] as a quantile: the middle of one of `levels` equal strata, so
/// that the grid's ends are not the range's extremes (a lognormal has none) and every step moves
/// an input by half its probability mass.
double morris_quantile(double u, int levels) { return (u * (levels - 1) + 0.5) / levels; }

/// The change of a Morris step in design units: levels / (2 (levels - 1)).
double morris_step(int levels) { return levels / (2.0 * (levels - 1)); }

std::vector<double> column(const std::vector<PointValues>& values, std::size_t first, std::size_t count,
                           std::size_t metric) {
  std::vector<double> out;
  for (std::size_t p = first; p < first + count; ++p) out.push_back(values[p].mean[metric]);
  return out;
}

/// The tornado's points: the centre (every input at its value), then each input's low and high.
std::vector<DesignPoint> tornado_points(const std::vector<RangedInput>& inputs, std::size_t first_index) {
  std::vector<DesignPoint> points;
  std::vector<double> values(inputs.size(), nan);
  points.push_back(point_with_values(inputs, first_index, values));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    values[i] = input_low(inputs[i]);
    points.push_back(point_with_values(inputs, first_index + points.size(), values));
    values[i] = input_high(inputs[i]);
    points.push_back(point_with_values(inputs, first_index + points.size(), values));
    values[i] = nan;
  }
  return points;
}

/// The Saltelli design over the chosen inputs, the others at their own values.
std::vector<DesignPoint> sobol_points_of(const SensitivityPlan& plan, const std::vector<int>& chosen,
                                         std::size_t first_index, Eigen::MatrixXd& cube) {
  cube = saltelli_design(plan.question.base_points, static_cast<int>(chosen.size()));
  std::vector<DesignPoint> points;
  for (Eigen::Index r = 0; r < cube.rows(); ++r) {
    std::vector<double> values(plan.inputs.size(), nan);
    for (std::size_t c = 0; c < chosen.size(); ++c)
      values[chosen[c]] = input_value(plan.inputs[chosen[c]], cube(r, static_cast<Eigen::Index>(c)));
    points.push_back(point_with_values(plan.inputs, first_index + points.size(), values));
  }
  return points;
}

/// Runs one stage, with the values already done for it, reporting progress over both stages.
std::vector<PointValues> run_stage(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                                   const SensitivityPlan& plan, const SensitivityOptions& options, std::size_t offset) {
  EvaluateOptions stage{options.run, {}, options.on_point, {}};
  const std::size_t have = std::min(points.size(), options.done.size() > offset ? options.done.size() - offset : 0);
  stage.done.assign(options.done.begin() + static_cast<std::ptrdiff_t>(std::min(offset, options.done.size())),
                    options.done.begin() + static_cast<std::ptrdiff_t>(std::min(offset, options.done.size()) + have));
  if (options.progress) {
    // Points run in earlier stages of this call (not read from the points file), and all to run.
    const std::size_t done = options.done.size();
    const int already = static_cast<int>(std::max(offset, done) - done);
    const int to_do = static_cast<int>(plan.total_points - std::min(plan.total_points, done));
    stage.progress = [&options, already, to_do](int count, int) { options.progress(already + count, to_do); };
  }
  return evaluate_design(scenarios, points, plan.metrics, stage);
}

MetricSensitivity screen_metric(const SensitivityPlan& plan, const std::vector<PointValues>& screening, std::size_t m) {
  const std::size_t k = plan.inputs.size(), morris_rows = static_cast<std::size_t>(plan.morris.rows());
  MetricSensitivity s{plan.metrics[m].name, plan.metrics[m].unit, screening[morris_rows].mean[m], 0, {}, nan};
  const std::vector<double> y = column(screening, 0, morris_rows, m);
  const std::vector<ElementaryEffects> effects =
      morris_effects(Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size())), plan.morris);
  const double step = morris_step(plan.question.levels);
  double noise = 0;
  for (std::size_t p = 0; p < morris_rows; ++p) noise += screening[p].noise_variance[m];
  s.noise_effect = std::sqrt(2 * noise / static_cast<double>(morris_rows));
  for (std::size_t i = 0; i < k; ++i) {
    InputSensitivity in;
    in.input = i;
    in.morris = {effects[i].mu * step, effects[i].mu_star * step, effects[i].sigma * step};
    in.at_low = screening[morris_rows + 1 + 2 * i].mean[m];
    in.at_high = screening[morris_rows + 2 + 2 * i].mean[m];
    s.ranking.push_back(in);
  }
  std::stable_sort(s.ranking.begin(), s.ranking.end(), [](const InputSensitivity& a, const InputSensitivity& b) {
    const double left = std::isnan(a.morris.mu_star) ? -1 : a.morris.mu_star;
    const double right = std::isnan(b.morris.mu_star) ? -1 : b.morris.mu_star;
    return left > right;
  });
  return s;
}

void add_sobol(MetricSensitivity& s, const std::vector<PointValues>& values, std::size_t m,
               const std::vector<int>& chosen, const SensitivityQuestion& q) {
  const std::vector<double> y = column(values, 0, values.size(), m);
  SobolIndices indices;
  try {
    indices = sobol_indices(Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size())),
                            static_cast<int>(chosen.size()), {q.resamples, q.seed, 0.95});
  } catch (const std::invalid_argument&) {
    return;  // the metric does not vary over the design: no input explains any of it
  }
  s.sobol_variance = indices.variance;
  for (InputSensitivity& in : s.ranking) {
    const auto at = std::find(chosen.begin(), chosen.end(), static_cast<int>(in.input));
    if (at == chosen.end()) continue;
    const auto c = static_cast<std::size_t>(at - chosen.begin());
    in.has_sobol = true;
    in.first_order = indices.first_order[c];
    in.total = indices.total[c];
  }
}

}  // namespace

SensitivityPlan plan_sensitivity(const SensitivityQuestion& q) {
  if (q.metrics.empty()) throw std::invalid_argument("expected at least one --metric");
  if (q.trajectories < 2)
    throw std::invalid_argument(fmt::format("expected at least 2 trajectories, found {}", q.trajectories));
  if (q.levels < 2 || q.levels % 2 != 0)
    throw std::invalid_argument(fmt::format("expected an even number of Morris levels, found {}", q.levels));
  if (q.top < 0 || (q.top > 0 && q.base_points < 2))
    throw std::invalid_argument("expected --top >= 0 and --base-points >= 2");
  SensitivityPlan plan;
  plan.question = q;
  const Scenario base = load_scenario(q.spec.scenario_path, q.spec.common);
  const std::optional<Scenario> variant =
      q.spec.variant_path.empty() ? std::nullopt
                                  : std::optional<Scenario>(load_scenario(q.spec.variant_path, q.spec.common));
  for (const std::string& name : q.metrics) plan.metrics.push_back(find_metric(base, name));
  plan.inputs = ranged_inputs(base, variant ? &*variant : nullptr);
  if (plan.inputs.empty())
    throw std::invalid_argument(fmt::format("{} has no number with a plausible range", q.spec.scenario_path));
  const int k = static_cast<int>(plan.inputs.size());
  plan.morris = morris_design(q.trajectories, k, q.levels, q.seed);
  for (Eigen::Index r = 0; r < plan.morris.rows(); ++r) {
    std::vector<double> u(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) u[c] = morris_quantile(plan.morris(r, c), q.levels);
    plan.screening.push_back(point_at(plan.inputs, static_cast<std::size_t>(r), u));
  }
  for (DesignPoint& p : tornado_points(plan.inputs, plan.screening.size())) plan.screening.push_back(std::move(p));
  plan.screening_scenarios = load_design_scenarios(q.spec, plan.screening);
  plan.sobol_inputs = std::min(q.top, k);
  plan.total_points = plan.screening.size() +
                      (plan.sobol_inputs > 0 ? static_cast<std::size_t>((plan.sobol_inputs + 2) * q.base_points) : 0);
  plan.method =
      fmt::format("sensitivity trajectories={} levels={} top={} base_points={} seed={} resamples={} inputs={}",
                  q.trajectories, q.levels, q.top, q.base_points, q.seed, q.resamples, k);
  return plan;
}

SensitivityAnswer run_sensitivity(const SensitivityPlan& plan, const SensitivityOptions& options) {
  const std::vector<PointValues> screening = run_stage(plan.screening_scenarios, plan.screening, plan, options, 0);
  SensitivityAnswer a;
  const Scenario& base = plan.screening_scenarios.first();
  a.scenario = base.name;
  a.variant = !plan.screening_scenarios.paired() ? "" : plan.screening_scenarios.first_variant().name;
  a.replications = base.simulation.replications;
  a.model_points = static_cast<int>(plan.screening.size());
  a.inputs = plan.inputs;
  for (std::size_t m = 0; m < plan.metrics.size(); ++m) a.metrics.push_back(screen_metric(plan, screening, m));
  if (plan.sobol_inputs == 0) return a;

  for (int i = 0; i < plan.sobol_inputs; ++i) a.sobol_inputs.push_back(static_cast<int>(a.metrics[0].ranking[i].input));
  Eigen::MatrixXd cube;
  const std::vector<DesignPoint> sobol = sobol_points_of(plan, a.sobol_inputs, plan.screening.size(), cube);
  const DesignScenarios scenarios = load_design_scenarios(plan.question.spec, sobol);
  const std::vector<PointValues> values = run_stage(scenarios, sobol, plan, options, plan.screening.size());
  a.model_points += static_cast<int>(sobol.size());
  for (std::size_t m = 0; m < plan.metrics.size(); ++m)
    add_sobol(a.metrics[m], values, m, a.sobol_inputs, plan.question);
  return a;
}

}  // namespace inspectsim
