#pragma once
/// @file
/// PHOLD, the standard benchmark of parallel discrete-event simulators, on inspectsim's own
/// kernel (Philox streams, the time-window loop): N logical processes (LPs), each starting
/// with `initial_events_per_process` events of its own; each event schedules one new event at
/// now + lookahead + Exp(mean - lookahead), sent with probability `remote` to an LP drawn
/// uniformly from all N (itself included), else to itself.
///
/// An LP's k-th event draws one Philox block from the LP's own stream, index k: two words
/// for the delay, one for the remote test, one for the target. LPs process their events in
/// (time, sending LP, sender's draw index) order, a key that does not depend on how the LPs
/// are split over threads, so every way of running gives the same result, bit for bit.

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
  std::uint64_t events = 0;  ///< events processed before end_time
  std::uint64_t remote_events = 0;
  double last_time = 0;        ///< time of the latest event processed
  std::uint64_t checksum = 0;  ///< sum of a hash of (LP, time) over processed events: any change shows

  bool operator==(const PholdResult&) const = default;
};

/// The reference: one priority queue, every event in global (time, sender, draw index) order.
/// Slow (a binary heap of all pending events); for tests and comparison.
PholdResult run_phold(const PholdConfig& config);

/// PHOLD on the conservative time-window kernel (kernel/time_window.hpp): LPs split into
/// `partitions` contiguous blocks (0: one with one thread, four per thread otherwise) run on
/// `threads` threads. Equal to
/// run_phold for any threads and partitions.
PholdResult run_phold_windowed(const PholdConfig& config, unsigned threads = 1, unsigned partitions = 0);

}  // namespace inspectsim
