#include "inspectsim/kernel/portable_math.hpp"

#include "kernel/math_tables.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

// Compiled with -ffp-contract=off (engine/CMakeLists.txt): a fused multiply-add would round
// differently, which is the very machine dependence this file exists to avoid. Scaling by 2^k
// is exact: a multiplication by the power of two where the result is normal, std::ldexp
// (correctly rounded) below that.

namespace inspectsim {

namespace {
// Arm optimized-routines math/log.c (N = 128, polynomials of order 6 and 12, the path without
// fused multiply-adds; MIT licence): log x = k ln 2 + log c + log(z / c) for x = 2^k z, with c
// from a table (math_tables.hpp) and log(z / c) a polynomial in z / c - 1; near 1, a polynomial
// in x - 1. At most 0.52 ulp from log x, no division.
constexpr double log_ln2_hi = 0x1.62e42fefa3800p-1;  // k log_ln2_hi + log c is exact (the table's c)
constexpr double log_ln2_lo = 0x1.ef35793c76730p-45;
constexpr double a0 = -0x1.0000000000001p-1, a1 = 0x1.555555551305bp-2, a2 = -0x1.fffffffeb459p-3,
                 a3 = 0x1.999b324f10111p-3, a4 = -0x1.55575e506c89fp-3;
constexpr double b0 = -0x1p-1, b1 = 0x1.5555555555577p-2, b2 = -0x1.ffffffffffdcbp-3, b3 = 0x1.999999995dd0cp-3,
                 b4 = -0x1.55555556745a7p-3, b5 = 0x1.24924a344de3p-3, b6 = -0x1.fffffa4423d65p-4,
                 b7 = 0x1.c7184282ad6cap-4, b8 = -0x1.999eb43b068ffp-4, b9 = 0x1.78182f7afd085p-4,
                 b10 = -0x1.5521375d145cdp-4;

/// log x for x in [1 - 2^-4, 1 + 0x1.09p-4), where the table's log c would lose precision.
double log_near_one(double x) {
  const double r = x - 1.0, r2 = r * r, r3 = r * r2;
  double y = r3 * (b1 + r * b2 + r2 * b3 + r3 * (b4 + r * b5 + r2 * b6 + r3 * (b7 + r * b8 + r2 * b9 + r3 * b10)));
  // r + b0 r^2 with r split in two halves, so that b0 r^2 is exact.
  double w = r * 0x1p27;
  const double r_high = r + w - w;
  const double r_low = r - r_high;
  w = r_high * r_high * b0;
  const double hi = r + w;
  double lo = r - hi + w;
  lo += b0 * r_low * (r_high + r);
  y += lo;
  return y + hi;
}
}  // namespace

double portable_log(double x) {
  std::uint64_t ix = std::bit_cast<std::uint64_t>(x);
  constexpr std::uint64_t near_one_low = std::bit_cast<std::uint64_t>(1.0 - 0x1p-4);
  constexpr std::uint64_t near_one_high = std::bit_cast<std::uint64_t>(1.0 + 0x1.09p-4);
  if (ix - near_one_low < near_one_high - near_one_low)
    return ix == std::bit_cast<std::uint64_t>(1.0) ? 0 : log_near_one(x);
  const auto top = static_cast<std::uint32_t>(ix >> 48);
  if (top - 0x0010 >= 0x7ff0 - 0x0010) {  // subnormal, zero, negative, infinite or not a number
    if (ix * 2 == 0) return -HUGE_VAL;
    if (ix == std::bit_cast<std::uint64_t>(HUGE_VAL)) return x;
    if ((top & 0x8000) || (top & 0x7ff0) == 0x7ff0) return std::nan("");
    ix = std::bit_cast<std::uint64_t>(x * 0x1p52) - (52ull << 52);  // subnormal: normalised
  }
  // x = 2^k z, z in [0x1.6p-1, 0x1.6p0) and exact; c near the centre of z's subinterval.
  const std::uint64_t offset = ix - 0x3fe6000000000000ull;
  const detail::LogTableEntry& c =
      detail::log_table[(offset >> (52 - detail::log_table_bits)) % (1u << detail::log_table_bits)];
  const double kd = static_cast<double>(static_cast<std::int64_t>(offset) >> 52);
  const double z = std::bit_cast<double>(ix - (offset & 0xfffull << 52));
  const double r = (z - c.c_high - c.c_low) * c.inverse_c;  // z / c - 1, |r| < 1 / 256
  // hi + lo = r + log c + k ln 2; log x = lo + (log1p(r) - r) + hi.
  const double w = kd * log_ln2_hi + c.log_c;
  const double hi = w + r;
  const double lo = w - hi + r + kd * log_ln2_lo;
  const double r2 = r * r;
  return lo + r2 * a0 + r * r2 * (a1 + r * a2 + r2 * (a3 + r * a4)) + hi;
}

namespace {
// fdlibm s_expm1.c: the overflow threshold, ln 2 split so that k * ln2_hi is exact, 1 / ln 2,
// and the minimax coefficients of the rational expm1 kernel in r^2 / 2.
constexpr double overflow_above = 7.09782712893383973096e+02;
constexpr double ln2_hi = 6.93147180369123816490e-01;
constexpr double ln2_lo = 1.90821492927058770002e-10;
constexpr double inv_ln2 = 1.44269504088896338700e+00;
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

namespace {
// Arm optimized-routines math/exp.c (N = 128, polynomial of order 5, the path without fused
// multiply-adds or rounding instructions; MIT licence): e^x = 2^(k/128) e^r with
// |r| <= ln 2 / 256, 2^(k/128) from a table (exp_table.hpp) and e^r - 1 a polynomial, no
// division. At most 0.511 ulp from e^x.
constexpr double inv_ln2_n = 0x1.71547652b82fep0 * 128;
constexpr double neg_ln2_hi_n = -0x1.62e42fefa0000p-8;
constexpr double neg_ln2_lo_n = -0x1.cf79abc9e3b3ap-47;
constexpr double round_shift = 0x1.8p52;  // adding it rounds to an integer, in the low bits
constexpr double e2 = 0x1.ffffffffffdbdp-2, e3 = 0x1.555555555543cp-3, e4 = 0x1.55555cf172b91p-5,
                 e5 = 0x1.1111167a4d017p-7;

std::uint32_t top12(double x) { return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x) >> 52); }

/// scale (1 + tmp) where scale's exponent (k) may have overflowed: |x| in [512, 1024).
double exp_far_from_zero(double tmp, std::uint64_t scale_bits, std::uint64_t ki) {
  if ((ki & 0x80000000) == 0) {  // k > 0: the exponent may have overflowed by <= 460
    const double scale = std::bit_cast<double>(scale_bits - (1009ull << 52));
    return 0x1p1009 * (scale + scale * tmp);
  }
  // k < 0: round to the subnormal precision once, before scaling into the subnormal range.
  const double scale = std::bit_cast<double>(scale_bits + (1022ull << 52));
  double y = scale + scale * tmp;
  if (y < 1.0) {
    double lo = scale - y + scale * tmp;
    const double hi = 1.0 + y;
    lo = 1.0 - hi + y + lo;
    y = (hi + lo) - 1.0;
    if (y == 0.0) y = 0.0;  // not -0
  }
  return 0x1p-1022 * y;
}
}  // namespace

double portable_exp(double x) {
  std::uint32_t abstop = top12(x) & 0x7ff;
  if (abstop - top12(0x1p-54) >= top12(512.0) - top12(0x1p-54)) {
    if (abstop - top12(0x1p-54) >= 0x80000000) return 1.0 + x;  // |x| < 2^-54
    if (abstop >= top12(1024.0)) {
      if (x != x || x == HUGE_VAL) return 1.0 + x;
      return x < 0 ? 0.0 : HUGE_VAL;
    }
    abstop = 0;  // |x| in [512, 1024): exp_far_from_zero
  }
  // x = k ln2 / 128 + r, |r| <= ln2 / 256.
  const double z = inv_ln2_n * x;
  double kd = z + round_shift;
  const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
  kd -= round_shift;
  const double r = x + kd * neg_ln2_hi_n + kd * neg_ln2_lo_n;
  // 2^(k/128) ~= scale (1 + tail); e^x ~= scale + scale (tail + e^r - 1).
  const std::uint64_t index = 2 * (ki % (1u << detail::exp_table_bits));
  const double tail = std::bit_cast<double>(detail::exp_table[index]);
  const std::uint64_t scale_bits = detail::exp_table[index + 1] + (ki << (52 - detail::exp_table_bits));
  const double r2 = r * r;
  const double tmp = tail + r + r2 * (e2 + r * e3) + r2 * r2 * (e4 + r * e5);
  if (abstop == 0) return exp_far_from_zero(tmp, scale_bits, ki);
  const double scale = std::bit_cast<double>(scale_bits);
  return scale + scale * tmp;
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
