#include "common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "inspectsim/report/report.hpp"
#include "inspectsim/simulation/replication.hpp"
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
  cmd->add_option("--format,-f", o.format, "table, json, csv or xlsx (a spreadsheet; needs --output FILE)")
      ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
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

void check_output_option(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) return;
  try {
    inspectsim::check_output_path(output, inputs);
  } catch (const OutputPathError& e) {
    throw UsageError(fmt::format("--output {}", e.what()));
  }
}

ReportFormat report_format(const std::string& format, const std::string& output) {
  const ReportFormat f = parse_report_format(format);
  if (f == ReportFormat::xlsx && output.empty())
    throw UsageError(
        "--format xlsx: expected --output FILE.xlsx, found none (a spreadsheet is a file, not text for the terminal)");
  return f;
}

void print_out(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    throw OutputWriteError(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
}

void tell(const std::string& text) {
  std::fflush(stdout);  // whatever went to stdout first stays first when both go to one pipe
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

namespace {

/// 0, or the errno of a failed flush or close of `stream` (a close through a duplicate, so that
/// stdout stays open for whatever runs after main).
int flush_error(std::FILE* stream) {
  if (std::fflush(stream) != 0 || std::ferror(stream)) return errno != 0 ? errno : EIO;
  const int copy = ::dup(::fileno(stream));
  if (copy >= 0 && ::close(copy) != 0) return errno;
  return 0;
}

}  // namespace

int finish_standard_streams(int code) {
  errno = 0;
  if (const int error = flush_error(stdout); error != 0) {
    tell(fmt::format("error: cannot write to standard output: {}\n", std::strerror(error)));
    if (code == 0) code = exit_internal_error;
  }
  errno = 0;
  if (flush_error(stderr) != 0 && code == 0) code = exit_internal_error;
  return code;
}

RunOptions run_options(const CommonOptions& o, const MpiSession& mpi, const std::string& label) {
  RunOptions options{o.threads > 0 ? o.threads : mpi.default_threads(), nullptr};
  if (mpi.is_root()) {
    if (std::function<void(double, int)> bar = make_fractional_progress_bar(label)) {
      options.progress = [bar](int done, int total) { bar(done, total); };
      options.progress_within = bar;
    }
  }
  options.cancel = install_stop_handlers();
  options.cluster = mpi.cluster();
  return options;
}

void stop_if_signalled(const RunOptions& options) {
  if (options.cancel && options.cancel->load()) throw Cancelled();
}

void emit(const std::string& text, const std::string& output, const MpiSession& mpi) {
  if (!mpi.is_root()) return;
  if (output.empty())
    print_out(text);
  else
    write_output(output, text);
}

}  // namespace inspectsim::cli
