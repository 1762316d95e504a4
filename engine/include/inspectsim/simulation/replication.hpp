#pragma once
/// @file
/// One replication of a model: a pure function of (model, seed, replication index).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "inspectsim/kernel/cancelled.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/simulation/counts.hpp"

namespace inspectsim {

namespace detail {
struct EntityTables;
}  // namespace detail

/// Called now and then during a replication with the number of events handled since its last
/// call (every events_per_tell or so, per region), from the threads that run the replication's
/// regions, perhaps at once.
using EventsHandled = std::function<void(std::uint64_t)>;
inline constexpr std::uint64_t events_per_tell = 1u << 18;  // a few hundredths of a second

/// Memory for replications' entity tables, kept for the next replication on the same thread: a
/// run's replications and a design's points then reuse it instead of asking the system for fresh
/// pages (about a tenth of a small design point's time). Thread-safe: one set of tables per
/// thread that used it, held until the scratch is destroyed. The results do not depend on it.
class ReplicationScratch {
 public:
  ReplicationScratch();
  ~ReplicationScratch();
  ReplicationScratch(const ReplicationScratch&) = delete;
  ReplicationScratch& operator=(const ReplicationScratch&) = delete;
  detail::EntityTables& tables_of_this_thread();

 private:
  struct PerThread;
  std::unique_ptr<PerThread> per_thread_;
};

/// Simulates one replication and returns what it counted. Thread-safe: the model is only read.
/// If `cancel` becomes true the replication stops within a few thousand events and throws Cancelled.
/// With `scratch`, the entity tables are this thread's of it (see ReplicationScratch).
ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel = nullptr,
                                       const EventsHandled* events_handled = nullptr,
                                       ReplicationScratch* scratch = nullptr);

}  // namespace inspectsim
