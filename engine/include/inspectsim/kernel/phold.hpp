#pragma once
/// @file
/// PHOLD, the standard benchmark of parallel discrete-event simulators, on inspectsim's own
/// kernel (EventQueue and Philox streams): N logical processes; each event schedules one new
/// event at now + lookahead + Exp(mean - lookahead), sent with probability `remote` to a
/// process drawn uniformly from all N, else to itself.

#include <cstdint>

namespace inspectsim {

struct PholdConfig {
  std::uint32_t processes = 16384;
  std::uint32_t initial_events_per_process = 16;
  double remote = 0.1;      ///< probability an event goes to a random process
  double lookahead = 0.1;   ///< minimum delay
  double mean_delay = 1.0;  ///< mean delay, lookahead included
  double end_time = 30.0;
  std::uint32_t seed = 1;
};

struct PholdResult {
  std::uint64_t events = 0;       ///< events processed before end_time
  std::uint64_t remote_events = 0;
  double last_time = 0;           ///< time of the last event processed (a checksum)
};

/// Runs PHOLD sequentially on one EventQueue. Deterministic for a given config.
PholdResult run_phold(const PholdConfig& config);

}  // namespace inspectsim
