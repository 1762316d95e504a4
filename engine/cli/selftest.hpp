#pragma once
// `inspectsim selftest`: runs the validation suite (experiment/validation.hpp) and prints its
// table. The checks themselves live in the library; this only parses options and prints.

#include <CLI/CLI.hpp>
#include <string>

namespace inspectsim::cli {

struct SelftestOptions {
  bool quick = false;
  int threads = 0;
  std::string scenario_dir;
  std::string output;
};

/// Adds the `selftest` subcommand to `app`.
CLI::App* add_selftest_command(CLI::App& app, SelftestOptions& options);

/// Runs the suite; returns 0 when every check passes, 3 when any fails.
int selftest_command(const SelftestOptions& options);

}  // namespace inspectsim::cli
