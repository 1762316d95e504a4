#pragma once
// SIGINT and SIGTERM stop a run: the handler only raises a flag the library polls
// (RunOptions::cancel), so the run unwinds normally and writes nothing half-done.

#include <atomic>

namespace inspectsim::cli {

/// Installs handlers for SIGINT and SIGTERM that raise the returned flag. A second signal of
/// the same kind gets the default action (the process ends at once), so a stuck run can still
/// be killed with a second Ctrl-C.
const std::atomic<bool>* install_stop_handlers();

/// The signal that asked the run to stop (SIGINT or SIGTERM), or 0 if none did.
int stop_signal();

/// The exit code for a run stopped by `signal`: 128 + signal, as shells report it (130, 143).
inline int exit_code_for_signal(int signal) { return 128 + signal; }

}  // namespace inspectsim::cli
