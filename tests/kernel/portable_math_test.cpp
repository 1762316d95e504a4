// portable_log, _exp, _expm1, _log1p and _pow: close to libm everywhere, and the same bits on
// every machine.

#include "inspectsim/kernel/portable_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim {
namespace {

/// Distance in units in the last place between two finite doubles of the same sign.
std::int64_t ulps(double a, double b) {
  if (a == b) return 0;
  const auto ia = std::bit_cast<std::int64_t>(a), ib = std::bit_cast<std::int64_t>(b);
  if ((ia < 0) != (ib < 0)) return INT64_MAX;
  return ia > ib ? ia - ib : ib - ia;
}

TEST(PortableLog, WithinOneUlpOfStdLogOnUniforms) {
  // What PHOLD feeds it: uniforms in (0, 1) with 53 random bits.
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 2), 0);
  std::int64_t worst = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    const double u = rs.uniform();
    worst = std::max(worst, ulps(portable_log(u), std::log(u)));
  }
  EXPECT_LE(worst, 1);
}

TEST(PortableLog, WithinOneUlpAcrossTheNormalRange) {
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 3), 0);
  for (int i = 0; i < 200'000; ++i) {
    const double x = std::ldexp(0.5 + rs.uniform(), static_cast<int>(rs.uniform() * 2040) - 1020);
    ASSERT_LE(ulps(portable_log(x), std::log(x)), 1) << x;
  }
}

TEST(PortableLog, GivesTheseExactBits) {
  // Recorded once; a machine, compiler or flag that changes any of them changes PHOLD's
  // results, and this test is where it shows first.
  const std::pair<double, std::uint64_t> cases[] = {
      {0x1p-54, 0xc042b708872320e2ull},
      {0x1.56e1fc2f8f359p-997, 0xc085963447f87fb5ull},
      {0x1.999999999999ap-4, 0xc0026bb1bbb55515ull},
      {0x1p-1, 0xbfe62e42fefa39efull},
      {0x1.6a09e667f3bcdp-1, 0xbfd62e42fefa39eeull},
      {0x1.fffffffffffffp-1, 0xbca0000000000000ull},
      {0x1p+0, 0x0000000000000000ull},
      {0x1.6a09e667f3bcdp+0, 0x3fd62e42fefa39f0ull},
      {0x1p+1, 0x3fe62e42fefa39efull},
      {0x1.4p+3, 0x40026bb1bbb55516ull},
      {0x1.7e43c8800759cp+996, 0x4085963447f87fb5ull},
  };
  for (const auto& [x, bits] : cases)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_log(x)), bits) << std::hexfloat << x;
}

/// Uniform in (0, 1) scaled by 2^e, e uniform in [low, high).
double scaled(RandomStream& rs, int low, int high) {
  return std::ldexp(rs.uniform(), low + static_cast<int>(rs.uniform() * (high - low)));
}

TEST(PortableLog, WithinOneUlpOnSubnormals) {
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 4), 0);
  for (int i = 0; i < 100'000; ++i) {
    const double x = scaled(rs, -1074, -1022);
    if (x == 0) continue;
    ASSERT_LE(ulps(portable_log(x), std::log(x)), 1) << std::hexfloat << x;
  }
  EXPECT_EQ(portable_log(0.0), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(portable_log(-1.0)));
}

TEST(PortableExp, WithinOneUlpOfStdExp) {
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 5), 0);
  for (int i = 0; i < 500'000; ++i) {
    const double x = std::min(709.0, (2 * rs.uniform() - 1) * scaled(rs, -30, 10));
    ASSERT_LE(ulps(portable_exp(x), std::exp(x)), 1) << std::hexfloat << x;
  }
  EXPECT_EQ(portable_exp(0.0), 1.0);
  EXPECT_EQ(portable_exp(710.0), HUGE_VAL);
  EXPECT_EQ(portable_exp(-746.0), 0.0);
  EXPECT_TRUE(std::isnan(portable_exp(std::nan(""))));
}

TEST(PortableExpm1, WithinOneUlpOfStdExpm1) {
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 6), 0);
  for (int i = 0; i < 500'000; ++i) {
    // What the two-state chain feeds it: -lambda days, from -1e-9 to -100, and positives too.
    const double x = std::min(709.0, (i % 4 == 0 ? 1 : -1) * scaled(rs, -40, 8));
    ASSERT_LE(ulps(portable_expm1(x), std::expm1(x)), 1) << std::hexfloat << x;
  }
  EXPECT_EQ(portable_expm1(0.0), 0.0);
  EXPECT_EQ(portable_expm1(-50.0), -1.0);
  EXPECT_EQ(portable_expm1(0x1p-60), 0x1p-60);
}

TEST(PortableLog1p, WithinTwoUlpsOfStdLog1p) {
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 7), 0);
  for (int i = 0; i < 500'000; ++i) {
    const double x = i % 3 == 0 ? -0.999 * rs.uniform() : scaled(rs, -60, 20);  // a cv^2 from 1e-18 up
    ASSERT_LE(ulps(portable_log1p(x), std::log1p(x)), 2) << std::hexfloat << x;
  }
}

TEST(PortablePow, CloseToStdPowOnTheSimulationsArguments) {
  // e^(y log x) carries log x's rounding times |y log x|: up to ~30 ulps for |y log x| near 2,000.
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 8), 0);
  for (int i = 0; i < 500'000; ++i) {
    const double x = rs.uniform(), y = 6 * rs.uniform() - 3;
    ASSERT_LE(ulps(portable_pow(x, y), std::pow(x, y)), 32) << std::hexfloat << x << " " << y;
  }
  EXPECT_EQ(portable_pow(0.0, 2.0), 0.0);
  EXPECT_EQ(portable_pow(0.0, -0.5), HUGE_VAL);
  EXPECT_EQ(portable_pow(0.0, 0.0), 1.0);
  EXPECT_EQ(portable_pow(0.5, 0.0), 1.0);
}

TEST(PortableExpAndExpm1, GiveTheseExactBits) {
  // Recorded once, like portable_log's: the simulation's results depend on every one.
  struct Case {
    double x;
    std::uint64_t exp_bits, expm1_bits;
  };
  const Case cases[] = {
      {-0x1.5e4p+9, 0x00c4ff475c68ca02ull, 0xbff0000000000000ull},
      {-0x1.e4p+4, 0x3d34835bd010a41bull, 0xbfeffffffffffd70ull},
      {-0x1p+0, 0x3fd78b56362cef38ull, 0xbfe43a54e4e98864ull},
      {-0x1p-20, 0x3feffffe00001000ull, 0xbeafffff00000555ull},
      {0x1.3333333333333p-2, 0x3ff599058c8c1a96ull, 0x3fd6641632306a56ull},
      {0x1p+0, 0x4005bf0a8b145769ull, 0x3ffb7e151628aed2ull},
      {0x1.4p+1, 0x40285d6fd931e0bbull, 0x40265d6fd931e0bbull},
      {0x1.5ep+9, 0x7f0d945df4f8ec8eull, 0x7f0d945df4f8ec8eull},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_exp(c.x)), c.exp_bits) << std::hexfloat << c.x;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_expm1(c.x)), c.expm1_bits) << std::hexfloat << c.x;
  }
  EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_log1p(0x1p-30)), 0x3e0fffffffc00000ull);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_log1p(3.0)), 0x3ff62e42fefa39efull);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_log(0x1p-1060)), 0xc086f5e359f105f9ull);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_pow(0.3, 2.7)), 0x3fa3d6858f50590eull);
}

TEST(PortableCos, WithinOneUlpOfStdCos) {
  // What Box-Muller feeds it: 2 pi u, u uniform in (0, 1); and larger arguments near n pi/2.
  RandomStream rs(1, 0, 0, purpose_word(test_purpose, 9), 0);
  for (int i = 0; i < 500'000; ++i) {
    const double x = i % 2 ? 6.283185307179586 * rs.uniform() : scaled(rs, -30, 18);
    ASSERT_LE(ulps(portable_cos(x), std::cos(x)), 1) << std::hexfloat << x;
  }
  for (int n = 1; n < 1000; ++n) {  // where x - n pi/2 cancels most bits
    const double x = n * 1.5707963267948966;
    ASSERT_LE(ulps(portable_cos(x), std::cos(x)), 1) << n;
  }
  const std::pair<double, std::uint64_t> cases[] = {{0x1p-1, 0x3fec1528065b7d50ull},
                                                    {0x1p+1, 0xbfdaa22657537205ull},
                                                    {0x1.921f9f01b866ep+1, 0xbfefffffffff8420ull},
                                                    {0x1.8cccccccccccdp+2, 0x3fefe3ac4079a9ceull}};
  for (const auto& [x, bits] : cases)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(portable_cos(x)), bits) << std::hexfloat << x;
}

}  // namespace
}  // namespace inspectsim
