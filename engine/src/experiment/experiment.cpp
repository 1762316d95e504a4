#include "inspectsim/experiment/experiment.hpp"

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
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
  /// `footprints`: each model's, in the order of the jobs' model indices.
  EventProgress(const std::vector<Footprint>& footprints, const std::vector<Job>& jobs, std::size_t first,
                std::size_t last, const RunOptions& options)
      : options_(options), total_(static_cast<int>(last - first)) {
    if (!options.progress_within) return;
    for (std::size_t j = first; j < last; ++j) expected_events_ += footprints[jobs[j].model].events_per_replication;
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

/// Jobs run at once: for a large model, few enough that memory does not grow with threads,
/// each replication's regions sharing the threads (resource_budget.hpp).
std::size_t jobs_at_once(const std::vector<const Model*>& models, const std::vector<Footprint>& footprints, int threads,
                         std::size_t jobs) {
  double replication_bytes = 0;
  int regions = 1;
  for (std::size_t m = 0; m < models.size(); ++m) {
    if (footprints[m].replication_bytes > replication_bytes) {
      replication_bytes = footprints[m].replication_bytes;
      regions = models[m]->region_count();
    }
  }
  return static_cast<std::size_t>(replications_at_once(replication_bytes, regions, threads,
                                                       static_cast<int>(std::min<std::size_t>(jobs, 1 << 30))));
}

/// Runs jobs [first, last) of `jobs` on this process's threads; results in job order.
std::vector<Metrics> run_jobs(const std::vector<const Model*>& models, const std::vector<Job>& jobs, std::size_t first,
                              std::size_t last, const RunOptions& options) {
  std::vector<Metrics> results(last - first);
  const int total = static_cast<int>(last - first);
  if (total == 0) return results;
  std::mutex progress_mutex;
  int done = 0;
  std::vector<Footprint> footprints;  // estimated once, for the progress bar and the jobs at once
  for (const Model* m : models) footprints.push_back(estimate_footprint(*m->scenario));
  EventProgress within(footprints, jobs, first, last, options);
  const std::size_t at_once = jobs_at_once(models, footprints, threads_of(options), last - first);
  // Tables kept per thread for the next replication, but not for a large model, whose
  // replications run few at a time: kept tables would grow with the threads again.
  const bool large = at_once < std::min<std::size_t>(static_cast<std::size_t>(threads_of(options)), last - first);
  const std::shared_ptr<ReplicationScratch> scratch = large             ? nullptr
                                                      : options.scratch ? options.scratch
                                                                        : std::make_shared<ReplicationScratch>();
  tbb::task_arena arena(threads_of(options));
  arena.execute([&] {
    for (std::size_t wave = 0; wave < results.size(); wave += at_once) {
      parallel_indices(std::min(at_once, results.size() - wave), [&](std::size_t w) {
        throw_if_cancelled(options.cancel);
        const std::size_t i = wave + w;
        const Job& job = jobs[first + i];
        const Model& model = *models[job.model];
        results[i] =
            compute_metrics(model, simulate_replication(model, job.seed, static_cast<std::uint32_t>(job.replication),
                                                        options.cancel, within.handler(), scratch.get()));
        std::lock_guard<std::mutex> lock(progress_mutex);
        within.finished();
        if (options.progress) options.progress(++done, total);
      });
    }
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

/// Options whose progress counts on from `done_before` of `total` (a run made of several parallel loops).
RunOptions counting_from(const RunOptions& options, int done_before, int total) {
  RunOptions o = options;
  if (options.progress)
    o.progress = [tell = options.progress, done_before, total](int done, int) { tell(done_before + done, total); };
  if (options.progress_within)
    o.progress_within = [tell = options.progress_within, done_before, total](double done, int) {
      tell(done_before + done, total);
    };
  return o;
}

/// Scenarios run together: one alone, or a (base, variant) pair whose differences are summed too.
struct Group {
  std::size_t first;
  std::size_t members;  ///< 1, or 2 for a pair
};

/// Adds a block, the next in replication order, to the group's kept replications.
void absorb(FoldedBlock block, const Group& group, std::vector<KeptReplications>& out) {
  for (std::size_t m = 0; m < group.members; ++m) {
    KeptReplications& kept = out[group.first + m];
    for (Metrics& metrics : block.each[m]) kept.each.push_back(std::move(metrics));
    kept.yearly->merge(block.sums[m]);
  }
  if (group.members == 2) out[group.first + 1].yearly_differences->merge(block.differences);
}

/// Blocks [first, last) of a group's `replications`: rank k of a cluster runs a contiguous share.
struct BlockRange {
  int first;
  int last;
};

int blocks_of(int replications) { return (replications + replications_per_block - 1) / replications_per_block; }

BlockRange my_blocks(int replications, const Cluster* cluster) {
  const int blocks = blocks_of(replications);
  if (!cluster || cluster->size <= 1) return {0, blocks};
  const auto share = [&](int rank) { return static_cast<int>(static_cast<long long>(rank) * blocks / cluster->size); };
  return {share(cluster->rank), share(cluster->rank + 1)};
}

/// Runs a group's replications a few blocks at a time, folding each block's yearly metrics into running
/// sums (so a process holds only those blocks'), and exchanges the blocks over the cluster, if any.
/// Every process merges the blocks in block order: the sums do not depend on threads or processes.
void run_folded(const std::vector<const Model*>& models, const std::vector<std::uint32_t>& seeds, const Group& group,
                int replications, const RunOptions& options, int& done, int total, std::vector<KeptReplications>& out) {
  for (std::size_t m = 0; m < group.members; ++m) out[group.first + m].yearly.emplace();
  if (group.members == 2) out[group.first + 1].yearly_differences.emplace();
  const Cluster* cluster = options.cluster && options.cluster->size > 1 ? options.cluster : nullptr;
  const BlockRange mine = my_blocks(replications, cluster);
  const int window = replications_folded_at_once(threads_of(options)) / replications_per_block;  // blocks at once
  std::vector<double> values;
  for (int b = mine.first; b < mine.last; b += window) {
    const int last_block = std::min(mine.last, b + window);
    const int end = std::min(replications, last_block * replications_per_block);
    std::vector<Job> jobs;
    for (int r = b * replications_per_block; r < end; ++r)
      for (std::size_t m = 0; m < group.members; ++m) jobs.push_back({group.first + m, seeds[group.first + m], r});
    RunOptions here = counting_from(options, done, total);
    here.cluster = nullptr;
    std::vector<Metrics> results = run_jobs(models, jobs, 0, jobs.size(), here);
    done += static_cast<int>(jobs.size());
    for (int k = b; k < last_block; ++k) {  // each block folded on its own, in order
      const std::size_t from = static_cast<std::size_t>(k - b) * replications_per_block * group.members;
      const std::size_t to = std::min(results.size(), from + replications_per_block * group.members);
      FoldedBlock block = fold_block({std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(from)),
                                      std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(to))},
                                     group.members);
      if (cluster)
        append_block_values(block, values);
      else
        absorb(std::move(block), group, out);
    }
  }
  if (!cluster) return;
  const std::vector<std::vector<double>> from_ranks = cluster->all_gather(values);
  values = {};
  for (int rank = 0; rank < cluster->size; ++rank) {
    Cluster other = *cluster;
    other.rank = rank;
    const BlockRange theirs = my_blocks(replications, &other);
    std::size_t position = 0;
    for (int b = theirs.first; b < theirs.last; ++b)
      absorb(block_from_values(from_ranks[static_cast<std::size_t>(rank)], position, group.members), group, out);
  }
  for (std::size_t m = 0; m < group.members; ++m)
    if (out[group.first + m].each.size() != static_cast<std::size_t>(replications))
      throw std::runtime_error(fmt::format("gathered {} replications from the cluster, expected {}",
                                           out[group.first + m].each.size(), replications));
}

/// This process's share of `jobs` jobs split over the cluster as run_all_jobs splits them.
int jobs_here(std::size_t jobs, const Cluster* cluster) {
  if (!cluster || cluster->size <= 1) return static_cast<int>(jobs);
  const std::size_t k = static_cast<std::size_t>(cluster->rank), ranks = static_cast<std::size_t>(cluster->size);
  return static_cast<int>((k + 1) * jobs / ranks - k * jobs / ranks);
}

/// The replications of `models` (one per scenario), grouped as `groups`: groups that keep their yearly
/// detail run in one parallel batch, as before; the others block by block, folded into running sums.
std::vector<KeptReplications> run_groups(const std::vector<const Model*>& models,
                                         const std::vector<Scenario>& scenarios, const std::vector<Group>& groups,
                                         const RunOptions& options) {
  std::vector<std::uint32_t> seeds;
  for (const Scenario& s : scenarios) seeds.push_back(static_cast<std::uint32_t>(s.simulation.seed));
  std::vector<const Model*> detail_models;
  std::vector<std::uint32_t> detail_seeds;
  std::vector<int> detail_replications;
  std::vector<std::size_t> detail_of;  // scenario index of each detail model
  std::vector<Group> folded;
  int folded_jobs = 0;
  for (const Group& g : groups) {
    const Scenario& s = scenarios[g.first];
    if (!keeps_yearly_detail(s)) {
      folded.push_back(g);
      const BlockRange mine = my_blocks(s.simulation.replications, options.cluster);
      const int end = std::min(s.simulation.replications, mine.last * replications_per_block);
      folded_jobs += static_cast<int>(g.members) * std::max(0, end - mine.first * replications_per_block);
      continue;
    }
    for (std::size_t m = g.first; m < g.first + g.members; ++m) {
      detail_models.push_back(models[m]);
      detail_seeds.push_back(seeds[m]);
      detail_replications.push_back(scenarios[m].simulation.replications);
      detail_of.push_back(m);
    }
  }
  std::vector<KeptReplications> out(scenarios.size());
  if (folded.empty()) {  // the usual run: as it always was
    std::vector<std::vector<Metrics>> results = run_models(models, seeds, detail_replications, options);
    for (std::size_t i = 0; i < results.size(); ++i) out[i].each = std::move(results[i]);
    return out;
  }
  std::size_t detail_total = 0;
  for (const int r : detail_replications) detail_total += static_cast<std::size_t>(r);
  const int total = jobs_here(detail_total, options.cluster) + folded_jobs;
  int done = 0;
  if (!detail_models.empty()) {
    std::vector<std::vector<Metrics>> results =
        run_models(detail_models, detail_seeds, detail_replications, counting_from(options, 0, total));
    for (std::size_t i = 0; i < results.size(); ++i) out[detail_of[i]].each = std::move(results[i]);
    done = jobs_here(detail_total, options.cluster);
  }
  for (const Group& g : folded)
    run_folded(models, seeds, g, scenarios[g.first].simulation.replications, options, done, total, out);
  return out;
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
  return summarise_run(scenario, KeptReplications{std::move(replications), {}, {}});
}

RunResult summarise_run(const Scenario& scenario, KeptReplications replications) {
  RunResult result{scenario, std::move(replications.each), {}};
  result.summary = replications.yearly ? summarise(result.replications, *replications.yearly, scenario.simulation.years)
                                       : summarise(result.replications);
  return result;
}

RunResult run_experiment(const Scenario& scenario, const RunOptions& options) {
  return summarise_run(scenario, std::move(run_replications({scenario}, options)[0]));
}

std::vector<KeptReplications> run_replications(const std::vector<Scenario>& scenarios, const RunOptions& options,
                                               bool in_pairs) {
  for (const Scenario& s : scenarios) check_calibration(s);  // a target naming no metric fails before anything runs
  check_resources(scenarios, threads_of(options));
  if (in_pairs && scenarios.size() % 2 != 0)
    throw std::invalid_argument("run_replications: an even number of scenarios expected in pairs");
  std::vector<Model> models;
  models.reserve(scenarios.size());
  for (const Scenario& s : scenarios) models.push_back(build_model(s, options.cancel));
  std::vector<const Model*> pointers;
  for (const Model& m : models) pointers.push_back(&m);
  std::vector<Group> groups;
  const std::size_t members = in_pairs ? 2 : 1;
  for (std::size_t i = 0; i < scenarios.size(); i += members) groups.push_back({i, members});
  return run_groups(pointers, scenarios, groups, options);
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

CompareResult summarise_comparison(const Scenario& base, const Scenario& paired, KeptReplications base_replications,
                                   KeptReplications variant_replications) {
  const bool summed =
      base_replications.yearly && variant_replications.yearly && variant_replications.yearly_differences;
  if (!summed && (base_replications.yearly || variant_replications.yearly))
    throw std::invalid_argument("summarise_comparison: both sides need their yearly sums and differences, or neither");
  CompareResult c{
      {base, std::move(base_replications.each), {}}, {paired, std::move(variant_replications.each), {}}, {}, {}};
  const std::vector<Metrics> aligned = in_base_order(c.variant.replications, base, paired);
  if (!summed) {
    c.base.summary = summarise(c.base.replications);
    c.variant.summary = summarise(c.variant.replications);
    c.variant_as_base = summarise(aligned);
    c.difference = summarise_differences(c.base.replications, aligned);
    return c;
  }
  const int years = base.simulation.years;
  c.base.summary = summarise(c.base.replications, *base_replications.yearly, years);
  c.variant.summary = summarise(c.variant.replications, *variant_replications.yearly, years);
  c.variant_as_base = summarise(aligned, *variant_replications.yearly, years);
  c.difference = summarise_differences(c.base.replications, aligned, *variant_replications.yearly_differences, years);
  return c;
}

CompareResult compare_experiments(const Scenario& base, const Scenario& variant, const RunOptions& options) {
  const Scenario paired = paired_variant(base, variant);
  auto runs = run_replications({base, paired}, options, true);
  return summarise_comparison(base, paired, std::move(runs[0]), std::move(runs[1]));
}

}  // namespace inspectsim
