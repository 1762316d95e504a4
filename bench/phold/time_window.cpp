#include "phold/time_window.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <stdexcept>

#include "kernel/tsan.hpp"

namespace inspectsim {

namespace {
constexpr std::size_t max_windows = std::size_t{1} << 26;
}  // namespace

WindowGrid::WindowGrid(double start, double lookahead, double end)
    : start_(start), end_(end), lookahead_(lookahead), inverse_lookahead_(1.0 / lookahead) {
  if (!(std::isfinite(start) && std::isfinite(end) && start < end))
    throw std::invalid_argument("time windows: need a finite start before a finite end");
  if (!(lookahead > 0) || !std::isfinite(lookahead) || (end - start) / lookahead > static_cast<double>(max_windows))
    throw std::invalid_argument("time windows: lookahead must be positive, with at most 2^26 windows");
  // Summing (not k * lookahead) is what makes the guarantee exact: see the class comment.
  for (double b = start; b < end; b += lookahead) {
    if (!bounds_.empty() && b <= bounds_.back())
      throw std::invalid_argument("time windows: lookahead too small to advance time at this magnitude");
    bounds_.push_back(b);
  }
  bounds_.push_back(end);
}

struct PartitionTeam::Arena {
  explicit Arena(unsigned threads) : arena(static_cast<int>(threads)) {}
  tbb::task_arena arena;
  std::vector<char> done;  // one ThreadSanitizer address per task, so tasks stay unordered
  char start = 0;
};

PartitionTeam::PartitionTeam(unsigned threads) : threads_(threads == 0 ? 1 : threads) {
  if (threads_ > 1) arena_ = std::make_unique<Arena>(threads_);
}

PartitionTeam::~PartitionTeam() = default;

void PartitionTeam::run(std::size_t n, void (*call)(void*, std::size_t), void* context) {
  Arena& a = *arena_;
  a.done.resize(n);
  tsan::release(&a.start);
  a.arena.execute([&] {
    // One task per partition, not split further: a partition's window is sequential work.
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n, 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            tsan::acquire(&a.start);
            call(context, i);
            tsan::release(&a.done[i]);
          }
        },
        tbb::simple_partitioner());
  });
  for (char& d : a.done) tsan::acquire(&d);
}

}  // namespace inspectsim
