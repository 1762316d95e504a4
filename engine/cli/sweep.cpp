#include "sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <memory>

#include "inspectsim/experiment/robust_staffing.hpp"
#include "inspectsim/experiment/staffing.hpp"
#include "inspectsim/experiment/sweep.hpp"
#include "inspectsim/report/robust_staffing_report.hpp"
#include "inspectsim/report/spreadsheet.hpp"
#include "inspectsim/report/staffing_report.hpp"
#include "inspectsim/report/sweep_file.hpp"
#include "inspectsim/report/sweep_report.hpp"
#include "inspectsim/simulation/replication.hpp"
#include "plot.hpp"
#include "progress.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

namespace {

/// --format, or from the --output file's extension: .csv, .json / .jsonl / .ndjson, else a table.
ReportFormat sweep_format(const SweepOptions& o) {
  if (!o.common.format.empty()) return parse_report_format(o.common.format);
  const std::string ext = std::filesystem::path(o.common.output).extension().string();
  if (ext == ".csv") return ReportFormat::csv;
  if (ext == ".xlsx") return ReportFormat::xlsx;
  if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") return ReportFormat::json;
  return ReportFormat::table;
}

/// Rank 0's number, on every rank (rank 0 alone reads the output file).
long long from_root(long long value, const MpiSession& mpi) {
  const Cluster* cluster = mpi.cluster();
  if (!cluster) return value;
  return static_cast<long long>(cluster->all_gather({static_cast<double>(value)}).front().front());
}

[[noreturn]] void refuse_resume(const std::string& output, const std::invalid_argument& e) {
  throw UsageError(fmt::format(
      "--resume {}: cannot continue this sweep in it: {}; remove it or choose another --output", output, e.what()));
}

/// Opens the --output file and writes its header, or finds how many points it already holds
/// (having cut a partial last line). Rank 0 only.
std::size_t prepare_output(std::unique_ptr<SweepFile>& file, const SweepOptions& o, const SweepLayout& layout,
                           const std::string& header, const std::vector<SweepPoint>& grid,
                           const DesignScenarios& scenarios) {
  try {
    file = std::make_unique<SweepFile>(o.common.output, o.resume);
    return file->start(header, layout, grid, scenarios);
  } catch (const OutputPathError& e) {
    throw UsageError(fmt::format("--output {}", e.what()));
  } catch (const std::invalid_argument& e) {
    refuse_resume(o.common.output, e);
  }
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
  cmd->add_option("--metrics", o.metrics,
                  "the table's metric columns and --plot's panels, e.g. detections,forced_labour.detected_share")
      ->delimiter(',');
  cmd->add_option("--plot", o.plot,
                  "also chart the metrics against the varied key, with 95% bands: FILE.svg, FILE.png or FILE.pdf");
  add_common_options(cmd, o.common);
  o.common.format = "";  // sweeps infer it from --output's extension when not given
  cmd->get_option("--format")
      ->description("table, json (JSON Lines) or csv (default: from --output's extension, else table)");
  cmd->get_option("--output")->description("append a row per point to FILE as each finishes; --resume continues it");
  return cmd;
}

int sweep_command(const SweepOptions& o, const MpiSession& mpi) {
  if (o.resume && o.common.output.empty()) throw UsageError("--resume: expected --output FILE, the sweep to continue");
  SweepSpec spec{o.scenario, overrides(o.common), {}};
  for (const std::string& text : o.vary) spec.axes.push_back(parse_vary(text));
  const std::vector<SweepPoint> grid = expand_grid(spec.axes);
  const DesignScenarios scenarios = load_sweep_scenarios(spec, grid);
  check_output_option(o.common.output, scenarios.first().input_files);
  check_plot_option(o.plot, scenarios.first().input_files);
  SweepLayout layout{sweep_format(o), spec.axes, o.metrics};
  if (layout.format == ReportFormat::xlsx) {
    report_format("xlsx", o.common.output);
    if (o.resume)
      throw UsageError(
          "--resume: a spreadsheet is written whole when the sweep ends, so it cannot be resumed; use CSV or JSON");
  }
  const bool whole = layout.format == ReportFormat::xlsx;  // written once at the end, not a row at a time
  if (!o.plot.empty() && o.resume && layout.format == ReportFormat::table)
    throw UsageError("--plot with --resume: expected a CSV or JSON --output to read the finished points from");
  for (const std::string& name : o.metrics) {
    try {
      find_metric(scenarios.first(), name);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--metrics {}: {}", name, e.what()));
    }
  }
  const std::string header = whole ? "" : sweep_header(layout, grid, scenarios);
  // What --plot reads: JSON Lines of every point, kept as they finish.
  const SweepLayout plot_layout{ReportFormat::json, spec.axes, {}};
  std::string plot_text = o.plot.empty() ? "" : sweep_header(plot_layout, grid, scenarios);

  // Rank 0 reads and prepares the file; the others learn where to start (or that it failed).
  long long first = -1;
  std::unique_ptr<SweepFile> file;
  if (mpi.is_root()) {
    try {
      first = 0;
      if (!o.common.output.empty() && !whole) {
        first = static_cast<long long>(prepare_output(file, o, layout, header, grid, scenarios));
      }
    } catch (...) {
      from_root(-1, mpi);
      throw;
    }
  }
  first = from_root(first, mpi);
  if (first < 0) throw QuietExit(exit_bad_input);
  if (mpi.is_root() && o.common.output.empty()) print_out(header);
  std::vector<RunResult> results;  // a spreadsheet's points, kept until the end
  if (mpi.is_root() && first > 0)
    tell(fmt::format("resuming {}: {} of {} points done\n", o.common.output, first, grid.size()));

  inspectsim::SweepOptions options;
  options.run = run_options(o.common, mpi, "points");
  options.progress = std::move(options.run.progress);
  options.first_point = static_cast<std::size_t>(first);
  std::size_t done = options.first_point;
  options.on_point = [&](const SweepPoint& point, const RunResult& result) {
    ++done;
    if (!mpi.is_root()) return;
    if (!o.plot.empty()) plot_text += sweep_row(plot_layout, point, result);
    if (whole) {
      results.push_back(result);
      return;
    }
    const std::string line = sweep_row(layout, point, result);
    if (file)
      file->append(line);
    else
      print_out(line);
  };
  try {
    run_sweep(scenarios, grid, options);
  } catch (const Cancelled&) {
    const int signal = stop_signal() == 0 ? SIGINT : stop_signal();
    if (mpi.is_root())
      tell(fmt::format("{}inspectsim: stopped by {} after {} of {} points{}\n", ::isatty(STDERR_FILENO) ? "\n" : "",
                       signal == SIGTERM ? "SIGTERM" : "SIGINT", done, grid.size(),
                       file ? fmt::format("; {} holds them: add --resume to finish", o.common.output) : ""));
    return exit_code_for_signal(signal);
  }
  if (mpi.is_root() && whole) write_output(o.common.output, sweep_xlsx(spec.axes, grid, results));
  if (mpi.is_root() && (file || whole)) tell(fmt::format("sweep: {} points in {}\n", grid.size(), o.common.output));
  if (mpi.is_root() && !o.plot.empty()) {
    if (o.resume)
      write_plot_from_file(o.common.output, o.plot, o.metrics);  // the finished points are in the file
    else
      write_plot(plot_text, o.plot, o.metrics);
  }
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
  cmd->add_flag("--robust", o.robust,
                "the answer over plausible assumptions: its 10th, 50th and 90th percentiles over --points design "
                "points, and the assumptions that move it most");
  cmd->add_option("--points", o.points, "with --robust: design points, each a whole search (default 16)")
      ->check(CLI::Range(2, 100'000));
  cmd->add_option("--design", o.design, "with --robust: sobol or lhs")->check(CLI::IsMember({"sobol", "lhs"}));
  cmd->add_option("--design-seed", o.design_seed, "with --robust: the Latin hypercube's random streams");
  cmd->add_option("--plot", o.plot,
                  "also chart each target metric against the inspectors searched, with its 95% band and the "
                  "target: FILE.svg, FILE.png or FILE.pdf");
  add_common_options(cmd, o.common);
  return cmd;
}

namespace {

int robust_staff_command(const StaffOptions& o, const StaffingQuestion& q, const MpiSession& mpi) {
  if (parse_report_format(o.common.format) == ReportFormat::xlsx)
    throw UsageError("--robust --format xlsx: expected table, json or csv (no spreadsheet of this report yet)");
  if (!o.plot.empty()) throw UsageError("--robust --plot: expected no --plot (no chart of this report yet)");
  RunOptions options = run_options(o.common, mpi);
  options.progress = nullptr;  // one line per point instead
  const bool show = mpi.is_root() && ::isatty(STDERR_FILENO);
  const RobustStaffingQuestion robust{q, o.points, parse_design_kind(o.design), o.design_seed};
  RobustStaffingAnswer answer;
  try {
    answer = find_robust_staffing(robust, options, [&](const DesignPoint& point, const StaffingAnswer& a) {
      if (show)
        tell(fmt::format("  point {}/{}: {}\n", point.index + 1, o.points,
                         a.found ? fmt::format("{} inspectors", a.inspectors) : "targets not met"));
    });
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("staff --robust: {}", e.what()));
  }
  stop_if_signalled(options);
  emit(render(answer, parse_report_format(o.common.format)), o.common.output, mpi);
  return 0;
}

}  // namespace

int staff_command(const StaffOptions& o, const MpiSession& mpi) {
  const ReportFormat format = report_format(o.common.format, o.common.output);
  const std::vector<std::string> inputs = load_scenario(o.scenario, overrides(o.common)).input_files;
  check_output_option(o.common.output, inputs);
  check_plot_option(o.plot, inputs);
  StaffingQuestion q{o.scenario, overrides(o.common), {}, o.min_inspectors, o.max_inspectors};
  for (const std::string& text : o.targets) q.targets.push_back(parse_target(text));
  if (o.robust) return robust_staff_command(o, q, mpi);
  RunOptions options = run_options(o.common, mpi);
  options.progress = nullptr;  // one line per count tried instead
  const bool show = mpi.is_root() && ::isatty(STDERR_FILENO);
  const StaffingAnswer answer = find_staffing(q, options, [&](const StaffingStep& step) {
    if (show) tell(fmt::format("  {} inspectors: {}\n", step.inspectors, step.met ? "targets met" : "not met"));
  });
  stop_if_signalled(options);
  emit(render(answer, format), o.common.output, mpi);
  // Warnings after the report, through tell (stdout flushed first): never inside the table.
  if (mpi.is_root() && (format != ReportFormat::table || !o.common.output.empty()))
    for (const std::string& w : answer.warnings) tell(fmt::format("staff: warning: {}\n", w));
  if (mpi.is_root() && !o.plot.empty()) write_plot(staffing_json(answer), o.plot, {});
  if (!answer.found && mpi.is_root())
    tell(fmt::format("staff: the targets are not met with {} inspectors, the most searched (--max)\n",
                     answer.max_inspectors));
  return answer.found ? 0 : exit_target_not_met;
}

}  // namespace inspectsim::cli
