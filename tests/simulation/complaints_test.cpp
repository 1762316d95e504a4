// Complaints handled as inspectorates handle them (issue 12, item 2): a share resolved without
// a visit, visits scoped to what was complained of, and complaint visits of their own length.
// All runs use tests/data/small.yaml with fixed seeds.

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::of_violation;
using testing::run_total;
using testing::small_scenario;

constexpr std::size_t wage_arrears = 0;
constexpr std::size_t hidden_hazard = 1;

/// Only complaint visits, made at once: no plan, no follow-ups, no notice, staff to spare.
std::vector<Override> complaint_visits_only(std::vector<Override> more = {}) {
  std::vector<Override> o{{"policy.plan.inspections_per_inspector_per_year", "0"},
                          {"sanctions.follow_up", "false"},
                          {"policy.notice", "unannounced"},
                          {"inspectors", "40"}};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

TEST(Complaints, TriageResolvesItsShareOfComplaintsWithoutAVisit) {
  const Scenario s = small_scenario(complaint_visits_only({{"complaints.triage_share", "0.4"}}));
  const RunResult r = run_experiment(s);
  const double triaged = run_total(global(r.summary, "complaints_triaged"), s);
  const double visited = run_total(global(r.summary, "complaint_inspections"), s);
  ASSERT_GT(triaged + visited, 2000);
  // Complaints about an entity already waiting join its visit and are not triaged; with visits
  // made at once those are few. 4 binomial standard errors.
  const double n = triaged + visited;
  EXPECT_NEAR(triaged / n, 0.4, 4.0 * std::sqrt(0.24 / n));
  const RunResult untriaged = run_experiment(small_scenario(complaint_visits_only()));
  EXPECT_EQ(global(untriaged.summary, "complaints_triaged").mean, 0.0);
  EXPECT_GT(global(untriaged.summary, "complaint_inspections").mean, global(r.summary, "complaint_inspections").mean);
}

TEST(Complaints, AScopedComplaintVisitExaminesOnlyWhatWasComplainedOf) {
  // Nobody complains about the hidden hazard: scoped visits never look for it. (No specific
  // deterrence, so that finding the hazard cannot change the wage arrears that follow.)
  const std::vector<Override> silent_hazard{{"violations.hidden_hazard.complaint_weight", "0"},
                                            {"sanctions.specific_deterrence.years", "0"}};
  std::vector<Override> scoped = silent_hazard;
  scoped.push_back({"complaints.scope", "complaint"});
  const RunResult checklist = run_experiment(small_scenario(complaint_visits_only(silent_hazard)));
  const RunResult by_complaint = run_experiment(small_scenario(complaint_visits_only(scoped)));
  EXPECT_GT(of_violation(checklist.summary, hidden_hazard, "detections").mean, 0.0);
  EXPECT_EQ(of_violation(by_complaint.summary, hidden_hazard, "detections").mean, 0.0);
  EXPECT_EQ(of_violation(by_complaint.summary, hidden_hazard, "present_at_visits").mean, 0.0);
  // What was complained of is examined as before: the same visits find about the same wage
  // arrears (not exactly: an entity's looks share one stream over its types).
  const CompareResult c = compare_experiments(small_scenario(complaint_visits_only(silent_hazard)),
                                              small_scenario(complaint_visits_only(scoped)));
  const Estimate& change = of_violation(c.difference, wage_arrears, "detections");
  EXPECT_LE(change.ci_low, 0.0);
  EXPECT_GE(change.ci_high, 0.0);
  EXPECT_LT(std::abs(change.mean), 0.02 * of_violation(checklist.summary, wage_arrears, "detections").mean);
}

TEST(Complaints, UnfoundedComplaintsNameATypeInProportionToComplaintWeights) {
  // No founded complaints; unfounded ones name wage arrears three times as often as the hazard.
  const Scenario s = small_scenario(complaint_visits_only({{"complaints.rate_per_exposed_worker_year", "0"},
                                                           {"complaints.unfounded_rate_per_entity_year", "0.2"},
                                                           {"complaints.scope", "complaint"},
                                                           {"violations.wage_arrears.complaint_weight", "3"},
                                                           {"violations.wage_arrears.detection_probability", "1"},
                                                           {"violations.hidden_hazard.detection_probability", "1"}}));
  const RunResult r = run_experiment(s);
  // A visit examining a type finds it when active: present / visits is the type's share of
  // the visits times its prevalence.
  const double visits = run_total(global(r.summary, "complaint_inspections"), s);
  ASSERT_GT(visits, 3000);
  const auto examined_share = [&](std::size_t k) {
    const double present = run_total(of_violation(r.summary, k, "present_at_visits"), s);
    return present / (visits * of_violation(r.summary, k, "prevalence").mean);
  };
  // Shares 3/4 and 1/4 (uniformly chosen entities, so prevalence at visits is the population's).
  EXPECT_NEAR(examined_share(wage_arrears), 0.75, 0.05);
  EXPECT_NEAR(examined_share(hidden_hazard), 0.25, 0.05);
}

TEST(Complaints, FearOfRetaliationKeepsItsShareOfComplaintsUnmade) {
  const auto complaints = [](std::vector<Override> more) {
    const Scenario s = small_scenario(complaint_visits_only(std::move(more)));
    const RunResult r = run_experiment(s);
    return std::pair{run_total(global(r.summary, "complaints"), s),
                     run_total(global(r.summary, "complaints_suppressed"), s)};
  };
  // Unannounced complaint visits: the plain fear; 4 binomial standard errors.
  const auto [made, kept_back] =
      complaints({{"complaints.retaliation_fear", "0.3"}, {"complaints.retaliation_fear_announced", "0.6"}});
  ASSERT_GT(made + kept_back, 2000);
  const double n = made + kept_back;
  EXPECT_NEAR(kept_back / n, 0.3, 4.0 * std::sqrt(0.21 / n));
  // Announced complaint visits tell the employer: the fear under notice.
  const auto [made_announced, kept_back_announced] = complaints({{"complaints.retaliation_fear", "0.3"},
                                                                 {"complaints.retaliation_fear_announced", "0.6"},
                                                                 {"policy.notice.complaint", "prior"}});
  const double m = made_announced + kept_back_announced;
  EXPECT_NEAR(kept_back_announced / m, 0.6, 4.0 * std::sqrt(0.24 / m));
  // Migrants (half the shops' workers) fear more: (1 - 0.3)(1 - 0.5 x 0.4) = 0.56 made there.
  const auto [made_migrant, kept_back_migrant] = complaints({{"complaints.retaliation_fear", "0.3"},
                                                             {"complaints.retaliation_fear_migrant", "0.4"},
                                                             {"segments.shops.migrant_share", "0.5"},
                                                             {"segments.factories.entities", "0"}});
  const double k = made_migrant + kept_back_migrant;
  EXPECT_NEAR(made_migrant / k, 0.56, 4.0 * std::sqrt(0.56 * 0.44 / k));
}

TEST(Complaints, WorkersComplainLessWhenComplaintsFindLessThanTheyExpect) {
  // Workers expect every complaint visit to find something; about half do, so from the second
  // year complaints are kept back, about in proportion ((f + 0.01) / (1 + 0.01))^1.
  const std::vector<Override> expecting{{"complaints.credibility_elasticity", "1"},
                                        {"complaints.credibility_reference", "1"}};
  const Scenario s = small_scenario(complaint_visits_only(expecting));
  const CompareResult c = compare_experiments(small_scenario(complaint_visits_only()), s);
  EXPECT_LT(global(c.difference, "complaints").ci_high, 0.0);
  const double made = run_total(global(c.variant.summary, "complaints"), s);
  const double kept_back = run_total(global(c.variant.summary, "complaints_suppressed"), s);
  const double found_share = global(c.variant.summary, "detections").mean /
                             global(c.variant.summary, "complaint_inspections").mean;  // about f
  EXPECT_GT(kept_back / (made + kept_back), 0.5 * (1 - (found_share + 0.01) / 1.01));
  // Against their own first year, the same policy keeps back next to nothing.
  const RunResult own =
      run_experiment(small_scenario(complaint_visits_only({{"complaints.credibility_elasticity", "1"}})));
  const double own_made = run_total(global(own.summary, "complaints"), s);
  EXPECT_LT(run_total(global(own.summary, "complaints_suppressed"), s), 0.05 * own_made);
}

TEST(Complaints, ComplaintVisitsTakeTheirOwnShareOfTheSizeClassTime) {
  // Every visit a complaint visit of exactly 2 x factor working days, no travel: the staff can
  // make working days / (2 x factor) visits a year.
  const auto capacity = [](const char* factor) {
    const Scenario s = small_scenario(
        complaint_visits_only({{"complaints.visit_length_factor", factor},
                               {"inspectorate.travel_days", "0"},
                               {"size_classes.small.inspection_days", "{distribution: fixed, mean: 2}"},
                               {"size_classes.large.inspection_days", "{distribution: fixed, mean: 2}"}}));
    return global(run_experiment(s).summary, "capacity_visits").mean;
  };
  const double staff_days = 40 * 220.0;
  EXPECT_NEAR(capacity("1"), staff_days / 2, 1e-6 * staff_days);
  EXPECT_NEAR(capacity("0.5"), staff_days / 1, 1e-6 * staff_days);
}

}  // namespace
}  // namespace inspectsim
