#include "inspectsim/experiment/experiment.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <fmt/format.h>

#include <mutex>

#include "inspectsim/experiment/replication.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/scenario/error.hpp"
#include "kernel/tsan.hpp"

namespace inspectsim {

namespace {

/// Runs every (model, replication) job on `threads` threads; results land in job order.
std::vector<std::vector<Metrics>> run_models(const std::vector<const Model*>& models, std::uint32_t seed,
                                             int replications, const RunOptions& options) {
  std::vector<std::vector<Metrics>> results(models.size(), std::vector<Metrics>(replications));
  const int total = static_cast<int>(models.size()) * replications;
  std::mutex progress_mutex;
  int done = 0;
  const int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  char tasks_start = 0, tasks_end = 0;  // addresses for ThreadSanitizer only (kernel/tsan.hpp)
  tsan::release(&tasks_start);
  const tsan::AcquireOnExit tasks_done(&tasks_end);  // on return, and when a task threw (Cancelled)
  arena.execute([&] {
    tbb::parallel_for(0, total, [&](int job) {
      tsan::acquire(&tasks_start);
      const tsan::ReleaseOnExit task_end(&tasks_end);
      if (options.cancel && options.cancel->load()) throw Cancelled();
      const std::size_t m = static_cast<std::size_t>(job % models.size());
      const int r = job / static_cast<int>(models.size());
      const Model& model = *models[m];
      results[m][r] = compute_metrics(model, simulate_replication(model, seed, static_cast<std::uint32_t>(r), options.cancel));
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(++done, total);
      }
    });
  });
  return results;
}

}  // namespace

RunResult run_experiment(const Scenario& scenario, const RunOptions& options) {
  const Model model = build_model(scenario);
  const auto seed = static_cast<std::uint32_t>(scenario.simulation.seed);
  RunResult result{scenario, run_models({&model}, seed, scenario.simulation.replications, options)[0], {}};
  result.summary = summarise(result.replications);
  return result;
}

CompareResult compare_experiments(const Scenario& base, const Scenario& variant, const RunOptions& options) {
  if (variant.simulation.years != base.simulation.years || variant.simulation.warmup_years != base.simulation.warmup_years)
    throw ScenarioError({variant.file, 0, 0}, "simulation.years",
                        fmt::format("a comparison needs the same horizon: base has {} years after {} of warm-up, the variant {} after {}",
                                    base.simulation.years, base.simulation.warmup_years, variant.simulation.years,
                                    variant.simulation.warmup_years));
  Scenario paired = variant;  // common random numbers: same seed, same replications, same horizon
  paired.simulation.seed = base.simulation.seed;
  paired.simulation.replications = base.simulation.replications;
  const Model base_model = build_model(base);
  const Model variant_model = build_model(paired);
  auto runs = run_models({&base_model, &variant_model}, static_cast<std::uint32_t>(base.simulation.seed),
                         base.simulation.replications, options);
  CompareResult c{{base, std::move(runs[0]), {}}, {paired, std::move(runs[1]), {}}, {}};
  c.base.summary = summarise(c.base.replications);
  c.variant.summary = summarise(c.variant.replications);
  c.difference = summarise_differences(c.base.replications, c.variant.replications);
  return c;
}

}  // namespace inspectsim
