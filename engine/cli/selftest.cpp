#include "selftest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common.hpp"
#include "inspectsim/experiment/validation.hpp"
#include "inspectsim/report/report.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

namespace {
constexpr int exit_validation_failed = 3;
}  // namespace

CLI::App* add_selftest_command(CLI::App& app, SelftestOptions& options) {
  CLI::App* cmd =
      app.add_subcommand("selftest", "check the simulator against closed-form results (M/M/c, Markov chain, ...)");
  cmd->add_flag("--quick", options.quick, "fewer replications: the whole suite in under a minute, wider intervals");
  cmd->add_option("--threads,-j", options.threads, "worker threads (0: all cores)")->check(CLI::Range(0, 4096));
  options.scenario_dir = INSPECTSIM_VALIDATION_SCENARIOS;
  cmd->add_option("--scenarios", options.scenario_dir, "directory of the validation scenarios")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--output,-o", options.output, "also write the Markdown report to FILE (whole or not at all)");
  return cmd;
}

int selftest_command(const SelftestOptions& options) {
  check_output_option(options.output, {});
  const auto start = std::chrono::steady_clock::now();
  ValidationOptions v;
  v.scenario_dir = options.scenario_dir;
  v.quick = options.quick;
  v.threads = options.threads;
  v.cancel = install_stop_handlers();
  v.on_case = [](const std::string& name) { tell(fmt::format("  running {}\n", name)); };
  const std::vector<ValidationCheck> checks = run_validation(v);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto passed = std::count_if(checks.begin(), checks.end(), [](const ValidationCheck& c) { return c.passed(); });
  const auto inside =
      std::count_if(checks.begin(), checks.end(), [](const ValidationCheck& c) { return c.inside_ci95(); });
  const std::string report =
      fmt::format("{}\n{} of {} checks pass; the formula lies inside the simulated 95% CI in {} of {}; {:.0f} s{}.\n",
                  validation_table(checks), passed, checks.size(), inside, checks.size(), seconds,
                  options.quick ? " (--quick)" : "");
  print_out(report);
  if (!options.output.empty()) write_output(options.output, report);
  return passed == static_cast<long>(checks.size()) ? 0 : exit_validation_failed;
}

}  // namespace inspectsim::cli
