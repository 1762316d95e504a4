#pragma once
// A parallel loop over indices on oneTBB, with the hand-over marked for ThreadSanitizer.
//
// The body is handed to TBB as a blocked_range body, which TBB copies into its tasks (the index
// form of parallel_for keeps a reference to the caller's lambda, so a worker would read the
// caller's stack before any annotation could run). Inside, each task first acquires what the
// caller released, and releases what it wrote for the caller to acquire when the loop ends.

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <cstddef>

#include "kernel/tsan.hpp"

namespace inspectsim {

/// Runs f(i) for i in [0, count) on the current task arena; returns when all are done, or
/// rethrows the first exception a task threw.
template <typename F>
void parallel_indices(std::size_t count, F f) {
  char start = 0, end = 0;  // addresses for ThreadSanitizer only (kernel/tsan.hpp)
  tsan::release(&start);
  const tsan::AcquireOnExit done(&end);  // on return, and when a task threw
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count),
                    [&start, &end, f](const tbb::blocked_range<std::size_t>& range) {
                      tsan::acquire(&start);
                      const tsan::ReleaseOnExit task_end(&end);
                      for (std::size_t i = range.begin(); i != range.end(); ++i) f(i);
                    });
}

}  // namespace inspectsim
