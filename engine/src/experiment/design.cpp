// The runner of design points (sweeps, uncertainty, sensitivity): batches of points on the
// threads and ranks, results passed on in point order.

#include "inspectsim/experiment/design.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>

namespace inspectsim {

namespace {

/// Points per batch: enough replications for every thread of every rank to have one, so a
/// design of few replications per point still keeps them all busy.
std::size_t points_per_batch(const DesignScenarios& scenarios, const RunOptions& run) {
  if (scenarios.base.empty()) return 1;
  const int threads = run.threads > 0 ? run.threads : tbb::this_task_arena::max_concurrency();
  const int ranks = run.cluster ? std::max(1, run.cluster->size) : 1;
  const int per_point =
      std::max(1, scenarios.base.front().simulation.replications) * (scenarios.variant.empty() ? 1 : 2);
  const int workers = std::max(1, threads) * ranks;
  return static_cast<std::size_t>((workers + per_point - 1) / per_point);
}

/// The batch's scenarios in one list: each point's base, then its variant if any.
std::vector<Scenario> batch_scenarios(const DesignScenarios& scenarios, std::size_t first, std::size_t last) {
  std::vector<Scenario> group;
  for (std::size_t p = first; p < last; ++p) {
    group.push_back(scenarios.base[p]);
    if (!scenarios.variant.empty()) group.push_back(scenarios.variant[p]);
  }
  return group;
}

double variance_of_mean(const Estimate& e) { return e.n > 0 ? e.sd * e.sd / e.n : 0.0; }

}  // namespace

DesignScenarios load_design_scenarios(const DesignSpec& spec, const std::vector<DesignPoint>& points) {
  DesignScenarios out;
  const ScenarioFiles base_files(spec.scenario_path);  // read once for every point
  const std::optional<ScenarioFiles> variant_files =
      spec.variant_path.empty() ? std::nullopt : std::optional<ScenarioFiles>(ScenarioFiles(spec.variant_path));
  for (const DesignPoint& point : points) {
    std::vector<Override> overrides = spec.common;
    overrides.insert(overrides.end(), point.settings.begin(), point.settings.end());
    out.base.push_back(load_scenario(base_files, overrides));
    if (!variant_files) continue;
    std::vector<Override> variant_overrides = spec.common;
    const std::vector<Override>& own = point.variant_settings ? *point.variant_settings : point.settings;
    variant_overrides.insert(variant_overrides.end(), own.begin(), own.end());
    out.variant.push_back(paired_variant(out.base.back(), load_scenario(*variant_files, variant_overrides)));
  }
  return out;
}

void run_design(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                const DesignOptions& options) {
  const std::size_t total = points.size();
  if (scenarios.base.size() != total || (!scenarios.variant.empty() && scenarios.variant.size() != total))
    throw std::invalid_argument("run_design: one scenario (and variant) per point expected");
  const std::size_t batch = points_per_batch(scenarios, options.run);
  const bool paired = !scenarios.variant.empty();
  RunOptions run = options.run;
  run.progress = nullptr;
  const int to_do = static_cast<int>(total - std::min(total, options.first_point));
  int done = 0;
  for (std::size_t first = options.first_point; first < total; first += batch) {
    const std::size_t last = std::min(total, first + batch);
    std::vector<std::vector<Metrics>> results = run_replications(batch_scenarios(scenarios, first, last), run);
    for (std::size_t p = first; p < last; ++p) {
      const std::size_t at = (p - first) * (paired ? 2 : 1);
      DesignOutcome outcome;
      if (paired) {
        CompareResult c = summarise_comparison(scenarios.base[p], scenarios.variant[p], std::move(results[at]),
                                               std::move(results[at + 1]));
        outcome.base = c.base;
        outcome.comparison = std::move(c);
      } else {
        outcome.base = summarise_run(scenarios.base[p], std::move(results[at]));
      }
      if (options.on_point) options.on_point(points[p], outcome);
      ++done;
      if (options.progress) options.progress(done, to_do);
    }
  }
}

PointValues point_values(const DesignOutcome& outcome, const std::vector<MetricRef>& metrics) {
  const Summary& summary = outcome.comparison ? outcome.comparison->difference : outcome.base.summary;
  PointValues values;
  for (const MetricRef& m : metrics) {
    const Estimate& e = m.in(summary);
    values.mean.push_back(e.mean);
    values.noise_variance.push_back(variance_of_mean(e));
  }
  return values;
}

std::vector<PointValues> evaluate_design(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                                         const std::vector<MetricRef>& metrics, const EvaluateOptions& options) {
  if (options.done.size() > points.size())
    throw std::invalid_argument("evaluate_design: more points done than the design has");
  std::vector<PointValues> values = options.done;
  DesignOptions run{options.run, options.done.size(), {}, options.progress};
  run.on_point = [&](const DesignPoint& point, const DesignOutcome& outcome) {
    values.push_back(point_values(outcome, metrics));
    if (options.on_point) options.on_point(point, values.back());
  };
  run_design(scenarios, points, run);
  return values;
}

}  // namespace inspectsim
