#include <fmt/format.h>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

std::string metrics_markdown() {
  std::string out;
  const auto section = [&out](const char* title, const std::vector<MetricInfo>& list) {
    out += fmt::format("\n{}\n\n| metric | unit | definition |\n|---|---|---|\n", title);
    for (const MetricInfo& m : list) out += fmt::format("| `{}` | {} | {} |\n", m.name, m.unit, m.definition);
  };
  section("Metrics (`metrics` in JSON; means over the measured years)", global_metrics());
  section("Per violation type (`by_violation`)", violation_metrics());
  section("Per size class (`by_size_class`)", size_class_metrics());
  section("Per measured year (`yearly`)", yearly_metrics());
  return out;
}

}  // namespace inspectsim
