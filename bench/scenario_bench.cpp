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
  const inspectsim::Scenario s = inspectsim::load_scenario(
      std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/" + country + "/baseline.yaml",
      {{"simulation.years", "1"}, {"simulation.warmup_years", "0"}});
  const inspectsim::Model model = inspectsim::build_model(s);
  std::uint32_t replication = 0;
  for (auto _ : state) benchmark::DoNotOptimize(inspectsim::simulate_replication(model, 1, replication++));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(model.entity_count()));
  state.SetLabel(country + " baseline, 1 year, items = entity-years");
  state.counters["entities"] = static_cast<double>(model.entity_count());
}
BENCHMARK(BM_CountryYear)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

// One replication of the 10-million-entity, 16-region scale scenario (one year), its regions run
// as logical processes on 1 or 2 threads: the parallel speed-up of a single replication.
void BM_ScaleYearByRegions(benchmark::State& state) {
  const inspectsim::Scenario s = inspectsim::load_scenario(
      std::string(INSPECTSIM_SOURCE_DIR) + "/scenarios/scale/ten_million.yaml",
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

}  // namespace

BENCHMARK_MAIN();
