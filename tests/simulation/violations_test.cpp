// Each pair's activity is counted under its law from its last look (violations.cpp), while the
// prevalence probes ask each pair's chance of being active afresh. With one violation type the
// two estimate the same prevalence, so they must agree within noise whatever the looks did to
// the laws: detections with known ends, remediation on notice, specific deterrence (which
// changes every law of an entity), streamed pairs (dormant until an onset) and yearly rates.
// All runs use tests/data/small.yaml with one type and enough inspectors to visit most firms.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::of_violation;
using testing::small_scenario;

/// small.yaml with wage arrears only, visited often and found almost always.
std::vector<Override> busy_inspectorate(std::vector<Override> more) {
  std::vector<Override> o{{"violations.hidden_hazard.onset_rate_per_year", "0"},
                          {"violations.wage_arrears.onset_rate_per_year", "1"},
                          {"violations.wage_arrears.detection_probability", "0.95"},
                          {"inspectors", "60"},
                          {"policy.plan.inspections_per_inspector_per_year", "100"},
                          {"policy.notice", "unannounced"},
                          {"policy.exempt_size_classes", "[]"},
                          {"simulation.replications", "16"}};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

void expect_counts_agree_with_probes(const Scenario& s) {
  const RunResult r = run_experiment(s);
  const Estimate& probed = global(r.summary, "prevalence");
  const Estimate& counted = of_violation(r.summary, 0, "prevalence");
  const double half_widths = (probed.ci_high - probed.ci_low) / 2 + (counted.ci_high - counted.ci_low) / 2;
  EXPECT_NEAR(counted.mean, probed.mean, half_widths);
  // The looks must have moved prevalence well away from the untouched chain's, or the check says little.
  const double lambda = 1.0 / 365, mu = 1.0 / 200;
  EXPECT_LT(probed.mean, 0.9 * lambda / (lambda + mu));
}

TEST(Violations, CountsAgreeWithProbesUnderDetectionsAndOrders) {
  expect_counts_agree_with_probes(small_scenario(busy_inspectorate({{"sanctions.specific_deterrence.years", "0"}})));
}

TEST(Violations, CountsAgreeWithProbesUnderSpecificDeterrence) {
  expect_counts_agree_with_probes(small_scenario(busy_inspectorate(
      {{"sanctions.specific_deterrence.years", "2"}, {"sanctions.specific_deterrence.reduction", "0.9"}})));
}

TEST(Violations, CountsAgreeWithProbesUnderRemediationOnNotice) {
  expect_counts_agree_with_probes(
      small_scenario(busy_inspectorate({{"policy.notice.remediation_probability", "0.8"}})));
}

TEST(Violations, CountsAgreeWithProbesForStreamedPairs) {
  // Complaints far more often than onsets: wage arrears are streamed (region_process.cpp).
  expect_counts_agree_with_probes(small_scenario(busy_inspectorate(
      {{"complaints.rate_per_exposed_worker_year", "2"}, {"complaints.awareness", "1"}, {"inspectors", "150"}})));
}

TEST(Violations, CountsAgreeWithProbesUnderGeneralDeterrence) {
  expect_counts_agree_with_probes(small_scenario(
      busy_inspectorate({{"sanctions.general_deterrence.elasticity", "0.8"}, {"simulation.years", "4"}})));
}

TEST(Violations, CountsAgreeWithProbesUnderGeneralAndSpecificDeterrence) {
  // A deterred law runs into years whose rates general deterrence sets only at their start.
  expect_counts_agree_with_probes(small_scenario(busy_inspectorate({{"sanctions.general_deterrence.elasticity", "0.8"},
                                                                    {"sanctions.specific_deterrence.years", "3"},
                                                                    {"sanctions.specific_deterrence.reduction", "0.5"},
                                                                    {"simulation.years", "5"}})));
}

}  // namespace
}  // namespace inspectsim
