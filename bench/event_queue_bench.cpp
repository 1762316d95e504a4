// The event queue alone: the "hold" model (pop the earliest event, push one a random delay
// later) at a steady size from 1e3 to 1e7 pending events, and a fill-then-drain mix.

#include <benchmark/benchmark.h>

#include "inspectsim/kernel/event_queue.hpp"
#include "inspectsim/kernel/random.hpp"

namespace {

using inspectsim::Event;
using inspectsim::EventQueue;
using inspectsim::RandomStream;

/// A queue of `size` events at exponential times: the start of the hold model.
EventQueue hold_queue(std::uint32_t size, RandomStream& rs) {
  EventQueue queue;
  std::vector<Event> initial;
  for (std::uint32_t i = 0; i < size; ++i) initial.push_back(Event{rs.exponential(1.0), 0, 0, 0, i, 0});
  queue.push_bulk(initial);
  return queue;
}

void BM_EventQueueHold(benchmark::State& state) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  RandomStream rs(1, 0, 0, inspectsim::purpose_word(inspectsim::test_purpose), 0);
  EventQueue queue = hold_queue(size, rs);
  for (auto _ : state) {
    Event e = queue.pop();
    e.time_days += rs.exponential(1.0);
    queue.push(e);
  }
  state.SetItemsProcessed(state.iterations());  // one pop and one push per item
  state.counters["pending"] = static_cast<double>(size);
}
BENCHMARK(BM_EventQueueHold)->RangeMultiplier(10)->Range(1000, 10'000'000);

// The same hold model with the fused pop-and-push.
void BM_EventQueueHoldReplaceTop(benchmark::State& state) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  RandomStream rs(1, 0, 0, inspectsim::purpose_word(inspectsim::test_purpose), 0);
  EventQueue queue = hold_queue(size, rs);
  for (auto _ : state) {
    Event e = queue.top();
    e.time_days += rs.exponential(1.0);
    benchmark::DoNotOptimize(queue.replace_top(e));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(size);
}
BENCHMARK(BM_EventQueueHoldReplaceTop)->RangeMultiplier(10)->Range(1000, 10'000'000);

void BM_EventQueueFillDrain(benchmark::State& state) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  for (auto _ : state) {
    RandomStream rs(1, 0, 0, inspectsim::purpose_word(inspectsim::test_purpose), 1);
    EventQueue queue;
    queue.reserve(size);
    for (std::uint32_t i = 0; i < size; ++i) queue.push(Event{rs.uniform(), 0, 0, 0, i, 0});
    double last = 0;
    while (!queue.empty()) last = queue.pop().time_days;
    benchmark::DoNotOptimize(last);
  }
  state.SetItemsProcessed(state.iterations() * size);
}
BENCHMARK(BM_EventQueueFillDrain)->RangeMultiplier(10)->Range(1000, 1'000'000);

}  // namespace

BENCHMARK_MAIN();
