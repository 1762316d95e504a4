#include "calibrate.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "inspectsim/experiment/calibrate.hpp"
#include "inspectsim/report/calibration_report.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

namespace {

/// The format of the printed report: table or json (a fit is no spreadsheet).
ReportFormat calibration_format(const std::string& text) {
  const ReportFormat format = parse_report_format(text);
  if (format != ReportFormat::table && format != ReportFormat::json)
    throw UsageError(fmt::format("--format {}: expected table or json (a calibration's report)", text));
  return format;
}

CalibrationPlan plan_of(const CalibrateOptions& o) {
  CalibrationQuestion q{
      {o.scenario, "", overrides(o.common)}, o.max_evaluations, {}, parse_calibration_algorithm(o.algorithm)};
  try {
    return plan_calibration(q);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("calibrate {}: {}", o.scenario, e.what()));
  }
}

}  // namespace

CLI::App* add_calibrate_command(CLI::App& app, CalibrateOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "fit the scenario's free parameters (calibration.free) to its published figures (calibration.targets) on "
      "common random numbers, with NLopt; print the fit and the parameters the targets cannot identify");
  cmd->add_option("scenario", o.scenario, "scenario YAML file with calibration.targets and calibration.free")
      ->required();
  add_common_options(cmd, o.common);
  cmd->get_option("--output")
      ->description(
          "write the calibrated scenario to FILE (whole or not at all): it extends SCENARIO and sets each fitted "
          "value with its `calibrated:` provenance");
  cmd->get_option("--format")->description("the printed report: table or json");
  cmd->add_option("--max-evaluations", o.max_evaluations,
                  "the optimiser's runs at most (default 200; then 2 per free parameter to find flat directions)")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--algorithm", o.algorithm, "NLopt's sbplx (default) or bobyqa")
      ->check(CLI::IsMember({"sbplx", "bobyqa"}));
  return cmd;
}

int calibrate_command(const CalibrateOptions& o, const MpiSession& mpi) {
  const ReportFormat format = calibration_format(o.common.format);
  const CalibrationPlan plan = plan_of(o);
  check_output_option(o.common.output, plan.scenario.input_files);
  inspectsim::CalibrateOptions options;
  options.run = run_options(o.common, mpi, "evaluations");
  options.progress = std::move(options.run.progress);
  const CalibrationAnswer answer = calibrate(plan, options);
  if (!o.common.output.empty() && mpi.is_root())
    write_output(o.common.output, calibrated_scenario_yaml(answer, o.common.output));
  std::string report = render(answer, format);
  if (format == ReportFormat::table)
    report += o.common.output.empty()
                  ? "  (add -o calibrated.yaml to write the fitted values as a scenario that extends this one)\n"
                  : fmt::format("  calibrated scenario written to {}\n", o.common.output);
  emit(report, "", mpi);
  if (answer.complete) return 0;
  const int signal = stop_signal() == 0 ? SIGINT : stop_signal();
  if (mpi.is_root())
    tell(fmt::format("{}inspectsim: stopped by {} after {} evaluations; the best point so far is reported{}\n",
                     ::isatty(STDERR_FILENO) ? "\n" : "", signal == SIGTERM ? "SIGTERM" : "SIGINT", answer.evaluations,
                     o.common.output.empty() ? "" : " and written to " + o.common.output));
  return exit_code_for_signal(signal);
}

}  // namespace inspectsim::cli
