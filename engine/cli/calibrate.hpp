#pragma once
// `inspectsim calibrate`: parse options, call the library's calibration (experiment/calibrate.hpp),
// write the calibrated scenario and print the fit.

#include <CLI/CLI.hpp>

#include <string>

#include "common.hpp"
#include "mpi.hpp"

namespace inspectsim::cli {

struct CalibrateOptions {
  std::string scenario;
  int max_evaluations = 200;
  std::string algorithm = "sbplx";
  CommonOptions common;  ///< common.output is the calibrated scenario's path (-o calibrated.yaml)
};

CLI::App* add_calibrate_command(CLI::App& app, CalibrateOptions& options);

int calibrate_command(const CalibrateOptions& options, const MpiSession& mpi);

}  // namespace inspectsim::cli
