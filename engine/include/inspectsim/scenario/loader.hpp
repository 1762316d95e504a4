#pragma once
/// @file
/// Loading a scenario: YAML file, its `extends:` chain, and `--set KEY=VALUE` overrides.

#include <memory>
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

/// A scenario file and its `extends:` chain, read and parsed once: sweeps, staffing searches and
/// design points load many scenarios from it without reading the files again (so an edit made
/// to a file during a long run cannot mix two models). Throws ScenarioError for a missing,
/// unreadable or malformed file, or a bad chain. Cheap to copy.
class ScenarioFiles {
 public:
  explicit ScenarioFiles(const std::string& path);
  const std::string& path() const;

  struct Documents;

 private:
  friend Scenario load_scenario(const ScenarioFiles& files, const std::vector<Override>& overrides);
  std::shared_ptr<const Documents> documents_;
};

/// Applies the files, then the overrides, and validates. Throws ScenarioError on bad input.
Scenario load_scenario(const ScenarioFiles& files, const std::vector<Override>& overrides = {});

/// Loads, merges and validates a scenario. Throws ScenarioError on any bad input.
///
/// Example:
///   Scenario s = load_scenario("scenarios/kazakhstan/baseline.yaml",
///                              {{"policy.notice", "unannounced"}});
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

}  // namespace inspectsim
