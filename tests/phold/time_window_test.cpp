// The conservative time-window loop: window bounds, the lookahead guarantee in floating point,
// and message delivery that does not depend on the number of threads.

#include "phold/time_window.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim {
namespace {

TEST(WindowGrid, WindowsTileTheInterval) {
  const WindowGrid grid(0.0, 0.1, 30.0);
  ASSERT_EQ(grid.count(), 300u);
  EXPECT_EQ(grid.begin(0), 0.0);
  EXPECT_EQ(grid.end(grid.count() - 1), 30.0);
  for (std::uint32_t k = 0; k + 1 < grid.count(); ++k) {
    EXPECT_EQ(grid.end(k), grid.begin(k + 1));
    EXPECT_LT(grid.begin(k), grid.end(k));
  }
  EXPECT_EQ(grid.index_of(30.0), grid.count());
  EXPECT_EQ(grid.index_of(1e9), grid.count());
  EXPECT_EQ(grid.index_of(std::numeric_limits<double>::infinity()), grid.count());
}

TEST(WindowGrid, IndexOfFindsTheWindowHoldingATime) {
  const WindowGrid grid(2.0, 0.3, 1000.0);
  RandomStream rs(5, 0, 0, purpose_word(test_purpose), 0);
  for (int i = 0; i < 100'000; ++i) {
    const double t = 2.0 + rs.uniform() * 998.0;
    const std::uint32_t k = grid.index_of(t);
    ASSERT_LT(k, grid.count());
    ASSERT_LE(grid.begin(k), t);
    ASSERT_LT(t, grid.end(k));
  }
  for (std::uint32_t k = 0; k < grid.count(); ++k) {  // the bounds themselves, and just below them
    ASSERT_EQ(grid.index_of(grid.begin(k)), k);
    if (k > 0) {
      ASSERT_EQ(grid.index_of(std::nextafter(grid.begin(k), 0.0)), k - 1);
    }
  }
}

TEST(WindowGrid, AnythingALookaheadLaterFallsInALaterWindow) {
  // The exactness the loop rests on: s in window k, t = s + lookahead (rounded) is past it,
  // even for s at the very top of a window, where k * lookahead arithmetic could slip.
  for (const double lookahead : {0.1, 0.7, 1.0 / 3.0, 1e-3}) {
    const WindowGrid grid(0.0, lookahead, 5000.0 * lookahead);
    for (std::uint32_t k = 0; k < grid.count(); ++k) {
      for (const double s : {grid.begin(k), std::nextafter(grid.end(k), 0.0)}) {
        ASSERT_GT(grid.index_of(s + lookahead), k) << "lookahead " << lookahead << " s " << s;
      }
    }
  }
}

TEST(WindowGrid, RejectsGridsThatCannotAdvance) {
  EXPECT_THROW(WindowGrid(0.0, 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(WindowGrid(0.0, -1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(WindowGrid(1.0, 0.1, 1.0), std::invalid_argument);
  EXPECT_THROW(WindowGrid(0.0, 1e-9, 1e9), std::invalid_argument);  // too many windows
}

/// A message in the toy model: a token hopping between partitions.
struct Hop {
  double time;
  std::uint32_t token;
  std::uint32_t from;  ///< the partition that sent it
};

/// Each partition logs what it processes, in the order it processes it (the order it
/// received it), and sends each token on 1.5 lookaheads later, `token` partitions further
/// round the ring, so that tokens meet and partitions receive from several sources at once.
class HopPartition {
 public:
  HopPartition(const WindowGrid& grid, std::uint32_t id, std::uint32_t partitions)
      : grid_(&grid), id_(id), partitions_(partitions), pending_(grid.count()) {}

  void seed(Hop h) { add(h); }
  std::uint32_t next_window() const {
    for (std::uint32_t k = 0; k < pending_.size(); ++k)
      if (!pending_[k].empty()) return k;
    return grid_->count();
  }
  void receive(std::span<const Hop> in) {
    for (const Hop& h : in) add(h);
  }
  void run_window(std::uint32_t k, Outbox<Hop>& out) {
    std::vector<Hop> now;
    now.swap(pending_[k]);
    for (const Hop& h : now) {
      log.push_back({k, h.token, h.from});
      const Hop next{h.time + 1.5 * grid_->lookahead(), h.token, id_};
      const std::uint32_t w = grid_->index_of(next.time);
      if (w < grid_->count()) out.send((id_ + h.token) % partitions_, w, next);
    }
  }

  struct Entry {
    std::uint32_t window;
    std::uint32_t token;
    std::uint32_t from;
    bool operator==(const Entry&) const = default;
  };
  std::vector<Entry> log;

 private:
  void add(const Hop& h) { pending_[grid_->index_of(h.time)].push_back(h); }
  const WindowGrid* grid_;
  std::uint32_t id_;
  std::uint32_t partitions_;
  std::vector<std::vector<Hop>> pending_;
};

constexpr std::uint32_t hop_partitions = 5;
constexpr std::uint32_t hop_tokens = 12;

std::vector<std::vector<HopPartition::Entry>> run_hops(unsigned threads) {
  const WindowGrid grid(0.0, 1.0, 60.0);
  std::vector<HopPartition> parts;
  for (std::uint32_t p = 0; p < hop_partitions; ++p) parts.emplace_back(grid, p, hop_partitions);
  for (std::uint32_t t = 0; t < hop_tokens; ++t) {
    const std::uint32_t home = t % hop_partitions;
    parts[home].seed({0.5 + 0.01 * t, t, home});
  }
  run_time_windows<Hop>(grid, std::span<HopPartition>(parts), threads);
  std::vector<std::vector<HopPartition::Entry>> logs;
  for (const HopPartition& p : parts) logs.push_back(p.log);
  return logs;
}

TEST(RunTimeWindows, EveryEventProcessedOnceInALaterWindowThanItsCause) {
  const auto logs = run_hops(1);
  std::vector<std::vector<std::uint32_t>> windows_of(hop_tokens);
  for (const auto& log : logs)
    for (const auto& e : log) windows_of[e.token].push_back(e.window);
  for (std::uint32_t t = 0; t < hop_tokens; ++t) {
    // Starts in window 0 at 0.5 + 0.01 t and hops every 1.5 time units: 40 events before 60.
    ASSERT_EQ(windows_of[t].size(), 40u) << "token " << t;
    std::sort(windows_of[t].begin(), windows_of[t].end());
    for (std::size_t i = 1; i < windows_of[t].size(); ++i) EXPECT_LT(windows_of[t][i - 1], windows_of[t][i]);
  }
}

TEST(RunTimeWindows, DeliversInSourceOrderWhateverTheThreads) {
  const auto one = run_hops(1);
  bool several_sources = false;
  for (const auto& log : one)
    for (std::size_t i = 1; i < log.size(); ++i) {
      ASSERT_LE(log[i - 1].window, log[i].window);
      if (log[i - 1].window != log[i].window || log[i].window == 0) continue;
      EXPECT_LE(log[i - 1].from, log[i].from) << "window " << log[i].window;
      several_sources = several_sources || log[i - 1].from != log[i].from;
    }
  EXPECT_TRUE(several_sources) << "the toy must make partitions receive from several sources in one window";
  EXPECT_EQ(run_hops(2), one);
  EXPECT_EQ(run_hops(4), one);
}

}  // namespace
}  // namespace inspectsim
