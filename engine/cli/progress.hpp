#pragma once
// A progress bar on stderr, shown only when stderr is a terminal and the run is long.

#include <chrono>
#include <functional>
#include <string>

namespace inspectsim::cli {

/// Returns a progress callback that draws "[=====>    ] 12/40 replications, ~5 s left".
std::function<void(int, int)> make_progress_bar(const std::string& label);

/// The same bar for a count that moves within an item: "[=>    ] 0.3/2 replications".
std::function<void(double, int)> make_fractional_progress_bar(const std::string& label);

}  // namespace inspectsim::cli
