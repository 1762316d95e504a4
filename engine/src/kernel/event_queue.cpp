#include "inspectsim/kernel/event_queue.hpp"

namespace inspectsim {

// A 4-ary heap: half the depth of a binary heap, and a node's four children share a cache
// line or two, so a pop touches fewer lines. The order is the same: (time, sequence).
namespace {
constexpr std::size_t arity = 4;
}  // namespace

void EventQueue::push(Event e) {
  e.sequence = next_sequence_++;
  heap_.push_back(e);
  sift_up(heap_.size() - 1);
}

Event EventQueue::pop() {
  Event top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
  return top;
}

const Event* EventQueue::next_after_top() const {
  const std::size_t n = heap_.size();
  if (n < 2) return nullptr;
  const std::size_t last = n < arity + 1 ? n : arity + 1;  // the root's children
  std::size_t best = 1;
  for (std::size_t c = 2; c < last; ++c)
    if (before(heap_[c], heap_[best])) best = c;
  return &heap_[best];
}

Event EventQueue::replace_top(Event e) {
  // (time, sequence) keys are unique, so the pop order depends on the keys alone, not on
  // the heap's shape: giving e the sequence push would give it keeps the order identical.
  const Event top = heap_.front();
  e.sequence = next_sequence_++;
  heap_.front() = e;
  sift_down(0);
  return top;
}

void EventQueue::push_bulk(std::vector<Event>& events) {
  for (Event& e : events) {
    e.sequence = next_sequence_++;
    heap_.push_back(e);
  }
  if (heap_.size() < 2) return;
  for (std::size_t i = (heap_.size() - 2) / arity + 1; i-- > 0;) sift_down(i);
}

void EventQueue::sift_up(std::size_t i) {
  const Event moving = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / arity;
    if (!before(moving, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = moving;
}

void EventQueue::sift_down(std::size_t i) {
  const Event moving = heap_[i];
  const std::size_t n = heap_.size();
  while (true) {
    const std::size_t first = arity * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    if (first + arity <= n) {  // four children: a tournament of two pairs, without data-dependent branches
      const std::size_t a = before(heap_[first + 1], heap_[first]) ? first + 1 : first;
      const std::size_t b = before(heap_[first + 3], heap_[first + 2]) ? first + 3 : first + 2;
      best = before(heap_[b], heap_[a]) ? b : a;
    } else {
      for (std::size_t c = first + 1; c < n; ++c)
        if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], moving)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = moving;
}

}  // namespace inspectsim
