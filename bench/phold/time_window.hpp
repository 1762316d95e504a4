#pragma once
/// @file
/// Conservative time-window synchronisation (YAWNS, bounded lag) over partitions of logical
/// processes. Time is cut into windows one lookahead long. Every message between logical
/// processes is delayed by at least the lookahead, so nothing done inside a window can cause
/// an event in that same window: each partition runs its window alone, and what it sends to
/// other partitions waits in a per-(source, destination) mailbox until the barrier. Mailboxes
/// are delivered in source order, so what a partition receives does not depend on how many
/// threads ran; a partition that orders its own events by a key independent of the
/// partitioning (not by arrival) then gives the same result with 1, 2 or 64 threads.
///
/// @code
///   WindowGrid grid(0.0, lookahead, end);
///   std::vector<MyPartition> parts = ...;  // next_window(), receive(span), run_window(k, outbox)
///   run_time_windows<MyMessage>(grid, std::span(parts), threads);
/// @endcode

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

namespace inspectsim {

/// Window bounds b_0 = start, b_{k+1} = b_k + lookahead as rounded by the machine, the last
/// clipped to the end. Rounding is monotone, so an event at s >= b_k that schedules another
/// at t >= s + lookahead (rounded the same way) puts it at t >= b_{k+1}: in a later window,
/// exactly, with no epsilon.
class WindowGrid {
 public:
  /// Throws std::invalid_argument unless start < end, lookahead > 0 moves time forward, and
  /// there are at most 2^26 windows.
  WindowGrid(double start, double lookahead, double end);

  /// Windows covering [start, end).
  std::uint32_t count() const { return static_cast<std::uint32_t>(bounds_.size() - 1); }
  double begin(std::uint32_t k) const { return bounds_[k]; }
  double end(std::uint32_t k) const { return bounds_[k + 1]; }
  double lookahead() const { return lookahead_; }

  /// The window holding t (t >= start), or count() when t is at or past the end.
  std::uint32_t index_of(double t) const {
    if (!(t < end_)) return count();
    // The estimate is off by at most one window (the bounds drift from k * lookahead by a few
    // ulps); the table decides.
    auto k = static_cast<std::int64_t>((t - start_) * inverse_lookahead_);
    k = std::clamp<std::int64_t>(k, 0, static_cast<std::int64_t>(count()) - 1);
    while (k > 0 && t < bounds_[static_cast<std::size_t>(k)]) --k;
    while (t >= bounds_[static_cast<std::size_t>(k) + 1]) ++k;
    return static_cast<std::uint32_t>(k);
  }

 private:
  std::vector<double> bounds_;
  double start_;
  double end_;
  double lookahead_;
  double inverse_lookahead_;
};

/// What one partition sends during one window: a list per destination partition, and the
/// earliest window among the messages (so the loop knows where to go next).
template <class Message>
class Outbox {
 public:
  explicit Outbox(std::size_t partitions) : lists_(partitions) {}

  /// Sends `message`, due in window `window` (which must be later than the current one), to
  /// partition `to`.
  void send(std::size_t to, std::uint32_t window, const Message& message) {
    lists_[to].push_back(message);
    earliest_ = std::min(earliest_, window);
  }
  std::uint32_t earliest_window() const { return earliest_; }

  std::vector<Message>& list(std::size_t to) { return lists_[to]; }
  void reset_earliest() { earliest_ = std::numeric_limits<std::uint32_t>::max(); }

 private:
  std::vector<std::vector<Message>> lists_;
  std::uint32_t earliest_ = std::numeric_limits<std::uint32_t>::max();
};

/// A partition of logical processes that the window loop can run.
template <class P, class Message>
concept WindowPartition = requires(P p, const P cp, std::span<const Message> in, std::uint32_t k,
                                   Outbox<Message>& out) {
  /// The earliest window holding one of its pending events (WindowGrid::count() if none).
  { cp.next_window() } -> std::convertible_to<std::uint32_t>;
  /// Takes messages sent to it in the previous window, from one source partition.
  p.receive(in);
  /// Processes every pending event of window k; events for other partitions go to `out`.
  p.run_window(k, out);
};

/// Runs a function over partition indices [0, n) on a fixed number of threads (oneTBB); with
/// one thread, inline. Kept out of line so users of this header need no TBB headers.
class PartitionTeam {
 public:
  explicit PartitionTeam(unsigned threads);
  ~PartitionTeam();
  PartitionTeam(const PartitionTeam&) = delete;
  PartitionTeam& operator=(const PartitionTeam&) = delete;

  unsigned threads() const { return threads_; }

  /// Calls f(i) for each i in [0, n), each at most once, and returns when all are done.
  template <class F>
  void for_each(std::size_t n, F& f) {
    if (threads_ == 1 || n == 1) {
      for (std::size_t i = 0; i < n; ++i) f(i);
      return;
    }
    run(
        n, [](void* context, std::size_t i) { (*static_cast<F*>(context))(i); }, &f);
  }

 private:
  void run(std::size_t n, void (*call)(void*, std::size_t), void* context);

  struct Arena;
  unsigned threads_;
  std::unique_ptr<Arena> arena_;
};

/// The window loop: starting at the earliest pending window, every partition receives what
/// was sent to it in the previous window (source partitions in index order), then runs the
/// current window; the next window is the earliest one holding a pending event or a message.
/// Stops when nothing is pending before the grid's end. One barrier per non-empty window.
/// Mailboxes are per (source, destination) pair, so the cost per window grows with the square
/// of the partition count: meant for partitions a few times the thread count, not thousands.
template <class Message, class Partition>
requires WindowPartition<Partition, Message>
void run_time_windows(const WindowGrid& grid, std::span<Partition> partitions, unsigned threads) {
  const std::size_t n = partitions.size();
  if (n == 0) return;
  // Two generations of outboxes: partitions write this window's while reading the last's.
  std::vector<Outbox<Message>> boxes[2] = {std::vector<Outbox<Message>>(n, Outbox<Message>(n)),
                                           std::vector<Outbox<Message>>(n, Outbox<Message>(n))};
  std::vector<std::uint32_t> next(n);
  std::uint32_t window = grid.count();
  for (const Partition& p : partitions) window = std::min<std::uint32_t>(window, p.next_window());

  PartitionTeam team(threads);
  int current = 0;
  auto step = [&](std::size_t d) {
    for (Outbox<Message>& from : boxes[1 - current]) {
      std::vector<Message>& in = from.list(d);
      if (in.empty()) continue;
      partitions[d].receive(std::span<const Message>(in));
      in.clear();
    }
    Outbox<Message>& out = boxes[current][d];
    out.reset_earliest();
    partitions[d].run_window(window, out);
    next[d] = std::min<std::uint32_t>(partitions[d].next_window(), out.earliest_window());
  };
  while (window < grid.count()) {
    team.for_each(n, step);
    window = *std::min_element(next.begin(), next.end());
    current = 1 - current;
  }
}

}  // namespace inspectsim
