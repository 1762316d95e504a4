#include "sweep.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <memory>

#include "inspectsim/simulation/replication.hpp"
#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/experiment/sweep.hpp"
#include "inspectsim/report/staffing_report.hpp"
#include "inspectsim/report/sweep_report.hpp"
#include "progress.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

namespace {

/// The sweep's output file, locked for the life of the command so that two sweeps never write
/// it at once. Whole lines are appended, each on disk before the next point starts, so a kill or
/// a power loss leaves at most one cut line at the end (which --resume drops).
class SweepFile {
 public:
  explicit SweepFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw UsageError(fmt::format("--output {}: cannot open it for writing: {}", path, std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
      throw UsageError(fmt::format(
          "--output {}: another inspectsim sweep is writing it; expected a file no other sweep uses", path));
  }
  ~SweepFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  SweepFile(const SweepFile&) = delete;
  SweepFile& operator=(const SweepFile&) = delete;

  std::string read_all() {
    std::string text;
    char buffer[1 << 16];
    ::lseek(fd_, 0, SEEK_SET);
    for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("reading");
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }

  /// Keeps the first `bytes` (the header and whole rows) and appends after them.
  void truncate(std::size_t bytes) {
    if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) fail("shortening");
  }

  void append(const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("writing");
      written += static_cast<std::size_t>(n);
    }
    ::fdatasync(fd_);
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(fmt::format("{} '{}': {}", what, path_, std::strerror(errno)));
  }

  std::string path_;
  int fd_ = -1;
};

/// --format, or from the --output file's extension: .csv, .json / .jsonl / .ndjson, else a table.
ReportFormat sweep_format(const SweepOptions& o) {
  if (!o.common.format.empty()) return parse_report_format(o.common.format);
  const std::string ext = std::filesystem::path(o.common.output).extension().string();
  if (ext == ".csv") return ReportFormat::csv;
  if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") return ReportFormat::json;
  return ReportFormat::table;
}

/// Rank 0's number, on every rank (rank 0 alone reads the output file).
long long from_root(long long value, const MpiSession& mpi) {
  const Cluster* cluster = mpi.cluster();
  if (!cluster) return value;
  return static_cast<long long>(cluster->all_gather({static_cast<double>(value)}).front().front());
}

/// How many points the output file already holds (0 when starting afresh, after writing the
/// header), having cut a partial last line. Rank 0 only.
std::size_t prepare_output(SweepFile& file, const SweepOptions& o, const SweepLayout& layout, const std::string& header,
                           const std::vector<SweepPoint>& grid, const std::vector<Scenario>& scenarios) {
  if (o.resume) {
    SweepResume r;
    try {
      r = resume_sweep_output(file.read_all(), layout, header, grid, scenarios);
    } catch (const std::invalid_argument& e) {
      throw UsageError(
          fmt::format("--resume {}: cannot continue this sweep in it: {}; remove it or choose another --output",
                      o.common.output, e.what()));
    }
    if (r.keep_bytes >= header.size()) {
      file.truncate(r.keep_bytes);
      return r.points_done;
    }
  }
  file.truncate(0);
  file.append(header);
  return 0;
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "sweep", "run a scenario at every point of a grid of settings, on common random numbers: one row per point");
  cmd->add_option("scenario", o.scenario, "scenario YAML file")->required();
  cmd->add_option("--vary", o.vary,
                  "KEY=VALUES, a list (policy.notice=unannounced,prior) or a range START:STOP:STEP "
                  "(inspectors=250:2000:250); the grid is the product of every --vary")
      ->required()
      ->take_all();
  cmd->add_flag("--resume", o.resume, "continue an interrupted sweep in --output: skip the points it holds");
  cmd->add_option("--metrics", o.metrics, "the table's metric columns, e.g. detections,forced_labour.detected_share")
      ->delimiter(',');
  add_common_options(cmd, o.common);
  o.common.format = "";  // sweeps infer it from --output's extension when not given
  cmd->get_option("--format")->description("table, json (JSON Lines) or csv (default: from --output's extension, else table)");
  cmd->get_option("--output")->description("append a row per point to FILE as each finishes; --resume continues it");
  return cmd;
}

int sweep_command(const SweepOptions& o, const MpiSession& mpi) {
  check_output_path(o.common.output);
  if (o.resume && o.common.output.empty()) throw UsageError("--resume: expected --output FILE, the sweep to continue");
  SweepSpec spec{o.scenario, overrides(o.common), {}};
  for (const std::string& text : o.vary) spec.axes.push_back(parse_vary(text));
  const std::vector<SweepPoint> grid = expand_grid(spec.axes);
  const std::vector<Scenario> scenarios = load_sweep_scenarios(spec, grid);
  SweepLayout layout{sweep_format(o), spec.axes, o.metrics};
  for (const std::string& name : o.metrics) {
    try {
      find_metric(scenarios.front(), name);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--metrics {}: {}", name, e.what()));
    }
  }
  const std::string header = sweep_header(layout, scenarios.front(), grid.size());

  // Rank 0 reads and prepares the file; the others learn where to start (or that it failed).
  long long first = -1;
  std::unique_ptr<SweepFile> file;
  if (mpi.is_root()) {
    try {
      first = 0;
      if (!o.common.output.empty()) {
        file = std::make_unique<SweepFile>(o.common.output);
        first = static_cast<long long>(prepare_output(*file, o, layout, header, grid, scenarios));
      }
    } catch (...) {
      from_root(-1, mpi);
      throw;
    }
  }
  first = from_root(first, mpi);
  if (first < 0) throw QuietExit(exit_bad_input);
  if (mpi.is_root() && o.common.output.empty()) fmt::print("{}", header);
  if (mpi.is_root() && first > 0)
    fmt::print(stderr, "resuming {}: {} of {} points done\n", o.common.output, first, grid.size());

  inspectsim::SweepOptions options;
  options.run = run_options(o.common, mpi, "points");
  options.progress = std::move(options.run.progress);
  options.first_point = static_cast<std::size_t>(first);
  std::size_t done = options.first_point;
  options.on_point = [&](const SweepPoint& point, const RunResult& result) {
    ++done;
    if (!mpi.is_root()) return;
    const std::string line = sweep_row(layout, point, result);
    if (file)
      file->append(line);
    else {
      fmt::print("{}", line);
      std::fflush(stdout);
    }
  };
  try {
    run_sweep(scenarios, grid, options);
  } catch (const Cancelled&) {
    const int signal = stop_signal() == 0 ? SIGINT : stop_signal();
    if (mpi.is_root())
      fmt::print(stderr, "{}inspectsim: stopped by {} after {} of {} points{}\n", ::isatty(STDERR_FILENO) ? "\n" : "",
                 signal == SIGTERM ? "SIGTERM" : "SIGINT", done, grid.size(),
                 file ? fmt::format("; {} holds them: add --resume to finish", o.common.output) : "");
    return exit_code_for_signal(signal);
  }
  if (mpi.is_root() && file) fmt::print(stderr, "sweep: {} points in {}\n", grid.size(), o.common.output);
  return 0;
}

CLI::App* add_staff_command(CLI::App& app, StaffOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "staff", "the smallest number of inspectors that meets every target (on the cautious end of its 95% CI)");
  cmd->add_option("scenario", o.scenario, "scenario YAML file")->required();
  cmd->add_option("--target", o.targets, "METRIC>=VALUE or METRIC<=VALUE, e.g. 'forced_labour.detected_share>=0.05'")
      ->required()
      ->take_all();
  cmd->add_option("--min", o.min_inspectors, "the fewest inspectors to consider (default 1)")
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--max", o.max_inspectors,
                  "the most inspectors to consider (default: 10 x the scenario's, at least 100)")
      ->check(CLI::Range(1, 10'000'000));
  add_common_options(cmd, o.common);
  return cmd;
}

int staff_command(const StaffOptions& o, const MpiSession& mpi) {
  check_output_path(o.common.output);
  StaffingQuestion q{o.scenario, overrides(o.common), {}, o.min_inspectors, o.max_inspectors};
  for (const std::string& text : o.targets) q.targets.push_back(parse_target(text));
  RunOptions options = run_options(o.common, mpi);
  options.progress = nullptr;  // one line per count tried instead
  const bool tell = mpi.is_root() && ::isatty(STDERR_FILENO);
  const StaffingAnswer answer = find_staffing(q, options, [&](const StaffingStep& step) {
    if (tell) fmt::print(stderr, "  {} inspectors: {}\n", step.inspectors, step.met ? "targets met" : "not met");
  });
  stop_if_signalled(options);
  emit(render(answer, parse_report_format(o.common.format)), o.common.output, mpi);
  if (mpi.is_root() && (parse_report_format(o.common.format) != ReportFormat::table || !o.common.output.empty()))
    for (const std::string& w : answer.warnings) fmt::print(stderr, "staff: warning: {}\n", w);
  if (!answer.found && mpi.is_root())
    fmt::print(stderr, "staff: the targets are not met with {} inspectors, the most searched (--max)\n",
               answer.max_inspectors);
  return answer.found ? 0 : exit_target_not_met;
}

}  // namespace inspectsim::cli
