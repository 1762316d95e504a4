#include "inspectsim/experiment/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "inspectsim/scenario/error.hpp"

namespace inspectsim {

namespace {

constexpr std::size_t max_points = 1'000'000;

[[noreturn]] void bad_vary(const std::string& text, const std::string& key, const std::string& problem) {
  throw ScenarioError({"--vary " + text, 0, 0}, key, problem);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

template <typename Number>
std::optional<Number> parse_number(const std::string& text) {
  Number value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

/// "START:STOP:STEP", inclusive of STOP when it falls on a step; whole numbers stay whole.
std::vector<std::string> expand_range(const std::string& text, const std::string& key, const std::string& range) {
  const std::vector<std::string> parts = split(range, ':');
  const std::string expected =
      "expected a list A,B,C or a range START:STOP:STEP with START <= STOP and STEP > 0, e.g. 250:2000:250";
  if (parts.size() != 3) bad_vary(text, key, fmt::format("{}; found '{}'", expected, range));
  const auto a = parse_number<long long>(parts[0]), b = parse_number<long long>(parts[1]),
             c = parse_number<long long>(parts[2]);
  std::vector<std::string> values;
  if (a && b && c) {
    if (*c <= 0 || *a > *b) bad_vary(text, key, fmt::format("{}; found '{}'", expected, range));
    // Counted in unsigned arithmetic: START:STOP:STEP near the limits of long long must not overflow.
    const unsigned long long span = static_cast<unsigned long long>(*b) - static_cast<unsigned long long>(*a);
    const unsigned long long steps = span / static_cast<unsigned long long>(*c);
    if (steps >= max_points)
      bad_vary(text, key, fmt::format("expected at most {} values, found '{}'", max_points, range));
    for (unsigned long long i = 0; i <= steps; ++i)
      values.push_back(std::to_string(
          static_cast<long long>(static_cast<unsigned long long>(*a) + i * static_cast<unsigned long long>(*c))));
    return values;
  }
  const auto x = parse_number<double>(parts[0]), y = parse_number<double>(parts[1]), z = parse_number<double>(parts[2]);
  if (!x || !y || !z || !std::isfinite(*x) || !std::isfinite(*y) || !(*z > 0) || *x > *y)
    bad_vary(text, key, fmt::format("{}; found '{}'", expected, range));
  const double count = std::floor((*y - *x) / *z + 1e-9) + 1;
  if (count > static_cast<double>(max_points))
    bad_vary(text, key, fmt::format("expected at most {} values, found '{}'", max_points, range));
  for (int i = 0; i < static_cast<int>(count); ++i) values.push_back(fmt::format("{:.12g}", *x + i * *z));
  return values;
}

}  // namespace

SweepAxis parse_vary(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    bad_vary(text, "",
             "expected KEY=VALUES, e.g. --vary inspectors=250:2000:250 or --vary policy.notice=unannounced,prior");
  SweepAxis axis{text.substr(0, eq), {}, text};
  const std::string values = text.substr(eq + 1);
  if (values.empty()) bad_vary(text, axis.key, "expected values after '=': a list A,B,C or a range START:STOP:STEP");
  // A range has colons and no comma; anything else is a list (a YAML value may hold a colon only quoted).
  if (values.find(',') == std::string::npos && values.find(':') != std::string::npos) {
    axis.values = expand_range(text, axis.key, values);
  } else {
    axis.values = split(values, ',');
    for (const std::string& v : axis.values)
      if (v.empty())
        bad_vary(text, axis.key, fmt::format("expected a list of values A,B,C with none empty, found '{}'", values));
  }
  return axis;
}

std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes) {
  if (axes.empty()) throw ScenarioError({"--vary", 0, 0}, "", "expected at least one --vary KEY=VALUES");
  double count = 1;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (axes[j].key == axes[i].key)
        bad_vary(axes[i].text, axes[i].key,
                 fmt::format("the key is varied twice (also in --vary {}): expected each key once", axes[j].text));
    count *= static_cast<double>(axes[i].values.size());
  }
  if (count > static_cast<double>(max_points))
    throw ScenarioError({"--vary", 0, 0}, "",
                        fmt::format("expected at most {} points in the grid, found {:.0f}", max_points, count));
  std::vector<SweepPoint> grid(static_cast<std::size_t>(count));
  for (std::size_t p = 0; p < grid.size(); ++p) {
    grid[p].index = p;
    std::size_t rest = p;
    grid[p].settings.resize(axes.size());
    for (std::size_t i = axes.size(); i-- > 0;) {
      const SweepAxis& axis = axes[i];
      const std::string& value = axis.values[rest % axis.values.size()];
      rest /= axis.values.size();
      grid[p].settings[i] = Override{axis.key, value, fmt::format("--vary {} (value {})", axis.text, value)};
    }
  }
  return grid;
}

DesignScenarios load_sweep_scenarios(const SweepSpec& spec, const std::vector<SweepPoint>& grid) {
  return DesignScenarios(DesignSpec{spec.scenario_path, "", spec.common}, grid);
}

void run_sweep(const DesignScenarios& scenarios, const std::vector<SweepPoint>& grid, const SweepOptions& options) {
  if (scenarios.size() != grid.size()) throw std::invalid_argument("run_sweep: one scenario per point expected");
  DesignOptions design{options.run, options.first_point, {}, options.progress};
  design.on_point = [&](const DesignPoint& point, const DesignOutcome& outcome) {
    if (options.on_point) options.on_point(point, outcome.base);
  };
  run_design(scenarios, grid, design);
}

}  // namespace inspectsim
