#pragma once
// The per-entity state of one replication, in flat arrays indexed by entity id (and by pair
// e * K + k for an (entity, violation type) pair): what a look, a visit or a plan needs.

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "inspectsim/model/model.hpp"

namespace inspectsim::detail {

/// A day as a float no later than `day` (days are stored as floats): a look or a visit late on
/// the last day of a year is never stored as the next year's first instant.
inline float float_day_at_or_before(double day) {
  float f = static_cast<float>(day);
  if (f > day) {  // the next float down: for a positive float, its bits less one
    f = f > 0 ? std::bit_cast<float>(std::bit_cast<std::uint32_t>(f) - 1u) : std::nextafter(f, -HUGE_VALF);
  }
  return f;
}

/// Per-entity flags.
inline constexpr std::uint8_t complaint_pending_bit = 1;

/// Violation types per entity are bit masks of this type.
using TypeMask = std::uint16_t;

/// What a look or a visit at an entity needs, in half a cache line: a visit reads and writes
/// all of it, so one line is fetched per visit (the pairs' law days are apart).
/// Trivial, so that the tables can be allocated without writing and filled in parallel.
struct alignas(32) EntityState {
  TypeMask active;     ///< per type: active when its law starts (until then, for a known end)
  TypeMask known_end;  ///< per type: a detected episode that runs until its law starts
  TypeMask looked;     ///< per type: looked at at least once (else: the prior law from day 0)
  std::uint8_t flags;
  std::uint8_t in_stream;    ///< per type (the first 8): a streamed pair with a possible complaint pending
  std::uint32_t looks;       ///< index of the entity's next look stream
  float deterred_until_day;  ///< onset rates are lower before this day (specific deterrence)
  std::uint32_t visits;      ///< visits so far: the index of the next visit's streams
  float last_visit_day;      ///< -1e30: never visited
  float last_detection_day;  ///< -1e30: nothing ever found
};
static_assert(sizeof(EntityState) == 32 && std::is_trivial_v<EntityState>);

/// An allocator that leaves new elements uninitialised (default-initialised), for tables that
/// are filled in parallel right after: the writes, and the page faults, are then spread over threads.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
};
template <typename T>
using Table = std::vector<T, UninitializedAllocator<T>>;

/// The per-entity state of one replication, shared by its regions (each touches only its own
/// entities), and what regions share across the year boundary.
struct EntityTables {
  EntityTables() = default;
  /// Throws Cancelled, within a fraction of a second, if `cancel` becomes true while the tables fill.
  EntityTables(const Model& model, const std::atomic<bool>* cancel) { reset(model, cancel); }
  /// Sized for `model` and filled as a new replication starts, in the memory the tables already
  /// hold where it is enough (ReplicationScratch). Throws Cancelled as the constructor.
  void reset(const Model& model, const std::atomic<bool>* cancel);
  // Per (entity, type) pair, index e * K + k: the day the pair's law starts (its last look, or
  // the end of a detected episode); per entity, its state (estimate_footprint counts both).
  Table<float> law_from_day;  ///< float: the day is rounded once, when stored
  Table<EntityState> entities;
  /// General deterrence: [simulated year][segment], set at each year start from all regions' visits.
  std::vector<std::vector<double>> onset_multiplier;
  /// Complaint credibility: [simulated year], the share of would-be complaints made, set at each year start.
  std::vector<double> complaint_credibility;
};

}  // namespace inspectsim::detail
