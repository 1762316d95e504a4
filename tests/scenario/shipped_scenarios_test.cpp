// Every shipped scenario is also a test: it loads, every number in it says where it comes
// from, and a short run of it gives finite, positive activity.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

using testing::shipped_scenarios;

/// Country scenarios are evidence for hearings; validation and scale scenarios are test rigs.
bool is_country_scenario(const std::string& file) {
  return file.find("/validation/") == std::string::npos && file.find("/scale/") == std::string::npos;
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, LoadsWithEveryNumberSourcedOrMarkedAsAssumption) {
  const Scenario s = load_scenario(testing::source_path(GetParam()));
  EXPECT_FALSE(s.name.empty());
  EXPECT_FALSE(s.title.empty());
  if (!is_country_scenario(GetParam())) return;
  for (const auto& [key, p] : s.provenance) {
    EXPECT_NE(p.kind, Provenance::Kind::unannotated) << key << " = " << p.value << " has neither source nor assumption";
    EXPECT_FALSE(p.kind != Provenance::Kind::unannotated && p.note.empty()) << key << " has an empty note";
  }
}

TEST_P(ShippedScenario, EveryAssumedNumberHasAPlausibleRange) {
  const Scenario s = load_scenario(testing::source_path(GetParam()));
  if (!is_country_scenario(GetParam())) return;
  for (const auto& [key, p] : s.provenance) {
    if (p.spread == Provenance::Spread::fixed) {
      const bool number =
          !p.value.empty() && (std::isdigit(static_cast<unsigned char>(p.value[0])) || p.value[0] == '.');
      EXPECT_FALSE(p.kind == Provenance::Kind::assumption && number && !key.starts_with("simulation."))
          << key << " = " << p.value << " is an assumed number without a range";
      continue;
    }
    EXPECT_LE(p.range.low, p.range.high) << key;
  }
  if (GetParam().ends_with("/baseline.yaml")) {
    EXPECT_GE(s.provenance_tally().ranged, 15) << "a baseline states the ranges its notes give";
  }
}

TEST_P(ShippedScenario, ShortRunProducesActivity) {
  if (GetParam().find("/scale/") != std::string::npos)
    GTEST_SKIP() << "a scale test (half a GB): measured by hand, see its header";
  const Scenario s =
      load_scenario(testing::source_path(GetParam()),
                    {{"simulation.replications", "2"}, {"simulation.years", "1"}, {"simulation.warmup_years", "0"}});
  const RunResult r = run_experiment(s);
  EXPECT_TRUE(std::isfinite(testing::global(r.summary, "prevalence").mean));
  if (!is_country_scenario(GetParam())) return;  // validation rigs switch parts of the model off
  EXPECT_GT(testing::global(r.summary, "episodes").mean, 0.0);
  EXPECT_GT(testing::global(r.summary, "inspections").mean, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::ValuesIn(shipped_scenarios()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace inspectsim
