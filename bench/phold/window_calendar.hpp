#pragma once
/// @file
/// Pending events filed by time window (a calendar queue whose days are the windows of
/// kernel/time_window.hpp): O(1) to file an event, O(1) per event to take a window's out.
/// Within a window nothing is ordered; the caller orders a window's events by its own key.
///
/// Each window is a list of fixed-size chunks drawn from one pool. A window far ahead holds
/// few events, so contiguous per-window arrays would each grow to a full window's size before
/// being recycled (tens of megabytes touched for PHOLD's reference run); chunks keep memory
/// close to the number of pending events, and a chunk freed by the window just processed is
/// reused, still in cache, for the events that window schedules.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace inspectsim {

template <class Event>
class WindowCalendar {
 public:
  /// A calendar of windows [0, windows).
  explicit WindowCalendar(std::uint32_t windows) : heads_(windows, nullptr), sizes_(windows, 0), earliest_(windows) {}

  std::uint32_t windows() const { return static_cast<std::uint32_t>(heads_.size()); }
  /// The earliest window holding an event, windows() when empty.
  std::uint32_t earliest() const { return earliest_; }
  std::uint32_t size(std::uint32_t window) const { return sizes_[window]; }

  /// Files an event in a window (window < windows()).
  void add(std::uint32_t window, const Event& e) {
    Chunk* head = heads_[window];
    if (head == nullptr || head->count == chunk_events) head = heads_[window] = new_chunk(head);
    head->events[head->count++] = e;
    ++sizes_[window];
    if (window < earliest_) earliest_ = window;
  }

  /// Calls f(event) for each event of a window, in no particular order.
  template <class F>
  void for_each(std::uint32_t window, F&& f) const {
    for (const Chunk* c = heads_[window]; c != nullptr; c = c->next)
      for (std::uint32_t i = 0; i < c->count; ++i) f(c->events[i]);
  }

  /// Empties a window, returning its chunks to the pool, and moves earliest() on.
  void clear(std::uint32_t window) {
    for (Chunk* c = heads_[window]; c != nullptr;) {
      Chunk* next = c->next;
      free_.push_back(c);
      c = next;
    }
    heads_[window] = nullptr;
    sizes_[window] = 0;
    while (earliest_ < windows() && sizes_[earliest_] == 0) ++earliest_;
  }

 private:
  static constexpr std::size_t chunk_bytes = 4096;
  static constexpr std::uint32_t chunk_events =
      static_cast<std::uint32_t>((chunk_bytes - 2 * sizeof(void*)) / sizeof(Event));
  static_assert(chunk_events >= 8, "events this large want a bigger chunk");

  struct Chunk {
    Chunk* next = nullptr;
    std::uint32_t count = 0;
    std::array<Event, chunk_events> events;
  };

  Chunk* new_chunk(Chunk* next) {
    Chunk* c;
    if (free_.empty()) {
      owned_.push_back(std::make_unique<Chunk>());
      c = owned_.back().get();
    } else {
      c = free_.back();  // the last freed: most likely still in cache
      free_.pop_back();
    }
    c->next = next;
    c->count = 0;
    return c;
  }

  std::vector<Chunk*> heads_;         ///< per window: the chunk being filled, linked to the full ones
  std::vector<std::uint32_t> sizes_;  ///< per window: events filed
  std::vector<Chunk*> free_;
  std::vector<std::unique_ptr<Chunk>> owned_;
  std::uint32_t earliest_;
};

}  // namespace inspectsim
