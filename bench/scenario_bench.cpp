// One simulated year of each country baseline at full scale (no warm-up), in entity-years per
// second, and the same in events per second of the engine's own loop.

#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
