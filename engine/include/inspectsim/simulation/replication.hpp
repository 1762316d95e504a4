#pragma once
/// @file
/// One replication of a model: a pure function of (model, seed, replication index).

#include <atomic>
#include <cstdint>
#include <stdexcept>

#include "inspectsim/model/model.hpp"
#include "inspectsim/simulation/counts.hpp"

namespace inspectsim {

/// A run stopped on request (Ctrl-C, a signal, a notebook interrupt) before it finished.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("the run was cancelled") {}
};

/// Simulates one replication and returns what it counted. Thread-safe: the model is only read.
/// If `cancel` becomes true the replication stops within a few thousand events and throws Cancelled.
ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication,
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace inspectsim
