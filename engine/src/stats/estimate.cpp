#include "inspectsim/stats/estimate.hpp"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <exception>
#include <limits>

namespace inspectsim {

namespace {

constexpr double z_975 = 1.959963984540054;

/// The 95% interval of a mean of `e.n` non-negative values (mean and sd already in `e`), as a
/// scaled Poisson count; see the header.
void gamma_interval(Estimate& e, Bounds bounds, double exposure) {
  const double n = e.n;
  if (e.mean == 0) {  // every value 0
    e.ci_low = 0;
    e.ci_high = bounds == Bounds::count && exposure > 0 ? -std::log(0.025) / (n * exposure) : 0.0;
    return;
  }
  if (e.sd == 0) {  // every value the same
    e.ci_low = e.ci_high = e.mean;
    return;
  }
  const double widen = student_t_975(e.n - 1) / z_975;
  const double phi = e.sd * e.sd / e.mean * widen * widen;  // value per effective event
  const double events = n * e.mean / phi;
  // With a million effective events the gamma quantiles are the normal ones to 1e-3 of the
  // half-width (skew z^2 / (3 sqrt(events))), and Boost's series would take long or give up.
  const double t_half = student_t_975(e.n - 1) * e.sd / std::sqrt(n);
  if (events > 1e6) {  // then mean - t_half > 0: mean / t_half is about sqrt(events) / 1.96
    e.ci_low = e.mean - t_half;
    e.ci_high = e.mean + t_half;
    return;
  }
  try {
    e.ci_low = boost::math::gamma_p_inv(events, 0.025) * phi / n;
    e.ci_high = boost::math::gamma_p_inv(events + 1.0, 0.975) * phi / n;
  } catch (const std::exception&) {  // not expected below a million events; Student t is then as good
    e.ci_low = std::max(0.0, e.mean - t_half);
    e.ci_high = e.mean + t_half;
  }
}

/// Student t on the logit scale, by the delta method; see the header.
void logit_interval(Estimate& e) {
  const double m = e.mean;
  if (m <= 0 || m >= 1 || e.sd == 0) {
    e.ci_low = e.ci_high = m;
    return;
  }
  const double centre = std::log(m / (1 - m));
  const double half = student_t_975(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n)) / (m * (1 - m));
  e.ci_low = 1 / (1 + std::exp(-(centre - half)));
  e.ci_high = 1 / (1 + std::exp(-(centre + half)));
}

}  // namespace

double student_t_975(int df) {
  static const double table[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646,
                                 2.3060, 2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314,
                                 2.1199, 2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687,
                                 2.0639, 2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df <= 0) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return table[df];
  // Cornish-Fisher expansion around the normal quantile; error below 1e-4 for df > 30.
  const double z = z_975;
  const double n = df;
  return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n) +
         (3 * std::pow(z, 7) + 19 * std::pow(z, 5) + 17 * z * z * z - 15 * z) / (384 * n * n * n);
}

Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples) { return estimate(samples, Bounds::none); }

Estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& samples, Bounds bounds, double exposure) {
  const Eigen::Array<bool, Eigen::Dynamic, 1> finite = samples.array().isFinite();
  const int n = static_cast<int>(finite.count());
  if (n == 0) return estimate_from_moments(0, 0, 0, 0, 0, bounds, exposure);
  const Eigen::ArrayXd values = finite.select(samples.array(), 0.0);
  const double mean = values.sum() / n;
  if (n < 2) return estimate_from_moments(n, mean, 0, mean, mean, bounds, exposure);
  const double squares = finite.select(values - mean, 0.0).square().sum();
  const double lowest = finite.select(values, HUGE_VAL).minCoeff();
  const double highest = finite.select(values, -HUGE_VAL).maxCoeff();
  return estimate_from_moments(n, mean, std::sqrt(squares / (n - 1)), lowest, highest, bounds, exposure);
}

Estimate estimate_from_moments(int n, double mean, double sd, double lowest, double highest, Bounds bounds,
                               double exposure) {
  Estimate e;
  e.n = n;
  if (e.n == 0) {
    e.mean = e.ci_low = e.ci_high = e.sd = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  e.mean = mean;
  if (e.n < 2) {
    e.ci_low = e.ci_high = e.mean;
    e.sd = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  e.sd = sd;
  if ((bounds == Bounds::non_negative || bounds == Bounds::count) && lowest >= 0) {
    gamma_interval(e, bounds, exposure);
    return e;
  }
  if (bounds == Bounds::share && lowest >= 0 && highest <= 1) {
    logit_interval(e);
    return e;
  }
  const double half = student_t_975(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

}  // namespace inspectsim
