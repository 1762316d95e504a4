// Sensitivity over assumptions on a scenario in which one assumption acts (the plan's size: coverage
// K / 2,000) and two do not (a violation that never begins, complaints nobody makes): Morris ranks
// the inactive ones last with no effect, the tornado gives coverage at K's ends, and the total Sobol
// index of the acting one is near 1.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;
using testing::with_threads;

const std::string one_assumption = source_path("tests/data/one_assumption.yaml");
const std::string acting = "policy.plan.inspections_per_inspector_per_year";

SensitivityAnswer study(const SensitivityQuestion& q,
                        const SensitivityOptions& options = {with_threads(2), {}, {}, {}}) {
  return run_sensitivity(plan_sensitivity(q), options);
}

TEST(SensitivityStudy, OnlyTheActingAssumptionMatters) {
  SensitivityQuestion q{{one_assumption, "", {}}, {"coverage", "inspections"}};
  q.trajectories = 6;
  q.top = 2;
  q.base_points = 128;  // Saltelli's first-order estimator is noisy below about a hundred
  q.resamples = 200;
  const SensitivityAnswer a = study(q);
  ASSERT_EQ(a.inputs.size(), 3u);
  EXPECT_EQ(a.model_points, 6 * 4 + 7 + 4 * 128);  // Morris paths, tornado, Saltelli design
  const MetricSensitivity& coverage = a.metrics.front();
  ASSERT_EQ(coverage.ranking.size(), 3u);
  const RangedInput& top = a.inputs[coverage.ranking[0].input];
  EXPECT_EQ(top.key, acting);
  // One Morris step moves K by half its range in probability, 600 visits: coverage by 0.3.
  EXPECT_NEAR(coverage.ranking[0].morris.mu_star, 0.3, 0.01);
  EXPECT_NEAR(coverage.ranking[0].morris.sigma, 0, 0.01) << "linear: every step has the same effect";
  for (std::size_t r = 1; r < 3; ++r) {
    EXPECT_EQ(coverage.ranking[r].morris.mu_star, 0) << a.inputs[coverage.ranking[r].input].key;
    EXPECT_FALSE(coverage.ranking[r].morris.mu_star > coverage.ranking[0].morris.mu_star);
  }
  // The tornado: coverage at K = 400 and 1,600, the centre at K = 1,000.
  EXPECT_NEAR(coverage.at_values, 0.5, 1e-3);
  EXPECT_NEAR(coverage.ranking[0].at_low, 0.2, 1e-3);
  EXPECT_NEAR(coverage.ranking[0].at_high, 0.8, 1e-3);
  // Sobol indices of the top two: the acting input explains all the variance, alone.
  ASSERT_TRUE(coverage.ranking[0].has_sobol);
  EXPECT_NEAR(coverage.ranking[0].total.value, 1, 0.05);
  EXPECT_NEAR(coverage.ranking[0].first_order.value, 1, 0.1);
  EXPECT_LE(coverage.ranking[0].total.ci_low, 1);  // the truth within the bootstrap interval
  EXPECT_GE(coverage.ranking[0].total.ci_high, 1);
  EXPECT_LE(coverage.ranking[0].first_order.ci_low, 1);
  EXPECT_GE(coverage.ranking[0].first_order.ci_high, 1);
  ASSERT_TRUE(coverage.ranking[1].has_sobol);
  EXPECT_NEAR(coverage.ranking[1].total.value, 0, 1e-9);
  EXPECT_FALSE(coverage.ranking[2].has_sobol) << "only the top two get Sobol indices";
  EXPECT_EQ(a.sobol_inputs.size(), 2u);
  // A second metric is ranked on its own.
  EXPECT_EQ(a.inputs[a.metrics[1].ranking[0].input].key, acting);
}

TEST(SensitivityStudy, ResumedStudyEqualsTheUninterruptedOne) {
  SensitivityQuestion q{{one_assumption, "", {}}, {"coverage"}};
  q.trajectories = 2;
  q.top = 1;
  q.base_points = 4;
  q.resamples = 50;
  const SensitivityPlan plan = plan_sensitivity(q);
  std::vector<PointValues> all;
  SensitivityOptions record{with_threads(2), {}, {}, {}};
  record.on_point = [&](const DesignPoint&, const PointValues& v) { all.push_back(v); };
  const SensitivityAnswer whole = run_sensitivity(plan, record);
  ASSERT_EQ(all.size(), plan.total_points);
  // Resume from a cut inside the screening and from one inside the Sobol stage.
  for (const std::size_t cut : {std::size_t{3}, plan.screening.size() + 2}) {
    SensitivityOptions resumed{with_threads(1), {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(cut)}, {}, {}};
    int run_again = 0;
    resumed.on_point = [&](const DesignPoint& p, const PointValues&) {
      EXPECT_GE(p.index, cut);
      ++run_again;
    };
    const SensitivityAnswer again = run_sensitivity(plan, resumed);
    EXPECT_EQ(run_again, static_cast<int>(plan.total_points - cut));
    EXPECT_EQ(render(again, ReportFormat::json), render(whole, ReportFormat::json)) << "cut at " << cut;
  }
}

TEST(SensitivityStudy, RefusesBadQuestions) {
  EXPECT_THROW(plan_sensitivity({{one_assumption, "", {}}, {}}), std::invalid_argument) << "no metric";
  EXPECT_THROW(plan_sensitivity({{one_assumption, "", {}}, {"coverages"}}), std::invalid_argument);
  SensitivityQuestion odd{{one_assumption, "", {}}, {"coverage"}};
  odd.levels = 3;
  EXPECT_THROW(plan_sensitivity(odd), std::invalid_argument);
}

}  // namespace
}  // namespace inspectsim
