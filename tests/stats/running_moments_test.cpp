// Running moments (Welford) against the two-pass estimate of the same values.

#include "inspectsim/stats/running_moments.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace inspectsim {
namespace {

Eigen::VectorXd as_vector(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

void expect_close(const Estimate& a, const Estimate& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_NEAR(a.mean, b.mean, 1e-12 * std::abs(b.mean));
  EXPECT_NEAR(a.sd, b.sd, 1e-10 * std::abs(b.sd));
  EXPECT_NEAR(a.ci_low, b.ci_low, 1e-9 * std::abs(b.ci_low) + 1e-15);
  EXPECT_NEAR(a.ci_high, b.ci_high, 1e-9 * std::abs(b.ci_high) + 1e-15);
}

std::vector<double> samples() {
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) v.push_back(1e6 + std::fmod(i * 7919.0, 101.0) / 7.0);  // large mean, small spread
  return v;
}

TEST(RunningMoments, GiveTheIntervalsOfTheTwoPassEstimate) {
  const std::vector<double> v = samples();
  RunningMoments m;
  for (const double x : v) m.add(x);
  for (const Bounds bounds : {Bounds::none, Bounds::non_negative, Bounds::count})
    expect_close(estimate(m, bounds, 5.0), estimate(as_vector(v), bounds, 5.0));
  std::vector<double> shares;
  RunningMoments s;
  for (const double x : v) shares.push_back((x - 1e6) / 20), s.add(shares.back());
  expect_close(estimate(s, Bounds::share), estimate(as_vector(shares), Bounds::share));
}

TEST(RunningMoments, SkipNonFiniteValuesAsTheEstimateDoes) {
  const std::vector<double> v = {1, std::numeric_limits<double>::quiet_NaN(), 3, 4};
  RunningMoments m;
  for (const double x : v) m.add(x);
  expect_close(estimate(m, Bounds::non_negative), estimate(as_vector(v), Bounds::non_negative));
  RunningMoments none;
  none.add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(std::isnan(estimate(none, Bounds::none).mean));
  RunningMoments one;
  one.add(2);
  EXPECT_EQ(estimate(one, Bounds::none).mean, 2);
  EXPECT_EQ(estimate(one, Bounds::none).ci_high, 2);
}

TEST(RunningMoments, BlocksMergedInOrderAgreeWithOneStream) {
  const std::vector<double> v = samples();
  RunningMoments whole, merged, block;
  for (std::size_t i = 0; i < v.size(); ++i) {
    whole.add(v[i]);
    block.add(v[i]);
    if (i % 128 == 127 || i + 1 == v.size()) merged.merge(block), block = {};
  }
  expect_close(estimate(merged, Bounds::none), estimate(whole, Bounds::none));
  EXPECT_EQ(merged.lowest, whole.lowest);
  EXPECT_EQ(merged.highest, whole.highest);
}

TEST(RunningMoments, AValueBelowTheBoundsFallsBackToStudentT) {
  const std::vector<double> v = {-1, 2, 3, 4};
  RunningMoments m;
  for (const double x : v) m.add(x);
  expect_close(estimate(m, Bounds::non_negative), estimate(as_vector(v), Bounds::non_negative));
  expect_close(estimate(m, Bounds::non_negative), estimate(as_vector(v), Bounds::none));
}

}  // namespace
}  // namespace inspectsim
