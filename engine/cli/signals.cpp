#include "signals.hpp"

#include <csignal>

namespace inspectsim::cli {

namespace {

// Only lock-free atomics and sig_atomic_t may be touched from a signal handler.
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be async-signal-safe");
std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t received_signal = 0;

extern "C" void on_stop_signal(int signal) {
  received_signal = signal;
  stop_requested.store(true, std::memory_order_relaxed);
}

void install(int signal) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;  // the second signal ends the process
  sigaction(signal, &action, nullptr);
}

}  // namespace

const std::atomic<bool>* install_stop_handlers() {
  install(SIGINT);
  install(SIGTERM);
  return &stop_requested;
}

int stop_signal() { return received_signal; }

}  // namespace inspectsim::cli
