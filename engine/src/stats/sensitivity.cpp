// Designs over the unit cube and the Sobol and Morris estimators (docs/VALIDATION.md,
// "Sensitivity estimators"). Random choices (Latin hypercube strata, Morris paths, bootstrap
// resamples) come from Philox streams named by the caller's seed, so every figure is a function of
// its inputs alone.

#include "inspectsim/stats/sensitivity.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim {

namespace {

/// What each Philox stream of this file is drawn for (the counter's purpose word); far from the
/// simulation's purposes, though the seeds are the caller's own anyway.
enum DesignPurpose : std::uint32_t {
  hypercube_order = 900,
  hypercube_place,
  morris_start,
  morris_order,
  bootstrap_rows
};

void require(bool condition, const std::string& what) {
  if (!condition) throw std::invalid_argument(what);
}

/// A uniform whole number in [0, n).
int uniform_below(RandomStream& stream, int n) { return std::min(n - 1, static_cast<int>(stream.uniform() * n)); }

/// 0, 1, ..., n-1 in a random order (Fisher-Yates).
std::vector<int> shuffled(int n, RandomStream& stream) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (int i = n - 1; i > 0; --i) std::swap(order[i], order[uniform_below(stream, i + 1)]);
  return order;
}

/// The variance of the concatenation of two equally long vectors (divisor 2N - 1).
double pooled_variance(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const double mean = (a.sum() + b.sum()) / static_cast<double>(a.size() + b.size());
  const double squares = (a.array() - mean).square().sum() + (b.array() - mean).square().sum();
  return squares / static_cast<double>(a.size() + b.size() - 1);
}

/// The Saltelli (first order) and Jansen (total) estimates over the rows `rows` of the blocks.
struct SobolBlocks {
  Eigen::VectorXd a, b;
  std::vector<Eigen::VectorXd> ab;  ///< f(AB_i) for each input i
};

void estimate_indices(const SobolBlocks& f, const std::vector<int>& rows, std::vector<double>& first,
                      std::vector<double>& total, double& variance) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::VectorXd a(n), b(n);
  for (Eigen::Index j = 0; j < n; ++j) a(j) = f.a(rows[j]), b(j) = f.b(rows[j]);
  variance = pooled_variance(a, b);
  first.assign(f.ab.size(), 0.0);
  total.assign(f.ab.size(), 0.0);
  for (std::size_t i = 0; i < f.ab.size(); ++i) {
    double s = 0, t = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double ab = f.ab[i](rows[j]);
      s += b(j) * (ab - a(j));
      t += (a(j) - ab) * (a(j) - ab);
    }
    first[i] = s / static_cast<double>(n) / variance;
    total[i] = t / (2.0 * static_cast<double>(n)) / variance;
  }
}

/// The percentile interval of `draws` at `level` (sorted in place).
std::pair<double, double> percentile_interval(std::vector<double>& draws, double level) {
  std::sort(draws.begin(), draws.end());
  const double tail = (1 - level) / 2;
  const auto at = [&](double q) {
    const double position = q * static_cast<double>(draws.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, draws.size() - 1);
    return draws[below] + (position - static_cast<double>(below)) * (draws[above] - draws[below]);
  };
  return {at(tail), at(1 - tail)};
}

}  // namespace

Eigen::MatrixXd sobol_points(int count, int inputs, int skip) {
  require(count >= 0 && skip >= 0, "sobol_points: count and skip must be >= 0");
  require(inputs >= 1 && inputs <= 3667,
          "sobol_points: inputs must be in [1, 3667] (Boost.Random's direction numbers)");
  boost::random::sobol sequence(static_cast<std::size_t>(inputs));
  for (long long v = 0; v < static_cast<long long>(skip) * inputs; ++v) sequence();
  Eigen::MatrixXd points(count, inputs);
  for (int r = 0; r < count; ++r)
    for (int c = 0; c < inputs; ++c) points(r, c) = std::ldexp(static_cast<double>(sequence()), -64);  // w = 64 bits
  return points;
}

Eigen::MatrixXd latin_hypercube(int count, int inputs, std::uint32_t seed) {
  require(count >= 1 && inputs >= 1, "latin_hypercube: count and inputs must be >= 1");
  Eigen::MatrixXd points(count, inputs);
  for (int c = 0; c < inputs; ++c) {
    RandomStream order(seed, static_cast<std::uint32_t>(c), 0, hypercube_order, 0);
    RandomStream place(seed, static_cast<std::uint32_t>(c), 0, hypercube_place, 0);
    const std::vector<int> stratum = shuffled(count, order);
    for (int r = 0; r < count; ++r) points(r, c) = (stratum[r] + place.uniform()) / count;
  }
  return points;
}

Eigen::MatrixXd saltelli_design(int base_points, int inputs) {
  require(base_points >= 2, "saltelli_design: base_points must be >= 2");
  require(inputs >= 1 && 2 * inputs <= 3667, "saltelli_design: inputs must be in [1, 1833]");
  const Eigen::MatrixXd ab = sobol_points(base_points, 2 * inputs);
  const Eigen::Index n = base_points, k = inputs;
  Eigen::MatrixXd design((k + 2) * n, k);
  design.topRows(n) = ab.leftCols(k);
  design.middleRows(n, n) = ab.rightCols(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    auto block = design.middleRows((2 + i) * n, n);
    block = ab.leftCols(k);
    block.col(i) = ab.col(k + i);
  }
  return design;
}

Eigen::MatrixXd morris_design(int trajectories, int inputs, int levels, std::uint32_t seed) {
  require(trajectories >= 1 && inputs >= 1, "morris_design: trajectories and inputs must be >= 1");
  require(levels >= 2 && levels % 2 == 0, "morris_design: levels must be even and >= 2");
  const double step = 1.0 / (levels - 1);
  const int jump = levels / 2;  // delta = levels / (2 (levels - 1)) = jump steps of the grid
  Eigen::MatrixXd design(static_cast<Eigen::Index>(trajectories) * (inputs + 1), inputs);
  for (int t = 0; t < trajectories; ++t) {
    RandomStream start(seed, static_cast<std::uint32_t>(t), 0, morris_start, 0);
    RandomStream order(seed, static_cast<std::uint32_t>(t), 0, morris_order, 0);
    const Eigen::Index first = static_cast<Eigen::Index>(t) * (inputs + 1);
    std::vector<int> level(inputs);
    for (int c = 0; c < inputs; ++c) {
      level[c] = uniform_below(start, levels);
      design(first, c) = level[c] * step;
    }
    const std::vector<int> moves = shuffled(inputs, order);
    for (int m = 0; m < inputs; ++m) {
      const int c = moves[m];
      design.row(first + m + 1) = design.row(first + m);
      level[c] += level[c] < jump ? jump : -jump;  // up from the lower half of the grid, down from the upper
      design(first + m + 1, c) = level[c] * step;
    }
  }
  return design;
}

SobolIndices sobol_indices(const Eigen::Ref<const Eigen::VectorXd>& y, int inputs, const BootstrapOptions& bootstrap) {
  require(inputs >= 1 && y.size() % (inputs + 2) == 0 && y.size() / (inputs + 2) >= 2,
          "sobol_indices: expected the values at saltelli_design(N, inputs)'s (inputs + 2) x N rows, N >= 2");
  require(bootstrap.resamples >= 0 && bootstrap.level > 0 && bootstrap.level < 1,
          "sobol_indices: resamples must be >= 0 and level in (0, 1)");
  const Eigen::Index n = y.size() / (inputs + 2);
  SobolBlocks f{y.head(n), y.segment(n, n), {}};
  for (int i = 0; i < inputs; ++i) f.ab.emplace_back(y.segment((2 + i) * n, n));

  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<double> first, total;
  SobolIndices out;
  estimate_indices(f, rows, first, total, out.variance);
  require(out.variance > 0, "sobol_indices: the values do not vary, so no input explains any of their variance");

  // Bootstrap: resample the N base rows (A, B and every AB_i together), recompute every index.
  std::vector<std::vector<double>> first_draws(inputs), total_draws(inputs);
  for (int r = 0; r < bootstrap.resamples; ++r) {
    RandomStream draw(bootstrap.seed, static_cast<std::uint32_t>(r), 0, bootstrap_rows, 0);
    for (auto& row : rows) row = uniform_below(draw, static_cast<int>(n));
    double variance = 0;
    std::vector<double> s, t;
    estimate_indices(f, rows, s, t, variance);
    if (!(variance > 0)) continue;  // a resample of equal values explains nothing
    for (int i = 0; i < inputs; ++i) first_draws[i].push_back(s[i]), total_draws[i].push_back(t[i]);
  }
  for (int i = 0; i < inputs; ++i) {
    IndexEstimate s{first[i], first[i], first[i]}, t{total[i], total[i], total[i]};
    if (first_draws[i].size() > 1) {
      std::tie(s.ci_low, s.ci_high) = percentile_interval(first_draws[i], bootstrap.level);
      std::tie(t.ci_low, t.ci_high) = percentile_interval(total_draws[i], bootstrap.level);
    }
    out.first_order.push_back(s);
    out.total.push_back(t);
  }
  return out;
}

std::vector<ElementaryEffects> morris_effects(const Eigen::Ref<const Eigen::VectorXd>& y,
                                              const Eigen::Ref<const Eigen::MatrixXd>& design) {
  const Eigen::Index k = design.cols();
  require(k >= 1 && design.rows() == y.size() && design.rows() % (k + 1) == 0 && design.rows() > 0,
          "morris_effects: expected one value per row of a Morris design of (inputs + 1) rows per trajectory");
  std::vector<std::vector<double>> effects(k);
  for (Eigen::Index first = 0; first < design.rows(); first += k + 1) {
    for (Eigen::Index m = 0; m < k; ++m) {
      const auto before = design.row(first + m), after = design.row(first + m + 1);
      Eigen::Index moved = 0;
      (after - before).cwiseAbs().maxCoeff(&moved);
      const double change = after(moved) - before(moved);
      require(change != 0, "morris_effects: a step of the design moves no input");
      effects[moved].push_back((y(first + m + 1) - y(first + m)) / change);
    }
  }
  std::vector<ElementaryEffects> out(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    const auto e = Eigen::Map<const Eigen::ArrayXd>(effects[i].data(), static_cast<Eigen::Index>(effects[i].size()));
    out[i].mu = e.mean();
    out[i].mu_star = e.abs().mean();
    out[i].sigma = e.size() > 1 ? std::sqrt((e - e.mean()).square().sum() / static_cast<double>(e.size() - 1)) : 0.0;
  }
  return out;
}

double plausible_value(double u, RangeShape shape, double low, double high, double mode, double median, double floor,
                       double ceiling) {
  require(u > 0 && u < 1, "plausible_value: u must be in (0, 1)");
  switch (shape) {
    case RangeShape::uniform: return low + u * (high - low);
    case RangeShape::triangular: {
      if (high == low) return low;
      const double left = (mode - low) / (high - low);  // the share of the mass below the mode
      return u < left ? low + std::sqrt(u * (high - low) * (mode - low))
                      : high - std::sqrt((1 - u) * (high - low) * (high - mode));
    }
    case RangeShape::lognormal: {
      const boost::math::normal standard;
      const double sigma = std::log(high / low) / (2 * boost::math::quantile(standard, 0.95));
      const double mu = std::log(median);
      const auto cdf = [&](double x) { return x <= 0 ? 0.0 : boost::math::cdf(standard, (std::log(x) - mu) / sigma); };
      const double below = cdf(floor), within = (ceiling == HUGE_VAL ? 1.0 : cdf(ceiling)) - below;  // cut off outside
      return std::exp(mu + sigma * boost::math::quantile(standard, below + u * within));
    }
  }
  return low;
}

}  // namespace inspectsim
