#include "inspectsim/kernel/random.hpp"

namespace inspectsim {

int RandomStream::poisson(double mean) {
  if (mean <= 0) return 0;
  const double u = uniform();
  double term = portable_exp(-mean), cdf = term;
  int k = 0;
  // The upper limit only guards a u within rounding of 1.
  while (u > cdf && k < 100'000) {
    ++k;
    term *= mean / k;
    cdf += term;
    if (term == 0 && k > mean) break;
  }
  return k;
}

double RandomStream::gamma_mean_cv(double mean, double cv) {
  // Below a cv of 1e-4 the gamma is its mean to within 0.04% (4 sd), and 1 / cv^2 would
  // overflow for cv below 1e-154: take it as fixed.
  if (cv < min_cv) return mean;
  const double shape = 1.0 / (cv * cv);
  const double scale = mean / shape;
  // Marsaglia and Tsang (2000); shapes below 1 use the boost x * U^(1/shape).
  const double a = shape < 1.0 ? shape + 1.0 : shape;
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  double x = 0;
  while (true) {
    double z = 0, v = 0;
    do {
      z = normal();
      v = 1.0 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * z * z * z * z || portable_log(u) < 0.5 * z * z + d * (1.0 - v + portable_log(v))) {
      x = d * v;
      break;
    }
  }
  if (shape < 1.0) x *= portable_pow(uniform(), 1.0 / shape);
  return x * scale;
}

}  // namespace inspectsim
