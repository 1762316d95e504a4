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
using testing::run_total;
using testing::small_scenario;
using testing::small_with;

constexpr std::size_t wage_arrears = 0;
constexpr std::size_t hidden_hazard = 1;  // concealability 0.9 in small.yaml
constexpr std::size_t small_class = 0;

RunResult run(const Scenario& s) { return run_experiment(s, {}); }

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
    const double present = run_total(of_violation(result.summary, k, "present_at_visits"), s);
    ASSERT_GT(present, 500) << s.violations[k].name;
    const double c = s.violations[k].concealability;
    const double d = s.violations[k].detection_probability;
    const auto expect_share = [&](const char* metric, double p) {
      const double observed = run_total(of_violation(result.summary, k, metric), s) / present;
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
  const double unplanned =
      global(c.base.summary, "complaint_inspections").mean + global(c.base.summary, "follow_up_inspections").mean;
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
  const RunResult strict =
      run(small_scenario({{"policy.moratorium.active", "true"}, {"policy.moratorium.complaints_override", "false"}}));
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
  const Scenario deterred = small_scenario(
      {{"policy.notice", "unannounced"}, {"sanctions.specific_deterrence", "{reduction: 0.9, years: 5}"}});
  const CompareResult c = compare_experiments(base, deterred);
  EXPECT_LT(global(c.difference, "episodes").ci_high, 0.0);
}

TEST(PolicyLevers, GeneralDeterrenceRaisesOnsetsWhenInspectionsStop) {
  // Elasticity 1: when a moratorium cuts visits from year 2, firms see less risk and offend more.
  const std::string moratorium =
      "timeline:\n  - {year: 2, policy: {moratorium: {active: true, complaints_override: false}}}\n";
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
                                   {{"policy.notice.planned", "prior"},
                                    {"policy.notice.days", "30"},
                                    {"policy.notice.consent_required", "false"},
                                    {"simulation.replications", "3"}});
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
    const double present = run_total(of_violation(result.summary, type, "present_at_visits"), s);
    ASSERT_GT(present, 1000) << s.violations[type].name;
    const double p = s.violations[type].detection_probability * mean_factor;
    const double observed = run_total(of_violation(result.summary, type, "detections"), s) / present;
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

namespace inspectsim {
namespace {

/// small.yaml with every visit unannounced (no notice to wait out), small firms back in the
/// plan, every visit 2.2 working days plus 0.5 of travel (so an inspector can make 220 / 2.7 =
/// 81.5 visits a year; not a whole number, so that visits of inspectors who all start on day 0
/// do not fall exactly on a year start), `inspectors` inspectors and the plan in `mode` (fixed:
/// no planned visits).
Scenario staffed(int inspectors, const char* mode, std::vector<Override> more = {}) {
  std::vector<Override> o{{"inspectors", std::to_string(inspectors)},
                          {"policy.plan.mode", mode},
                          {"policy.plan.inspections_per_inspector_per_year", "0"},
                          {"policy.notice", "unannounced"},
                          {"policy.exempt_size_classes", "[]"},
                          {"size_classes.small.inspection_days", "{distribution: fixed, mean: 2.2}"},
                          {"size_classes.large.inspection_days", "{distribution: fixed, mean: 2.2}"}};
  o.insert(o.end(), more.begin(), more.end());
  return testing::small_scenario(o);
}
constexpr double visits_per_inspector_year = 220 / 2.7;

double mean_of(const RunResult& r, const char* metric) { return testing::global(r.summary, metric).mean; }

TEST(PolicyLevers, CapacityPlanFillsTheTimeComplaintsAndFollowUpsLeave) {
  const RunResult full = run_experiment(staffed(10, "capacity"));
  // inspection_time_share is 1 in small.yaml: every working day goes on visits and travel.
  EXPECT_NEAR(mean_of(full, "inspector_utilisation"), 1.0, 0.005);
  EXPECT_NEAR(mean_of(full, "inspections"), 10 * visits_per_inspector_year, 0.01 * 10 * visits_per_inspector_year);
  EXPECT_NEAR(mean_of(full, "capacity_visits"), 10 * visits_per_inspector_year, 0.5);
  EXPECT_GT(mean_of(full, "planned_inspections"), 0.5 * mean_of(full, "inspections"));
  EXPECT_TRUE(std::isnan(mean_of(full, "plan_completion"))) << "a capacity plan has no size to complete";
  // Other duties take half the time: half the visits, and utilisation stops at the half.
  const RunResult half = run_experiment(staffed(10, "capacity", {{"inspectorate.inspection_time_share", "0.5"}}));
  EXPECT_NEAR(mean_of(half, "inspector_utilisation"), 0.5, 0.005);
  EXPECT_NEAR(mean_of(half, "inspections"), 5 * visits_per_inspector_year, 0.01 * 5 * visits_per_inspector_year);
  EXPECT_NEAR(mean_of(half, "capacity_visits"), 5 * visits_per_inspector_year, 0.5);
}

TEST(PolicyLevers, ExtraInspectorsMakePlannedVisitsOnlyUnderACapacityPlan) {
  // Without a plan, doubling the staff leaves the visits where complaints put them and halves
  // how busy inspectors are; with a capacity plan every new inspector's time becomes visits.
  const RunResult fixed10 = run_experiment(staffed(10, "fixed"));
  const RunResult fixed20 = run_experiment(staffed(20, "fixed"));
  EXPECT_EQ(mean_of(fixed20, "planned_inspections"), 0.0);
  EXPECT_NEAR(mean_of(fixed20, "inspections") / mean_of(fixed10, "inspections"), 1.0, 0.03);
  EXPECT_NEAR(mean_of(fixed20, "inspector_utilisation") / mean_of(fixed10, "inspector_utilisation"), 0.5, 0.02);
  EXPECT_LT(mean_of(fixed10, "inspector_utilisation"), 0.5) << "the test needs idle time to fill";
  EXPECT_NEAR(mean_of(fixed20, "capacity_visits"), 20 * visits_per_inspector_year, 0.5);

  const RunResult capacity10 = run_experiment(staffed(10, "capacity"));
  const RunResult capacity20 = run_experiment(staffed(20, "capacity"));
  EXPECT_NEAR(mean_of(capacity20, "inspections"), 20 * visits_per_inspector_year,
              0.01 * 20 * visits_per_inspector_year);
  EXPECT_NEAR(mean_of(capacity20, "inspector_utilisation"), 1.0, 0.005);
  // Complaints keep their priority: as large a share answered by a visit as with idle inspectors
  // waiting for them (there are fewer complaints: planned visits end violations that would have led to some).
  const auto answered = [](const RunResult& r) {
    return mean_of(r, "complaint_inspections") / mean_of(r, "complaints");
  };
  EXPECT_NEAR(answered(capacity10), answered(fixed10), 0.03);
  EXPECT_GT(testing::global(capacity20.summary, "coverage").ci_low,
            testing::global(capacity10.summary, "coverage").ci_high);
  EXPECT_GT(testing::global(capacity10.summary, "coverage").ci_low,
            2 * testing::global(fixed10.summary, "coverage").ci_high);
}

TEST(PolicyLevers, CapacityPlanDrawnWithReplacementNeverRunsDry) {
  const RunResult r = run_experiment(
      staffed(20, "capacity", {{"policy.plan.sampling", "with_replacement"}, {"policy.plan.targeting", "random"}}));
  EXPECT_NEAR(mean_of(r, "inspector_utilisation"), 1.0, 0.01);
  EXPECT_GT(mean_of(r, "planned_inspections"), 0.5 * mean_of(r, "inspections"));
}

TEST(PolicyLevers, CapacityPlanGoesRoundAgainWhenEveryEntityIsPlanned) {
  // 3,500 entities and 200 inspectors of 81.5 visits a year each: the ranking runs out
  // within the year, and the plan starts over rather than leaving inspectors idle.
  const RunResult r = run_experiment(staffed(200, "capacity", {{"simulation.replications", "2"}}));
  EXPECT_NEAR(mean_of(r, "inspector_utilisation"), 1.0, 0.01);
  EXPECT_GT(mean_of(r, "planned_inspections"), 3'500.0);
  EXPECT_GT(mean_of(r, "coverage"), 0.99);
}

TEST(PolicyLevers, CapacityPlanStartsInItsTimelineYear) {
  // Year 1: complaints and follow-ups only (no fixed plan); from year 2 planned visits fill the time.
  const Scenario s = testing::small_with("timeline:\n  - {year: 2, policy: {plan: {mode: capacity}}}\n",
                                         {{"policy.plan.inspections_per_inspector_per_year", "0"},
                                          {"policy.notice", "unannounced"},
                                          {"policy.exempt_size_classes", "[]"}});
  const RunResult r = run_experiment(s);
  EXPECT_LT(testing::of_year(r.summary, 0, "inspector_utilisation").mean, 0.8);
  EXPECT_NEAR(testing::of_year(r.summary, 1, "inspector_utilisation").mean, 1.0, 0.01);
  EXPECT_NEAR(testing::of_year(r.summary, 2, "inspector_utilisation").mean, 1.0, 0.01);
  EXPECT_GT(testing::of_year(r.summary, 1, "coverage").ci_low, 2 * testing::of_year(r.summary, 0, "coverage").ci_high);
}

TEST(PolicyLevers, FixedPlanIsTheDefaultAndStaysAsItWas) {
  const RunResult by_default = run_experiment(testing::small_scenario());
  const RunResult fixed = run_experiment(testing::small_scenario({{"policy.plan.mode", "fixed"}}));
  ASSERT_EQ(by_default.replications.size(), fixed.replications.size());
  for (std::size_t r = 0; r < fixed.replications.size(); ++r)
    for (std::size_t m = 0; m < fixed.replications[r].global.size(); ++m) {
      const double a = by_default.replications[r].global[m], b = fixed.replications[r].global[m];
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << global_metrics()[m].name;
    }
}

}  // namespace
}  // namespace inspectsim
