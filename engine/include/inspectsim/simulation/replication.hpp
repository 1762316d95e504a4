#pragma once
/// @file
/// One replication of a model: a pure function of (model, seed, replication index).

#include <atomic>
#include <cstdint>
#include <functional>

#include "inspectsim/kernel/cancelled.hpp"
#include "inspectsim/model/model.hpp"
#include "inspectsim/simulation/counts.hpp"

namespace inspectsim {

/// Called now and then during a replication with the number of events handled since its last
/// call (every events_per_tell or so, per region), from the threads that run the replication's
/// regions, perhaps at once.
using EventsHandled = std::function<void(std::uint64_t)>;
inline constexpr std::uint64_t events_per_tell = 1u << 18;  // a few hundredths of a second

/// Simulates one replication and returns what it counted. Thread-safe: the model is only read.
/// If `cancel` becomes true the replication stops within a few thousand events and throws Cancelled.
ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel = nullptr,
                                       const EventsHandled* events_handled = nullptr);

}  // namespace inspectsim
