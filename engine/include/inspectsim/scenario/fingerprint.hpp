#pragma once
/// @file
/// A scenario's fingerprint: a short hash of everything a run's results depend on (every
/// number, name, policy and the simulation settings, after `extends:` and overrides), and not
/// of what they do not (file paths, descriptions, provenance notes). Two scenarios with the same
/// fingerprint run alike on the same engine version.

#include <string>
#include <string_view>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// The engine's version, e.g. "0.1.0" (the project's version in CMakeLists.txt).
const char* engine_version();

/// The scenario as canonical text, one `key=value` per line, numbers exactly.
std::string canonical_text(const Scenario& scenario);

/// 16 hexadecimal digits of a 64-bit FNV-1a hash of `text`.
std::string fingerprint_of(std::string_view text);

/// fingerprint_of(canonical_text(scenario)).
std::string scenario_fingerprint(const Scenario& scenario);

}  // namespace inspectsim
