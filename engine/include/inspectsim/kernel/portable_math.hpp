#pragma once
/// @file
/// Elementary functions that give the same bits on every machine. glibc picks its `log`,
/// `exp`, `expm1`, `pow`, `log1p` and `cos` at load time by CPU (an FMA variant on recent
/// x86-64, another elsewhere), and the variants differ in the last bit now and then: enough to
/// change a simulation's results. These use only IEEE-754 +, -, *, / (correctly rounded, so
/// alike everywhere) in a fixed order, and the engine is compiled without contraction into FMA
/// (engine/CMakeLists.txt). Accuracy: within 1 ulp (log, exp, expm1; fdlibm's or Arm's algorithms), a few ulps (log1p),
/// and |y log x| ulps (pow); what matters here is that every machine gets the same bits.

namespace inspectsim {

/// Natural logarithm of a positive, finite x, within 0.52 ulp of the true value (Arm's
/// optimized-routines, the algorithm of glibc's log: x = 2^k z, log z = log c + log1p(z / c - 1)
/// with c from a table of 128; no division).
double portable_log(double x);

/// e^x, within 0.52 ulp; 0 below -745.13 and +inf above 709.78 (Arm's optimized-routines, the
/// algorithm of glibc's exp: x = k ln 2 / 128 + r, 2^(k/128) from a table, e^r a polynomial; no division).
double portable_exp(double x);

/// e^x - 1, accurate for small |x| too, within 1 ulp (fdlibm's expm1).
double portable_expm1(double x);

/// log(1 + x) for x > -1, accurate for small |x| (log of the rounded 1 + x, corrected by
/// x / ((1 + x) - 1): Goldberg's trick, a few ulps).
double portable_log1p(double x);

/// x^y for x >= 0 as e^(y log x): 0^y is 0 for y > 0, +inf for y < 0 and 1 for y = 0.
double portable_pow(double x, double y);

/// cos x for |x| up to 2^19 pi/2 (all a Box-Muller draw needs), within 1 ulp (fdlibm's
/// kernels on [-pi/4, pi/4] after x - n pi/2 in three parts).
double portable_cos(double x);

}  // namespace inspectsim
