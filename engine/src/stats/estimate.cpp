#include "inspectsim/stats/estimate.hpp"

#include <cmath>
#include <limits>

namespace inspectsim {

double student_t_975(int df) {
  static const double table[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                 2.2622, 2.2281,  2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098,
                                 2.1009, 2.0930,  2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
                                 2.0518, 2.0484,  2.0452, 2.0423};
  if (df <= 0) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return table[df];
  // Cornish-Fisher expansion around the normal quantile; error below 1e-4 for df > 30.
  const double z = 1.959963984540054;
  const double n = df;
  return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n) +
         (3 * std::pow(z, 7) + 19 * std::pow(z, 5) + 17 * z * z * z - 15 * z) / (384 * n * n * n);
}

Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples) {
  const Eigen::Array<bool, Eigen::Dynamic, 1> finite = samples.array().isFinite();
  Estimate e;
  e.n = static_cast<int>(finite.count());
  if (e.n == 0) {
    e.mean = e.ci_low = e.ci_high = e.sd = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  const Eigen::ArrayXd values = finite.select(samples.array(), 0.0);
  e.mean = values.sum() / e.n;
  if (e.n < 2) {
    e.ci_low = e.ci_high = e.mean;
    e.sd = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  const double squares = finite.select(values - e.mean, 0.0).square().sum();
  e.sd = std::sqrt(squares / (e.n - 1));
  const double half = student_t_975(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

}  // namespace inspectsim
