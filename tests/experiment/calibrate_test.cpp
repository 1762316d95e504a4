// Calibration: data made by the model itself at known values are fitted back to those values
// within their CI; a target the model cannot reach is reported as not met; bad free parameters
// are refused with file:line:key; the calibrated scenario loads with its provenance.

#include "inspectsim/experiment/calibrate.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "inspectsim/report/calibration_report.hpp"
#include "test_support.hpp"

namespace inspectsim {
namespace {

constexpr double true_rate = 0.02;      // complaints.rate_per_exposed_worker_year in small.yaml
constexpr double true_detection = 0.8;  // violations.wage_arrears.detection_probability in small.yaml

/// The figures small.yaml makes at its own values on another seed than the fit uses: what the fit
/// must recover the values from.
struct Data {
  double complaints = 0;
  double detections = 0;
};

Data data_from_the_model() {
  const RunResult r = run_experiment(testing::small_scenario({{"simulation.seed", "1001"}}));
  return {find_metric(r.scenario, "complaints").in(r.summary).mean,
          find_metric(r.scenario, "wage_arrears.detections").in(r.summary).mean};
}

std::string scenario_with_targets(double complaints, double detections, const std::string& free) {
  return fmt::format(
      "extends: {}\n"
      "calibration:\n"
      "  targets:\n"
      "    - {{metric: complaints, tolerance: 0.05, published: {}}}\n"
      "    - {{metric: wage_arrears.detections, tolerance: 0.05, published: {}}}\n"
      "  free:\n{}",
      testing::source_path("tests/data/small.yaml"), complaints, detections, free);
}

const std::string both_free =
    "    complaints.rate_per_exposed_worker_year: [0.005, 0.05]\n"
    "    violations.wage_arrears.detection_probability: [0.3, 1.0]\n";

TEST(Calibrate, RecoversTheValuesThatMadeTheDataWithinTheirCi) {
  const Data data = data_from_the_model();
  const std::string path = testing::write_temp_yaml(scenario_with_targets(data.complaints, data.detections, both_free));
  CalibrationQuestion q{{path, "", {}}, 150, {0.04, 0.5}};
  const CalibrationAnswer fit = calibrate(plan_calibration(q));
  ASSERT_TRUE(fit.complete);
  ASSERT_EQ(fit.parameters.size(), 2u);
  EXPECT_LT(fit.objective, fit.start_objective);
  for (const CalibrationRow& row : fit.rows) EXPECT_TRUE(row.within) << row.target.metric << " gap " << row.gap;
  // The data carry the noise of their own replications as much as the fit does: the CI of the
  // simulation's noise alone is widened by sqrt(2).
  const double truth[] = {true_rate, true_detection};
  for (std::size_t i = 0; i < 2; ++i) {
    const FittedParameter& p = fit.parameters[i];
    EXPECT_TRUE(p.identified) << p.free.key;
    ASSERT_TRUE(std::isfinite(p.standard_error)) << p.free.key;
    EXPECT_GT(p.standard_error, 0.0) << p.free.key;
    EXPECT_LE(std::abs(p.value - truth[i]), std::sqrt(2.0) * 1.96 * p.standard_error + 1e-9)
        << p.free.key << " fitted " << p.value << " +- " << p.standard_error << ", true " << truth[i];
    EXPECT_NE(p.value, p.start) << p.free.key;
  }
}

TEST(Calibrate, ATargetTheModelCannotReachIsReportedAsNotMet) {
  const Data data = data_from_the_model();
  // A hundred times the complaints the true rate makes: out of reach within the rate's range.
  const std::string path = testing::write_temp_yaml(scenario_with_targets(
      100 * data.complaints, data.detections, "    complaints.rate_per_exposed_worker_year: [0.005, 0.05]\n"));
  CalibrationQuestion q{{path, "", {{"simulation.replications", "4"}}}, 40};
  const CalibrationAnswer fit = calibrate(plan_calibration(q));
  ASSERT_EQ(fit.rows.size(), 2u);
  EXPECT_EQ(fit.rows[0].target.metric, "complaints");
  EXPECT_FALSE(fit.rows[0].within);
  EXPECT_LT(fit.rows[0].gap, -0.5);
  EXPECT_GT(fit.parameters[0].value, true_rate);  // pushed up, against the other target
  const std::string table = render(fit, ReportFormat::table);
  EXPECT_NE(table.find("NOT MET within tolerance at the best point found: complaints"), std::string::npos) << table;
  EXPECT_NE(render(fit, ReportFormat::json).find("\"within_tolerance\": false"), std::string::npos);
}

TEST(Calibrate, AParameterNoTargetDependsOnIsNotIdentified) {
  const Data data = data_from_the_model();
  // hidden_hazard's detection probability moves neither complaints nor wage-arrears detections much.
  const std::string path = testing::write_temp_yaml(
      scenario_with_targets(data.complaints, data.detections,
                            "    complaints.rate_per_exposed_worker_year: [0.005, 0.05]\n"
                            "    segments.shops.onset_multiplier.hidden_hazard: [0.999, 1.001]\n"));
  CalibrationQuestion q{{path, "", {{"simulation.replications", "4"}}}, 40};
  const CalibrationAnswer fit = calibrate(plan_calibration(q));
  ASSERT_EQ(fit.parameters.size(), 2u);
  EXPECT_TRUE(fit.parameters[0].identified);
  EXPECT_FALSE(fit.parameters[1].identified);
  EXPECT_NE(render(fit, ReportFormat::table).find("not identified by these targets"), std::string::npos);
}

TEST(Calibrate, TheCalibratedScenarioExtendsTheScenarioAndSaysHowEachValueWasFitted) {
  const Data data = data_from_the_model();
  const std::string path = testing::write_temp_yaml(scenario_with_targets(data.complaints, data.detections, both_free));
  CalibrationQuestion q{{path, "", {{"simulation.replications", "4"}}}, 20};
  const CalibrationAnswer fit = calibrate(plan_calibration(q));
  const std::string out = (std::filesystem::path(path).parent_path() / "fitted" / "calibrated.yaml").string();
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  const std::string yaml = calibrated_scenario_yaml(fit, out);
  write_output(out, yaml);
  const Scenario calibrated = load_scenario(out);
  EXPECT_EQ(calibrated.provenance_tally().calibrated, 2);
  const Provenance& rate = calibrated.provenance.at("complaints.rate_per_exposed_worker_year");
  EXPECT_EQ(rate.kind, Provenance::Kind::calibrated);
  EXPECT_NEAR(std::stod(rate.value), fit.parameters[0].value, 1e-5 * fit.parameters[0].value);
  EXPECT_NE(rate.note.find("to the targets (complaints, wage_arrears.detections)"), std::string::npos) << rate.note;
  EXPECT_NE(rate.note.find("seed 42, 4 replications"), std::string::npos) << rate.note;
  EXPECT_NE(calibrated.provenance.at("violations.wage_arrears.detection_probability").kind, Provenance::Kind::source);
  EXPECT_EQ(calibrated.calibration.size(), 2u);  // the targets come with the base
}

/// The ScenarioError message of loading (and checking) `free`.
std::string refusal(const std::string& free) {
  const std::string path = testing::write_temp_yaml(scenario_with_targets(10, 10, free));
  try {
    plan_calibration({{path, "", {}}});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Calibrate, BadFreeParametersAreRefusedWithFileLineAndKey) {
  const std::string file = "scenario_";  // write_temp_yaml's files
  const auto expect = [&](const std::string& free, const std::string& key, const std::string& problem) {
    const std::string message = refusal(free);
    EXPECT_NE(message.find(file), std::string::npos) << message;
    EXPECT_NE(message.find(".yaml:7:"), std::string::npos) << message;  // the line of the free key
    EXPECT_NE(message.find(key), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
  };
  expect("    complaints.awarenes: [0.1, 0.2]\n", "calibration.free.complaints.awarenes", "unknown free key");
  expect("    policy.notice.days.x: [1, 2]\n", "calibration.free.policy.notice.days.x", "unknown free key");
  expect("    policy.plan.targeting: [0, 1]\n", "calibration.free.policy.plan.targeting", "is not a number");
  expect("    complaints.awareness: [0.6, 0.2]\n", "calibration.free.complaints.awareness", "low <= high");
  expect("    complaints.awareness: [0.2, 1.5]\n", "calibration.free.complaints.awareness",
         "expected a range within the key's values, a share in [0, 1]");
  expect("    complaints.awareness: 0.3\n", "calibration.free.complaints.awareness", "expected [low, high]");
  expect("    violations.nope.detection_probability: [0.1, 0.2]\n",
         "calibration.free.violations.nope.detection_probability", "no violations named 'nope'");
  expect("    simulation.seed: [1, 2]\n", "calibration.free.simulation.seed", "unknown free key");
}

TEST(Calibrate, ATargetNamingNoMetricIsRefusedAtTheTarget) {
  const std::string path = testing::write_temp_yaml(
      fmt::format("extends: {}\ncalibration:\n  targets:\n    - {{metric: complaint, published: 10}}\n  free:\n{}",
                  testing::source_path("tests/data/small.yaml"), both_free));
  try {
    plan_calibration({{path, "", {}}});
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find(".yaml:4:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("calibration.targets.*.metric"), std::string::npos) << e.what();
  }
}

TEST(Calibrate, NoTargetsOrNoFreeParametersIsAUsageError) {
  const std::string no_free = testing::write_temp_yaml(
      fmt::format("extends: {}\ncalibration:\n  targets:\n    - {{metric: complaints, published: 10}}\n",
                  testing::source_path("tests/data/small.yaml")));
  EXPECT_THROW(plan_calibration({{no_free, "", {}}}), std::invalid_argument);
  EXPECT_THROW(plan_calibration({{testing::source_path("tests/data/small.yaml"), "", {}}}), std::invalid_argument);
}

TEST(Calibrate, CalibratedProvenanceIsItsOwnKindAndExcludesTheOthers) {
  const std::string ok = testing::write_temp_yaml(
      fmt::format("extends: {}\ncomplaints:\n  awareness: {{value: 0.4, calibrated: \"to the targets\"}}\n",
                  testing::source_path("tests/data/small.yaml")));
  const Scenario s = load_scenario(ok);
  EXPECT_EQ(s.provenance.at("complaints.awareness").kind, Provenance::Kind::calibrated);
  EXPECT_EQ(s.provenance_tally().calibrated, 1);
  const std::string both = testing::write_temp_yaml(
      fmt::format("extends: {}\ncomplaints:\n  awareness: {{value: 0.4, calibrated: \"x\", source: \"y\"}}\n",
                  testing::source_path("tests/data/small.yaml")));
  EXPECT_THROW(load_scenario(both), ScenarioError);
}

}  // namespace
}  // namespace inspectsim
