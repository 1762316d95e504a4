#pragma once
// Helpers shared by the tests: paths to the source tree and a small scenario to vary.

#include <string>

#include "inspectsim/inspectsim.hpp"

namespace inspectsim::testing {

inline std::string source_path(const std::string& relative) { return std::string(INSPECTSIM_SOURCE_DIR) + "/" + relative; }

/// tests/data/small.yaml with overrides: 3,500 entities, 10 inspectors, two regions.
inline Scenario small_scenario(const std::vector<Override>& overrides = {}) {
  return load_scenario(source_path("tests/data/small.yaml"), overrides);
}

}  // namespace inspectsim::testing
