// Counter-based random streams: reproducible by name, independent across names, and
// distributions with the moments they promise. Tolerances are 5 standard errors of the
// estimate (computed from the true distribution), so a correct generator fails about once
// in 1.7 million runs and the seeds below are fixed anyway.

#include "inspectsim/kernel/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

namespace inspectsim {
namespace {

constexpr int draws = 1'000'000;
constexpr double z = 5.0;  // tolerance in standard errors

const std::uint32_t test_word = purpose_word(test_purpose);

RandomStream test_stream(std::uint32_t index = 0) { return RandomStream(12345, 6, 7, test_word, index); }

std::vector<double> take(RandomStream rng, int n, const std::function<double(RandomStream&)>& draw) {
  std::vector<double> out(static_cast<std::size_t>(n));
  for (double& x : out) x = draw(rng);
  return out;
}

std::vector<double> take_uniform(RandomStream rng, int n) {
  return take(rng, n, [](RandomStream& r) { return r.uniform(); });
}

struct Moments {
  double mean = 0;
  double variance = 0;  ///< unbiased sample variance
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  for (double v : x) m.mean += v;
  m.mean /= static_cast<double>(x.size());
  for (double v : x) m.variance += (v - m.mean) * (v - m.mean);
  m.variance /= static_cast<double>(x.size() - 1);
  return m;
}

/// Standard error of the sample variance: sqrt((mu4 - sigma^4) / n), with mu4 the fourth
/// central moment, here given through the excess kurtosis.
double variance_standard_error(double variance, double excess_kurtosis, int n) {
  return std::sqrt((excess_kurtosis + 2.0) * variance * variance / n);
}

// ---- naming -------------------------------------------------------------------------------

TEST(RandomStream, SameNameGivesTheSameSequence) {
  // 1,000 draws cross many refills of the four-word Philox block.
  const auto a = take_uniform(RandomStream(1, 2, 3, test_word, 4), 1000);
  const auto b = take_uniform(RandomStream(1, 2, 3, test_word, 4), 1000);
  EXPECT_EQ(a, b);
}

TEST(RandomStream, CopiesContinueIdentically) {
  RandomStream rng = test_stream();
  for (int i = 0; i < 3; ++i) rng.uniform();  // stop in the middle of a block
  RandomStream copy = rng;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.uniform(), copy.uniform()) << "draw " << i;
}

TEST(RandomStream, DiscardingIsDrawingWithoutLooking) {
  // From every place in a block, discarding n numbers leaves the stream where n draws would.
  for (int before = 0; before < 4; ++before) {
    for (int n = 0; n < 9; ++n) {
      RandomStream drawn = test_stream(), discarded = test_stream();
      for (int i = 0; i < before; ++i) drawn.uniform(), discarded.uniform();
      for (int i = 0; i < n; ++i) drawn.uniform();
      discarded.discard_uniforms(n);
      for (int i = 0; i < 5; ++i) ASSERT_EQ(drawn.uniform(), discarded.uniform()) << before << " then " << n;
    }
  }
}

TEST(RandomStream, ChangingAnyPartOfTheNameChangesTheSequence) {
  const std::uint32_t seed = 1, stream = 2, replication = 3, index = 4;
  const auto base = take_uniform(RandomStream(seed, stream, replication, test_word, index), 64);
  const std::array<std::vector<double>, 6> changed{
      take_uniform(RandomStream(seed + 1, stream, replication, test_word, index), 64),
      take_uniform(RandomStream(seed, stream + 1, replication, test_word, index), 64),
      take_uniform(RandomStream(seed, stream, replication + 1, test_word, index), 64),
      take_uniform(RandomStream(seed, stream, replication, purpose_word(test_purpose + 1), index), 64),
      take_uniform(RandomStream(seed, stream, replication, purpose_word(test_purpose, 1), index), 64),
      take_uniform(RandomStream(seed, stream, replication, test_word, index + 1), 64),
  };
  const char* names[] = {"seed", "stream", "replication", "purpose", "purpose sub-word", "index"};
  for (std::size_t c = 0; c < changed.size(); ++c) {
    int equal = 0;
    for (std::size_t i = 0; i < base.size(); ++i) equal += base[i] == changed[c][i];
    EXPECT_EQ(equal, 0) << "changing the " << names[c] << " left " << equal << " of 64 draws unchanged";
  }
}

TEST(RandomStream, PurposeWordKeepsPurposeAndSubPurposeApart) {
  EXPECT_NE(purpose_word(1, 0), purpose_word(5, 0));
  EXPECT_NE(purpose_word(1, 1), purpose_word(1, 2));
  EXPECT_EQ(purpose_word(test_purpose, 0x1'0005u), purpose_word(test_purpose, 5u)) << "sub keeps 16 bits";
}

// ---- distributions ------------------------------------------------------------------------

TEST(RandomStream, UniformIsInTheOpenUnitIntervalWithMeanHalfAndVarianceOneTwelfth) {
  const auto x = take_uniform(test_stream(), draws);
  double lo = 1, hi = 0;
  for (double v : x) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);

  const double true_mean = 0.5, true_variance = 1.0 / 12.0;
  const double uniform_excess_kurtosis = -6.0 / 5.0;
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, true_mean, z * std::sqrt(true_variance / draws));
  EXPECT_NEAR(m.variance, true_variance, z * variance_standard_error(true_variance, uniform_excess_kurtosis, draws));
}

TEST(RandomStream, UniformHas53RandomBits) {
  // x = (k + 0.5) / 2^53 with k a 53-bit integer: both halves of k must vary.
  RandomStream rng = test_stream(9);
  std::uint64_t low_or = 0, low_and = ~std::uint64_t{0}, high_or = 0, high_and = ~std::uint64_t{0};
  for (int i = 0; i < 1000; ++i) {
    const auto k = static_cast<std::uint64_t>(std::ldexp(rng.uniform(), 53));
    const std::uint64_t low = k & ((std::uint64_t{1} << 26) - 1), high = k >> 26;
    low_or |= low, low_and &= low, high_or |= high, high_and &= high;
  }
  EXPECT_EQ(low_or, (std::uint64_t{1} << 26) - 1) << "every one of the low 26 bits is set in some draw";
  EXPECT_EQ(low_and, 0u) << "and clear in some draw";
  EXPECT_EQ(high_or, (std::uint64_t{1} << 27) - 1);
  EXPECT_EQ(high_and, 0u);
}

TEST(RandomStream, UniformFillsTenBinsEvenly) {
  // Each bin count is binomial(n, 1/10).
  std::array<int, 10> bins{};
  RandomStream rng = test_stream(1);
  for (int i = 0; i < draws; ++i) ++bins[static_cast<std::size_t>(rng.uniform() * 10)];
  const double expected = draws / 10.0, sd = std::sqrt(draws * 0.1 * 0.9);
  for (std::size_t b = 0; b < bins.size(); ++b) EXPECT_NEAR(bins[b], expected, z * sd) << "bin " << b;
}

TEST(RandomStream, NormalHasMeanZeroAndVarianceOne) {
  const auto x = take(test_stream(2), draws, [](RandomStream& r) { return r.normal(); });
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, 0.0, z * std::sqrt(1.0 / draws));
  EXPECT_NEAR(m.variance, 1.0, z * variance_standard_error(1.0, 0.0, draws));
}

TEST(RandomStream, ExponentialHasItsMean) {
  for (const double mean : {0.1, 1.0, 250.0}) {
    const auto x = take(test_stream(3), draws, [mean](RandomStream& r) { return r.exponential(mean); });
    const Moments m = moments(x);
    EXPECT_NEAR(m.mean, mean, z * mean / std::sqrt(draws)) << "mean " << mean;  // sd equals the mean
    EXPECT_NEAR(m.variance, mean * mean, z * variance_standard_error(mean * mean, 6.0, draws)) << "mean " << mean;
  }
}

TEST(RandomStream, GammaHasItsMeanAndCoefficientOfVariation) {
  // cv 0.3 and 0.5: shape > 1; cv 1: shape 1 (the boundary); cv 1.5 and 2: shape < 1.
  for (const double cv : {0.3, 0.5, 1.0, 1.5, 2.0}) {
    const double mean = 4.0;
    const auto x = take(test_stream(4), draws, [&](RandomStream& r) { return r.gamma_mean_cv(mean, cv); });
    for (double v : x) ASSERT_GT(v, 0.0) << "cv " << cv;
    const double shape = 1.0 / (cv * cv);
    const double true_variance = (mean * cv) * (mean * cv);
    const Moments m = moments(x);
    EXPECT_NEAR(m.mean, mean, z * std::sqrt(true_variance / draws)) << "cv " << cv;
    const double tolerance = z * variance_standard_error(true_variance, 6.0 / shape, draws);
    EXPECT_NEAR(m.variance, true_variance, tolerance)
        << "cv " << cv << ": sample cv " << std::sqrt(m.variance) / m.mean;
  }
}

TEST(RandomStream, GammaWithZeroCvIsTheMean) {
  RandomStream rng = test_stream(5);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(rng.gamma_mean_cv(3.5, 0.0), 3.5);
}

TEST(RandomStream, LognormalHasItsMeanAndCoefficientOfVariation) {
  for (const double cv : {0.25, 0.5, 1.0}) {
    const double mean = 2.0;
    const auto x = take(test_stream(6), draws, [&](RandomStream& r) { return r.lognormal_mean_cv(mean, cv); });
    const double true_variance = (mean * cv) * (mean * cv);
    const Moments m = moments(x);
    EXPECT_NEAR(m.mean, mean, z * std::sqrt(true_variance / draws)) << "cv " << cv;
    // Excess kurtosis of the log-normal: w^4 + 2w^3 + 3w^2 - 6 with w = 1 + cv^2.
    const double w = 1.0 + cv * cv;
    const double kurtosis = w * w * w * w + 2 * w * w * w + 3 * w * w - 6;
    EXPECT_NEAR(m.variance, true_variance, z * variance_standard_error(true_variance, kurtosis, draws)) << "cv " << cv;
  }
}

TEST(RandomStream, BernoulliFrequencyMatchesItsProbability) {
  for (const double p : {0.001, 0.1, 0.5, 0.9}) {
    RandomStream rng = test_stream(7);
    int hits = 0;
    for (int i = 0; i < draws; ++i) hits += rng.bernoulli(p);
    EXPECT_NEAR(static_cast<double>(hits) / draws, p, z * std::sqrt(p * (1 - p) / draws)) << "p " << p;
  }
  RandomStream rng = test_stream(8);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.bernoulli(0.0));
    EXPECT_TRUE(rng.bernoulli(1.0));
  }
}

TEST(RandomStream, RandomBlockIsTheStreamsFirstFourWords) {
  // PHOLD draws whole blocks; they must be the numbers RandomStream would have given.
  for (std::uint32_t index : {0u, 1u, 12345u}) {
    const auto w = random_block(3, 9, 2, purpose_word(test_purpose, 1), index);
    RandomStream rs(3, 9, 2, purpose_word(test_purpose, 1), index);
    EXPECT_EQ(uniform_from_words(w[0], w[1]), rs.uniform());
    EXPECT_EQ(uniform_from_words(w[2], w[3]), rs.uniform());
    EXPECT_NE(uniform_from_words(w[0], w[1]), rs.uniform()) << "the next block differs";
  }
}

}  // namespace
}  // namespace inspectsim
