#include "inspectsim/kernel/portable_math.hpp"

#include <bit>
#include <cstdint>

// Compiled with -ffp-contract=off (engine/CMakeLists.txt): a fused multiply-add would round
// differently, which is the very machine dependence this file exists to avoid.

namespace inspectsim {

namespace {
// fdlibm e_log.c: ln 2 split so that k * ln2_hi is exact, and the minimax coefficients of
// R(z) ~ log(1 + f) - f + f^2 / 2 - s (f^2 / 2 + R) in z = s^2, s = f / (2 + f).
constexpr double ln2_hi = 6.93147180369123816490e-01;
constexpr double ln2_lo = 1.90821492927058770002e-10;
constexpr double lg1 = 6.666666666666735130e-01;
constexpr double lg2 = 3.999999999940941908e-01;
constexpr double lg3 = 2.857142874366239149e-01;
constexpr double lg4 = 2.222219843214978396e-01;
constexpr double lg5 = 1.818357216161805012e-01;
constexpr double lg6 = 1.531383769920937332e-01;
constexpr double lg7 = 1.479819860511658591e-01;
}  // namespace

double portable_log(double x) {
  std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  int k = static_cast<int>(bits >> 52) - 1023;
  // Scale the mantissa into [sqrt(2)/2, sqrt(2)), so |f| <= 0.414 and |s| <= 0.172.
  const std::uint64_t mantissa = bits & 0x000FFFFFFFFFFFFFull;
  const bool high = mantissa >= 0x6A09E667F3BCDull;  // mantissa bits of sqrt(2)
  if (high) ++k;
  bits = mantissa | (high ? 0x3FE0000000000000ull : 0x3FF0000000000000ull);
  const double f = std::bit_cast<double>(bits) - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (lg2 + w * (lg4 + w * lg6));
  const double t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  const double dk = static_cast<double>(k);
  return dk * ln2_hi - ((hfsq - (s * (hfsq + r) + dk * ln2_lo)) - f);
}

}  // namespace inspectsim
