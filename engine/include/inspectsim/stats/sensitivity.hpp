#pragma once
/// @file
/// Which inputs decide the answer: designs over the unit cube and the estimators that read
/// function values at them (issue 13). Every function here is pure: a design is a function of its
/// sizes and seed, an estimate a function of the values and the design, so a sensitivity study
/// gives the same figures whatever the threads or machines that computed the values.
///
/// A design's rows are points in [0, 1)^k, one column per input; the caller maps each column onto
/// its input's plausible range (`plausible_value`) and evaluates the model at each row, in order.
///
/// @code
///   const Eigen::MatrixXd x = saltelli_design(4096, 3);       // (3 + 2) x 4096 rows
///   Eigen::VectorXd y(x.rows());
///   for (Eigen::Index r = 0; r < x.rows(); ++r) y(r) = model(x.row(r));
///   const SobolIndices s = sobol_indices(y, 3, {.resamples = 1000, .seed = 7});
///   // s.first_order[i].value, s.total[i].ci_low, ...
/// @endcode
///
/// The method and its validation (Ishigami, a function with inactive inputs) are in
/// docs/VALIDATION.md, "Sensitivity estimators".

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <vector>

namespace inspectsim {

// ---- designs ---------------------------------------------------------------------------------

/// The first `count` points of the `inputs`-dimensional Sobol low-discrepancy sequence
/// (Boost.Random's `sobol`, Joe and Kuo's direction numbers), after skipping `skip` points.
/// Deterministic: there is no seed. `inputs` at most 3667.
Eigen::MatrixXd sobol_points(int count, int inputs, int skip = 0);

/// A Latin hypercube of `count` points: each input's [0, 1) cut into `count` equal strata, each
/// stratum used once, in an order and at a place within it drawn from Philox streams named by
/// `seed` and the input (the same seed gives the same design on every machine).
Eigen::MatrixXd latin_hypercube(int count, int inputs, std::uint32_t seed);

/// Saltelli's design for Sobol indices with `base_points` N: rows [0, N) are matrix A, [N, 2N)
/// matrix B (A and B side by side are the first N points of the 2k-dimensional Sobol sequence,
/// after skipping one), and rows [(2 + i) N, (3 + i) N) are A with input i taken from B, for i
/// = 0 .. k-1. (k + 2) N rows in all.
Eigen::MatrixXd saltelli_design(int base_points, int inputs);

/// A Morris design of `trajectories` one-at-a-time paths on a grid of `levels` levels (even):
/// each path starts at a random grid point and moves each input once, in a random order, by
/// delta = levels / (2 (levels - 1)), up or down so as to stay in [0, 1]. (k + 1) rows per path.
/// Drawn from Philox streams named by `seed`.
Eigen::MatrixXd morris_design(int trajectories, int inputs, int levels, std::uint32_t seed);

// ---- estimators ------------------------------------------------------------------------------

/// A sensitivity index with its bootstrap percentile interval.
struct IndexEstimate {
  double value = 0;
  double ci_low = 0;
  double ci_high = 0;
};

/// How the bootstrap intervals are drawn.
struct BootstrapOptions {
  int resamples = 1000;    ///< resamples of the N base rows (the same rows for every index)
  std::uint32_t seed = 1;  ///< names the Philox streams that draw them
  double level = 0.95;     ///< the interval's coverage
};

/// First-order and total Sobol indices of each input, with bootstrap intervals.
struct SobolIndices {
  std::vector<IndexEstimate> first_order;  ///< S_i: the share of the variance input i explains alone
  std::vector<IndexEstimate> total;        ///< ST_i: the share it explains with all its interactions
  double variance = 0;                     ///< the output's variance over A and B
};

/// Sobol indices from the values `y` of a function at `saltelli_design(N, inputs)`'s rows, in
/// order: first order by Saltelli et al. (2010), S_i = mean(f(B) (f(AB_i) - f(A))) / V, total by
/// Jansen (1999), ST_i = mean((f(A) - f(AB_i))^2) / (2 V), V the variance of f over A and B.
/// Resamples whose values are all equal are left out of the intervals; with fewer than two
/// left, an interval is the estimate itself. Throws std::invalid_argument if `y` does not vary.
SobolIndices sobol_indices(const Eigen::Ref<const Eigen::VectorXd>& y, int inputs,
                           const BootstrapOptions& bootstrap = {});

/// Morris's elementary effects of one input over the trajectories.
struct ElementaryEffects {
  double mu = 0;       ///< mean effect (signs may cancel)
  double mu_star = 0;  ///< mean absolute effect (Campolongo et al. 2007): the importance ranking
  double sigma = 0;    ///< standard deviation: non-linearity or interactions
};

/// Elementary effects from the values `y` of a function at the rows of `design` (a
/// `morris_design`): each step of a path changes one input, and (y(after) - y(before)) / (its
/// change) is that input's effect.
std::vector<ElementaryEffects> morris_effects(const Eigen::Ref<const Eigen::VectorXd>& y,
                                              const Eigen::Ref<const Eigen::MatrixXd>& design);

// ---- from the unit cube to an input's range --------------------------------------------------

/// The shapes a plausible range may take (scenario files: `range` and `distribution`).
enum class RangeShape { uniform, triangular, lognormal };

/// The value at quantile `u` in (0, 1) of a plausible range: uniform on [low, high]; triangular
/// on [low, high] with `mode`; lognormal with `median` and 90% interval [low, high] (its 5th and
/// 95th percentiles), cut off at [floor, ceiling] (the key's allowed values).
double plausible_value(double u, RangeShape shape, double low, double high, double mode, double median,
                       double floor = -HUGE_VAL, double ceiling = HUGE_VAL);

}  // namespace inspectsim
