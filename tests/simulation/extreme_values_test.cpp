// Finite, meaningful ranges (issue 15, item 3): every number of the schema, set to the least and
// the greatest value it allows (one at a time, on tests/data/small.yaml), loads or is refused
// with a ScenarioError, and a run that succeeds has no NaN or infinite metric but the ratios
// whose denominator is truly zero.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "inspectsim/scenario/schema.hpp"
#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;

/// The key in small.yaml that a schema path stands for ("" when small.yaml has none to vary).
std::string concrete_key(std::string_view path) {
  static const std::vector<std::pair<std::string, std::string>> items{
      {"regions.*.", "regions.north."},
      {"size_classes.*.", "size_classes.small."},
      {"segments.*.", "segments.shops."},
      {"violations.*.", "violations.wage_arrears."},
      {".VIOLATION", ".wage_arrears"},
      {"timeline.*.", ""},
      {".SIZE_CLASS", ""},  // a reference needs every class at once: checked below
  };
  std::string key(path);
  for (const auto& [pattern, replacement] : items) {
    const std::size_t at = key.find(pattern);
    if (at == std::string::npos) continue;
    if (replacement.empty()) return "";
    key.replace(at, pattern.size(), replacement);
  }
  return key;
}

/// The least and greatest values a number may take (an open bound nudged inside).
std::vector<double> extremes(const NumberRange& r) { return {r.lo_open ? r.lo + 1e-9 : r.lo, r.hi}; }

/// A ratio metric may be NaN only when what it divides by is zero (or, for the benchmarks on
/// total employment, when the scenario gives none).
bool nan_explained(const std::string& metric, const Summary& s, const Scenario& scenario) {
  if (metric.ends_with("_employed")) return scenario.employed == 0;
  const auto zero = [&](const char* name) { return global(s, name).mean == 0; };
  static const std::map<std::string, const char*> denominator{
      {"inspection_cycle_years", "inspections"},          {"detections_per_inspection", "inspections"},
      {"violations_found_per_inspection", "inspections"}, {"capacity_visits", "inspections"},
      {"complaint_wait_days", "complaint_inspections"},   {"complaint_waited_share", "complaint_inspections"},
      {"plan_completion", "planned_inspections"},         {"detected_share", "episodes"},
  };
  const auto d = denominator.find(metric);
  return d != denominator.end() && zero(d->second);
}

void expect_finite_metrics(const Scenario& s, const std::string& label) {
  const RunResult r = run_experiment(s);
  const std::vector<MetricInfo>& infos = global_metrics();
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const double mean = r.summary.global[i].mean;
    if (std::isnan(mean)) {
      EXPECT_TRUE(nan_explained(infos[i].name, r.summary, s)) << label << ": " << infos[i].name << " is NaN";
    } else {
      EXPECT_TRUE(std::isfinite(mean)) << label << ": " << infos[i].name << " = " << mean;
      EXPECT_GE(mean, 0.0) << label << ": " << infos[i].name;
    }
  }
}

TEST(ExtremeValues, EveryNumberAtEitherEndOfItsRangeGivesFiniteMetricsOrAClearRefusal) {
  const std::vector<Override> quick{{"simulation.replications", "2"}, {"simulation.years", "1"}};
  int runs = 0;
  for (const KeySpec& spec : scenario_keys()) {
    if (spec.kind != KeyKind::number) continue;
    const std::string key = concrete_key(spec.path);
    if (key.empty()) continue;
    for (const double value : extremes(spec.range)) {
      std::vector<Override> o = quick;
      o.push_back({key, fmt::format("{}", value)});
      const std::string label = fmt::format("{}={}", key, value);
      Scenario s;
      try {
        s = testing::small_scenario(o);
      } catch (const ScenarioError&) {
        continue;  // e.g. one region's share at 1: the shares no longer sum to 1
      }
      expect_finite_metrics(s, label);
      ++runs;
    }
  }
  EXPECT_GT(runs, 60);  // most numbers load at both ends
}

TEST(ExtremeValues, ATinyCoefficientOfVariationIsAFixedDuration) {
  // 1e-200 squared underflows to 0: taken as fixed, the visits take their mean, not no time.
  const auto capacity = [](const char* cv) {
    return global(run_experiment(testing::small_scenario({{"size_classes.small.inspection_days.cv", cv},
                                                          {"size_classes.large.inspection_days.cv", cv}}))
                      .summary,
                  "capacity_visits")
        .mean;
  };
  EXPECT_DOUBLE_EQ(capacity("1e-200"), capacity("0"));
  EXPECT_GT(capacity("1e-200"), 0.0);
}

}  // namespace
}  // namespace inspectsim
