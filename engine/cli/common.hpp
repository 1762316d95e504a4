#pragma once
// What the subcommands share: run options, overrides, output checks, and the errors main
// turns into exit codes.

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/report/report.hpp"
#include "inspectsim/scenario/loader.hpp"
#include "mpi.hpp"

namespace inspectsim::cli {

constexpr int exit_internal_error = 1;
constexpr int exit_bad_input = 2;

/// A command line that cannot work (e.g. an --output path that cannot be written): exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An error rank 0 has reported already: the other ranks exit with its code, silently.
class QuietExit : public std::runtime_error {
 public:
  explicit QuietExit(int code) : std::runtime_error("exit"), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

/// Options shared by `run`, `compare`, `sweep` and `staff`.
struct CommonOptions {
  std::vector<std::string> set;
  std::string format = "table";
  std::string output;
  int replications = 0;
  long long seed = -1;
  int years = 0;
  int threads = 0;
};

void add_common_options(CLI::App* cmd, CommonOptions& o);

/// The --set overrides, then --replications, --seed and --years as simulation.* overrides.
std::vector<Override> overrides(const CommonOptions& o);

/// Refuses an --output path that cannot be written, or that is one of `inputs` (the scenario
/// files read), before a long run, not after it. An empty path (stdout) passes.
void check_output_option(const std::string& output, const std::vector<std::string>& inputs);

/// The --format, refusing xlsx without --output (a spreadsheet is never written to a terminal
/// or a pipe): UsageError, exit 2.
ReportFormat report_format(const std::string& format, const std::string& output);

/// Writes `text` to standard output now; throws OutputWriteError with the OS's reason when it fails.
void print_out(const std::string& text);

/// Writes a message to standard error and never throws (a failure shows in the exit code; see
/// finish_standard_streams). Standard output is flushed first, so that messages and output keep
/// their order when both go to one pipe (`2>&1`). Every message to stderr goes through here.
void tell(const std::string& text);

/// Flushes stdout and stderr: a command whose output did not get out fails (exit 1) with the
/// OS's reason, e.g. `inspectsim run x.yaml > /dev/full`. Returns the exit code to use.
int finish_standard_streams(int code);

/// How a run is made from the command line: threads, progress bar (`label`: what it counts),
/// Ctrl-C / SIGTERM, and the MPI ranks when there are several.
RunOptions run_options(const CommonOptions& o, const MpiSession& mpi, const std::string& label = "replications");

/// A signal that came after the last replication still stops the command before it writes.
void stop_if_signalled(const RunOptions& options);

/// Prints `text` to stdout or writes it to `output` whole (rank 0 only).
void emit(const std::string& text, const std::string& output, const MpiSession& mpi);

}  // namespace inspectsim::cli
