// Calibration targets (issue 14, item 2): read with their sources, compared with a run, and a
// target naming no metric refused at its line before anything runs.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

TEST(Calibration, TargetsAreReadWithTheirSourcesAndVariantsKeepTheirBaselines) {
  const Scenario base = load_scenario(testing::source_path("scenarios/kazakhstan/baseline.yaml"));
  ASSERT_GE(base.calibration.size(), 3u);
  EXPECT_EQ(base.calibration[0].metric, "inspections");
  EXPECT_EQ(base.calibration[0].published, 6927);
  EXPECT_EQ(base.calibration[0].year, 2023);
  EXPECT_TRUE(base.calibration[0].source.starts_with("CAS2024-KAZ, ")) << base.calibration[0].source;
  EXPECT_GT(base.calibration[0].line, 0);
  const Scenario variant = load_scenario(testing::source_path("scenarios/kazakhstan/unannounced.yaml"));
  ASSERT_EQ(variant.calibration.size(), base.calibration.size());
  EXPECT_EQ(variant.calibration.back().metric, base.calibration.back().metric);
}

TEST(Calibration, RowsGiveTheGapAndWhetherItIsWithinTolerance) {
  const Scenario s = testing::small_with(
      "calibration:\n  targets:\n"
      "    - {metric: inspections, published: 100, tolerance: 0.5}\n"
      "    - {metric: wage_arrears.detections, published: 0}\n");
  const RunResult r = run_experiment(s);
  const std::vector<CalibrationRow> rows = calibration_rows(s, r.summary);
  ASSERT_EQ(rows.size(), 2u);
  const double inspections = testing::global(r.summary, "inspections").mean;
  EXPECT_DOUBLE_EQ(rows[0].gap, (inspections - 100) / 100);
  EXPECT_EQ(rows[0].within, std::abs(inspections - 100) <= 50);
  EXPECT_TRUE(std::isnan(rows[1].gap));  // no gap against a published zero
  EXPECT_EQ(rows[1].simulated.mean, testing::of_violation(r.summary, 0, "detections").mean);
}

TEST(Calibration, ATargetNamingNoMetricIsRefusedAtItsLineBeforeRunning) {
  const Scenario s = testing::small_with("calibration:\n  targets:\n    - {metric: inspectoins, published: 100}\n");
  try {
    run_experiment(s);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 4) << e.what();  // small_with puts `extends:` first
    EXPECT_NE(std::string(e.what()).find("inspectoins"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace inspectsim
