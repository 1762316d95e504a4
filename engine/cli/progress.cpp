#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

#include "common.hpp"

namespace inspectsim::cli {

std::function<void(double, int)> make_fractional_progress_bar(const std::string& label) {
  if (!::isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start, label](double done, int total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed < 1.0 && done < total) return;  // short runs stay quiet
    constexpr int width = 30;
    const int filled = total > 0 ? static_cast<int>(done * width / total) : width;
    const double left = done > 0 ? elapsed * (total - done) / done : 0.0;
    const std::string count = done == std::floor(done) ? fmt::format("{:.0f}", done) : fmt::format("{:.2f}", done);
    tell(fmt::format("\r[{:=<{}}{:<{}}] {}/{} {}, {:.0f} s elapsed, ~{:.0f} s left ", "", filled,
                     filled < width ? ">" : "", width - filled, count, total, label, elapsed, left));
    if (done >= total) tell("\n");
  };
}

std::function<void(int, int)> make_progress_bar(const std::string& label) {
  std::function<void(double, int)> bar = make_fractional_progress_bar(label);
  if (!bar) return {};
  return [bar](int done, int total) { bar(done, total); };
}

}  // namespace inspectsim::cli
