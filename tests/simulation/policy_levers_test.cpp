// Each policy lever moves what it should, by an amount the test bounds.
// All runs use tests/data/small.yaml (3,500 entities, 10 inspectors) with fixed seeds.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::of_size_class;
using testing::of_violation;
using testing::of_year;
using testing::small_scenario;
using testing::small_with;

constexpr std::size_t wage_arrears = 0;
constexpr std::size_t hidden_hazard = 1;  // concealability 0.9 in small.yaml
constexpr std::size_t small_class = 0;

RunResult run(const Scenario& s) { return run_experiment(s, {}); }

/// Total count over the run from a per-year mean: mean x years x replications.
double total(const Estimate& per_year, const Scenario& s) {
  return per_year.mean * s.simulation.years * s.simulation.replications;
}

TEST(PolicyLevers, UnannouncedVisitsFindMoreConcealableViolations) {
  const Scenario prior = small_scenario();
  const Scenario unannounced = small_scenario({{"policy.notice", "unannounced"}});
  const CompareResult c = compare_experiments(prior, unannounced);
  EXPECT_GT(of_violation(c.difference, hidden_hazard, "detected_share").ci_low, 0.0);
  EXPECT_GT(global(c.difference, "detected_share").ci_low, 0.0);
  // Without notice nothing can be hidden, fixed on notice, or refused.
  EXPECT_EQ(global(c.variant.summary, "concealed").mean, 0.0);
  EXPECT_EQ(global(c.variant.summary, "remediated_on_notice").mean, 0.0);
  EXPECT_EQ(global(c.variant.summary, "consent_refusals").mean, 0.0);
  EXPECT_GT(global(c.base.summary, "concealed").mean, 0.0);
}

TEST(PolicyLevers, NoticeHidesAndRemediesAtTheScenarioRates) {
  // Every visit announced: of the violations present, a share r is fixed on notice, then a
  // share c of the rest is hidden, then a share d of the rest is found.
  const Scenario s = small_scenario({{"simulation.replications", "16"}});
  const RunResult result = run(s);
  const double r = s.base_policy.notice.remediation_probability;
  for (std::size_t k = 0; k < s.violations.size(); ++k) {
    const double present = total(of_violation(result.summary, k, "present_at_visits"), s);
    ASSERT_GT(present, 500) << s.violations[k].name;
    const double c = s.violations[k].concealability;
    const double d = s.violations[k].detection_probability;
    const auto expect_share = [&](const char* metric, double p) {
      const double observed = total(of_violation(result.summary, k, metric), s) / present;
      const double tolerance = 4.0 * std::sqrt(p * (1 - p) / present);  // 4 binomial standard errors
      EXPECT_NEAR(observed, p, tolerance) << s.violations[k].name << " " << metric;
    };
    expect_share("concealed", (1 - r) * c);
    expect_share("detections", (1 - r) * (1 - c) * d);
  }
}

TEST(PolicyLevers, RemediationOnEveryNoticeLeavesNothingToFind) {
  const RunResult result = run(small_scenario({{"policy.notice.remediation_probability", "1"}}));
  EXPECT_EQ(global(result.summary, "detections").mean, 0.0);
  EXPECT_GT(global(result.summary, "remediated_on_notice").mean, 0.0);
}

TEST(PolicyLevers, LiftingTheSmallBusinessExemptionRaisesTheirCoverage) {
  const Scenario exempt = small_scenario();
  const Scenario inspectable = small_scenario({{"policy.exempt_size_classes", "[]"}});
  const CompareResult c = compare_experiments(exempt, inspectable);
  EXPECT_GT(of_size_class(c.difference, small_class, "coverage").ci_low, 0.0);
  // While exempt, small firms are visited only on complaints and follow-ups.
  const double unplanned = global(c.base.summary, "complaint_inspections").mean + global(c.base.summary, "follow_up_inspections").mean;
  EXPECT_LE(of_size_class(c.base.summary, small_class, "inspections").mean, unplanned);
  EXPECT_GT(of_size_class(c.variant.summary, small_class, "inspections").mean, unplanned);
}

TEST(PolicyLevers, LongestSinceInspectionPicksAmongTheNeverVisitedAtRandom) {
  // In the first year nobody has been visited, so the plan is a random draw: the 500
  // factories (ids after the 3,000 shops) get their share of it, not none.
  const Scenario s = small_scenario({{"policy.plan.targeting", "longest_since_inspection"},
                                     {"policy.exempt_size_classes", "[]"},
                                     {"policy.plan.inspections_per_inspector_per_year", "40"},
                                     {"complaints.awareness", "0"},
                                     {"simulation.warmup_years", "0"},
                                     {"simulation.years", "1"}});
  constexpr std::size_t large_class = 1;
  // 400 planned visits over 3,500 entities: about 400 x 500 / 3,500 = 57 reach factories.
  const Estimate large_coverage = of_size_class(run(s).summary, large_class, "coverage");
  EXPECT_GT(large_coverage.ci_low, 0.05);
  EXPECT_LT(large_coverage.ci_high, 0.2);
}

/// Saturated inspectorate: an endless plan, no notice delay, every visit 2 days + 0.5 travel.
std::vector<Override> saturated(int inspectors) {
  return {{"inspectors", std::to_string(inspectors)},
          {"policy.plan.inspections_per_inspector_per_year", "1000"},
          {"policy.plan.targeting", "random"},
          {"policy.exempt_size_classes", "[]"},
          {"policy.notice", "unannounced"},
          {"size_classes.small.inspection_days", "{distribution: fixed, mean: 2}"},
          {"size_classes.large.inspection_days", "{distribution: fixed, mean: 2}"}};
}

TEST(PolicyLevers, InspectionsMatchCapacityAndScaleWithInspectors) {
  const Scenario ten = small_scenario(saturated(10));
  const double capacity_per_inspector = ten.inspectorate.working_days_per_year / (2.0 + ten.inspectorate.travel_days);
  const RunResult a = run(ten);
  const RunResult b = run(small_scenario(saturated(20)));
  const double per_inspector = global(a.summary, "inspections_per_inspector").mean;
  EXPECT_LE(per_inspector, capacity_per_inspector + 1.0);
  EXPECT_GE(per_inspector, 0.98 * capacity_per_inspector);
  const double ratio = global(b.summary, "inspections").mean / global(a.summary, "inspections").mean;
  EXPECT_NEAR(ratio, 2.0, 0.04);
}

TEST(PolicyLevers, StaffingTimelineHiresFromTheGivenYear) {
  const Scenario s = small_with("timeline:\n  - {year: 2, inspectors: 20}\n", saturated(10));
  const RunResult result = run(s);
  EXPECT_EQ(of_year(result.summary, 0, "inspectors").mean, 10);
  EXPECT_EQ(of_year(result.summary, 1, "inspectors").mean, 20);
  const double ratio = of_year(result.summary, 2, "inspections").mean / of_year(result.summary, 0, "inspections").mean;
  EXPECT_NEAR(ratio, 2.0, 0.05);
}

TEST(PolicyLevers, NoticeRuleChangesInTheTimelineYear) {
  // Visits announced before the change keep their notice, so year 2 still sees a few.
  const RunResult result = run(small_with("timeline:\n  - {year: 2, policy: {notice: unannounced}}\n"));
  EXPECT_GT(of_year(result.summary, 0, "concealed").mean, 0.0);
  EXPECT_LT(of_year(result.summary, 1, "concealed").mean, 0.25 * of_year(result.summary, 0, "concealed").mean);
  EXPECT_EQ(of_year(result.summary, 2, "concealed").mean, 0.0);
}

TEST(PolicyLevers, NoAwarenessNoComplaints) {
  const RunResult result = run(small_scenario({{"complaints.awareness", "0"}}));
  EXPECT_EQ(global(result.summary, "complaints").mean, 0.0);
  EXPECT_EQ(global(result.summary, "complaint_inspections").mean, 0.0);
  EXPECT_GT(global(result.summary, "planned_inspections").mean, 0.0);
}

TEST(PolicyLevers, MoratoriumStopsPlannedVisitsAndComplaintsUnlessOverridden) {
  const RunResult overridden = run(small_scenario({{"policy.moratorium.active", "true"}}));
  EXPECT_EQ(global(overridden.summary, "planned_inspections").mean, 0.0);
  EXPECT_GT(global(overridden.summary, "complaint_inspections").mean, 0.0);
  const RunResult strict = run(small_scenario({{"policy.moratorium.active", "true"}, {"policy.moratorium.complaints_override", "false"}}));
  EXPECT_EQ(global(strict.summary, "inspections").mean, 0.0);
  EXPECT_GT(global(strict.summary, "complaints_blocked").mean, 0.0);
}

TEST(PolicyLevers, ExemptionCanBlockComplaints) {
  const RunResult result = run(small_scenario({{"policy.complaints_override_exemption", "false"}}));
  EXPECT_GT(global(result.summary, "complaints_blocked").mean, 0.0);
  EXPECT_EQ(of_size_class(result.summary, small_class, "inspections").mean, 0.0);
}

TEST(PolicyLevers, SpecificDeterrenceLowersOnsets) {
  const Scenario base = small_scenario({{"policy.notice", "unannounced"}});
  const Scenario deterred = small_scenario({{"policy.notice", "unannounced"},
                                            {"sanctions.specific_deterrence", "{reduction: 0.9, years: 5}"}});
  const CompareResult c = compare_experiments(base, deterred);
  EXPECT_LT(global(c.difference, "episodes").ci_high, 0.0);
}

TEST(PolicyLevers, GeneralDeterrenceRaisesOnsetsWhenInspectionsStop) {
  // Elasticity 1: when a moratorium cuts visits from year 2, firms see less risk and offend more.
  const std::string moratorium = "timeline:\n  - {year: 2, policy: {moratorium: {active: true, complaints_override: false}}}\n";
  const Scenario off = small_with(moratorium);
  const Scenario on = small_with(moratorium, {{"sanctions.general_deterrence.elasticity", "1"}});
  const CompareResult c = compare_experiments(off, on);
  EXPECT_GT(of_year(c.difference, 2, "episodes").ci_low, 0.0);
  EXPECT_EQ(global(c.base.summary, "episodes").mean > 0, true);
}

TEST(PolicyLevers, FollowUpsOnlyAfterDetections) {
  const RunResult with = run(small_scenario());
  EXPECT_GT(global(with.summary, "follow_up_inspections").mean, 0.0);
  const RunResult without = run(small_scenario({{"sanctions.follow_up", "false"}}));
  EXPECT_EQ(global(without.summary, "follow_up_inspections").mean, 0.0);
}

}  // namespace
}  // namespace inspectsim

namespace inspectsim {
namespace {

TEST(PolicyLevers, EvenlyPacedAnnouncedPlanCompletesWithinItsYear) {
  // Notice pushes every planned visit back; even pacing must still fit them all in the year.
  const Scenario s = load_scenario(testing::source_path("scenarios/validation/coverage.yaml"),
                                   {{"policy.notice.planned", "prior"}, {"policy.notice.days", "30"},
                                    {"policy.notice.consent_required", "false"}, {"simulation.replications", "3"}});
  const RunResult r = run_experiment(s);
  EXPECT_EQ(testing::global(r.summary, "plan_completion").mean, 1.0);
  EXPECT_EQ(testing::global(r.summary, "planned_inspections").mean, 5000.0);
}

TEST(PolicyLevers, InspectorFatigueCutsDetectionOnEachLaterVisitOfTheDay) {
  // Quarter-day visits back to back from midnight: every inspector begins exactly four visits
  // each calendar day, the j-th after j earlier ones. With a share f lost per earlier visit, a
  // violation present is found with probability d (1 + k + k^2 + k^3) / 4, k = 1 - f.
  const double f = 0.2, k = 1 - f;
  std::vector<Override> set{{"size_classes.small.inspection_days.distribution", "fixed"},
                            {"size_classes.small.inspection_days.mean", "0.25"},
                            {"size_classes.large.inspection_days.distribution", "fixed"},
                            {"size_classes.large.inspection_days.mean", "0.25"},
                            {"inspectorate.travel_days", "0"},
                            {"inspectorate.working_days_per_year", "365"},
                            {"complaints.awareness", "0"},
                            {"sanctions.follow_up", "false"},
                            {"policy.notice", "unannounced"},
                            {"policy.exempt_size_classes", "[]"},
                            {"policy.plan.inspections_per_inspector_per_year", "300"},
                            {"policy.plan.targeting", "random"},
                            {"simulation.replications", "16"},
                            {"inspectorate.fatigue_per_earlier_visit", std::to_string(f)}};
  const Scenario s = small_scenario(set);
  const RunResult result = run(s);
  const double mean_factor = (1 + k + k * k + k * k * k) / 4;
  for (std::size_t type = 0; type < s.violations.size(); ++type) {
    const double present = total(of_violation(result.summary, type, "present_at_visits"), s);
    ASSERT_GT(present, 1000) << s.violations[type].name;
    const double p = s.violations[type].detection_probability * mean_factor;
    const double observed = total(of_violation(result.summary, type, "detections"), s) / present;
    EXPECT_NEAR(observed, p, 4.0 * std::sqrt(p * (1 - p) / present)) << s.violations[type].name;  // 4 binomial SEs
  }
  // Without fatigue the same visits find each violation with its full detection probability.
  set.back().value = "0";
  const CompareResult c = compare_experiments(small_scenario(set), s);
  EXPECT_LT(global(c.difference, "detections").ci_high, 0.0);
  EXPECT_EQ(global(c.difference, "inspections").mean, 0.0);
}

}  // namespace
}  // namespace inspectsim
