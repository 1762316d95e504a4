#pragma once
/// @file
/// What a scenario's model and one replication of it take in memory and events, estimated from
/// the scenario alone, before anything is built: what the resource budget
/// (experiment/resource_budget.hpp) weighs against the machine.
///
/// Example:
///   const Footprint f = estimate_footprint(scenario);
///   f.model_bytes + threads * f.replication_bytes;  // the memory a run on `threads` threads holds

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// Bytes and events of one scenario. Estimates: the budget checks them against limits, with margin.
struct Footprint {
  double model_bytes = 0;  ///< the model, shared by replications: entity ids, segment and year tables
  /// One replication's state: entity tables, the regions' processes, counts, plan rankings and
  /// pending events.
  double replication_bytes = 0;
  double region_bytes = 0;  ///< of which the regions' processes (per region: its segments and years)
  /// Events one replication handles over its warm-up and measured years, at the scenario's rates.
  double events_per_replication = 0;
  /// Of which the looks of complaint candidates and onsets: they grow with entities and workers.
  double entity_events_per_replication = 0;
  int largest_entity_events_segment = -1;  ///< the segment with most such events (-1: none)
};

Footprint estimate_footprint(const Scenario& scenario);

}  // namespace inspectsim
