#include "phold/phold.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <queue>
#include <span>
#include <stdexcept>
#include <vector>

#include "inspectsim/kernel/portable_math.hpp"
#include "inspectsim/kernel/random.hpp"
#include "phold/time_window.hpp"
#include "phold/window_calendar.hpp"

namespace inspectsim {

namespace {

/// A pending PHOLD event: 24 bytes. (source, sequence) names it uniquely: the sending LP and
/// the index of the draw that made it, which breaks ties in time whatever the partitioning.
struct PholdEvent {
  double time = 0;
  std::uint32_t target = 0;
  std::uint32_t source = 0;
  std::uint32_t sequence = 0;
  std::uint32_t window = 0;  ///< the time window it falls in, so a receiver need not look it up
};
static_assert(sizeof(PholdEvent) == 24);

bool before(const PholdEvent& a, const PholdEvent& b) {
  if (a.time != b.time) return a.time < b.time;
  if (a.source != b.source) return a.source < b.source;
  return a.sequence < b.sequence;
}

/// The configuration turned into what the hot loop needs.
struct Model {
  explicit Model(const PholdConfig& c)
      : processes(c.processes),
        seed(c.seed),
        lookahead(c.lookahead),
        extra_mean(c.mean_delay - c.lookahead),
        end(c.end_time),
        remote_threshold(static_cast<std::uint64_t>(std::ldexp(c.remote, 32))) {
    if (c.processes == 0) throw std::invalid_argument("phold: need at least one process");
    if (!(c.lookahead > 0) || !(c.mean_delay > c.lookahead))
      throw std::invalid_argument("phold: need 0 < lookahead < mean delay");
    if (!(c.remote >= 0 && c.remote <= 1)) throw std::invalid_argument("phold: remote must be in [0, 1]");
  }
  std::uint32_t processes;
  std::uint32_t seed;
  double lookahead;
  double extra_mean;
  double end;
  std::uint64_t remote_threshold;  ///< remote when a 32-bit word is below p * 2^32
  static constexpr std::uint32_t purpose = purpose_word(test_purpose, 1);
};

/// What one event of LP `lp`, its draw `index`, at time `now` does: one Philox block.
struct Draw {
  double time;
  std::uint32_t to;
  bool remote;
};

Draw draw(const Model& m, std::uint32_t lp, std::uint32_t index, double now) {
  const std::array<std::uint32_t, 4> w = random_block(m.seed, lp, 0, Model::purpose, index);
  // (now + lookahead) first: the window grid's guarantee rests on exactly this rounding.
  const double time = (now + m.lookahead) + -portable_log(uniform_from_words(w[0], w[1])) * m.extra_mean;
  const bool remote = w[2] < m.remote_threshold;
  const auto to = remote ? static_cast<std::uint32_t>((std::uint64_t{w[3]} * m.processes) >> 32) : lp;
  return {time, to, remote};
}

/// Initial events stay with their LP (as in ROSS's PHOLD) and are not counted as processed.
PholdEvent initial_event(const Model& m, std::uint32_t lp, std::uint32_t index) {
  return {draw(m, lp, index, 0.0).time, lp, lp, index, 0};
}

/// An order-independent fingerprint of one processed event (splitmix64's finaliser).
std::uint64_t fingerprint(std::uint32_t lp, double time) {
  std::uint64_t z = std::bit_cast<std::uint64_t>(time) + 0x9E3779B97F4A7C15ull * (std::uint64_t{lp} + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void tally(PholdResult& r, std::uint32_t lp, double time, bool remote) {
  ++r.events;
  r.remote_events += remote ? 1 : 0;
  r.last_time = std::max(r.last_time, time);
  r.checksum += fingerprint(lp, time);
}

/// A block of LPs [first, last) with its pending events filed by time window. A window's
/// events are grouped by LP with a counting sort and each LP's few sorted by (time, source,
/// sequence): O(1) per event, no heap.
class PholdPartition {
 public:
  PholdPartition(const Model& m, const WindowGrid& grid, std::uint32_t first, std::uint32_t last,
                 std::uint32_t block_size, std::uint32_t initial_events)
      : model_(m),
        grid_(grid),
        first_(first),
        size_(last - first),
        block_size_(block_size),
        draws_(size_, 0),
        offsets_(size_ + 1),
        calendar_(grid.count()) {
    for (std::uint32_t lp = first; lp < last; ++lp)
      for (std::uint32_t j = 0; j < initial_events; ++j) {
        PholdEvent e = initial_event(m, lp, draws_[lp - first]++);
        e.window = grid.index_of(e.time);
        if (e.window < grid.count()) calendar_.add(e.window, e);
      }
  }

  std::uint32_t next_window() const { return calendar_.earliest(); }

  void receive(std::span<const PholdEvent> events) {
    for (const PholdEvent& e : events) calendar_.add(e.window, e);
  }

  void run_window(std::uint32_t k, Outbox<PholdEvent>& out) {
    if (calendar_.size(k) == 0) return;
    group_by_process(k);
    calendar_.clear(k);  // before processing, so its chunks take the new events
    for (const PholdEvent& e : grouped_) process(e, out);
  }

  const PholdResult& result() const { return result_; }

 private:
  /// Counting sort by LP into grouped_, then insertion sort on (LP, time, source, sequence):
  /// the counting sort leaves only the few events of one LP to order, so it is nearly linear.
  void group_by_process(std::uint32_t k) {
    std::fill(offsets_.begin(), offsets_.end(), 0);
    calendar_.for_each(k, [&](const PholdEvent& e) { ++offsets_[e.target - first_ + 1]; });
    for (std::uint32_t i = 1; i <= size_; ++i) offsets_[i] += offsets_[i - 1];
    grouped_.resize(calendar_.size(k));
    calendar_.for_each(k, [&](const PholdEvent& e) { grouped_[offsets_[e.target - first_]++] = e; });
    for (std::size_t i = 1; i < grouped_.size(); ++i) {
      const PholdEvent e = grouped_[i];
      std::size_t j = i;
      for (; j > 0 && grouped_[j - 1].target == e.target && before(e, grouped_[j - 1]); --j)
        grouped_[j] = grouped_[j - 1];
      grouped_[j] = e;
    }
  }

  void process(const PholdEvent& e, Outbox<PholdEvent>& out) {
    const std::uint32_t index = draws_[e.target - first_]++;
    const Draw d = draw(model_, e.target, index, e.time);
    tally(result_, e.target, e.time, d.remote);
    const std::uint32_t window = grid_.index_of(d.time);
    if (window >= grid_.count()) return;  // past the end: never processed, so not kept
    const PholdEvent next{d.time, d.to, e.target, index, window};
    if (d.to - first_ < size_)
      calendar_.add(window, next);
    else
      out.send(d.to / block_size_, window, next);
  }

  const Model& model_;
  const WindowGrid& grid_;
  std::uint32_t first_;
  std::uint32_t size_;
  std::uint32_t block_size_;
  std::vector<std::uint32_t> draws_;    ///< per LP: draws made so far
  std::vector<std::uint32_t> offsets_;  ///< counting-sort scratch, one per LP and one more
  std::vector<PholdEvent> grouped_;     ///< the current window's events, grouped by LP
  WindowCalendar<PholdEvent> calendar_;
  PholdResult result_;
};

/// Orders a std::priority_queue (a max-heap) earliest first.
struct Later {
  bool operator()(const PholdEvent& a, const PholdEvent& b) const { return before(b, a); }
};

}  // namespace

PholdResult run_phold(const PholdConfig& c) {
  const Model m(c);
  std::vector<std::uint32_t> draws(c.processes, 0);
  std::vector<PholdEvent> initial;
  initial.reserve(static_cast<std::size_t>(c.processes) * c.initial_events_per_process);
  for (std::uint32_t lp = 0; lp < c.processes; ++lp)
    for (std::uint32_t j = 0; j < c.initial_events_per_process; ++j)
      initial.push_back(initial_event(m, lp, draws[lp]++));
  std::priority_queue<PholdEvent, std::vector<PholdEvent>, Later> queue(Later{}, std::move(initial));

  PholdResult result;
  while (!queue.empty() && queue.top().time < m.end) {
    const PholdEvent e = queue.top();
    queue.pop();
    const std::uint32_t index = draws[e.target]++;
    const Draw d = draw(m, e.target, index, e.time);
    tally(result, e.target, e.time, d.remote);
    queue.push({d.time, d.to, e.target, index, 0});
  }
  return result;
}

PholdResult run_phold_windowed(const PholdConfig& c, unsigned threads, unsigned partitions) {
  const Model m(c);
  threads = std::max(threads, 1u);
  // Several partitions per thread: a worker that wakes late for a window (a loaded machine)
  // still finds some left to take, where with one each the main thread would do both.
  if (partitions == 0) partitions = threads == 1 ? 1 : 4 * threads;
  partitions = std::clamp(partitions, 1u, c.processes);
  const WindowGrid grid(0.0, c.lookahead, c.end_time);
  const std::uint32_t block = (c.processes + partitions - 1) / partitions;
  std::vector<PholdPartition> parts;
  for (std::uint32_t first = 0; first < c.processes; first += block)
    parts.emplace_back(m, grid, first, std::min(c.processes, first + block), block, c.initial_events_per_process);
  run_time_windows<PholdEvent>(grid, std::span<PholdPartition>(parts), threads);

  PholdResult total;
  for (const PholdPartition& p : parts) {
    const PholdResult& r = p.result();
    total.events += r.events;
    total.remote_events += r.remote_events;
    total.last_time = std::max(total.last_time, r.last_time);
    total.checksum += r.checksum;
  }
  return total;
}

}  // namespace inspectsim
