// The ranged numbers of a scenario as a design's inputs, and unit-cube rows as their settings.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;

const std::string one_assumption = source_path("tests/data/one_assumption.yaml");

TEST(RangedInputs, AreTheNumbersValidateCountsAsRanged) {
  const Scenario s = load_scenario(one_assumption);
  const std::vector<RangedInput> inputs = ranged_inputs(s);
  const Scenario::ProvenanceTally tally = s.provenance_tally();
  EXPECT_EQ(static_cast<int>(inputs.size()), tally.ranged + tally.defaulted);
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].key, "complaints.rate_per_exposed_worker_year");  // key order
  EXPECT_EQ(inputs[1].key, "policy.plan.inspections_per_inspector_per_year");
  EXPECT_EQ(inputs[2].key, "violations.none.mean_duration_days");
  EXPECT_EQ(inputs[1].value, 1000);
  EXPECT_EQ(inputs[1].range.low, 400);
  EXPECT_EQ(inputs[1].range.high, 1600);
  EXPECT_NE(inputs[1].where.find("one_assumption.yaml:"), std::string::npos);
}

TEST(RangedInputs, EveryShippedBaselineRangesItsAssumptionsBySettableKeys) {
  for (const std::string country : {"kazakhstan", "kyrgyzstan", "uzbekistan"}) {
    const Scenario s = load_scenario(source_path("scenarios/" + country + "/baseline.yaml"));
    const std::vector<RangedInput> inputs = ranged_inputs(s);
    EXPECT_GT(inputs.size(), 50u) << country;
    // Every input at its high end loads through --set: the keys are settable, the values allowed,
    // and regions' shares still sum to 1.
    std::vector<double> highs;
    for (const RangedInput& in : inputs) {
      EXPECT_LE(input_low(in), in.value) << in.key;
      EXPECT_GE(input_high(in), in.value) << in.key;
      highs.push_back(input_high(in));
    }
    const DesignPoint point = point_with_values(inputs, 0, highs);
    EXPECT_NO_THROW(load_scenario(source_path("scenarios/" + country + "/baseline.yaml"), point.settings)) << country;
  }
}

TEST(RangedInputs, QuantilesMapOntoTheRange) {
  const std::vector<RangedInput> inputs = ranged_inputs(load_scenario(one_assumption));
  EXPECT_DOUBLE_EQ(input_value(inputs[1], 0.25), 700);
  EXPECT_DOUBLE_EQ(input_value(inputs[1], 0.0), 400 + 1200 * 1e-9) << "a face of the cube is clipped inside";
  const DesignPoint p = point_at(inputs, 7, {0.5, 0.5, 0.5});
  EXPECT_EQ(p.index, 7u);
  ASSERT_EQ(p.settings.size(), 3u);
  EXPECT_EQ(p.settings[1].key, "policy.plan.inspections_per_inspector_per_year");
  EXPECT_EQ(p.settings[1].value, "1000");
  const DesignPoint one = point_with_values(inputs, 0, {std::nan(""), 1234.5, std::nan("")});
  ASSERT_EQ(one.settings.size(), 1u) << "NaN leaves an input at its value";
  EXPECT_EQ(one.settings[0].value, "1234.5");
}

TEST(RangedInputs, RegionSharesStayWhole) {
  const Scenario s = load_scenario(source_path("scenarios/kyrgyzstan/baseline.yaml"));
  const std::vector<RangedInput> inputs = ranged_inputs(s);
  std::vector<double> values(inputs.size(), std::nan(""));
  std::size_t region = inputs.size();
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].key.starts_with("regions.") && inputs[i].key.ends_with(".entity_share")) region = i;
  if (region == inputs.size()) GTEST_SKIP() << "no ranged region share";
  values[region] = input_high(inputs[region]);
  const Scenario moved =
      load_scenario(source_path("scenarios/kyrgyzstan/baseline.yaml"), point_with_values(inputs, 0, values).settings);
  double sum = 0;
  for (const Region& r : moved.regions) sum += r.entity_share;
  EXPECT_NEAR(sum, 1, 1e-9);
}

TEST(RangedInputs, WholeNumbersAreRounded) {
  const Scenario s = load_scenario(source_path("scenarios/kazakhstan/baseline.yaml"));
  for (const RangedInput& in : ranged_inputs(s)) {
    if (!in.whole_number) continue;
    const double v = input_value(in, 0.3333);
    EXPECT_EQ(v, std::round(v)) << in.key;
    EXPECT_EQ(input_setting(in, v).value.find('.'), std::string::npos) << in.key;
    return;
  }
  GTEST_SKIP() << "no whole-number input in the Kazakhstan baseline";
}

TEST(RangedInputs, AVariantSharesTheNumbersItKeeps) {
  const Scenario base = load_scenario(one_assumption);
  const Scenario variant = load_scenario(source_path("tests/data/one_assumption_more_entities.yaml"));
  const std::vector<RangedInput> inputs = ranged_inputs(base, &variant);
  ASSERT_EQ(inputs.size(), 3u);
  for (const RangedInput& in : inputs) EXPECT_TRUE(in.in_base && in.in_variant) << in.key;
  EXPECT_FALSE(point_at(inputs, 0, {0.1, 0.2, 0.3}).variant_settings.has_value()) << "shared settings";
  // A variant that sets a ranged number to its own value keeps it: the input is the base's alone.
  const Scenario own = load_scenario(testing::write_temp_yaml(
      "extends: " + one_assumption + "\npolicy: {plan: {inspections_per_inspector_per_year: 900}}\n"));
  const std::vector<RangedInput> split = ranged_inputs(base, &own);
  ASSERT_EQ(split.size(), 3u);
  EXPECT_TRUE(split[1].in_base);
  EXPECT_FALSE(split[1].in_variant);
  const DesignPoint p = point_at(split, 0, {0.5, 0.5, 0.5});
  ASSERT_TRUE(p.variant_settings.has_value());
  EXPECT_EQ(p.settings.size(), 3u);
  EXPECT_EQ(p.variant_settings->size(), 2u);
}

}  // namespace
}  // namespace inspectsim
