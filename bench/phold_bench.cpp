// PHOLD on the engine's kernel, in committed events per second (items/s). The reference
// configuration: 16,384 processes, 16 initial events each, remote probability 0.1, lookahead
// 0.1, mean 1.0, end time 30 (about 7.8 million events).
//
// BM_PholdWindowed/lps/end/threads is the time-window kernel (what `phold --threads N` runs);
// BM_PholdSequential/lps/end is the one-priority-queue reference it is tested against.

#include <benchmark/benchmark.h>

#include "phold/phold.hpp"

namespace {

inspectsim::PholdConfig config(const benchmark::State& state) {
  inspectsim::PholdConfig c;
  c.processes = static_cast<std::uint32_t>(state.range(0));
  c.initial_events_per_process = 16;
  c.remote = 0.1;
  c.end_time = static_cast<double>(state.range(1));
  return c;
}

void report(benchmark::State& state, const inspectsim::PholdConfig& c, std::uint64_t events) {
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["pending"] = static_cast<double>(c.processes) * c.initial_events_per_process;
}

void BM_PholdWindowed(benchmark::State& state) {
  const inspectsim::PholdConfig c = config(state);
  const auto threads = static_cast<unsigned>(state.range(2));
  std::uint64_t events = 0;
  for (auto _ : state) events += inspectsim::run_phold_windowed(c, threads).events;
  report(state, c, events);
}
// Wall time: with 2 threads, CPU time of the main thread alone would flatter the result.
BENCHMARK(BM_PholdWindowed)
    ->Args({1024, 30, 1})
    ->Args({16384, 30, 1})
    ->Args({16384, 30, 2})
    ->Args({262144, 5, 1})
    ->Args({262144, 5, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_PholdSequential(benchmark::State& state) {
  const inspectsim::PholdConfig c = config(state);
  std::uint64_t events = 0;
  for (auto _ : state) events += inspectsim::run_phold(c).events;
  report(state, c, events);
}
BENCHMARK(BM_PholdSequential)->Args({1024, 30})->Args({16384, 30})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
