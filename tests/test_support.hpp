#pragma once
// Helpers shared by the tests: paths to the source tree and a small scenario to vary.

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "inspectsim/inspectsim.hpp"

namespace inspectsim::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(INSPECTSIM_SOURCE_DIR) + "/" + relative;
}

/// The whole content of a file ("" if it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Every shipped scenario file, relative to the source tree, sorted.
inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("scenarios")))
    if (entry.path().extension() == ".yaml")
      files.push_back(std::filesystem::relative(entry.path(), source_path("")).string());
  std::sort(files.begin(), files.end());
  return files;
}

/// tests/data/small.yaml with overrides: 3,500 entities, 10 inspectors, two regions.
inline Scenario small_scenario(const std::vector<Override>& overrides = {}) {
  return load_scenario(source_path("tests/data/small.yaml"), overrides);
}

/// Writes `yaml` to a fresh temporary file and returns its path. The file may `extends:` a
/// path given by source_path().
/// The files are removed when the test program exits.
inline std::string write_temp_yaml(const std::string& yaml) {
  struct Directory {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("inspectsim_test_" + std::to_string(::getpid()));
    Directory() { std::filesystem::create_directories(path); }
    ~Directory() { std::filesystem::remove_all(path); }
  };
  static Directory directory;
  static std::atomic<int> counter{0};
  const auto path = directory.path / ("scenario_" + std::to_string(counter++) + ".yaml");
  std::ofstream(path) << yaml;
  return path.string();
}

/// A scenario made of small.yaml plus the YAML text given (merged as `extends:` does).
inline Scenario small_with(const std::string& yaml, const std::vector<Override>& overrides = {}) {
  return load_scenario(write_temp_yaml("extends: " + source_path("tests/data/small.yaml") + "\n" + yaml), overrides);
}

inline const Estimate& global(const Summary& s, const std::string& name) {
  return s.global[metric_index(global_metrics(), name)];
}
inline const Estimate& of_violation(const Summary& s, std::size_t type, const std::string& name) {
  return s.by_violation[type][metric_index(violation_metrics(), name)];
}
inline const Estimate& of_size_class(const Summary& s, std::size_t size_class, const std::string& name) {
  return s.by_size_class[size_class][metric_index(size_class_metrics(), name)];
}
inline const Estimate& of_year(const Summary& s, std::size_t year, const std::string& name) {
  return s.yearly[year][metric_index(yearly_metrics(), name)];
}

/// Run options with a fixed thread count.
inline RunOptions with_threads(int threads) {
  RunOptions options;
  options.threads = threads;
  return options;
}

}  // namespace inspectsim::testing
