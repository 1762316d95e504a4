#pragma once
/// @file
/// One replication of a model: a pure function of (model, seed, replication index).

#include <cstdint>

#include "inspectsim/experiment/metrics.hpp"
#include "inspectsim/model/model.hpp"

namespace inspectsim {

/// Simulates one replication and returns what it counted. Thread-safe: the model is only read.
ReplicationCounts simulate_replication(const Model& model, std::uint32_t seed, std::uint32_t replication);

}  // namespace inspectsim
