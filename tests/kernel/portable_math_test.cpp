// portable_log: close to std::log everywhere, and the same bits on every machine.

#include "inspectsim/kernel/portable_math.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace inspectsim
