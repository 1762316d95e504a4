#pragma once
/// @file
/// How a long computation stops on request: it polls a flag and throws Cancelled.

#include <atomic>
#include <stdexcept>

namespace inspectsim {

/// A run stopped on request (Ctrl-C, a signal, a notebook interrupt) before it finished.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("the run was cancelled") {}
};

/// Throws Cancelled if `cancel` is set and true (cheap: one relaxed load).
inline void throw_if_cancelled(const std::atomic<bool>* cancel) {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace inspectsim
