#include "common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "inspectsim/simulation/replication.hpp"
#include "inspectsim/report/report.hpp"
#include "progress.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

void add_common_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--replications,-r", o.replications, "replications (overrides simulation.replications)")
      ->check(CLI::Range(2, 1'000'000));
  cmd->add_option("--seed", o.seed, "random seed (overrides simulation.seed)")->check(CLI::Range(0LL, 4294967295LL));
  cmd->add_option("--years", o.years, "measured years (overrides simulation.years)")->check(CLI::Range(1, 200));
  cmd->add_option("--threads,-j", o.threads, "worker threads (0: all cores); results do not depend on it")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--set", o.set,
                  "override a scenario key: KEY=VALUE, e.g. policy.notice=unannounced or inspectors=500")
      ->take_all();
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

void check_output_path(const std::string& output) {
  if (output.empty()) return;
  namespace fs = std::filesystem;
  const fs::path target(output);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw UsageError(fmt::format("--output {}: expected a file in an existing directory, found no directory '{}'",
                                 output, directory.string()));
  if (fs::is_directory(target, ec))
    throw UsageError(fmt::format("--output {}: expected a file name, found a directory", output));
  if (::access(directory.c_str(), W_OK) != 0)
    throw UsageError(
        fmt::format("--output {}: expected a writable directory, found '{}' read-only", output, directory.string()));
}

RunOptions run_options(const CommonOptions& o, const MpiSession& mpi, const std::string& label) {
  RunOptions options{o.threads > 0 ? o.threads : mpi.default_threads(),
                     mpi.is_root() ? make_progress_bar(label) : nullptr};
  options.cancel = install_stop_handlers();
  options.cluster = mpi.cluster();
  return options;
}

void stop_if_signalled(const RunOptions& options) {
  if (options.cancel && options.cancel->load()) throw Cancelled();
}

void emit(const std::string& text, const std::string& output, const MpiSession& mpi) {
  if (!mpi.is_root()) return;
  if (output.empty()) {
    fmt::print("{}", text);
    return;
  }
  write_file_atomically(output, text);
}

}  // namespace inspectsim::cli
