// The staffing answer over plausible assumptions, on a case with a closed form: one inspector
// makes K planned visits a year to distinct entities out of 2,000, so n inspectors cover n K /
// 2,000; to cover half, n = ceil(1,000 / K), with K uniform over [400, 1,600]: 3 inspectors when
// K < 500 (1 world in 12), 2 when K < 1,000 (5 in 12), 1 otherwise (half of them).

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;
using testing::with_threads;

TEST(RobustStaffing, RankCorrelationIsSpearmans) {
  EXPECT_DOUBLE_EQ(rank_correlation({1, 2, 3, 4}, {10, 20, 30, 1000}), 1);
  EXPECT_DOUBLE_EQ(rank_correlation({1, 2, 3, 4}, {4, 3, 2, 1}), -1);
  EXPECT_NEAR(rank_correlation({1, 2, 3, 4}, {1, 1, 2, 2}), 0.894427, 1e-6);  // ties share their average rank
  EXPECT_TRUE(std::isnan(rank_correlation({1, 2, 3}, {5, 5, 5}))) << "a list that does not vary";
}

TEST(RobustStaffing, AnswerSpreadsAsTheRangeImpliesAndTheActingAssumptionLeads) {
  RobustStaffingQuestion q{{source_path("tests/data/one_assumption.yaml"), {}, {parse_target("coverage>=0.5")}, 1, 8},
                           32};
  const RobustStaffingAnswer a = find_robust_staffing(q, with_threads(2));
  ASSERT_EQ(a.answers.size(), 32u);
  EXPECT_EQ(a.unmet, 0);
  for (std::size_t p = 0; p < a.answers.size(); ++p) {
    const double k = std::stod(a.points[p].settings[1].value);  // the plan's size, the second input
    EXPECT_EQ(a.answers[p].inspectors, static_cast<int>(std::ceil(1000 / k - 1e-9))) << "K = " << k;
  }
  EXPECT_EQ(a.p10, 1);
  EXPECT_GE(a.p50, 1);
  EXPECT_LE(a.p50, 2);
  EXPECT_GE(a.p90, 2);
  EXPECT_LE(a.p90, 3);
  ASSERT_EQ(a.influence.size(), 3u) << "the staff itself is not an input";
  EXPECT_EQ(a.inputs[a.influence[0].input].key, "policy.plan.inspections_per_inspector_per_year");
  EXPECT_LT(a.influence[0].rank_correlation, -0.7) << "more visits each, fewer inspectors";
  EXPECT_LT(std::abs(a.influence[1].rank_correlation), 0.5);
}

TEST(RobustStaffing, PointsBeyondTheMaximumAreCountedAbove) {
  RobustStaffingQuestion q{{source_path("tests/data/one_assumption.yaml"), {}, {parse_target("coverage>=0.5")}, 1, 1},
                           8};
  const RobustStaffingAnswer a = find_robust_staffing(q, with_threads(2));
  EXPECT_GT(a.unmet, 0);
  EXPECT_LT(a.unmet, 8);
  EXPECT_EQ(a.p10, 1);
  EXPECT_TRUE(std::isnan(a.p90)) << "the 90th percentile lies among the points with no answer up to --max";
}

}  // namespace
}  // namespace inspectsim
