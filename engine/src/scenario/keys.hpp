#pragma once
// Provenance keys, named lists, and a "did you mean" for misspellings.

#include <string_view>
#include <vector>

namespace inspectsim {

using KeyList = std::vector<std::string_view>;

/// The keys of a number written with its provenance: {value, source | assumption, range |
/// distribution}, or a fitted one {value, calibrated}. Scenario keys themselves are declared in
/// scenario/schema.hpp.
inline const KeyList provenance_keys{"value", "source", "assumption", "calibrated", "range", "distribution"};

/// The keys of a `distribution:` of each shape.
inline const KeyList uniform_keys{"shape", "low", "high"};
inline const KeyList triangular_keys{"shape", "low", "mode", "high"};
inline const KeyList lognormal_keys{"shape", "median", "p05", "p95"};

/// Lists whose items are addressed by name in --set paths.
inline bool is_named_list(std::string_view key) {
  return key == "regions" || key == "size_classes" || key == "segments" || key == "violations";
}

/// The allowed key nearest to `key` by edit distance, if near enough to be a likely typo.
std::string_view closest_key(std::string_view key, const KeyList& allowed);

}  // namespace inspectsim
