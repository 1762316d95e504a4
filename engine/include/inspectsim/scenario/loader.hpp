#pragma once
/// @file
/// Loading a scenario: YAML file, its `extends:` chain, and `--set KEY=VALUE` overrides.

#include <string>
#include <vector>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// One `--set KEY=VALUE`: a dotted key (lists addressed by item name) and a YAML value.
struct Override {
  std::string key;
  std::string value;
  /// Where the user wrote it, for error messages; empty: "--set KEY=VALUE".
  std::string origin = {};

  /// The origin, or "--set KEY=VALUE".
  std::string where() const { return origin.empty() ? "--set " + key + "=" + value : origin; }
};

/// Parses "KEY=VALUE"; throws ScenarioError when there is no '='.
Override parse_override(const std::string& text);

/// Loads, merges and validates a scenario. Throws ScenarioError on any bad input.
///
/// Example:
///   Scenario s = load_scenario("scenarios/kazakhstan/baseline.yaml",
///                              {{"policy.notice", "unannounced"}});
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

}  // namespace inspectsim
