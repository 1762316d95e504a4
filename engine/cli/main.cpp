// The `inspectsim` command: parses arguments and calls the library. No model logic here.
//
// Exit codes: 0 success, 1 internal error, 2 bad usage or bad scenario, 128 + signal for a run
// stopped by SIGINT (130) or SIGTERM (143).

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <oneapi/tbb/task_arena.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "assumptions.hpp"
#include "calibrate.hpp"
#include "common.hpp"
#include "inspectsim/inspectsim.hpp"
#include "mpi.hpp"
#include "progress.hpp"
#include "python_commands.hpp"
#include "selftest.hpp"
#include "signals.hpp"
#include "sweep.hpp"

namespace {

using namespace inspectsim;

using namespace inspectsim::cli;

int run_command(const std::string& path, const CommonOptions& o, const MpiSession& mpi) {
  const ReportFormat format = report_format(o.format, o.output);
  const Scenario scenario = load_scenario(path, overrides(o));
  check_output_option(o.output, scenario.input_files);
  const RunOptions options = run_options(o, mpi);
  const RunResult result = run_experiment(scenario, options);
  stop_if_signalled(options);
  emit(render(result, format), o.output, mpi);
  return 0;
}

int compare_command(const std::string& base_path, const std::string& variant_path, const CommonOptions& o,
                    const MpiSession& mpi) {
  const ReportFormat format = report_format(o.format, o.output);
  const Scenario base = load_scenario(base_path, overrides(o));
  const Scenario variant = load_scenario(variant_path, overrides(o));
  std::vector<std::string> inputs = base.input_files;
  inputs.insert(inputs.end(), variant.input_files.begin(), variant.input_files.end());
  check_output_option(o.output, inputs);
  const RunOptions options = run_options(o, mpi);
  const CompareResult result = compare_experiments(base, variant, options);
  stop_if_signalled(options);
  emit(render(result, format), o.output, mpi);
  return 0;
}

int validate_command(const std::vector<std::string>& paths, const std::vector<std::string>& sets) {
  int failures = 0;
  std::vector<Override> settings;
  for (const std::string& text : sets) settings.push_back(parse_override(text));  // a bad one: exit 2 at once
  for (const std::string& path : paths) {
    try {
      const Scenario s = load_scenario(path, settings);
      const int threads = s.simulation.threads > 0 ? s.simulation.threads : tbb::this_task_arena::max_concurrency();
      check_resources({s}, threads);
      check_calibration(s);
      const Scenario::ProvenanceTally tally = s.provenance_tally();
      const ResourceEstimate needs = estimate_resources({s}, threads);
      fmt::print(
          "ok   {}: {} entities, {} workers, {} inspectors; {} sourced, {} assumed, {} calibrated, {} unannotated "
          "numbers; {} ranged, {} default-ranged, {} fixed; a run needs about {:.2g} GB on {} thread{} and {:.2g} "
          "events a replication\n",
          path, format_number(static_cast<double>(s.total_entities())), format_number(s.total_workers()),
          s.base_policy.inspectors, tally.sourced, tally.assumed, tally.calibrated, tally.unannotated, tally.ranged,
          tally.defaulted, tally.fixed, needs.total_bytes() / 1e9, threads, threads == 1 ? "" : "s",
          needs.events_per_replication);
    } catch (const ScenarioError& e) {
      tell(fmt::format("error {}\n", e.what()));
      ++failures;
    }
  }
  return failures == 0 ? 0 : exit_bad_input;
}

int metrics_command() {
  fmt::print("{}", metrics_markdown());
  return 0;
}

int run_inspectsim(int argc, char** argv, const MpiSession& mpi) {
  CLI::App app{"inspectsim: simulate labour inspectorates and compare inspection policies"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "inspectsim 0.1.0");

  CommonOptions run_options;
  std::string run_path;
  CLI::App* run = app.add_subcommand("run", "simulate one scenario and summarise it with 95% confidence intervals");
  run->add_option("scenario", run_path, "scenario YAML file")->required();
  add_common_options(run, run_options);

  CommonOptions compare_options;
  std::string base_path, variant_path;
  CLI::App* compare =
      app.add_subcommand("compare", "two scenarios on common random numbers, with the paired difference");
  compare->add_option("base", base_path, "base scenario YAML file")->required();
  compare->add_option("variant", variant_path, "variant scenario YAML file")->required();
  add_common_options(compare, compare_options);

  std::vector<std::string> validate_paths;
  CLI::App* validate = app.add_subcommand("validate", "check scenario files without running them");
  validate->add_option("scenarios", validate_paths, "scenario YAML files")->required();
  std::vector<std::string> validate_sets;
  validate
      ->add_option("--set", validate_sets,
                   "check each file with this override too: KEY=VALUE, e.g. segments.micro.entities=2000000")
      ->take_all();

  cli::SweepOptions sweep_options;
  CLI::App* sweep = cli::add_sweep_command(app, sweep_options);
  cli::StaffOptions staff_options;
  CLI::App* staff = cli::add_staff_command(app, staff_options);
  cli::UncertaintyOptions uncertainty_options;
  CLI::App* uncertainty = cli::add_uncertainty_command(app, uncertainty_options);
  cli::SensitivityOptions sensitivity_options;
  CLI::App* sensitivity = cli::add_sensitivity_command(app, sensitivity_options);
  cli::CalibrateOptions calibrate_options;
  CLI::App* calibrate = cli::add_calibrate_command(app, calibrate_options);

  CLI::App* metrics = app.add_subcommand("metrics", "print every metric's name, unit and definition (Markdown)");
  cli::SelftestOptions selftest_options;
  CLI::App* selftest = cli::add_selftest_command(app, selftest_options);
  CLI::App* brief =
      cli::add_python_command(app, "brief", "write the hearing brief (HTML): same as python3 -m inspectsim brief ...");
  CLI::App* serve = cli::add_python_command(
      app, "serve", "a local page to explore policies (127.0.0.1): same as python3 -m inspectsim serve ...");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = mpi.is_root() ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : exit_bad_input;
  }
  // Every rank meets the same errors; rank 0 alone reports them.
  const auto report = [&](const std::string& line) {
    if (mpi.is_root()) tell(line + "\n");
  };

  try {
    if (*run) return run_command(run_path, run_options, mpi);
    if (*compare) return compare_command(base_path, variant_path, compare_options, mpi);
    if (*sweep) return cli::sweep_command(sweep_options, mpi);
    if (*staff) return cli::staff_command(staff_options, mpi);
    if (*uncertainty) return cli::uncertainty_command(uncertainty_options, mpi);
    if (*sensitivity) return cli::sensitivity_command(sensitivity_options, mpi);
    if (*calibrate) return cli::calibrate_command(calibrate_options, mpi);
    if (*validate) return validate_command(validate_paths, validate_sets);
    if (*metrics) return metrics_command();
    if (*selftest) return cli::selftest_command(selftest_options);
    if (*brief) return cli::python_command(*brief);
    if (*serve) return cli::python_command(*serve);
  } catch (const ScenarioError& e) {
    report(fmt::format("error: {}", e.what()));
    return exit_bad_input;
  } catch (const UsageError& e) {
    report(fmt::format("error: {}", e.what()));
    return exit_bad_input;
  } catch (const OutputPathError& e) {  // a path that went bad after the checks before the run
    report(fmt::format("error: --output {}", e.what()));
    return exit_bad_input;
  } catch (const OutputWriteError& e) {
    report(fmt::format("error: {}", e.what()));
    return exit_internal_error;
  } catch (const QuietExit& e) {
    return e.code();
  } catch (const Cancelled&) {
    const int signal = cli::stop_signal();
    report(fmt::format("{}inspectsim: stopped by {} before the run finished; no report was written",
                       ::isatty(STDERR_FILENO) ? "\n" : "", signal == SIGTERM ? "SIGTERM" : "SIGINT"));
    return cli::exit_code_for_signal(signal == 0 ? SIGINT : signal);
  } catch (const std::exception& e) {
    report(fmt::format("internal error: {}", e.what()));
    return exit_internal_error;
  }
  return exit_internal_error;
}

}  // namespace

int main(int argc, char** argv) {
  const MpiSession mpi(argc, argv);  // MPI only under a launcher (mpirun, srun)
  return finish_standard_streams(run_inspectsim(argc, argv, mpi));
}
