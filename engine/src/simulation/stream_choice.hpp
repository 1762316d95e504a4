#pragma once
// Where a (segment, type)'s possible complaints come from (complaints.cpp): looks at every pair
// at rate c, or a stream of the pairs possibly active. Chosen by the simulation (RegionProcess)
// and assumed by the memory estimate (footprint.cpp), so both read it here.

namespace inspectsim::detail {

/// Looks per pair-day of a stream: the onsets (lambda), the looks at the active (pi c) and one
/// look after each episode's end (pi mu), with pi = lambda / (lambda + mu).
inline double stream_looks_per_pair_day(double c, double lambda, double mu) {
  return lambda + lambda / (lambda + mu) * (c + mu);
}

/// Whether the stream costs under half of looking at every pair (c per pair-day).
inline bool complaints_streamed(double c, double lambda, double mu) {
  return c > 0 && lambda > 0 && 2 * stream_looks_per_pair_day(c, lambda, mu) < c;
}

}  // namespace inspectsim::detail
