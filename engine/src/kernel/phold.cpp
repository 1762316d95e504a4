#include "inspectsim/kernel/phold.hpp"

#include <vector>

#include "inspectsim/kernel/event_queue.hpp"
#include "inspectsim/kernel/random.hpp"

namespace inspectsim {

PholdResult run_phold(const PholdConfig& c) {
  EventQueue queue;
  std::vector<std::uint32_t> draws(c.processes, 0);  // each process's stream index
  const double extra_mean = c.mean_delay - c.lookahead;
  const auto next_event = [&](std::uint32_t from, double now, PholdResult* result) {
    RandomStream rs(c.seed, from, 0, purpose_word(Purpose::test, 1), draws[from]++);
    const double time = now + c.lookahead + rs.exponential(extra_mean);
    std::uint32_t to = from;
    if (rs.bernoulli(c.remote)) {
      to = static_cast<std::uint32_t>(rs.uniform() * c.processes);
      if (result) ++result->remote_events;
    }
    return Event{time, 0, 0, 0, to, 0};
  };
  std::vector<Event> initial;
  initial.reserve(static_cast<std::size_t>(c.processes) * c.initial_events_per_process);
  for (std::uint32_t p = 0; p < c.processes; ++p)
    for (std::uint32_t k = 0; k < c.initial_events_per_process; ++k) initial.push_back(next_event(p, 0.0, nullptr));
  queue.push_bulk(initial);

  PholdResult result;
  while (!queue.empty() && queue.top().time_days < c.end_time) {
    const Event ev = queue.pop();
    ++result.events;
    result.last_time = ev.time_days;
    queue.push(next_event(ev.target, ev.time_days, &result));
  }
  return result;
}

}  // namespace inspectsim
