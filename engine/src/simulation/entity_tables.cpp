#include "simulation/entity_tables.hpp"

#include <oneapi/tbb/task_arena.h>

#include <algorithm>

#include "inspectsim/kernel/cancelled.hpp"
#include "kernel/parallel.hpp"

namespace inspectsim::detail {

void EntityTables::reset(const Model& model, const std::atomic<bool>* cancel) {
  // New elements are left unwritten (UninitializedAllocator): the fill below writes every one.
  law_from_day.resize(static_cast<std::size_t>(model.entity_count()) * model.violation_count);
  entities.resize(model.entity_count());
  onset_multiplier.assign(model.year_count, std::vector<double>(model.segments.size(), 1.0));
  complaint_credibility.assign(model.year_count, 1.0);
  // Filled in parallel chunks: hundreds of megabytes for a large country.
  constexpr std::size_t chunk = 1 << 16;
  const std::size_t n = entities.size(), K = static_cast<std::size_t>(model.violation_count);
  tbb::this_task_arena::isolate([&] {
    parallel_indices((n + chunk - 1) / chunk, [&](std::size_t c) {
      throw_if_cancelled(cancel);
      const std::size_t from = c * chunk, to = std::min(n, from + chunk);
      std::fill(law_from_day.begin() + from * K, law_from_day.begin() + to * K, 0.0f);
      std::fill(entities.begin() + from, entities.begin() + to,
                EntityState{0, 0, 0, 0, 0, 0, -1e30f, 0, -1e30f, -1e30f});
    });
  });
}

}  // namespace inspectsim::detail
