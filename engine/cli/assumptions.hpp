#pragma once
// `inspectsim uncertainty` and `inspectsim sensitivity`: parse options, call the library's
// experiments over assumptions (experiment/uncertainty.hpp, experiment/sensitivity_study.hpp),
// keep the points file for --resume, write what they return.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"
#include "mpi.hpp"

namespace inspectsim::cli {

/// What both commands share: the scenario, the variant, the metrics and the points file.
struct AssumptionOptions {
  std::string scenario;
  std::string variant;
  std::vector<std::string> metrics;
  std::string points_file;  ///< finished points, for --resume (default: --output's path + ".points.csv")
  bool resume = false;
  CommonOptions common;
};

struct UncertaintyOptions {
  AssumptionOptions shared;
  int points = 64;
  std::string design = "sobol";
  unsigned design_seed = 1;
};

struct SensitivityOptions {
  AssumptionOptions shared;
  int trajectories = 10;
  int top = 5;
  int base_points = 32;
  unsigned design_seed = 1;
  int resamples = 500;
};

CLI::App* add_uncertainty_command(CLI::App& app, UncertaintyOptions& options);
CLI::App* add_sensitivity_command(CLI::App& app, SensitivityOptions& options);

int uncertainty_command(const UncertaintyOptions& options, const MpiSession& mpi);
int sensitivity_command(const SensitivityOptions& options, const MpiSession& mpi);

}  // namespace inspectsim::cli
