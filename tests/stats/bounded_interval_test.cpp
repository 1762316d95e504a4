// Intervals that respect bounds (docs/VALIDATION.md): a count, rate or share never gets an
// interval below 0 (or a share above 1), and the intervals still cover the truth about 95% of
// the time, rare events included. Each case draws many seeded repetitions of n replications
// from a known law and counts how often the interval holds the true mean.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "inspectsim/kernel/random.hpp"
#include "test_support.hpp"

namespace inspectsim {
namespace {

constexpr int replications = 20;
constexpr double years = 5;         // a per-year rate's exposure
constexpr int repetitions = 4'000;  // coverage known to +-0.007 (two binomial standard errors)

/// Poisson(mean) by inversion (means up to a few hundred).
int poisson(RandomStream& rs, double mean) {
  double u = rs.uniform(), p = std::exp(-mean), cdf = p;
  int k = 0;
  while (u > cdf && k < 100'000) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

struct Coverage {
  double share_covered = 0;
  int below_zero = 0;    ///< intervals with a lower end below 0
  int above_one = 0;     ///< intervals with an upper end above 1
  int t_below_zero = 0;  ///< the same samples' Student t intervals below 0
};

/// Coverage of `bounds` intervals of samples drawn by `draw(rs)` whose true mean is `truth`.
template <typename Draw>
Coverage coverage(Bounds bounds, double exposure, double truth, std::uint32_t seed, Draw draw) {
  Coverage c;
  int covered = 0;
  for (int rep = 0; rep < repetitions; ++rep) {
    RandomStream rs(seed, static_cast<std::uint32_t>(rep), 0, test_purpose, 0);
    Eigen::VectorXd x(replications);
    for (int r = 0; r < replications; ++r) x[r] = draw(rs);
    const Estimate e = estimate(x, bounds, exposure);
    covered += e.ci_low <= truth && truth <= e.ci_high;
    c.below_zero += e.ci_low < 0;
    c.above_one += e.ci_high > 1;
    c.t_below_zero += estimate(x).ci_low < 0;
  }
  c.share_covered = static_cast<double>(covered) / repetitions;
  std::printf("  truth %-8g coverage %.4f  below 0: %d  above 1: %d  (Student t below 0: %d of %d)\n", truth,
              c.share_covered, c.below_zero, c.above_one, c.t_below_zero, repetitions);
  return c;
}

TEST(BoundedIntervals, RarePoissonCountsAreCoveredAbout95PercentAndNeverBelowZero) {
  // A rate per year over 20 replications of 5 years: from 2 events in all (0.02 a year) to 1,000.
  for (const double rate : {0.02, 0.05, 0.2, 1.0, 10.0}) {
    const Coverage c =
        coverage(Bounds::count, years, rate, 11, [&](RandomStream& rs) { return poisson(rs, rate * years) / years; });
    SCOPED_TRACE(::testing::Message() << "rate " << rate << " a year, coverage " << c.share_covered);
    EXPECT_EQ(c.below_zero, 0);
    EXPECT_GE(c.share_covered, 0.93);
    EXPECT_LE(c.share_covered, 0.995);  // exact Poisson intervals are conservative for few events
    if (rate <= 0.05) EXPECT_GT(c.t_below_zero, repetitions / 4) << "the case must be one where Student t fails";
  }
}

TEST(BoundedIntervals, OverdispersedCountsAreCoveredAbout95Percent) {
  // Each replication's rate varies (gamma, cv 1): variance three to ten times the Poisson one.
  for (const double rate : {0.2, 2.0, 20.0}) {
    const Coverage c = coverage(Bounds::count, years, rate, 12, [&](RandomStream& rs) {
      return poisson(rs, rs.gamma_mean_cv(rate, 1.0) * years) / years;
    });
    SCOPED_TRACE(::testing::Message() << "rate " << rate << ", coverage " << c.share_covered);
    EXPECT_EQ(c.below_zero, 0);
    EXPECT_GE(c.share_covered, 0.92);
    EXPECT_LE(c.share_covered, 0.99);
  }
}

TEST(BoundedIntervals, RareSharesStayInsideZeroAndOneAndAreCovered) {
  // A share of 500 trials per replication: from 0.25 successes a replication on average (5 in
  // all 20) to 495.
  for (const double p : {0.0005, 0.002, 0.02, 0.2, 0.99}) {
    const Coverage c = coverage(Bounds::share, 1, p, 13, [&](RandomStream& rs) {
      int successes = 0;
      for (int i = 0; i < 500; ++i) successes += rs.uniform() < p;
      return successes / 500.0;
    });
    SCOPED_TRACE(::testing::Message() << "share " << p << ", coverage " << c.share_covered);
    EXPECT_EQ(c.below_zero, 0);
    EXPECT_EQ(c.above_one, 0);
    EXPECT_GE(c.share_covered, 0.92);
    EXPECT_LE(c.share_covered, 0.98);
    if (p == 0.0005) EXPECT_GT(c.t_below_zero, repetitions / 4) << "the case must be one where Student t fails";
  }
}

TEST(BoundedIntervals, ManyEventsGiveStudentsInterval) {
  RandomStream rs(14, 0, 0, test_purpose, 0);
  Eigen::VectorXd x(replications);
  for (int r = 0; r < replications; ++r) x[r] = poisson(rs, 400.0) / years;
  const Estimate t = estimate(x), bounded = estimate(x, Bounds::count, years);
  EXPECT_DOUBLE_EQ(bounded.mean, t.mean);
  EXPECT_NEAR(bounded.ci_low, t.ci_low, 0.01 * (t.ci_high - t.ci_low));
  EXPECT_NEAR(bounded.ci_high, t.ci_high, 0.01 * (t.ci_high - t.ci_low));
}

TEST(BoundedIntervals, NoEventSeenHasTheExactPoissonUpperEnd) {
  const Eigen::VectorXd zeros = Eigen::VectorXd::Zero(replications);
  const Estimate count = estimate(zeros, Bounds::count, years);
  EXPECT_EQ(count.ci_low, 0.0);
  EXPECT_NEAR(count.ci_high, -std::log(0.025) / (replications * years), 1e-12);  // 0.0369 a year
  const Estimate amount = estimate(zeros, Bounds::non_negative);
  EXPECT_EQ(amount.ci_high, 0.0) << "a continuous amount has no count to bound";
  const Estimate share = estimate(zeros, Bounds::share);
  EXPECT_EQ(share.ci_high, 0.0);
  const Eigen::VectorXd same = Eigen::VectorXd::Constant(replications, 0.25);
  EXPECT_EQ(estimate(same, Bounds::share).ci_low, 0.25);
  EXPECT_EQ(estimate(same, Bounds::count, years).ci_high, 0.25);
}

TEST(BoundedIntervals, EachMetricsUnitGivesItsBounds) {
  EXPECT_EQ(bounds_of_unit("share"), Bounds::share);
  EXPECT_EQ(bounds_of_unit("share/year"), Bounds::share);
  EXPECT_EQ(bounds_of_unit("violations/year"), Bounds::count);
  EXPECT_EQ(bounds_of_unit("worker-years/year"), Bounds::non_negative);
  EXPECT_EQ(bounds_of_unit("days"), Bounds::non_negative);
  EXPECT_EQ(global_metrics()[metric_index(global_metrics(), "detected_share")].bounds, Bounds::share);
  EXPECT_EQ(yearly_metrics()[metric_index(yearly_metrics(), "detections")].bounds, Bounds::count);
}

TEST(BoundedIntervals, NoMetricOfARunLeavesItsBoundsButDifferencesMay) {
  // A rare, well-hidden violation under notice: few detections, shares near 0.
  const Scenario prior = testing::small_scenario({{"simulation.replications", "6"}});
  const Scenario unannounced =
      testing::small_scenario({{"simulation.replications", "6"}, {"policy.notice", "unannounced"}});
  const CompareResult c = compare_experiments(prior, unannounced);
  for (const Summary* s : {&c.base.summary, &c.variant.summary}) {
    const auto check = [](const std::vector<MetricInfo>& info, const std::vector<Estimate>& values) {
      for (std::size_t i = 0; i < info.size(); ++i) {
        if (std::isnan(values[i].mean)) continue;
        EXPECT_GE(values[i].ci_low, 0.0) << info[i].name;
        EXPECT_LE(values[i].ci_low, values[i].mean) << info[i].name;
        EXPECT_GE(values[i].ci_high, values[i].mean) << info[i].name;
        if (info[i].bounds == Bounds::share) EXPECT_LE(values[i].ci_high, 1.0) << info[i].name;
      }
    };
    check(global_metrics(), s->global);
    for (const auto& type : s->by_violation) check(violation_metrics(), type);
    for (const auto& year : s->yearly) check(yearly_metrics(), year);
    for (const auto& size : s->by_size_class) check(size_class_metrics(), size);
  }
  // concealed falls to 0 without notice: its difference's interval is below 0, as it should be.
  EXPECT_LT(testing::global(c.difference, "concealed").ci_high, 0.0);
}

}  // namespace
}  // namespace inspectsim
