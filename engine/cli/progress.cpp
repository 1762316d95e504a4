#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "common.hpp"

namespace inspectsim::cli {

std::function<void(int, int)> make_progress_bar(const std::string& label) {
  if (!::isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start, label](int done, int total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed < 1.0 && done < total) return;  // short runs stay quiet
    constexpr int width = 30;
    const int filled = total > 0 ? done * width / total : width;
    const double left = done > 0 ? elapsed * (total - done) / done : 0.0;
    tell(fmt::format("\r[{:=<{}}{:<{}}] {}/{} {}, {:.0f} s elapsed, ~{:.0f} s left ", "", filled,
                     filled < width ? ">" : "", width - filled, done, total, label, elapsed, left));
    if (done == total) tell("\n");
  };
}

}  // namespace inspectsim::cli
