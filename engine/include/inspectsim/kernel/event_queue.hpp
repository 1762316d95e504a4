#pragma once
/// @file
/// The pending-event set: a 4-ary min-heap on (time, insertion sequence). Ties in time
/// are broken by the order events were scheduled, so a run replays exactly.

#include <cstdint>
#include <vector>

namespace inspectsim {

/// One scheduled event: 24 bytes, no pointers.
struct Event {
  double time_days = 0;
  std::uint32_t sequence = 0;  ///< insertion order, for ties (wraps only after 4e9 events)
  std::uint16_t kind = 0;
  std::uint16_t tag = 0;     ///< a small payload, e.g. a violation type
  std::uint32_t target = 0;  ///< an entity, inspector or region id
  std::uint32_t token = 0;   ///< validity stamp: stale events are skipped by the handler
};

/// Min-heap of events ordered by time, then by the order they were pushed.
class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  /// The event pop() would return after the top one (nullptr if none): to fetch what it needs
  /// into the cache while the top one is handled.
  const Event* next_after_top() const;

  /// Schedules an event; its sequence number is assigned here.
  void push(Event e);
  /// Removes and returns the earliest event.
  Event pop();
  /// Removes and returns the earliest event and schedules `e`, in one sift instead of two:
  /// the "hold" step of a simulation whose event makes the next. Pops in exactly the order
  /// pop() then push(e) would. The queue must not be empty.
  Event replace_top(Event e);
  /// Adds many events at once, then heapifies in O(n).
  void push_bulk(std::vector<Event>& events);

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time_days < b.time_days || (a.time_days == b.time_days && a.sequence < b.sequence);
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);

  std::vector<Event> heap_;
  std::uint32_t next_sequence_ = 0;
};

}  // namespace inspectsim
