// The `inspectsim` command: parses arguments and calls the library. No model logic here.
//
// Exit codes: 0 success, 1 internal error, 2 bad usage or bad scenario, 128 + signal for a run
// stopped by SIGINT (130) or SIGTERM (143).

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "inspectsim/inspectsim.hpp"
#include "progress.hpp"
#include "brief.hpp"
#include "selftest.hpp"
#include "signals.hpp"

namespace {

using namespace inspectsim;

constexpr int exit_internal_error = 1;
constexpr int exit_bad_input = 2;

/// A command line that cannot work (e.g. an --output path that cannot be written).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Options shared by `run` and `compare`.
struct CommonOptions {
  std::vector<std::string> set;
  std::string format = "table";
  std::string output;
  int replications = 0;
  long long seed = -1;
  int years = 0;
  int threads = 0;
};

void add_common_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--replications,-r", o.replications, "replications (overrides simulation.replications)")->check(CLI::Range(2, 1'000'000));
  cmd->add_option("--seed", o.seed, "random seed (overrides simulation.seed)")->check(CLI::Range(0LL, 4294967295LL));
  cmd->add_option("--years", o.years, "measured years (overrides simulation.years)")->check(CLI::Range(1, 200));
  cmd->add_option("--threads,-j", o.threads, "worker threads (0: all cores); results do not depend on it")->check(CLI::Range(0, 4096));
  cmd->add_option("--set", o.set, "override a scenario key: KEY=VALUE, e.g. policy.notice=unannounced")->take_all();
  cmd->add_option("--format,-f", o.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("--output,-o", o.output, "write the report to FILE (whole or not at all) instead of stdout");
}

std::vector<Override> overrides(const CommonOptions& o) {
  std::vector<Override> list;
  for (const std::string& text : o.set) list.push_back(parse_override(text));
  if (o.replications > 0) list.push_back({"simulation.replications", std::to_string(o.replications)});
  if (o.seed >= 0) list.push_back({"simulation.seed", std::to_string(o.seed)});
  if (o.years > 0) list.push_back({"simulation.years", std::to_string(o.years)});
  return list;
}

/// Refuses an --output path that cannot be written before a long run, not after it.
void check_output_path(const std::string& output) {
  if (output.empty()) return;
  namespace fs = std::filesystem;
  const fs::path target(output);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw UsageError(fmt::format("--output {}: expected a file in an existing directory, found no directory '{}'", output,
                                 directory.string()));
  if (fs::is_directory(target, ec))
    throw UsageError(fmt::format("--output {}: expected a file name, found a directory", output));
  if (::access(directory.c_str(), W_OK) != 0)
    throw UsageError(fmt::format("--output {}: expected a writable directory, found '{}' read-only", output,
                                 directory.string()));
}

/// How a run is made from the command line: threads, progress bar, and Ctrl-C / SIGTERM.
RunOptions run_options(const CommonOptions& o) {
  RunOptions options{o.threads, cli::make_progress_bar("replications")};
  options.cancel = cli::install_stop_handlers();
  return options;
}

/// A signal that came after the last replication still stops the command before it writes.
void stop_if_signalled(const RunOptions& options) {
  if (options.cancel && options.cancel->load()) throw Cancelled();
}

void emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    fmt::print("{}", text);
    return;
  }
  write_file_atomically(output, text);
}

int run_command(const std::string& path, const CommonOptions& o) {
  check_output_path(o.output);
  const Scenario scenario = load_scenario(path, overrides(o));
  const RunOptions options = run_options(o);
  const RunResult result = run_experiment(scenario, options);
  stop_if_signalled(options);
  emit(render(result, parse_report_format(o.format)), o.output);
  return 0;
}

int compare_command(const std::string& base_path, const std::string& variant_path, const CommonOptions& o) {
  check_output_path(o.output);
  const Scenario base = load_scenario(base_path, overrides(o));
  const Scenario variant = load_scenario(variant_path, overrides(o));
  const RunOptions options = run_options(o);
  const CompareResult result = compare_experiments(base, variant, options);
  stop_if_signalled(options);
  emit(render(result, parse_report_format(o.format)), o.output);
  return 0;
}

int validate_command(const std::vector<std::string>& paths) {
  int failures = 0;
  for (const std::string& path : paths) {
    try {
      const Scenario s = load_scenario(path);
      build_model(s);  // also checks the scenario fits in memory
      int sourced = 0, assumed = 0, bare = 0;
      for (const auto& [key, p] : s.provenance) {
        if (p.kind == Provenance::Kind::source) ++sourced;
        else if (p.kind == Provenance::Kind::assumption) ++assumed;
        else ++bare;
      }
      fmt::print("ok   {}: {} entities, {} workers, {} inspectors; {} sourced, {} assumed, {} unannotated numbers\n", path,
                 format_number(static_cast<double>(s.total_entities())), format_number(s.total_workers()),
                 s.inspectorate.inspectors, sourced, assumed, bare);
    } catch (const ScenarioError& e) {
      fmt::print(stderr, "error {}\n", e.what());
      ++failures;
    }
  }
  return failures == 0 ? 0 : exit_bad_input;
}

int metrics_command() {
  const auto section = [](const char* title, const std::vector<MetricInfo>& list) {
    fmt::print("\n{}\n\n| metric | unit | definition |\n|---|---|---|\n", title);
    for (const MetricInfo& m : list) fmt::print("| `{}` | {} | {} |\n", m.name, m.unit, m.definition);
  };
  section("Metrics (`metrics` in JSON; means over the measured years)", global_metrics());
  section("Per violation type (`by_violation`)", violation_metrics());
  section("Per size class (`by_size_class`)", size_class_metrics());
  section("Per measured year (`yearly`)", yearly_metrics());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
  CLI::App* compare = app.add_subcommand("compare", "two scenarios on common random numbers, with the paired difference");
  compare->add_option("base", base_path, "base scenario YAML file")->required();
  compare->add_option("variant", variant_path, "variant scenario YAML file")->required();
  add_common_options(compare, compare_options);

  std::vector<std::string> validate_paths;
  CLI::App* validate = app.add_subcommand("validate", "check scenario files without running them");
  validate->add_option("scenarios", validate_paths, "scenario YAML files")->required();

  CLI::App* metrics = app.add_subcommand("metrics", "print every metric's name, unit and definition (Markdown)");
  cli::SelftestOptions selftest_options;
  CLI::App* selftest = cli::add_selftest_command(app, selftest_options);
  CLI::App* brief = cli::add_brief_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }

  try {
    if (*run) return run_command(run_path, run_options);
    if (*compare) return compare_command(base_path, variant_path, compare_options);
    if (*validate) return validate_command(validate_paths);
    if (*metrics) return metrics_command();
    if (*selftest) return cli::selftest_command(selftest_options);
    if (*brief) return cli::brief_command(*brief);
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  } catch (const UsageError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  } catch (const Cancelled&) {
    const int signal = cli::stop_signal();
    fmt::print(stderr, "{}inspectsim: stopped by {} before the run finished; no report was written\n",
               ::isatty(STDERR_FILENO) ? "\n" : "", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    return cli::exit_code_for_signal(signal == 0 ? SIGINT : signal);
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return exit_internal_error;
  }
  return exit_internal_error;
}
