#include "inspectsim/stats/running_moments.hpp"

#include <algorithm>
#include <cmath>

namespace inspectsim {

void RunningMoments::add(double value) {
  if (!std::isfinite(value)) return;
  ++n;
  const double delta = value - mean;
  mean += delta / n;
  m2 += delta * (value - mean);
  lowest = std::min(lowest, value);
  highest = std::max(highest, value);
}

void RunningMoments::merge(const RunningMoments& later) {
  if (later.n == 0) return;
  if (n == 0) {
    *this = later;
    return;
  }
  const double a = n, b = later.n, total = a + b;
  const double delta = later.mean - mean;
  mean += delta * b / total;
  m2 += later.m2 + delta * delta * a * b / total;
  n += later.n;
  lowest = std::min(lowest, later.lowest);
  highest = std::max(highest, later.highest);
}

Estimate estimate(const RunningMoments& moments, Bounds bounds, double exposure) {
  const double sd = moments.n >= 2 ? std::sqrt(std::max(0.0, moments.m2) / (moments.n - 1)) : 0.0;
  return estimate_from_moments(moments.n, moments.mean, sd, moments.lowest, moments.highest, bounds, exposure);
}

}  // namespace inspectsim
