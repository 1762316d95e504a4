// The sensitivity estimators against functions whose answers are known (docs/VALIDATION.md,
// "Sensitivity estimators"): Sobol indices of the Ishigami function within their bootstrap
// intervals of the analytic values, Morris ranking inactive inputs last, the designs' own
// properties, and the same figures for the same seed.

#include "inspectsim/stats/sensitivity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <set>
#include <stdexcept>

namespace inspectsim {
namespace {

constexpr double pi = std::numbers::pi;

/// Ishigami and Homma (1990) with a = 7, b = 0.1, inputs uniform on [-pi, pi].
struct Ishigami {
  static constexpr double a = 7.0, b = 0.1;
  double operator()(const Eigen::Ref<const Eigen::RowVectorXd>& u) const {
    const double x1 = -pi + 2 * pi * u(0), x2 = -pi + 2 * pi * u(1), x3 = -pi + 2 * pi * u(2);
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  }
  // The analytic partial variances (Sobol' and Levitan 1999).
  static double variance() { return a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5; }
  static double v1() { return 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2); }
  static double v2() { return a * a / 8; }
  static double v13() { return b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50); }
  static std::array<double, 3> first_order() { return {v1() / variance(), v2() / variance(), 0.0}; }
  static std::array<double, 3> total() { return {(v1() + v13()) / variance(), v2() / variance(), v13() / variance()}; }
};

Eigen::VectorXd evaluate(const Eigen::MatrixXd& design, const auto& f) {
  Eigen::VectorXd y(design.rows());
  for (Eigen::Index r = 0; r < design.rows(); ++r) y(r) = f(design.row(r));
  return y;
}

constexpr int ishigami_base_points = 8192;
constexpr BootstrapOptions ishigami_bootstrap{.resamples = 1000, .seed = 20240522, .level = 0.95};

const Eigen::VectorXd& ishigami_values() {
  static const Eigen::VectorXd y = evaluate(saltelli_design(ishigami_base_points, 3), Ishigami{});
  return y;
}

TEST(SensitivityIshigami, AnalyticIndicesAreTheIssuesFigures) {
  const auto s = Ishigami::first_order(), t = Ishigami::total();
  EXPECT_NEAR(s[0], 0.314, 5e-4);
  EXPECT_NEAR(s[1], 0.442, 5e-4);
  EXPECT_NEAR(t[0], 0.558, 5e-4);
  EXPECT_NEAR(t[1], 0.442, 5e-4);
  EXPECT_NEAR(t[2], 0.244, 5e-4);
}

TEST(SensitivityIshigami, SobolIndicesLieWithinTheirBootstrapIntervals) {
  const SobolIndices s = sobol_indices(ishigami_values(), 3, ishigami_bootstrap);
  EXPECT_NEAR(s.variance, Ishigami::variance(), 0.02 * Ishigami::variance());
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE("input x" + std::to_string(i + 1));
    const IndexEstimate& first = s.first_order[i];
    const IndexEstimate& total = s.total[i];
    EXPECT_LE(first.ci_low, Ishigami::first_order()[i]) << "S = " << first.value;
    EXPECT_GE(first.ci_high, Ishigami::first_order()[i]) << "S = " << first.value;
    EXPECT_LE(total.ci_low, Ishigami::total()[i]) << "ST = " << total.value;
    EXPECT_GE(total.ci_high, Ishigami::total()[i]) << "ST = " << total.value;
    EXPECT_LE(first.ci_low, first.value);
    EXPECT_GE(first.ci_high, first.value);
  }
}

TEST(SensitivityIshigami, IntervalsAreNarrowEnoughToRankTheInputs) {
  // At N = 8192 the widest 95% intervals (x1's) are about 0.062 wide (docs/VALIDATION.md).
  const SobolIndices s = sobol_indices(ishigami_values(), 3, ishigami_bootstrap);
  for (int i = 0; i < 3; ++i) {
    EXPECT_LT(s.first_order[i].ci_high - s.first_order[i].ci_low, 0.07) << "S of x" << i + 1;
    EXPECT_LT(s.total[i].ci_high - s.total[i].ci_low, 0.07) << "ST of x" << i + 1;
  }
  EXPECT_GT(s.total[2].ci_low, s.first_order[2].ci_high) << "x3 acts only through its interaction with x1";
}

TEST(SensitivityIshigami, AnEstimatorFedMismatchedRowsIsCaught) {
  // The intervals are a real test: break the pairing of A and AB_1 (as a wrong design or an
  // estimator reading the wrong block would) and x1's first-order interval no longer holds 0.314.
  Eigen::VectorXd y = ishigami_values();
  const Eigen::Index n = ishigami_base_points;
  auto ab1 = y.segment(2 * n, n);
  std::reverse(ab1.begin(), ab1.end());
  const SobolIndices s = sobol_indices(y, 3, ishigami_bootstrap);
  const double truth = Ishigami::first_order()[0];
  EXPECT_TRUE(s.first_order[0].ci_high < truth || s.first_order[0].ci_low > truth)
      << "[" << s.first_order[0].ci_low << ", " << s.first_order[0].ci_high << "]";
}

TEST(SensitivityIshigami, TheSameSeedGivesTheSameIntervals) {
  const SobolIndices a = sobol_indices(ishigami_values(), 3, ishigami_bootstrap);
  const SobolIndices b = sobol_indices(ishigami_values(), 3, ishigami_bootstrap);
  BootstrapOptions other = ishigami_bootstrap;
  other.seed += 1;
  const SobolIndices c = sobol_indices(ishigami_values(), 3, other);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.first_order[i].ci_low, b.first_order[i].ci_low);
    EXPECT_EQ(a.total[i].ci_high, b.total[i].ci_high);
    EXPECT_EQ(a.first_order[i].value, c.first_order[i].value) << "the estimate does not depend on the seed";
  }
  EXPECT_NE(a.first_order[0].ci_low, c.first_order[0].ci_low) << "the resamples do";
}

TEST(SensitivityIshigami, OutputsThatRarelyVaryKeepFiniteIntervals) {
  // The output is 1 on about 1 base row in 25, else 0: a few resamples see no variation at all.
  const Eigen::MatrixXd design = saltelli_design(64, 2);
  const Eigen::VectorXd y =
      evaluate(design, [](const Eigen::Ref<const Eigen::RowVectorXd>& u) { return u(0) < 0.04 ? 1.0 : 0.0; });
  const SobolIndices s = sobol_indices(y, 2, {.resamples = 200, .seed = 3});
  for (const auto& index : {s.first_order[0], s.first_order[1], s.total[0], s.total[1]}) {
    EXPECT_TRUE(std::isfinite(index.ci_low) && std::isfinite(index.ci_high));
    EXPECT_LE(index.ci_low, index.ci_high);
  }
  EXPECT_EQ(s.total[1].value, 0.0) << "the second input does nothing";
  EXPECT_THROW(sobol_indices(Eigen::VectorXd::Zero(4 * 8), 2), std::invalid_argument) << "values that never vary";
}

// ---- Morris -----------------------------------------------------------------------------------

/// Sobol's g-function on the first four inputs (a = 0, 1, 4.5, 9: importance falls with a);
/// inputs 5 and 6 do nothing.
double g_function(const Eigen::Ref<const Eigen::RowVectorXd>& u) {
  constexpr std::array<double, 4> a{0, 1, 4.5, 9};
  double g = 1;
  for (int i = 0; i < 4; ++i) g *= (std::abs(4 * u(i) - 2) + a[i]) / (1 + a[i]);
  return g;
}

TEST(SensitivityMorris, RanksInactiveInputsLast) {
  const Eigen::MatrixXd design = morris_design(40, 6, 4, 7);
  const std::vector<ElementaryEffects> e = morris_effects(evaluate(design, g_function), design);
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[4].mu_star, 0.0);
  EXPECT_EQ(e[5].mu_star, 0.0);
  EXPECT_EQ(e[4].sigma, 0.0);
  for (int i = 0; i < 3; ++i) EXPECT_GT(e[i].mu_star, e[i + 1].mu_star) << "inputs " << i << " and " << i + 1;
  EXPECT_GT(e[3].mu_star, 0.0);
}

TEST(SensitivityMorris, EachStepMovesOneInputByDelta) {
  const int inputs = 5, levels = 4;
  const Eigen::MatrixXd design = morris_design(10, inputs, levels, 3);
  ASSERT_EQ(design.rows(), 10 * (inputs + 1));
  const double delta = levels / (2.0 * (levels - 1));
  for (Eigen::Index first = 0; first < design.rows(); first += inputs + 1) {
    std::set<Eigen::Index> moved;
    for (Eigen::Index m = 0; m < inputs; ++m) {
      const Eigen::RowVectorXd step = design.row(first + m + 1) - design.row(first + m);
      ASSERT_EQ((step.array() != 0).count(), 1) << "row " << first + m;
      Eigen::Index which = 0;
      EXPECT_NEAR(step.cwiseAbs().maxCoeff(&which), delta, 1e-12);
      moved.insert(which);
    }
    EXPECT_EQ(moved.size(), static_cast<std::size_t>(inputs)) << "every input moves once per path";
  }
  EXPECT_TRUE((design.array() >= 0).all() && (design.array() <= 1).all());
}

TEST(SensitivityMorris, TheSameSeedGivesTheSameDesign) {
  EXPECT_EQ(morris_design(5, 4, 4, 11), morris_design(5, 4, 4, 11));
  EXPECT_NE(morris_design(5, 4, 4, 11), morris_design(5, 4, 4, 12));
}

TEST(SensitivityMorris, ALinearFunctionsEffectsAreItsSlopes) {
  const Eigen::MatrixXd design = morris_design(8, 3, 6, 5);
  const auto linear = [](const Eigen::Ref<const Eigen::RowVectorXd>& u) { return 3 * u(0) - 2 * u(1) + 0.5 * u(2); };
  const std::vector<ElementaryEffects> e = morris_effects(evaluate(design, linear), design);
  EXPECT_NEAR(e[0].mu, 3, 1e-12);
  EXPECT_NEAR(e[1].mu, -2, 1e-12);
  EXPECT_NEAR(e[1].mu_star, 2, 1e-12);
  EXPECT_NEAR(e[2].sigma, 0, 1e-12);
}

// ---- designs ----------------------------------------------------------------------------------

TEST(SensitivityDesigns, SobolPointsAreTheSobolSequence) {
  const Eigen::MatrixXd p = sobol_points(4, 2);
  const Eigen::MatrixXd expected{{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}};
  EXPECT_EQ(p, expected);
  EXPECT_EQ(sobol_points(2, 2, 2), expected.bottomRows(2)) << "skip drops whole points";
}

TEST(SensitivityDesigns, SaltelliBlocksShareAllButOneColumnWithA) {
  const int n = 16, k = 3;
  const Eigen::MatrixXd d = saltelli_design(n, k);
  ASSERT_EQ(d.rows(), (k + 2) * n);
  const auto a = d.topRows(n), b = d.middleRows(n, n);
  EXPECT_NE(Eigen::MatrixXd(a), Eigen::MatrixXd(b));
  for (int i = 0; i < k; ++i)
    for (int c = 0; c < k; ++c) EXPECT_EQ(d.middleRows((2 + i) * n, n).col(c), (c == i ? b : a).col(c)) << i << c;
  EXPECT_EQ(Eigen::MatrixXd(a), sobol_points(n, 2 * k).leftCols(k));
}

TEST(SensitivityDesigns, LatinHypercubeUsesEachStratumOnce) {
  const int n = 50;
  const Eigen::MatrixXd p = latin_hypercube(n, 4, 99);
  for (int c = 0; c < 4; ++c) {
    std::set<int> strata;
    for (int r = 0; r < n; ++r) strata.insert(static_cast<int>(std::floor(p(r, c) * n)));
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n)) << "column " << c;
  }
  EXPECT_EQ(p, latin_hypercube(n, 4, 99));
  EXPECT_NE(p, latin_hypercube(n, 4, 100));
}

TEST(SensitivityDesigns, PlausibleValuesFollowTheirShape) {
  EXPECT_DOUBLE_EQ(plausible_value(0.25, RangeShape::uniform, 2, 6, 0, 0), 3);
  // Triangular on [0, 2] with mode 1: symmetric, so the median is the mode; 1/8 of mass below 0.5.
  EXPECT_NEAR(plausible_value(0.5, RangeShape::triangular, 0, 2, 1, 0), 1, 1e-12);
  EXPECT_NEAR(plausible_value(0.125, RangeShape::triangular, 0, 2, 1, 0), 0.5, 1e-12);
  // Lognormal: the median, the 5th and the 95th percentiles come back.
  EXPECT_NEAR(plausible_value(0.5, RangeShape::lognormal, 0.5, 2, 0, 1), 1, 1e-12);
  EXPECT_NEAR(plausible_value(0.05, RangeShape::lognormal, 0.5, 2, 0, 1), 0.5, 1e-9);
  EXPECT_NEAR(plausible_value(0.95, RangeShape::lognormal, 0.5, 2, 0, 1), 2, 1e-9);
  // Cut off at a probability's ceiling of 1: never above it.
  EXPECT_LE(plausible_value(0.999, RangeShape::lognormal, 0.2, 0.8, 0, 0.4, 0, 1), 1);
  EXPECT_GT(plausible_value(0.999, RangeShape::lognormal, 0.2, 0.8, 0, 0.4, 0, 1), 0.8);
}

}  // namespace
}  // namespace inspectsim
