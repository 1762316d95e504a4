// PHOLD on the engine's kernel, in committed events per second. The reference configuration:
// 16,384 processes, 16 initial events each, remote probability 0.1, lookahead 0.1, mean 1.0,
// end time 30 (about 7.8 million events).

#include <benchmark/benchmark.h>

#include "inspectsim/kernel/phold.hpp"

namespace {

void BM_Phold(benchmark::State& state) {
  inspectsim::PholdConfig c;
  c.processes = static_cast<std::uint32_t>(state.range(0));
  c.initial_events_per_process = 16;
  c.remote = 0.1;
  c.end_time = static_cast<double>(state.range(1));
  std::uint64_t events = 0;
  for (auto _ : state) events += inspectsim::run_phold(c).events;
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["pending"] = static_cast<double>(c.processes) * c.initial_events_per_process;
}
BENCHMARK(BM_Phold)->Args({1024, 30})->Args({16384, 30})->Args({262144, 5})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
