// The runner of design points: the same values whatever the threads or ranks, in point order, a
// resumed run equal to an uninterrupted one, and a variant paired on common random numbers.

#include <gtest/gtest.h>

#include <cstring>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;
using testing::with_threads;

const std::string one_assumption = source_path("tests/data/one_assumption.yaml");
const std::string more_entities = source_path("tests/data/one_assumption_more_entities.yaml");

std::vector<DesignPoint> plan_sizes(const std::vector<int>& sizes) {
  std::vector<DesignPoint> points;
  for (int k : sizes)
    points.push_back({points.size(), {{"policy.plan.inspections_per_inspector_per_year", std::to_string(k)}}});
  return points;
}

/// Bit-for-bit equality of two lists of values (NaN equal to NaN).
void expect_identical(const std::vector<PointValues>& a, const std::vector<PointValues>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t p = 0; p < a.size(); ++p) {
    ASSERT_EQ(a[p].mean.size(), b[p].mean.size());
    EXPECT_EQ(std::memcmp(a[p].mean.data(), b[p].mean.data(), a[p].mean.size() * sizeof(double)), 0) << "point " << p;
    EXPECT_EQ(std::memcmp(a[p].noise_variance.data(), b[p].noise_variance.data(),
                          a[p].noise_variance.size() * sizeof(double)),
              0)
        << "point " << p;
  }
}

std::vector<MetricRef> metrics_of(const Scenario& s) {
  return {find_metric(s, "coverage"), find_metric(s, "inspections"), find_metric(s, "inspections_per_inspector")};
}

TEST(Design, PointsPassInOrderWithTheirOwnSettings) {
  const std::vector<DesignPoint> points = plan_sizes({400, 1000, 1600});
  const DesignScenarios scenarios = load_design_scenarios({one_assumption, "", {}}, points);
  ASSERT_EQ(scenarios.size(), 3u);
  EXPECT_FALSE(scenarios.paired());
  std::vector<std::size_t> order;
  std::vector<double> coverage;
  run_design(scenarios, points,
             {with_threads(2),
              0,
              [&](const DesignPoint& p, const DesignOutcome& o) {
                order.push_back(p.index);
                coverage.push_back(testing::global(o.base.summary, "coverage").mean);
                EXPECT_FALSE(o.comparison.has_value());
              },
              {}});
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2}));
  ASSERT_EQ(coverage.size(), 3u);
  EXPECT_NEAR(coverage[0], 0.2, 1e-3);  // K / N, a plan of distinct entities
  EXPECT_NEAR(coverage[1], 0.5, 1e-3);
  EXPECT_NEAR(coverage[2], 0.8, 1e-3);
}

TEST(Design, ValuesDoNotDependOnTheThreadCount) {
  const std::vector<DesignPoint> points = plan_sizes({400, 700, 1000, 1300, 1600});
  const std::vector<DesignPoint> three = {
      {0, {}}, {1, {{"complaints.awareness", "0.2"}}}, {2, {{"complaints.awareness", "0.8"}}}};
  const DesignScenarios scenarios =
      load_design_scenarios({source_path("tests/data/small.yaml"), "", {{"simulation.years", "1"}}}, three);
  const std::vector<MetricRef> metrics = {find_metric(scenarios.first(), "detections"),
                                          find_metric(scenarios.first(), "complaints")};
  const auto one = evaluate_design(scenarios, three, metrics, {with_threads(1), {}, {}, {}});
  const auto two = evaluate_design(scenarios, three, metrics, {with_threads(2), {}, {}, {}});
  expect_identical(one, two);
  EXPECT_LT(one[1].mean[1], one[2].mean[1]) << "more awareness, more complaints";
  EXPECT_GT(one[0].noise_variance[0], 0) << "replications differ, so the mean has noise";
}

TEST(Design, ResumedRunEqualsTheUninterruptedOne) {
  const std::vector<DesignPoint> points = plan_sizes({400, 700, 1000, 1300, 1600});
  const DesignScenarios scenarios = load_design_scenarios({one_assumption, "", {}}, points);
  const std::vector<MetricRef> metrics = metrics_of(scenarios.first());
  const auto whole = evaluate_design(scenarios, points, metrics, {with_threads(2), {}, {}, {}});
  std::vector<std::size_t> run_again;
  EvaluateOptions resumed{with_threads(1), {whole[0], whole[1]}, {}, {}};
  resumed.on_point = [&](const DesignPoint& p, const PointValues&) { run_again.push_back(p.index); };
  expect_identical(evaluate_design(scenarios, points, metrics, resumed), whole);
  EXPECT_EQ(run_again, (std::vector<std::size_t>{2, 3, 4})) << "the points done are not run again";
}

TEST(Design, PointsFileReadsBackTheValuesExactly) {
  const std::vector<DesignPoint> points = plan_sizes({400, 1000, 1600});
  const DesignScenarios scenarios = load_design_scenarios({one_assumption, "", {}}, points);
  const std::vector<MetricRef> metrics = metrics_of(scenarios.first());
  std::vector<PointValues> values = evaluate_design(scenarios, points, metrics, {with_threads(2), {}, {}, {}});
  values[1].mean[2] = 1.0 / 3.0;  // a value with every digit used
  values[2].noise_variance[0] = std::numeric_limits<double>::quiet_NaN();
  const std::string header = design_points_header(design_fingerprint("test", scenarios, metrics), metrics);
  std::string text = header;
  for (std::size_t p = 0; p < points.size(); ++p) text += design_points_row(points[p], values[p]);
  const DesignPointsResume all = read_design_points(text, header, points.size(), metrics.size());
  expect_identical(all.done, values);
  EXPECT_EQ(all.keep_bytes, text.size());
  // A last line cut by a kill is dropped; the whole rows before it are kept.
  const DesignPointsResume cut =
      read_design_points(text.substr(0, text.size() - 5), header, points.size(), metrics.size());
  EXPECT_EQ(cut.done.size(), 2u);
  EXPECT_EQ(text.compare(0, cut.keep_bytes, text, 0, cut.keep_bytes), 0);
  // Another design's file is refused.
  const std::string other = design_points_header(design_fingerprint("other", scenarios, metrics), metrics);
  EXPECT_THROW(read_design_points(text, other, points.size(), metrics.size()), std::invalid_argument);
  EXPECT_THROW(read_design_points(text, header, 2, metrics.size()), std::invalid_argument) << "more rows than points";
}

TEST(Design, SplitOverACluster) {
  const std::vector<DesignPoint> points = plan_sizes({400, 1000, 1600});
  const DesignScenarios scenarios = load_design_scenarios(
      {source_path("tests/data/small.yaml"), "", {{"simulation.years", "1"}, {"simulation.replications", "3"}}},
      {{0, {}}, {1, {}}, {2, {}}});
  const std::vector<MetricRef> metrics = {find_metric(scenarios.first(), "detections")};
  const std::vector<DesignPoint> three = {{0, {}}, {1, {}}, {2, {}}};
  const auto alone = evaluate_design(scenarios, three, metrics, {with_threads(1), {}, {}, {}});
  // Two "ranks" on threads of this process, exchanging their blocks as MPI would.
  std::vector<std::vector<PointValues>> got(2);
  testing::run_as_cluster(2, [&](const Cluster& cluster, int rank) {
    RunOptions run = with_threads(1);
    run.cluster = &cluster;
    got[rank] = evaluate_design(scenarios, three, metrics, {run, {}, {}, {}});
  });
  expect_identical(got[0], alone);
  expect_identical(got[1], alone);
}

TEST(Design, VariantIsPairedOnCommonRandomNumbers) {
  const std::vector<DesignPoint> points = plan_sizes({400, 1600});
  const DesignScenarios scenarios = load_design_scenarios({one_assumption, more_entities, {}}, points);
  ASSERT_EQ(scenarios.size(), 2u);
  ASSERT_TRUE(scenarios.paired());
  const Scenario second = scenarios.base(1, points[1]);
  EXPECT_EQ(scenarios.variant(1, points[1], second).base_policy.plan.inspections_per_inspector_per_year, 1600)
      << "the point's setting reaches the variant too";
  const std::vector<MetricRef> metrics = {find_metric(scenarios.first(), "coverage")};
  const auto values = evaluate_design(scenarios, points, metrics, {with_threads(2), {}, {}, {}});
  EXPECT_NEAR(values[0].mean[0], -0.1, 1e-3);  // 400 / 4,000 - 400 / 2,000
  EXPECT_NEAR(values[1].mean[0], -0.4, 1e-3);
}

}  // namespace
}  // namespace inspectsim
