// Uncertainty over assumptions on a closed-form case: coverage K / N with K uniform over [400,
// 1600] and N = 2,000 is uniform over [0.2, 0.8], so its median is 0.5 and its 90% interval
// [0.23, 0.77]; the simulation adds no noise to it.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::source_path;
using testing::with_threads;

const std::string one_assumption = source_path("tests/data/one_assumption.yaml");

const MetricUncertainty& metric(const UncertaintyAnswer& a, const std::string& name) {
  for (const MetricUncertainty& m : a.metrics)
    if (m.metric == name) return m;
  throw std::out_of_range(name);
}

UncertaintyAnswer answer(const UncertaintyQuestion& q) {
  const UncertaintyPlan plan = plan_uncertainty(q);
  return estimate_uncertainty(
      plan, evaluate_design(plan.scenarios, plan.points, plan.metrics, {with_threads(2), {}, {}, {}}));
}

TEST(Uncertainty, QuantileIsLinearBetweenOrderStatistics) {
  EXPECT_DOUBLE_EQ(quantile_of({3, 1, 2, std::nan("")}, 0.5), 2);
  EXPECT_DOUBLE_EQ(quantile_of({0, 10}, 0.05), 0.5);
  EXPECT_TRUE(std::isnan(quantile_of({}, 0.5)));
}

TEST(Uncertainty, IntervalIsTheOneTheUniformRangeImplies) {
  for (const DesignKind design : {DesignKind::sobol, DesignKind::latin_hypercube}) {
    const UncertaintyAnswer a = answer({{one_assumption, "", {}}, {"coverage", "inspections"}, 64, design, 3});
    EXPECT_EQ(a.points, 64);
    EXPECT_EQ(a.ranged_inputs, 3);
    const MetricUncertainty& c = metric(a, "coverage");
    // 64 stratified points: the empirical quantiles lie within a stratum (1/64 of 0.6) of the truth.
    EXPECT_NEAR(c.median, 0.5, 0.02);
    EXPECT_NEAR(c.p05, 0.23, 0.02);
    EXPECT_NEAR(c.p95, 0.77, 0.02);
    EXPECT_NEAR(c.assumption_variance, 0.6 * 0.6 / 12, 0.003);  // a uniform's variance
    EXPECT_LT(c.noise_variance, 1e-6) << "a plan of distinct entities has no noise";
    EXPECT_TRUE(std::isnan(c.sign_kept_share)) << "no variant, no sign to keep";
    EXPECT_NEAR(metric(a, "inspections").median, 1000, 40);
  }
}

TEST(Uncertainty, DifferenceKeepsItsSignInEveryPlausibleWorld) {
  const UncertaintyAnswer a =
      answer({{one_assumption, source_path("tests/data/one_assumption_more_entities.yaml"), {}}, {"coverage"}, 32});
  const MetricUncertainty& c = metric(a, "coverage");
  EXPECT_EQ(a.variant, "one-assumption-more-entities");
  EXPECT_NEAR(c.median, -0.25, 0.02);  // -K / 4,000: uniform over [-0.4, -0.1]
  EXPECT_NEAR(c.p05, -0.385, 0.02);
  EXPECT_NEAR(c.p95, -0.115, 0.02);
  EXPECT_EQ(c.sign_kept_share, 1.0);
}

TEST(Uncertainty, NoiseIsSeparatedFromAssumptions) {
  // Detections in the small scenario are noisy; with every assumption held (a range of zero
  // width) the variance across points is noise alone, and the assumption variance near 0.
  const std::string yaml = "complaints: {awareness: {value: 0.4, assumption: \"held\", range: [0.4, 0.4]}}\n";
  const std::string path = testing::write_temp_yaml("extends: " + source_path("tests/data/small.yaml") + "\n" + yaml);
  UncertaintyQuestion q{{path, "", {{"simulation.years", "1"}, {"simulation.replications", "4"}}}, {"detections"}, 16};
  const UncertaintyPlan plan = plan_uncertainty(q);
  // Each point its own seed, so points differ by noise alone.
  UncertaintyPlan noisy = plan;
  std::vector<Scenario> seeded;
  for (std::size_t p = 0; p < plan.scenarios.size(); ++p) {
    seeded.push_back(plan.scenarios.base(p, plan.points[p]));
    seeded.back().simulation.seed = 100 + p;
  }
  noisy.scenarios = DesignScenarios(std::move(seeded));
  const UncertaintyAnswer a = estimate_uncertainty(
      noisy, evaluate_design(noisy.scenarios, noisy.points, noisy.metrics, {with_threads(2), {}, {}, {}}));
  const MetricUncertainty& d = a.metrics.front();
  EXPECT_GT(d.noise_variance, 0);
  // The between-point variance estimates the noise variance: their ratio is F-like around 1.
  EXPECT_GT(d.total_variance / d.noise_variance, 0.2);
  EXPECT_LT(d.total_variance / d.noise_variance, 3.0);
}

TEST(Uncertainty, RefusesUnknownMetricsAndTooFewPoints) {
  EXPECT_THROW(plan_uncertainty({{one_assumption, "", {}}, {"coverages"}, 8}), std::invalid_argument);
  EXPECT_THROW(plan_uncertainty({{one_assumption, "", {}}, {"coverage"}, 1}), std::invalid_argument);
  EXPECT_THROW(parse_design_kind("grid"), std::invalid_argument);
  EXPECT_EQ(parse_design_kind("lhs"), DesignKind::latin_hypercube);
}

}  // namespace
}  // namespace inspectsim
