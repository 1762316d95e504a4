// Summaries over replications: Student t quantiles, mean and 95% CI, NaN handling, coverage,
// and paired differences.

#include "inspectsim/metrics/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd vector_of(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

TEST(Summary, StudentTMatchesPublishedQuantiles) {
  struct Known {
    int df;
    double t;
  };
  // Two-sided 95% critical values from standard t tables.
  for (const Known k : {Known{1, 12.7062}, Known{10, 2.2281}, Known{30, 2.0423}, Known{60, 2.0003}, Known{120, 1.9799},
                        Known{1000, 1.9623}})
    EXPECT_NEAR(student_t_975(k.df), k.t, 1e-3) << "df " << k.df;
}

TEST(Summary, StudentTFallsTowardsTheNormalQuantile) {
  const double normal_975 = 1.959963984540054;
  double previous = student_t_975(1);
  for (int df = 2; df <= 5000; ++df) {
    const double t = student_t_975(df);
    ASSERT_LT(t, previous) << "df " << df;  // includes the switch from the table to the expansion
    ASSERT_GT(t, normal_975) << "df " << df;
    previous = t;
  }
  EXPECT_NEAR(student_t_975(1'000'000), normal_975, 1e-5);
  EXPECT_TRUE(std::isnan(student_t_975(0)));
}

TEST(Summary, EstimateOfAKnownVector) {
  const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
  const double n = static_cast<double>(x.size());
  double sum = 0;
  for (double v : x) sum += v;
  const double mean = sum / n;
  double squares = 0;
  for (double v : x) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / (n - 1));
  const double half = student_t_975(static_cast<int>(n) - 1) * sd / std::sqrt(n);

  const Estimate e = estimate(vector_of(x));
  EXPECT_EQ(e.n, 8);
  EXPECT_DOUBLE_EQ(e.mean, mean);
  EXPECT_DOUBLE_EQ(e.sd, sd);
  EXPECT_NEAR(e.ci_low, mean - half, 1e-12);
  EXPECT_NEAR(e.ci_high, mean + half, 1e-12);
  EXPECT_NEAR(e.mean, 5.0, 1e-12);  // the textbook vector: mean 5, sum of squares 32
  EXPECT_NEAR(e.sd, std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(Summary, NanEntriesAreSkipped) {
  const std::vector<double> finite{3.0, 1.0, 8.0, 4.0};
  const std::vector<double> with_nan{nan, 3.0, 1.0, nan, 8.0, 4.0, nan};
  const Estimate a = estimate(vector_of(finite));
  const Estimate b = estimate(vector_of(with_nan));
  EXPECT_EQ(b.n, 4);
  EXPECT_DOUBLE_EQ(b.mean, a.mean);
  EXPECT_DOUBLE_EQ(b.sd, a.sd);
  EXPECT_DOUBLE_EQ(b.ci_low, a.ci_low);
  EXPECT_DOUBLE_EQ(b.ci_high, a.ci_high);
}

TEST(Summary, InfinitiesAreSkippedLikeNan) {
  const std::vector<double> values{2.0, std::numeric_limits<double>::infinity(), 6.0};
  const Estimate e = estimate(vector_of(values));
  EXPECT_EQ(e.n, 2);
  EXPECT_DOUBLE_EQ(e.mean, 4.0);
}

TEST(Summary, OneValueGivesACiEqualToTheMean) {
  const Estimate e = estimate(vector_of({nan, 7.5, nan}));
  EXPECT_EQ(e.n, 1);
  EXPECT_DOUBLE_EQ(e.mean, 7.5);
  EXPECT_DOUBLE_EQ(e.ci_low, 7.5);
  EXPECT_DOUBLE_EQ(e.ci_high, 7.5);
}

TEST(Summary, NoFiniteValueGivesNan) {
  const Estimate e = estimate(vector_of({nan, nan}));
  EXPECT_EQ(e.n, 0);
  EXPECT_TRUE(std::isnan(e.mean));
  EXPECT_TRUE(std::isnan(e.ci_low));
  EXPECT_TRUE(std::isnan(e.ci_high));
}

TEST(Summary, ConfidenceIntervalCoversTheTrueMean95PercentOfTheTime) {
  constexpr int samples = 2000, size = 10;
  constexpr double true_mean = 3.0, true_sd = 2.0, nominal = 0.95;
  RandomStream rng(99, 0, 0, purpose_word(test_purpose), 0);
  int covered = 0;
  Eigen::VectorXd x(size);
  for (int s = 0; s < samples; ++s) {
    for (int i = 0; i < size; ++i) x[i] = true_mean + true_sd * rng.normal();
    const Estimate e = estimate(x);
    ASSERT_EQ(e.n, size);
    covered += e.ci_low <= true_mean && true_mean <= e.ci_high;
  }
  const double tolerance = 4.0 * std::sqrt(nominal * (1 - nominal) / samples);
  EXPECT_NEAR(static_cast<double>(covered) / samples, nominal, tolerance) << covered << " of " << samples << " covered";
}

/// A replication's metrics with every list filled from `next()`, scope by scope in order:
/// 5 global, 2 violation types x 3, 3 years x 2, 1 size class x 4.
constexpr int values_per_replication = 5 + 2 * 3 + 3 * 2 + 1 * 4;

template <typename Next>
Metrics make_metrics(Next next) {
  Metrics m;
  const auto fill = [&](std::size_t n) {
    std::vector<double> v(n);
    for (double& x : v) x = next();
    return v;
  };
  m.global = fill(5);
  m.by_violation = {fill(3), fill(3)};
  m.yearly = {fill(2), fill(2), fill(2)};
  m.by_size_class = {fill(4)};
  return m;
}

void expect_same(const std::vector<Estimate>& a, const std::vector<Estimate>& b, const char* scope) {
  ASSERT_EQ(a.size(), b.size()) << scope;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].n, b[i].n) << scope << "[" << i << "]";
    EXPECT_NEAR(a[i].mean, b[i].mean, 1e-12) << scope << "[" << i << "]";
    EXPECT_NEAR(a[i].ci_low, b[i].ci_low, 1e-12) << scope << "[" << i << "]";
    EXPECT_NEAR(a[i].ci_high, b[i].ci_high, 1e-12) << scope << "[" << i << "]";
  }
}

TEST(Summary, DifferencesAreTheSummaryOfPerReplicationDifferences) {
  RandomStream rng(5, 0, 0, purpose_word(test_purpose), 0);
  int k = 0;
  const auto next = [&] {
    ++k;
    return k % 17 == 0 ? nan : rng.normal() * 10.0 + k;  // some NaN, as undefined metrics are
  };
  std::vector<Metrics> base, variant, differences;
  for (int r = 0; r < 6; ++r) {
    base.push_back(make_metrics(next));
    variant.push_back(make_metrics(next));
    Metrics d = variant.back();
    const auto subtract = [](std::vector<double>& out, const std::vector<double>& b) {
      for (std::size_t i = 0; i < out.size(); ++i) out[i] -= b[i];
    };
    subtract(d.global, base.back().global);
    for (std::size_t t = 0; t < d.by_violation.size(); ++t) subtract(d.by_violation[t], base.back().by_violation[t]);
    for (std::size_t y = 0; y < d.yearly.size(); ++y) subtract(d.yearly[y], base.back().yearly[y]);
    for (std::size_t c = 0; c < d.by_size_class.size(); ++c) subtract(d.by_size_class[c], base.back().by_size_class[c]);
    differences.push_back(d);
  }

  const Summary paired = summarise_differences(base, variant);
  // Differences may have either sign: each column's Student t interval (summarise would bound
  // the levels' intervals, docs/VALIDATION.md).
  const auto student_t = [&](auto pick) {
    std::vector<Estimate> out;
    for (std::size_t i = 0; i < pick(differences[0]).size(); ++i) {
      std::vector<double> column;
      for (const Metrics& d : differences) column.push_back(pick(d)[i]);
      out.push_back(estimate(vector_of(column)));
    }
    return out;
  };
  Summary direct;
  direct.global = student_t([](const Metrics& m) { return m.global; });
  for (std::size_t t = 0; t < 2; ++t)
    direct.by_violation.push_back(student_t([t](const Metrics& m) { return m.by_violation[t]; }));
  for (std::size_t y = 0; y < 3; ++y) direct.yearly.push_back(student_t([y](const Metrics& m) { return m.yearly[y]; }));
  direct.by_size_class.push_back(student_t([](const Metrics& m) { return m.by_size_class[0]; }));
  expect_same(paired.global, direct.global, "global");
  ASSERT_EQ(paired.by_violation.size(), 2u);
  ASSERT_EQ(paired.yearly.size(), 3u);
  ASSERT_EQ(paired.by_size_class.size(), 1u);
  for (std::size_t t = 0; t < 2; ++t) expect_same(paired.by_violation[t], direct.by_violation[t], "by_violation");
  for (std::size_t y = 0; y < 3; ++y) expect_same(paired.yearly[y], direct.yearly[y], "yearly");
  expect_same(paired.by_size_class[0], direct.by_size_class[0], "by_size_class");

  // The sign is variant - base, and a difference is NaN where either side is.
  const Estimate g0 =
      estimate(vector_of({differences[0].global[0], differences[1].global[0], differences[2].global[0],
                          differences[3].global[0], differences[4].global[0], differences[5].global[0]}));
  EXPECT_NEAR(paired.global[0].mean, g0.mean, 1e-12);
  EXPECT_GT(paired.global[0].mean, 0.0) << "each variant value has an offset k larger by values_per_replication";
  int defined = 0;
  for (const Estimate& e : paired.global) defined += e.n;
  EXPECT_LT(defined, 6 * 5) << "NaN on either side removes the pair";
}

TEST(Summary, SummariseGivesOneEstimatePerMetricOfEveryScope) {
  int k = 0;
  std::vector<Metrics> reps;
  for (int r = 0; r < 4; ++r) reps.push_back(make_metrics([&] { return static_cast<double>(++k); }));
  const Summary s = summarise(reps);
  ASSERT_EQ(s.global.size(), 5u);
  ASSERT_EQ(s.by_violation.size(), 2u);
  ASSERT_EQ(s.yearly.size(), 3u);
  ASSERT_EQ(s.by_size_class.size(), 1u);
  // Global metric i of replication r is 1 + i + V r (V values per replication): the mean is at r = 1.5.
  const double v = values_per_replication;
  for (std::size_t i = 0; i < s.global.size(); ++i) {
    EXPECT_DOUBLE_EQ(s.global[i].mean, 1.0 + static_cast<double>(i) + v * 1.5);
    EXPECT_EQ(s.global[i].n, 4);
  }
  EXPECT_DOUBLE_EQ(s.by_size_class[0][3].mean, v + v * 1.5);  // the last value of each replication
  EXPECT_TRUE(summarise({}).global.empty());
}

}  // namespace
}  // namespace inspectsim
