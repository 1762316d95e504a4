#include "inspectsim/experiment/experiment.hpp"

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "inspectsim/experiment/resource_budget.hpp"
#include "inspectsim/metrics/calibration.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/scenario/error.hpp"
#include "inspectsim/simulation/footprint.hpp"
#include "inspectsim/simulation/replication.hpp"
#include "kernel/parallel.hpp"

namespace inspectsim {

namespace {

/// One replication to run: which model, with which seed, which replication index.
struct Job {
  std::size_t model;
  std::uint32_t seed;
  int replication;
};

/// Runs jobs [first, last) of `jobs` on this process's threads; results in job order.
int threads_of(const RunOptions& options) {
  return options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
}

/// Progress within replications: events handled against the events the jobs are expected to take.
class EventProgress {
 public:
  EventProgress(const std::vector<const Model*>& models, const std::vector<Job>& jobs, std::size_t first,
                std::size_t last, const RunOptions& options)
      : options_(options), total_(static_cast<int>(last - first)) {
    if (!options.progress_within) return;
    std::vector<double> per_model;
    for (const Model* m : models) per_model.push_back(estimate_footprint(*m->scenario).events_per_replication);
    for (std::size_t j = first; j < last; ++j) expected_events_ += per_model[jobs[j].model];
    handled_ = [this](std::uint64_t events) {
      events_ += events;
      std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);  // a busy bar skips a beat
      if (lock.owns_lock()) tell();
    };
  }
  const EventsHandled* handler() const { return options_.progress_within ? &handled_ : nullptr; }
  /// A replication finished (under the caller's lock).
  void finished() { ++done_; }

 private:
  void tell() {
    const double share = expected_events_ > 0 ? static_cast<double>(events_.load()) / expected_events_ : 0;
    const double done = done_;
    options_.progress_within(std::clamp(share * total_, done, std::max(done, total_ - 0.01)), total_);
  }
  const RunOptions& options_;
  int total_;
  double expected_events_ = 0;
  std::atomic<std::uint64_t> events_{0};
  std::atomic<int> done_{0};
  std::mutex mutex_;
  EventsHandled handled_;
};

/// Runs jobs [first, last) of `jobs` on this process's threads; results in job order.
std::vector<Metrics> run_jobs(const std::vector<const Model*>& models, const std::vector<Job>& jobs, std::size_t first,
                              std::size_t last, const RunOptions& options) {
  std::vector<Metrics> results(last - first);
  const int total = static_cast<int>(last - first);
  if (total == 0) return results;
  std::mutex progress_mutex;
  int done = 0;
  EventProgress within(models, jobs, first, last, options);
  tbb::task_arena arena(threads_of(options));
  arena.execute([&] {
    parallel_indices(static_cast<std::size_t>(total), [&](std::size_t i) {
      throw_if_cancelled(options.cancel);
      const Job& job = jobs[first + i];
      const Model& model = *models[job.model];
      results[i] =
          compute_metrics(model, simulate_replication(model, job.seed, static_cast<std::uint32_t>(job.replication),
                                                      options.cancel, within.handler()));
      std::lock_guard<std::mutex> lock(progress_mutex);
      within.finished();
      if (options.progress) options.progress(++done, total);
    });
  });
  return results;
}

/// Runs every job, here or split over the cluster's processes, and returns all results in job order.
std::vector<Metrics> run_all_jobs(const std::vector<const Model*>& models, const std::vector<Job>& jobs,
                                  const RunOptions& options) {
  const Cluster* cluster = options.cluster;
  if (!cluster || cluster->size <= 1) return run_jobs(models, jobs, 0, jobs.size(), options);
  // Contiguous blocks, one per rank: rank k runs jobs [k n / K, (k+1) n / K).
  const std::size_t n = jobs.size(), k = static_cast<std::size_t>(cluster->rank),
                    ranks = static_cast<std::size_t>(cluster->size);
  const std::vector<Metrics> mine = run_jobs(models, jobs, k * n / ranks, (k + 1) * n / ranks, options);
  std::vector<double> values;
  for (const Metrics& m : mine) append_metrics_values(m, values);
  std::vector<Metrics> all;
  all.reserve(n);
  for (const std::vector<double>& from_rank : cluster->all_gather(values))
    for (std::size_t position = 0; position < from_rank.size();)
      all.push_back(metrics_from_values(from_rank, position));
  if (all.size() != n)
    throw std::runtime_error(fmt::format("gathered {} replications from the cluster, expected {}", all.size(), n));
  return all;
}

/// Replications 0..replications-1 of each model; results[m][r], every model with its own seed.
std::vector<std::vector<Metrics>> run_models(const std::vector<const Model*>& models,
                                             const std::vector<std::uint32_t>& seeds,
                                             const std::vector<int>& replications, const RunOptions& options) {
  std::vector<Job> jobs;
  for (std::size_t m = 0; m < models.size(); ++m)
    for (int r = 0; r < replications[m]; ++r) jobs.push_back({m, seeds[m], r});
  std::vector<Metrics> flat = run_all_jobs(models, jobs, options);
  std::vector<std::vector<Metrics>> results(models.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) results[jobs[j].model].push_back(std::move(flat[j]));
  return results;
}

template <typename Item>
std::vector<std::string> names_of(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& i : items) out.push_back(i.name);
  return out;
}

/// Rows re-ordered to the names `to`, from rows named `from`; NaN rows for names `from` lacks.
std::vector<std::vector<double>> by_name(const std::vector<std::vector<double>>& rows,
                                         const std::vector<std::string>& from, const std::vector<std::string>& to,
                                         std::size_t width) {
  std::vector<std::vector<double>> out;
  for (const std::string& name : to) {
    const auto at = std::find(from.begin(), from.end(), name);
    out.push_back(at == from.end() ? std::vector<double>(width, std::numeric_limits<double>::quiet_NaN())
                                   : rows[static_cast<std::size_t>(at - from.begin())]);
  }
  return out;
}

/// The variant's replications with their violation types and size classes in the base's order.
std::vector<Metrics> in_base_order(const std::vector<Metrics>& variant, const Scenario& base, const Scenario& v) {
  std::vector<Metrics> out = variant;
  for (Metrics& m : out) {
    m.by_violation =
        by_name(m.by_violation, names_of(v.violations), names_of(base.violations), violation_metrics().size());
    m.by_size_class =
        by_name(m.by_size_class, names_of(v.size_classes), names_of(base.size_classes), size_class_metrics().size());
  }
  return out;
}

}  // namespace

RunResult summarise_run(const Scenario& scenario, std::vector<Metrics> replications) {
  RunResult result{scenario, std::move(replications), {}};
  result.summary = summarise(result.replications);
  return result;
}

RunResult run_experiment(const Scenario& scenario, const RunOptions& options) {
  return summarise_run(scenario, std::move(run_replications({scenario}, options)[0]));
}

std::vector<std::vector<Metrics>> run_replications(const std::vector<Scenario>& scenarios, const RunOptions& options) {
  for (const Scenario& s : scenarios) check_calibration(s);  // a target naming no metric fails before anything runs
  check_resources(scenarios, threads_of(options));
  std::vector<Model> models;
  models.reserve(scenarios.size());
  for (const Scenario& s : scenarios) models.push_back(build_model(s, options.cancel));
  std::vector<const Model*> pointers;
  std::vector<std::uint32_t> seeds;
  std::vector<int> replications;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    pointers.push_back(&models[i]);
    seeds.push_back(static_cast<std::uint32_t>(scenarios[i].simulation.seed));
    replications.push_back(scenarios[i].simulation.replications);
  }
  return run_models(pointers, seeds, replications, options);
}

std::vector<Metrics> run_replication_block(const Scenario& scenario, int first, int count, const RunOptions& options) {
  Scenario block = scenario;  // the budget of the block's replications, not the whole run's
  block.simulation.replications = count;
  check_resources({block}, threads_of(options));
  const Model model = build_model(scenario, options.cancel);
  std::vector<Job> jobs;
  for (int r = first; r < first + count; ++r)
    jobs.push_back({0, static_cast<std::uint32_t>(scenario.simulation.seed), r});
  return run_jobs({&model}, jobs, 0, jobs.size(), options);
}

Scenario paired_variant(const Scenario& base, const Scenario& variant) {
  if (variant.simulation.years != base.simulation.years ||
      variant.simulation.warmup_years != base.simulation.warmup_years)
    throw ScenarioError(
        {variant.file, 0, 0}, "simulation.years",
        fmt::format(
            "a comparison needs the same horizon: base has {} years after {} of warm-up, the variant {} after {}",
            base.simulation.years, base.simulation.warmup_years, variant.simulation.years,
            variant.simulation.warmup_years));
  Scenario paired = variant;  // common random numbers: same seed, same replications, same horizon
  paired.simulation.seed = base.simulation.seed;
  paired.simulation.replications = base.simulation.replications;
  return paired;
}

CompareResult summarise_comparison(const Scenario& base, const Scenario& paired, std::vector<Metrics> base_replications,
                                   std::vector<Metrics> variant_replications) {
  CompareResult c{{base, std::move(base_replications), {}}, {paired, std::move(variant_replications), {}}, {}, {}};
  c.base.summary = summarise(c.base.replications);
  c.variant.summary = summarise(c.variant.replications);
  const std::vector<Metrics> aligned = in_base_order(c.variant.replications, base, paired);
  c.variant_as_base = summarise(aligned);
  c.difference = summarise_differences(c.base.replications, aligned);
  return c;
}

CompareResult compare_experiments(const Scenario& base, const Scenario& variant, const RunOptions& options) {
  const Scenario paired = paired_variant(base, variant);
  auto runs = run_replications({base, paired}, options);
  return summarise_comparison(base, paired, std::move(runs[0]), std::move(runs[1]));
}

}  // namespace inspectsim
