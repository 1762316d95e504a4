// libFuzzer target for the scenario loader: whatever the bytes, load_scenario either returns a
// scenario or throws ScenarioError. Anything else (another exception, a crash, a hang, an
// AddressSanitizer or UndefinedBehaviorSanitizer report) is a bug. Run by tests/fuzz/run_fuzz.sh.
//
// Lines "#set KEY=VALUE" (YAML comments, so the rest still parses) become --set overrides, so
// the fuzzer reaches the override path too. The input is written to a private directory, so a
// relative `extends:` from a seed (e.g. `extends: baseline.yaml`) finds nothing and fails cleanly.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "inspectsim/inspectsim.hpp"

namespace {

namespace fs = std::filesystem;

/// A fresh directory for this process's input file, removed at exit.
struct WorkDirectory {
  fs::path path;
  WorkDirectory() {
    std::string name = (fs::temp_directory_path() / "inspectsim_fuzz_XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) std::abort();
    path = name;
  }
  ~WorkDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

/// Small enough to build the model (entity arrays) on every input without slowing the fuzzer.
bool small_enough_to_build(const inspectsim::Scenario& s) {
  return s.total_entities() <= 20'000 && s.violations.size() <= 32 && s.segments.size() <= 256 &&
         s.regions.size() <= 256;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const WorkDirectory directory;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path path = directory.path / "scenario.yaml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  try {
    std::vector<inspectsim::Override> overrides;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("#set ", 0) == 0) overrides.push_back(inspectsim::parse_override(line.substr(5)));
    const inspectsim::Scenario scenario = inspectsim::load_scenario(path.string(), overrides);
    if (small_enough_to_build(scenario)) inspectsim::build_model(scenario);
  } catch (const inspectsim::ScenarioError&) {
    // the expected answer to bad input
  }
  return 0;
}
