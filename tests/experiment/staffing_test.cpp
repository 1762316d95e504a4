// The staffing search: target parsing, judging on the CI's cautious end, and that the answer
// is the smallest count meeting the targets (checked against trying every count).

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;
using testing::with_threads;

TEST(Staffing, ParsesTargets) {
  const StaffingTarget a = parse_target("forced_labour.detected_share>=0.05");
  EXPECT_EQ(a.metric, "forced_labour.detected_share");
  EXPECT_TRUE(a.at_least);
  EXPECT_DOUBLE_EQ(a.value, 0.05);
  const StaffingTarget b = parse_target("complaint_wait_days <= 14");
  EXPECT_EQ(b.metric, "complaint_wait_days");
  EXPECT_FALSE(b.at_least);
  EXPECT_DOUBLE_EQ(b.value, 14);
  for (const std::string bad : {"detected_share>0.05", "detected_share=0.05", ">=0.05",
                                "detected_share>=", "detected_share>=lots", "detected_share>=nan"}) {
    try {
      parse_target(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("--target " + bad), std::string::npos) << e.what();
    }
  }
}

TEST(Staffing, JudgesOnTheCautiousEndOfTheInterval) {
  Estimate e;
  e.mean = 0.06;
  e.ci_low = 0.04;
  e.ci_high = 0.08;
  EXPECT_FALSE(target_met(parse_target("x>=0.05"), e)) << "the mean reaches it, the lower end does not";
  EXPECT_TRUE(target_met(parse_target("x>=0.04"), e));
  EXPECT_FALSE(target_met(parse_target("x<=0.07"), e)) << "the upper end is above it";
  EXPECT_TRUE(target_met(parse_target("x<=0.08"), e));
  e.ci_low = e.ci_high = std::nan("");
  EXPECT_FALSE(target_met(parse_target("x>=0"), e)) << "an undefined metric never meets a target";
}

StaffingQuestion question(std::vector<std::string> targets, int max) {
  StaffingQuestion q{
      source_path("tests/data/small.yaml"), {{"simulation.replications", "4"}, {"simulation.years", "2"}}, {}, 1, max};
  for (const std::string& t : targets) q.targets.push_back(parse_target(t));
  return q;
}

bool met_at(const StaffingQuestion& q, int n) {
  std::vector<Override> o = q.common;
  o.push_back({"inspectors", std::to_string(n)});
  const RunResult r = run_experiment(load_scenario(q.scenario_path, o), with_threads(2));
  bool met = true;
  for (const StaffingTarget& t : q.targets) met = met && target_met(t, find_metric(r.scenario, t.metric).in(r.summary));
  return met;
}

TEST(Staffing, AnswerIsTheSmallestCountMeetingEveryTarget) {
  // More inspectors: more planned visits (coverage) and shorter complaint waits. Both targets
  // are monotone in the count here; a noisier one (detected_share) need not be, which is why
  // the path is reported.
  const StaffingQuestion q = question({"coverage>=0.1", "complaint_wait_days<=16"}, 40);
  const StaffingAnswer a = find_staffing(q, with_threads(2));
  ASSERT_TRUE(a.found);
  // Every count from 1 to 40, on the same streams: the answer is the first that meets both.
  int smallest = 0;
  for (int n = 1; n <= 40 && smallest == 0; ++n)
    if (met_at(q, n)) smallest = n;
  EXPECT_EQ(a.inspectors, smallest);
  ASSERT_TRUE(a.at_answer && a.below);
  EXPECT_EQ(a.at_answer->scenario.base_policy.inspectors, a.inspectors);
  EXPECT_EQ(a.below->scenario.base_policy.inspectors, a.inspectors - 1);
  // The path: each count once, the answer met, the count below not.
  std::set<int> tried;
  for (const StaffingStep& s : a.path) {
    EXPECT_TRUE(tried.insert(s.inspectors).second) << s.inspectors << " run twice";
    EXPECT_EQ(s.met, met_at(q, s.inspectors)) << s.inspectors;
    if (s.inspectors >= a.inspectors)
      EXPECT_TRUE(s.met) << "monotone along the path: " << s.inspectors;
    else
      EXPECT_FALSE(s.met) << "monotone along the path: " << s.inspectors;
  }
  EXPECT_LE(a.path.size(), 10u) << "a bisection, not a scan";
}

TEST(Staffing, ReportsWhenTheTargetIsOutOfReachAndWhenTheMinimumMeetsIt) {
  const StaffingAnswer unreachable = find_staffing(question({"detected_share>=0.9"}, 30), with_threads(2));
  EXPECT_FALSE(unreachable.found);
  EXPECT_EQ(unreachable.path.back().inspectors, 30);
  const StaffingAnswer easy = find_staffing(question({"detected_share>=0"}, 30), with_threads(2));
  EXPECT_TRUE(easy.found);
  EXPECT_EQ(easy.inspectors, 1);
  EXPECT_FALSE(easy.below.has_value());
}

TEST(Staffing, RefusesUnknownMetricsAndBadRanges) {
  try {
    find_staffing(question({"forced_labor.detected_share>=0.1"}, 30));
    ADD_FAILURE() << "an unknown metric was accepted";
  } catch (const ScenarioError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("--target forced_labor.detected_share>=0.1"), std::string::npos) << m;
    EXPECT_NE(m.find("wage_arrears, hidden_hazard"), std::string::npos) << m;
  }
  StaffingQuestion q = question({"detected_share>=0.05"}, 10);
  q.min_inspectors = 20;
  EXPECT_THROW(find_staffing(q), ScenarioError);
  // Without --max, the range reaches at least --min.
  StaffingQuestion high_min = question({"detected_share>=0"}, 0);
  high_min.min_inspectors = 5000;
  const StaffingAnswer a = find_staffing(high_min, with_threads(2));
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.inspectors, 5000);
}

/// A scenario file in the temporary directory, removed with the test.
class ScenarioFiles {
 public:
  ScenarioFiles()
      : dir_(std::filesystem::temp_directory_path() / ("inspectsim_staffing_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~ScenarioFiles() { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& yaml) const {
    std::ofstream(dir_ / name) << yaml;
    return (dir_ / name).string();
  }

 private:
  std::filesystem::path dir_;
};

TEST(Staffing, RefusesATimelineThatSetsInspectorsNamingTheEntry) {
  const ScenarioFiles files;
  const std::string path = files.write(
      "hiring.yaml", "extends: " + source_path("tests/data/small.yaml") +
                         "\ntimeline:\n  - {year: 2, policy: {notice: unannounced}}\n  - {year: 2, inspectors: 30}\n");
  StaffingQuestion q = question({"detected_share>=0.05"}, 10);
  q.scenario_path = path;
  try {
    find_staffing(q);
    ADD_FAILURE() << "a search whose count the timeline fixes was run";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 4);
    EXPECT_EQ(e.key(), "timeline[1].inspectors");
    EXPECT_NE(std::string(e.what()).find("found 30 inspectors set here"), std::string::npos) << e.what();
  }
}

TEST(Staffing, ATimelineReplacedByOneWithoutInspectorsIsSearched) {
  const ScenarioFiles files;
  const std::string base = files.write(
      "base.yaml", "extends: " + source_path("tests/data/small.yaml") + "\ntimeline:\n  - {year: 2, inspectors: 30}\n");
  const std::string derived =
      files.write("derived.yaml", "extends: base.yaml\ntimeline:\n  - {year: 2, policy: {notice: unannounced}}\n");
  EXPECT_EQ(load_scenario(derived).provenance.count("timeline[0].inspectors"), 0u) << "the replaced entry lingers";
  StaffingQuestion q = question({"detected_share>=0"}, 10);
  q.scenario_path = derived;
  EXPECT_TRUE(find_staffing(q, with_threads(2)).found);
}

}  // namespace
}  // namespace inspectsim

namespace inspectsim {
namespace {

/// small.yaml with no planned visits under a fixed plan, every visit unannounced, small firms plannable.
StaffingQuestion coverage_question(const char* mode) {
  StaffingQuestion q{testing::source_path("tests/data/small.yaml"),
                     {{"simulation.replications", "4"},
                      {"simulation.years", "2"},
                      {"policy.plan.mode", mode},
                      {"policy.plan.inspections_per_inspector_per_year", "0"},
                      {"policy.notice", "unannounced"},
                      {"policy.exempt_size_classes", "[]"}},
                     {parse_target("coverage>=0.5")},
                     1,
                     100};
  return q;
}

TEST(Staffing, WarnsThatAFixedPlanLeavesExtraInspectorsIdleAndACapacityPlanReachesTheTarget) {
  const StaffingAnswer fixed = find_staffing(coverage_question("fixed"), testing::with_threads(2));
  EXPECT_FALSE(fixed.found) << "complaints alone never visit half the entities";
  ASSERT_EQ(fixed.warnings.size(), 1u);
  EXPECT_NE(fixed.warnings[0].find("under-used"), std::string::npos) << fixed.warnings[0];
  EXPECT_NE(fixed.warnings[0].find("policy.plan.mode=capacity"), std::string::npos) << fixed.warnings[0];
  EXPECT_NE(staffing_table(fixed).find("warning: inspectors under-used"), std::string::npos);

  const StaffingAnswer capacity = find_staffing(coverage_question("capacity"), testing::with_threads(2));
  EXPECT_TRUE(capacity.found);
  EXPECT_LT(capacity.inspectors, 100);
  EXPECT_TRUE(capacity.warnings.empty()) << capacity.warnings[0];
}

}  // namespace
}  // namespace inspectsim
