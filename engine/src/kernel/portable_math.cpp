#include "inspectsim/kernel/portable_math.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

// Compiled with -ffp-contract=off (engine/CMakeLists.txt): a fused multiply-add would round
// differently, which is the very machine dependence this file exists to avoid. Scaling by 2^k
// is exact: a multiplication by the power of two where the result is normal, std::ldexp
// (correctly rounded) below that.

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
  if (!(x > 0)) return x == 0 ? -HUGE_VAL : std::nan("");
  if (x < 0x1p-1022) return portable_log(x * 0x1p54) - 54 * (ln2_hi + ln2_lo);  // subnormal: scale up
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

namespace {
// fdlibm e_exp.c and s_expm1.c: thresholds, 1 / ln 2, and the minimax coefficients of
// R(r^2) in e^r = 1 + 2r / (R - r) (exp) and of the rational expm1 kernel in r^2 / 2.
constexpr double overflow_above = 7.09782712893383973096e+02;
constexpr double underflow_below = -7.45133219101941108420e+02;
constexpr double inv_ln2 = 1.44269504088896338700e+00;
constexpr double p1 = 1.66666666666666019037e-01;
constexpr double p2 = -2.77777777770155933842e-03;
constexpr double p3 = 6.61375632143793436117e-05;
constexpr double p4 = -1.65339022054652515390e-06;
constexpr double p5 = 4.13813679705723846039e-08;
constexpr double q1 = -3.33333333333331316428e-02;
constexpr double q2 = 1.58730158725481460165e-03;
constexpr double q3 = -7.93650757867487942473e-05;
constexpr double q4 = 4.00821782732936239552e-06;
constexpr double q5 = -2.01099218183624371326e-07;

/// x = k ln 2 + (hi - lo), |hi - lo| <= ln 2 / 2 (k = 0 below that), with k ln 2 split so that
/// hi is exact.
struct Reduced {
  int k;
  double hi;
  double lo;
};

/// x 2^k, exactly as std::ldexp: a multiplication by 2^k is exact where the result is normal,
/// which it is for |x| in [0.25, 4] and k in [-1020, 1020]; anything else goes to std::ldexp.
double times_two_to(double x, int k) {
  const double magnitude = std::fabs(x);
  if (k < -1020 || k > 1020 || !(magnitude >= 0.25 && magnitude <= 4.0)) return std::ldexp(x, k);
  return x * std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

Reduced reduce_by_ln2(double x) {
  const double half_ln2 = 0.5 * 6.93147180559945286227e-01;
  if (std::fabs(x) <= half_ln2) return {0, x, 0.0};
  const int k = static_cast<int>(inv_ln2 * x + (x < 0 ? -0.5 : 0.5));
  const double dk = static_cast<double>(k);
  return {k, x - dk * ln2_hi, dk * ln2_lo};
}
}  // namespace

double portable_exp(double x) {
  if (x != x) return x;
  if (x > overflow_above) return HUGE_VAL;
  if (x < underflow_below) return 0.0;
  if (std::fabs(x) < 0x1p-28) return 1.0 + x;
  const Reduced red = reduce_by_ln2(x);
  const double r = red.hi - red.lo;
  const double t = r * r;
  const double c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))));
  if (red.k == 0) return 1.0 - ((r * c) / (c - 2.0) - r);
  const double y = 1.0 - ((red.lo - (r * c) / (2.0 - c)) - red.hi);
  return times_two_to(y, red.k);
}

double portable_expm1(double x) {
  if (x != x) return x;
  if (x > overflow_above) return HUGE_VAL;
  if (x < -56 * 6.93147180559945286227e-01) return -1.0;  // e^x below half an ulp of 1
  if (std::fabs(x) < 0x1p-54) return x;
  const Reduced red = reduce_by_ln2(x);
  const int k = red.k;
  double c = 0;
  if (k != 0) {
    const double hi = red.hi, lo = red.lo;
    x = hi - lo;
    c = (hi - x) - lo;  // what x = hi - lo lost
  }
  const double hfx = 0.5 * x, hxs = x * hfx;
  const double r1 = 1.0 + hxs * (q1 + hxs * (q2 + hxs * (q3 + hxs * (q4 + hxs * q5))));
  const double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
  if (k <= -2 || k > 56) return times_two_to(1.0 - (e - x), k) - 1.0;
  if (k < 20) return times_two_to((1.0 - times_two_to(1.0, -k)) - (e - x), k);  // 1 - 2^-k is exact
  return times_two_to((x - (e + times_two_to(1.0, -k))) + 1.0, k);
}

double portable_log1p(double x) {
  const double u = 1.0 + x;
  if (u == 1.0) return x;  // |x| below half an ulp of 1: log1p(x) = x to within rounding
  return portable_log(u) * (x / (u - 1.0));
}

double portable_pow(double x, double y) {
  if (y == 0) return 1.0;
  if (x == 0) return y > 0 ? 0.0 : HUGE_VAL;
  return portable_exp(y * portable_log(x));
}

namespace {
// fdlibm k_sin.c, k_cos.c and e_rem_pio2.c: minimax coefficients on [-pi/4, pi/4], and pi/2
// in three parts of 33 bits (plus tails) so that x - n pi/2 loses nothing for moderate x.
constexpr double s1 = -1.66666666666666324348e-01, s2 = 8.33333333332248946124e-03, s3 = -1.98412698298579493134e-04,
                 s4 = 2.75573137070700676789e-06, s5 = -2.50507602534068634195e-08, s6 = 1.58969099521155010221e-10;
constexpr double c1 = 4.16666666666666019037e-02, c2 = -1.38888888888741095749e-03, c3 = 2.48015872894767294178e-05,
                 c4 = -2.75573143513906633035e-07, c5 = 2.08757232129817482790e-09, c6 = -1.13596475577881948265e-11;
constexpr double inv_pio2 = 6.36619772367581382433e-01;
constexpr double pio2_1 = 1.57079632673412561417e+00, pio2_1t = 6.07710050650619224932e-11;
constexpr double pio2_2 = 6.07710050630396597660e-11, pio2_2t = 2.02226624879595063154e-21;
constexpr double pio2_3 = 2.02226624871116645580e-21, pio2_3t = 8.47842766036889956997e-32;

/// sin(x + y) for |x + y| <= pi/4, y the tail of x.
double kernel_sin(double x, double y) {
  const double z = x * x, v = z * x;
  const double r = s2 + z * (s3 + z * (s4 + z * (s5 + z * s6)));
  return x - ((z * (0.5 * y - v * r) - y) - v * s1);
}

/// cos(x + y) for |x + y| <= pi/4, y the tail of x.
double kernel_cos(double x, double y) {
  const double z = x * x;
  const double r = z * (c1 + z * (c2 + z * (c3 + z * (c4 + z * (c5 + z * c6)))));
  if (std::fabs(x) < 0.3) return 1.0 - (0.5 * z - (z * r - x * y));
  // 1 - x^2/2 loses bits here: take out qx ~ x^2/8, exact in few bits, first.
  double qx = 0.28125;
  if (std::fabs(x) <= 0.78125) {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(x) & 0x7FFFFFFF00000000ull;  // |x|, high word
    qx = std::bit_cast<double>(bits - (std::uint64_t{0x00200000} << 32));                // |x| / 4
  }
  const double hz = 0.5 * z - qx, a = 1.0 - qx;
  return a - (hz - (z * r - x * y));
}

int exponent_of(double x) { return static_cast<int>(std::bit_cast<std::uint64_t>(x) >> 52 & 0x7FF); }
}  // namespace

double portable_cos(double x) {
  x = std::fabs(x);
  if (x <= 0.7853981633974483) return kernel_cos(x, 0.0);
  // x = n pi/2 + (y0 + y1), in up to three steps where the first cancels many bits.
  const int n = static_cast<int>(x * inv_pio2 + 0.5);
  const double fn = n;
  double r = x - fn * pio2_1, w = fn * pio2_1t;
  double y0 = r - w;
  const int j = exponent_of(x);
  if (j - exponent_of(y0) > 16) {
    double t = r;
    w = fn * pio2_2;
    r = t - w;
    w = fn * pio2_2t - ((t - r) - w);
    y0 = r - w;
    if (j - exponent_of(y0) > 49) {
      t = r;
      w = fn * pio2_3;
      r = t - w;
      w = fn * pio2_3t - ((t - r) - w);
      y0 = r - w;
    }
  }
  const double y1 = (r - y0) - w;
  switch (n & 3) {
    case 0: return kernel_cos(y0, y1);
    case 1: return -kernel_sin(y0, y1);
    case 2: return -kernel_cos(y0, y1);
    default: return kernel_sin(y0, y1);
  }
}

}  // namespace inspectsim
