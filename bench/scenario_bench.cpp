// One simulated year of each country baseline at full scale (no warm-up), in entity-years per
// second, and the same in events per second of the engine's own loop.

#include <benchmark/benchmark.h>
#include <oneapi/tbb/task_arena.h>

#include <string>

#include "inspectsim/inspectsim.hpp"

namespace {

const char* const countries[] = {"kazakhstan", "kyrgyzstan", "uzbekistan"};

void BM_CountryYear(benchmark::State& state) {
  const std::string country = countries[state.range(0)];
  const inspectsim::Scenario s =
      inspectsim::load_scenario(std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/" + country + "/baseline.yaml",
                                {{"simulation.years", "1"}, {"simulation.warmup_years", "0"}});
  const inspectsim::Model model = inspectsim::build_model(s);
  std::uint32_t replication = 0;
  double events = 0;
  for (auto _ : state) events += static_cast<double>(inspectsim::simulate_replication(model, 1, replication++).events);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(model.entity_count()));
  state.SetLabel(country + " baseline, 1 year, items = entity-years");
  state.counters["entities"] = static_cast<double>(model.entity_count());
  state.counters["events_per_second"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CountryYear)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

// The simulation's own event loop where the queue dominates: the complaint queue of
// scenarios/validation/mmc_queue.yaml as M/M/10 at load 0.9 (9 unfounded complaints a day,
// exponential one-day visits, 10 inspectors), 100 years.
// Items are the events the loop handled: its events per second, beside PHOLD's.
void BM_ComplaintQueueEvents(benchmark::State& state) {
  const inspectsim::Scenario s =
      inspectsim::load_scenario(std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/validation/mmc_queue.yaml",
                                {{"simulation.years", "100"},
                                 {"simulation.warmup_years", "0"},
                                 {"inspectors", "10"},
                                 {"complaints.unfounded_rate_per_entity_year", "0.03285"}});
  const inspectsim::Model model = inspectsim::build_model(s);
  std::uint32_t replication = 0;
  std::int64_t events = 0;
  for (auto _ : state)
    events += static_cast<std::int64_t>(inspectsim::simulate_replication(model, 1, replication++).events);
  state.SetItemsProcessed(events);
  state.SetLabel("M/M/10 at load 0.9, 100 years; items = events of the simulation's loop");
}
BENCHMARK(BM_ComplaintQueueEvents)->Unit(benchmark::kMillisecond);

// One replication of the 10-million-entity, 16-region scale scenario (one year), its regions run
// as logical processes on 1 or 2 threads: the parallel speed-up of a single replication.
void BM_ScaleYearByRegions(benchmark::State& state) {
  const inspectsim::Scenario s =
      inspectsim::load_scenario(std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/scale/ten_million.yaml",
                                {{"simulation.years", "1"}, {"simulation.warmup_years", "0"}});
  const inspectsim::Model model = inspectsim::build_model(s);
  tbb::task_arena arena(static_cast<int>(state.range(0)));
  std::uint32_t replication = 0;
  for (auto _ : state)
    arena.execute([&] { benchmark::DoNotOptimize(inspectsim::simulate_replication(model, 1, replication++)); });
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(model.entity_count()));
  state.SetLabel("scale/ten_million.yaml, 1 year, 16 regions; arg = threads; items = entity-years");
}
BENCHMARK(BM_ScaleYearByRegions)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Design points per second: what calibration and sensitivity pay per point. Eight points of the
// Kazakhstan baseline that differ only in a rate (wage arrears' onset), each 2 replications (the
// fewest a scenario allows) of 1 measured year after the warm-up, on one thread, through the
// runner every design uses (run_design): loading each point, building its model and entity
// tables, simulating, summarising. Items are points.
void BM_DesignPointsKazakhstan(benchmark::State& state) {
  constexpr int points = 8;
  const inspectsim::DesignSpec spec{std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/kazakhstan/baseline.yaml",
                                    "",
                                    {{"simulation.replications", "2"}, {"simulation.years", "1"}}};
  std::vector<inspectsim::DesignPoint> design;
  for (int p = 0; p < points; ++p)
    design.push_back({static_cast<std::size_t>(p),
                      {{"violations.wage_arrears.onset_rate_per_year", std::to_string(0.06 + 0.01 * p)}}});
  for (auto _ : state) {
    const inspectsim::DesignScenarios scenarios = inspectsim::load_design_scenarios(spec, design);
    inspectsim::DesignOptions options;
    options.run.threads = 1;
    double detections = 0;
    options.on_point = [&](const inspectsim::DesignPoint&, const inspectsim::DesignOutcome& o) {
      detections += o.base.summary.global.front().mean;
    };
    inspectsim::run_design(scenarios, design, options);
    benchmark::DoNotOptimize(detections);
  }
  state.SetItemsProcessed(state.iterations() * points);
  state.SetLabel("Kazakhstan baseline, 2 replications x 1 year (+1 warm-up) per point, 1 thread, items = points");
}
BENCHMARK(BM_DesignPointsKazakhstan)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
