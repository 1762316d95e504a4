#include "assumptions.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <stdexcept>

#include "inspectsim/experiment/sensitivity_study.hpp"
#include "inspectsim/experiment/uncertainty.hpp"
#include "inspectsim/report/design_points_file.hpp"
#include "inspectsim/report/sensitivity_report.hpp"
#include "inspectsim/report/sweep_file.hpp"
#include "inspectsim/report/uncertainty_report.hpp"
#include "inspectsim/simulation/replication.hpp"
#include "signals.hpp"

namespace inspectsim::cli {

namespace {

void add_shared_options(CLI::App* cmd, AssumptionOptions& o) {
  cmd->add_option("scenario", o.scenario, "scenario YAML file")->required();
  cmd->add_option("variant", o.variant,
                  "variant YAML file: report the paired difference variant - scenario on common random numbers");
  cmd->add_flag("--resume", o.resume, "continue an interrupted run from its points file: skip the points it holds");
  cmd->add_option("--points-file", o.points_file,
                  "append each finished design point to FILE, exactly (default: the --output path + .points.csv)");
  add_common_options(cmd, o.common);
}

/// --points-file, or beside a regular --output file (a FIFO or a device such as /dev/null has
/// no "beside": then no points file unless one is named).
std::string points_path(const AssumptionOptions& o) {
  if (!o.points_file.empty()) return o.points_file;
  if (o.common.output.empty()) return "";
  try {
    if (check_output_path(o.common.output) == OutputKind::stream) return "";
  } catch (const OutputPathError&) {
    return "";  // check_paths reports a bad --output first
  }
  return o.common.output + ".points.csv";
}

DesignSpec spec_of(const AssumptionOptions& o) { return {o.scenario, o.variant, overrides(o.common)}; }

/// Checks the format and the output paths before anything long runs.
void check_paths(const AssumptionOptions& o) {
  if (parse_report_format(o.common.format) == ReportFormat::xlsx)
    throw UsageError("--format xlsx: expected table, json or csv (no spreadsheet of this report yet)");
  if (o.resume && points_path(o).empty())
    throw UsageError("--resume: expected --points-file FILE or --output FILE, the run to continue");
  std::vector<std::string> inputs = load_scenario(o.scenario, overrides(o.common)).input_files;
  if (!o.variant.empty()) {
    const std::vector<std::string> more = load_scenario(o.variant, overrides(o.common)).input_files;
    inputs.insert(inputs.end(), more.begin(), more.end());
  }
  check_output_option(o.common.output, inputs);
  if (!o.points_file.empty()) {
    try {
      check_output_path(o.points_file, inputs);
    } catch (const OutputPathError& e) {
      throw UsageError(fmt::format("--points-file {}", e.what()));
    }
  }
}

/// Rank 0's values on every rank: the finished points, or a failure (rank 0 has reported it).
std::vector<PointValues> from_root(const std::vector<PointValues>& done, bool failed, std::size_t metrics,
                                   const MpiSession& mpi) {
  const Cluster* cluster = mpi.cluster();
  if (!cluster) return done;
  std::vector<double> flat;
  if (mpi.is_root()) {
    flat.push_back(failed ? -1.0 : static_cast<double>(done.size()));
    for (const PointValues& v : done)
      for (std::size_t m = 0; m < metrics; ++m) flat.push_back(v.mean[m]), flat.push_back(v.noise_variance[m]);
  }
  const std::vector<double> root = cluster->all_gather(flat).front();
  if (root.front() < 0) throw QuietExit(exit_bad_input);
  std::vector<PointValues> out(static_cast<std::size_t>(root.front()));
  std::size_t at = 1;
  for (PointValues& v : out)
    for (std::size_t m = 0; m < metrics; ++m) v.mean.push_back(root[at++]), v.noise_variance.push_back(root[at++]);
  return out;
}

/// Opens the points file on rank 0 (writing its header, or reading the points it holds when
/// resuming) and shares the finished points with every rank.
std::vector<PointValues> open_points_file(std::unique_ptr<SweepFile>& file, const AssumptionOptions& o,
                                          const std::string& header, std::size_t points, std::size_t metrics,
                                          const MpiSession& mpi) {
  std::vector<PointValues> done;
  const std::string path = points_path(o);
  if (mpi.is_root() && !path.empty()) {
    try {
      file = std::make_unique<SweepFile>(path, o.resume);
      file->start(header, [&](const std::string& text) {
        DesignPointsResume r = read_design_points(text, header, points, metrics);
        done = std::move(r.done);
        return r.keep_bytes;
      });
    } catch (const OutputPathError& e) {
      from_root({}, true, metrics, mpi);
      throw UsageError(fmt::format("--points-file {}", e.what()));
    } catch (const std::invalid_argument& e) {
      from_root({}, true, metrics, mpi);
      throw UsageError(fmt::format("--resume {}: cannot continue this run in it: {}; remove it or choose another file",
                                   path, e.what()));
    }
    if (!done.empty()) tell(fmt::format("resuming {}: {} of {} points done\n", path, done.size(), points));
  }
  return from_root(done, false, metrics, mpi);
}

/// How the run goes: the points file appended as each point finishes, a progress bar.
EvaluateOptions evaluate_options(const AssumptionOptions& o, const MpiSession& mpi, SweepFile* file,
                                 std::vector<PointValues> done, std::size_t& finished) {
  EvaluateOptions options;
  options.run = run_options(o.common, mpi, "design points");
  options.progress = std::move(options.run.progress);
  finished = done.size();
  options.done = std::move(done);
  options.on_point = [file, &finished](const DesignPoint& point, const PointValues& values) {
    ++finished;
    if (file) file->append(design_points_row(point, values));
  };
  return options;
}

int stopped(const AssumptionOptions& o, const MpiSession& mpi, std::size_t finished, std::size_t points) {
  const int signal = stop_signal() == 0 ? SIGINT : stop_signal();
  const std::string path = points_path(o);
  if (mpi.is_root())
    tell(fmt::format("{}inspectsim: stopped by {} after {} of {} design points{}\n",
                     ::isatty(STDERR_FILENO) ? "\n" : "", signal == SIGTERM ? "SIGTERM" : "SIGINT", finished, points,
                     path.empty() ? "" : fmt::format("; {} holds them: add --resume to finish", path)));
  return exit_code_for_signal(signal);
}

/// A plan's std::invalid_argument (an unknown metric, no ranged number) as a usage error.
template <typename Plan>
auto planned(const std::string& command, Plan plan) {
  try {
    return plan();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    throw UsageError(fmt::format("{}: {}", what.starts_with("unknown metric") ? "--metric" : command, what));
  }
}

}  // namespace

CLI::App* add_uncertainty_command(CLI::App& app, UncertaintyOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "uncertainty",
      "every metric (or the paired difference with VARIANT) over plausible assumptions: median, 90% interval, noise "
      "against assumption variance, and how often a difference keeps its sign");
  add_shared_options(cmd, o.shared);
  cmd->add_option("--metric,-m", o.shared.metrics, "metrics to report (default: every whole-run metric)")->take_all();
  cmd->add_option("--points", o.points, "design points, each run with the replications (default 64)")
      ->check(CLI::Range(2, 1'000'000));
  cmd->add_option("--design", o.design, "sobol (a Sobol sequence) or lhs (a Latin hypercube)")
      ->check(CLI::IsMember({"sobol", "lhs"}));
  cmd->add_option("--design-seed", o.design_seed, "the Latin hypercube's random streams (default 1)");
  return cmd;
}

CLI::App* add_sensitivity_command(CLI::App& app, SensitivityOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "which assumptions decide a metric: Morris screening of every ranged number, a one-at-a-time tornado, and "
      "Sobol indices of the top ones");
  add_shared_options(cmd, o.shared);
  cmd->add_option("--metric,-m", o.shared.metrics, "metrics; inputs are ranked by the first")->required()->take_all();
  cmd->add_option("--trajectories", o.trajectories, "Morris paths (default 10)")->check(CLI::Range(2, 100'000));
  cmd->add_option("--top", o.top, "inputs given Sobol indices, from the top of the ranking (default 5; 0: none)")
      ->check(CLI::Range(0, 10'000));
  cmd->add_option("--base-points", o.base_points, "Saltelli's N: (top + 2) x N design points (default 32)")
      ->check(CLI::Range(2, 1'000'000));
  cmd->add_option("--design-seed", o.design_seed, "Morris paths and bootstrap resamples (default 1)");
  cmd->add_option("--resamples", o.resamples, "bootstrap resamples of the Sobol indices (default 500)")
      ->check(CLI::Range(0, 100'000));
  return cmd;
}

int uncertainty_command(const UncertaintyOptions& o, const MpiSession& mpi) {
  check_paths(o.shared);
  UncertaintyQuestion q{spec_of(o.shared), o.shared.metrics, o.points, parse_design_kind(o.design), o.design_seed};
  const UncertaintyPlan plan = planned("uncertainty", [&] { return plan_uncertainty(q); });
  const std::string header =
      design_points_header(design_fingerprint(plan.method, plan.scenarios, plan.metrics), plan.metrics);
  std::unique_ptr<SweepFile> file;
  std::vector<PointValues> done =
      open_points_file(file, o.shared, header, plan.points.size(), plan.metrics.size(), mpi);
  std::size_t finished = 0;
  const EvaluateOptions options = evaluate_options(o.shared, mpi, file.get(), std::move(done), finished);
  std::vector<PointValues> values;
  try {
    values = evaluate_design(plan.scenarios, plan.points, plan.metrics, options);
    stop_if_signalled(options.run);
  } catch (const Cancelled&) {
    return stopped(o.shared, mpi, finished, plan.points.size());
  }
  emit(render(estimate_uncertainty(plan, values), parse_report_format(o.shared.common.format)), o.shared.common.output,
       mpi);
  return 0;
}

int sensitivity_command(const SensitivityOptions& o, const MpiSession& mpi) {
  check_paths(o.shared);
  SensitivityQuestion q{spec_of(o.shared), o.shared.metrics, o.trajectories, 4, o.top,
                        o.base_points,     o.design_seed,    o.resamples};
  const SensitivityPlan plan = planned("sensitivity", [&] { return plan_sensitivity(q); });
  const std::string header =
      design_points_header(design_fingerprint(plan.method, plan.screening_scenarios, plan.metrics), plan.metrics);
  std::unique_ptr<SweepFile> file;
  std::vector<PointValues> done = open_points_file(file, o.shared, header, plan.total_points, plan.metrics.size(), mpi);
  std::size_t finished = 0;
  const EvaluateOptions options = evaluate_options(o.shared, mpi, file.get(), std::move(done), finished);
  SensitivityAnswer answer;
  try {
    answer = run_sensitivity(plan, options);
    stop_if_signalled(options.run);
  } catch (const Cancelled&) {
    return stopped(o.shared, mpi, finished, plan.total_points);
  }
  emit(render(answer, parse_report_format(o.shared.common.format)), o.shared.common.output, mpi);
  return 0;
}

}  // namespace inspectsim::cli
