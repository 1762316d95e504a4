#pragma once
// `inspectsim sweep` and `inspectsim staff`: parse options, call the library's sweep
// (experiment/sweep.hpp) and staffing search (experiment/staffing.hpp), write what they return.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"
#include "mpi.hpp"

namespace inspectsim::cli {

struct SweepOptions {
  std::string scenario;
  std::vector<std::string> vary;
  std::vector<std::string> metrics;  ///< table columns
  bool resume = false;
  std::string plot;  ///< --plot FILE: a chart of the metrics against the varied key
  CommonOptions common;
};

struct StaffOptions {
  std::string scenario;
  std::vector<std::string> targets;
  int min_inspectors = 1;
  int max_inspectors = 0;
  bool robust = false;  ///< the answer over plausible assumptions
  int points = 16;
  std::string design = "sobol";
  unsigned design_seed = 1;
  std::string plot;  ///< --plot FILE: the target metrics against inspectors, with the target line
  CommonOptions common;
};

/// Exit code of `staff` when no count up to --max meets the targets.
constexpr int exit_target_not_met = 3;

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);
CLI::App* add_staff_command(CLI::App& app, StaffOptions& options);

int sweep_command(const SweepOptions& options, const MpiSession& mpi);
int staff_command(const StaffOptions& options, const MpiSession& mpi);

}  // namespace inspectsim::cli
