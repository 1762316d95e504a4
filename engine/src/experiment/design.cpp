// The runner of design points (sweeps, uncertainty, sensitivity): batches of points on the
// threads and ranks, results passed on in point order.

#include "inspectsim/experiment/design.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>

#include "inspectsim/scenario/fingerprint.hpp"

namespace inspectsim {

namespace {

/// Points per batch: enough replications for every thread of every rank to have one, so a
/// design of few replications per point still keeps them all busy.
std::size_t points_per_batch(const DesignScenarios& scenarios, const RunOptions& run) {
  if (scenarios.size() == 0) return 1;
  const int threads = run.threads > 0 ? run.threads : tbb::this_task_arena::max_concurrency();
  const int ranks = run.cluster ? std::max(1, run.cluster->size) : 1;
  const int per_point = std::max(1, scenarios.first().simulation.replications) * (scenarios.paired() ? 2 : 1);
  const int workers = std::max(1, threads) * ranks;
  return static_cast<std::size_t>((workers + per_point - 1) / per_point);
}

/// The batch's scenarios in one list, loaded now: each point's base, then its variant if any.
std::vector<Scenario> batch_scenarios(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                                      std::size_t first, std::size_t last) {
  std::vector<Scenario> group;
  for (std::size_t p = first; p < last; ++p) {
    group.push_back(scenarios.base(p, points[p]));
    if (scenarios.paired()) group.push_back(scenarios.variant(p, points[p], group.back()));
  }
  return group;
}

double variance_of_mean(const Estimate& e) { return e.n > 0 ? e.sd * e.sd / e.n : 0.0; }

std::vector<Override> with_settings(const std::vector<Override>& common, const std::vector<Override>& settings) {
  std::vector<Override> overrides = common;
  overrides.insert(overrides.end(), settings.begin(), settings.end());
  return overrides;
}

}  // namespace

DesignScenarios::DesignScenarios(std::vector<Scenario> base, std::vector<Scenario> variant)
    : base_(std::move(base)), variant_(std::move(variant)), size_(base_.size()), paired_(!variant_.empty()) {
  if (paired_ && variant_.size() != base_.size())
    throw std::invalid_argument("DesignScenarios: one variant per point expected");
}

DesignScenarios::DesignScenarios(const DesignSpec& spec, const std::vector<DesignPoint>& points)
    : spec_(spec),
      base_files_(std::make_shared<const ScenarioFiles>(spec.scenario_path)),  // read once for every point
      variant_files_(spec.variant_path.empty() ? nullptr : std::make_shared<const ScenarioFiles>(spec.variant_path)),
      size_(points.size()),
      paired_(!spec.variant_path.empty()) {
  // Every point loaded once, to check it and take its fingerprint; only point 0's kept.
  for (std::size_t p = 0; p < points.size(); ++p) {
    Scenario b = base(p, points[p]);
    base_lines_ += scenario_fingerprint(b) + "\n";
    if (paired_) {
      Scenario v = variant(p, points[p], b);
      variant_lines_ += "variant " + scenario_fingerprint(v) + "\n";
      if (p == 0) first_.push_back(std::move(b)), first_.push_back(std::move(v));
    } else if (p == 0) {
      first_.push_back(std::move(b));
    }
  }
}

const Scenario& DesignScenarios::first() const { return base_files_ ? first_.at(0) : base_.at(0); }

const Scenario& DesignScenarios::first_variant() const { return base_files_ ? first_.at(1) : variant_.at(0); }

Scenario DesignScenarios::base(std::size_t position, const DesignPoint& point) const {
  if (!base_files_) return base_.at(position);
  return load_scenario(*base_files_, with_settings(spec_.common, point.settings));
}

Scenario DesignScenarios::variant(std::size_t position, const DesignPoint& point, const Scenario& base) const {
  if (!base_files_) return variant_.at(position);
  const std::vector<Override>& own = point.variant_settings ? *point.variant_settings : point.settings;
  return paired_variant(base, load_scenario(*variant_files_, with_settings(spec_.common, own)));
}

std::string DesignScenarios::fingerprint_lines(bool variants) const {
  if (base_files_) return variants ? variant_lines_ : base_lines_;
  std::string lines;
  for (const Scenario& s : variants ? variant_ : base_)
    lines += (variants ? "variant " : "") + scenario_fingerprint(s) + "\n";
  return lines;
}

DesignScenarios load_design_scenarios(const DesignSpec& spec, const std::vector<DesignPoint>& points) {
  return DesignScenarios(spec, points);
}

void run_design(const DesignScenarios& scenarios, const std::vector<DesignPoint>& points,
                const DesignOptions& options) {
  const std::size_t total = points.size();
  if (scenarios.size() != total)
    throw std::invalid_argument("run_design: one scenario (and variant) per point expected");
  const std::size_t batch = points_per_batch(scenarios, options.run);
  const bool paired = scenarios.paired();
  RunOptions run = options.run;
  run.progress = nullptr;
  if (!run.scratch) run.scratch = std::make_shared<ReplicationScratch>();  // reused by every point
  const int to_do = static_cast<int>(total - std::min(total, options.first_point));
  int done = 0;
  for (std::size_t first = options.first_point; first < total; first += batch) {
    const std::size_t last = std::min(total, first + batch);
    const std::vector<Scenario> group = batch_scenarios(scenarios, points, first, last);
    std::vector<KeptReplications> results = run_replications(group, run, paired);
    for (std::size_t p = first; p < last; ++p) {
      const std::size_t at = (p - first) * (paired ? 2 : 1);
      DesignOutcome outcome;
      if (paired) {
        CompareResult c =
            summarise_comparison(group[at], group[at + 1], std::move(results[at]), std::move(results[at + 1]));
        outcome.base = c.base;
        outcome.comparison = std::move(c);
      } else {
        outcome.base = summarise_run(group[at], std::move(results[at]));
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
