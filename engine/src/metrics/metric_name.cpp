#include "inspectsim/metrics/metric_name.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "inspectsim/metrics/metrics.hpp"

namespace inspectsim {

const Estimate& MetricRef::in(const Summary& summary) const {
  switch (scope) {
    case Scope::violation: return summary.by_violation.at(item).at(metric);
    case Scope::size_class: return summary.by_size_class.at(item).at(metric);
    case Scope::global: break;
  }
  return summary.global.at(metric);
}

std::vector<MetricRef> all_metrics(const Scenario& s) {
  std::vector<MetricRef> out;
  const auto& g = global_metrics();
  for (std::size_t i = 0; i < g.size(); ++i) out.push_back({g[i].name, g[i].unit, MetricRef::Scope::global, 0, i});
  const auto& v = violation_metrics();
  for (std::size_t k = 0; k < s.violations.size(); ++k)
    for (std::size_t i = 0; i < v.size(); ++i)
      out.push_back({s.violations[k].name + "." + v[i].name, v[i].unit, MetricRef::Scope::violation, k, i});
  const auto& c = size_class_metrics();
  for (std::size_t k = 0; k < s.size_classes.size(); ++k)
    for (std::size_t i = 0; i < c.size(); ++i)
      out.push_back({s.size_classes[k].name + "." + c[i].name, c[i].unit, MetricRef::Scope::size_class, k, i});
  return out;
}

MetricRef find_metric(const Scenario& s, const std::string& name) {
  for (const MetricRef& m : all_metrics(s))
    if (m.name == name) return m;
  std::vector<std::string> types, classes;
  for (const ViolationType& v : s.violations) types.push_back(v.name);
  for (const SizeClass& c : s.size_classes) classes.push_back(c.name);
  throw std::invalid_argument(fmt::format(
      "unknown metric '{}': expected a metric such as detected_share (see `inspectsim metrics`), TYPE.metric with "
      "TYPE one of {} (e.g. {}.detected_share), or SIZE_CLASS.metric with SIZE_CLASS one of {} (e.g. {}.coverage)",
      name, fmt::join(types, ", "), types.empty() ? "TYPE" : types.front(), fmt::join(classes, ", "),
      classes.empty() ? "CLASS" : classes.front()));
}

}  // namespace inspectsim
