#pragma once
/// @file
/// Counter-based random streams (Philox4x32-10 from Random123). A stream is named by
/// (seed, stream id, replication, purpose, index): the same name gives the same numbers
/// whatever the thread, the event order or the policy, which is what makes results
/// reproducible and lets `compare` use common random numbers. Draws use portable_math.hpp, not
/// libm, so they are the same on every machine.

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

#include "inspectsim/kernel/portable_math.hpp"

namespace inspectsim {

/// A purpose and a sub-purpose (a violation type, a visit kind...) packed into one counter
/// word, so that streams drawn for different purposes never share numbers. The simulation's
/// purposes are in simulation/purpose.hpp.
constexpr std::uint32_t purpose_word(std::uint32_t purpose, std::uint32_t sub = 0) {
  return (purpose << 16) | (sub & 0xFFFFu);
}

/// A purpose no simulation stream uses, for tests and benchmarks.
inline constexpr std::uint32_t test_purpose = 100;

/// Uniform in the open interval (0, 1) from two random words, with 53 random bits: the
/// conversion RandomStream::uniform uses, for callers that draw whole blocks themselves.
constexpr double uniform_from_words(std::uint32_t hi_word, std::uint32_t lo_word) {
  const std::uint64_t hi = hi_word >> 5;  // 27 bits
  const std::uint64_t lo = lo_word >> 6;  // 26 bits
  return (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1.0p-53;
}

/// The first block of four words of the stream (seed, stream, replication, purpose, index):
/// the words RandomStream would use first. One Philox call, for a hot loop that needs
/// exactly four words per draw (PHOLD: a delay, a remote test and a target).
inline std::array<std::uint32_t, 4> random_block(std::uint32_t seed, std::uint32_t stream, std::uint32_t replication,
                                                 std::uint32_t purpose, std::uint32_t index) {
  const r123::Philox4x32::ctr_type counter{{replication, purpose, index, 0}};
  const r123::Philox4x32::key_type key{{seed, stream}};
  const r123::Philox4x32::ctr_type block = r123::Philox4x32{}(counter, key);
  return {block.v[0], block.v[1], block.v[2], block.v[3]};
}

/// An endless sequence of numbers for one (seed, stream, replication, purpose, index).
class RandomStream {
 public:
  RandomStream(std::uint32_t seed, std::uint32_t stream, std::uint32_t replication, std::uint32_t purpose,
               std::uint32_t index)
      : key_{{seed, stream}}, counter_{{replication, purpose, index, 0}} {}

  /// Uniform in the open interval (0, 1), with 53 random bits.
  double uniform() {
    if (next_ == 4) refill();
    const double u = uniform_from_words(block_.v[next_], block_.v[next_ + 1]);
    next_ += 2;
    return u;
  }

  /// Moves on as `n` calls of uniform() would, computing only a block a call still needs.
  void discard_uniforms(int n) {
    for (; n > 0 && next_ != 4; --n) next_ += 2;
    counter_.v[3] += static_cast<std::uint32_t>(n / 2);  // whole blocks, skipped
    if (n % 2 != 0) {
      refill();
      next_ = 2;
    }
  }

  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  /// Exponential with the given mean.
  double exponential(double mean) { return -portable_log(uniform()) * mean; }

  /// Standard normal (Box-Muller, one of the pair).
  double normal() {
    const double r = std::sqrt(-2.0 * portable_log(uniform()));
    return r * portable_cos(6.283185307179586 * uniform());
  }

  /// Poisson with the given mean, by inversion from one uniform (means up to a few hundred:
  /// the counts the model draws are small).
  int poisson(double mean);

  /// Coefficients of variation below this are taken as 0 (a fixed duration).
  static constexpr double min_cv = 1e-4;

  /// Gamma with the given mean and coefficient of variation (Marsaglia-Tsang).
  double gamma_mean_cv(double mean, double cv);

  /// Log-normal with the given mean and coefficient of variation.
  double lognormal_mean_cv(double mean, double cv) {
    const double sigma2 = portable_log1p(cv * cv);
    return mean * portable_exp(std::sqrt(sigma2) * normal() - 0.5 * sigma2);
  }

 private:
  void refill() {
    block_ = r123::Philox4x32{}(counter_, key_);
    ++counter_.v[3];
    next_ = 0;
  }

  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type counter_;
  r123::Philox4x32::ctr_type block_{};
  int next_ = 4;
};

}  // namespace inspectsim
