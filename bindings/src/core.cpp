// inspectsim._core: the engine's library calls for Python (pybind11). No model logic here:
// load_scenario, run_experiment, compare_experiments and the reports are the engine's own,
// exactly as the command line calls them. The package around it (bindings/inspectsim/)
// turns the arrays into pandas DataFrames and adds docstrings.
//
// Runs happen on a C++ thread without the GIL. The calling thread keeps the GIL and polls
// every 50 ms: it calls the progress callback and PyErr_CheckSignals, so Ctrl-C (or a
// notebook's interrupt) sets the engine's cancel flag, waits for the run to stop, and
// raises KeyboardInterrupt.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "inspectsim/inspectsim.hpp"
#include "inspectsim/report/spreadsheet.hpp"
#include "inspectsim/scenario/schema.hpp"

namespace py = pybind11;
using namespace inspectsim;

namespace {

constexpr int estimate_fields = 5;  // mean, ci_low, ci_high, sd, n
constexpr auto poll_interval = std::chrono::milliseconds(50);

/// Estimates as an array of shape (metrics, 5).
py::array_t<double> estimates_array(const std::vector<Estimate>& estimates) {
  py::array_t<double> out({static_cast<py::ssize_t>(estimates.size()), static_cast<py::ssize_t>(estimate_fields)});
  auto a = out.mutable_unchecked<2>();
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    const Estimate& e = estimates[i];
    const auto r = static_cast<py::ssize_t>(i);
    a(r, 0) = e.mean;
    a(r, 1) = e.ci_low;
    a(r, 2) = e.ci_high;
    a(r, 3) = e.sd;
    a(r, 4) = e.n;
  }
  return out;
}

/// Groups of estimates (per violation type, year or size class) as an array (groups, metrics, 5).
py::array_t<double> estimates_array(const std::vector<std::vector<Estimate>>& groups, std::size_t metrics) {
  py::array_t<double> out({static_cast<py::ssize_t>(groups.size()), static_cast<py::ssize_t>(metrics),
                           static_cast<py::ssize_t>(estimate_fields)});
  auto a = out.mutable_unchecked<3>();
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t m = 0; m < metrics; ++m) {
      const Estimate& e = groups[g].at(m);
      const auto gi = static_cast<py::ssize_t>(g), mi = static_cast<py::ssize_t>(m);
      a(gi, mi, 0) = e.mean;
      a(gi, mi, 1) = e.ci_low;
      a(gi, mi, 2) = e.ci_high;
      a(gi, mi, 3) = e.sd;
      a(gi, mi, 4) = e.n;
    }
  return out;
}

/// Per-replication global metrics as an array (replications, metrics).
py::array_t<double> replications_array(const std::vector<Metrics>& reps) {
  const std::size_t metrics = global_metrics().size();
  py::array_t<double> out({static_cast<py::ssize_t>(reps.size()), static_cast<py::ssize_t>(metrics)});
  auto a = out.mutable_unchecked<2>();
  for (std::size_t r = 0; r < reps.size(); ++r)
    for (std::size_t m = 0; m < metrics; ++m)
      a(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(m)) = reps[r].global.at(m);
  return out;
}

/// Per-replication grouped metrics as an array (replications, groups, metrics).
py::array_t<double> replications_array(const std::vector<Metrics>& reps,
                                       std::vector<std::vector<double>> Metrics::*field, std::size_t groups,
                                       std::size_t metrics) {
  py::array_t<double> out(
      {static_cast<py::ssize_t>(reps.size()), static_cast<py::ssize_t>(groups), static_cast<py::ssize_t>(metrics)});
  auto a = out.mutable_unchecked<3>();
  for (std::size_t r = 0; r < reps.size(); ++r)
    for (std::size_t g = 0; g < groups; ++g)
      for (std::size_t m = 0; m < metrics; ++m)
        a(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(g), static_cast<py::ssize_t>(m)) =
            (reps[r].*field).at(g).at(m);
  return out;
}

std::vector<std::tuple<std::string, std::string, std::string>> metric_list(const std::vector<MetricInfo>& list) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const MetricInfo& m : list) out.emplace_back(m.name, m.unit, m.definition);
  return out;
}

template <typename Item>
std::vector<std::string> names(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& i : items) out.push_back(i.name);
  return out;
}

std::vector<Override> to_overrides(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<Override> out;
  for (const auto& [key, value] : pairs) out.push_back({key, value});
  return out;
}

/// The runs in progress, so that interpreter exit can cancel them and wait for them to stop:
/// a run left working while Python finalises would end its thread (and the process) with
/// std::terminate. Leaked on purpose: it must outlive every thread, even at exit.
class ActiveRuns {
 public:
  static ActiveRuns& instance() {
    static ActiveRuns* runs = new ActiveRuns;
    return *runs;
  }

  /// Registers a run's cancel flag; refuses new runs once the interpreter is exiting.
  void enter(std::atomic<bool>* cancel) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_) throw std::runtime_error("the Python interpreter is exiting: no new run starts");
    cancels_.insert(cancel);
  }

  bool closing() {
    std::lock_guard<std::mutex> lock(mutex_);
    return closing_;
  }

  void leave(std::atomic<bool>* cancel) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancels_.erase(cancel);
    }
    left_.notify_all();
  }

  /// Cancels every run and waits (at most `timeout`) until each has stopped and joined its
  /// worker. Returns how many were still running when it was called.
  std::size_t cancel_all(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    closing_ = true;
    const std::size_t running = cancels_.size();
    for (std::atomic<bool>* cancel : cancels_) *cancel = true;
    left_.wait_for(lock, timeout, [&] { return cancels_.empty(); });
    return running;
  }

 private:
  std::mutex mutex_;
  std::condition_variable left_;
  std::set<std::atomic<bool>*> cancels_;
  bool closing_ = false;
};

/// Keeps a run registered in ActiveRuns for the life of the scope.
class RegisteredRun {
 public:
  explicit RegisteredRun(std::atomic<bool>* cancel) : cancel_(cancel) { ActiveRuns::instance().enter(cancel_); }
  ~RegisteredRun() { ActiveRuns::instance().leave(cancel_); }
  RegisteredRun(const RegisteredRun&) = delete;
  RegisteredRun& operator=(const RegisteredRun&) = delete;

 private:
  std::atomic<bool>* cancel_;
};

/// Runs `work(options)` on a C++ thread while this thread (holding the GIL) reports progress
/// and checks for signals. A Python exception (KeyboardInterrupt, or one raised by the
/// progress callback or by `check`, called every 50 ms) cancels the run, waits for it to stop,
/// and propagates.
template <typename Result, typename Work>
Result run_interruptibly(Work work, int threads, const py::object& progress, const py::object& check = py::none()) {
  if (threads < 0) throw py::value_error("threads must be >= 0 (0: all cores)");
  struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    int done = 0;
    int total = 0;
    bool finished = false;
    std::optional<Result> result;
    std::exception_ptr error;
  } shared;
  std::atomic<bool> cancel{false};
  const RegisteredRun registered(&cancel);

  RunOptions options;
  options.threads = threads;
  options.cancel = &cancel;
  options.progress = [&shared](int done, int total) {
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.done = done;
      shared.total = total;
    }
    shared.changed.notify_one();
  };

  std::thread worker([&] {
    std::optional<Result> result;
    std::exception_ptr error;
    try {
      result.emplace(work(options));
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.result = std::move(result);
      shared.error = error;
      shared.finished = true;
    }
    shared.changed.notify_one();
  });

  const auto join = [&] {
    py::gil_scoped_release release;
    worker.join();
  };
  try {
    int reported = 0;
    while (true) {
      int done = 0, total = 0;
      bool finished = false;
      {
        py::gil_scoped_release release;
        std::unique_lock<std::mutex> lock(shared.mutex);
        shared.changed.wait_for(lock, poll_interval, [&] { return shared.finished || shared.done != reported; });
        done = shared.done;
        total = shared.total;
        finished = shared.finished;
      }
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!check.is_none()) check();
      while (reported < done) {
        ++reported;
        if (!progress.is_none()) progress(reported, total);
      }
      if (finished) break;
    }
  } catch (...) {
    cancel = true;
    join();
    throw;
  }
  join();
  if (shared.error && cancel && ActiveRuns::instance().closing()) {
    // Stopped by interpreter exit: SystemExit ends the run's thread without a traceback.
    PyErr_SetString(PyExc_SystemExit, "inspectsim: run cancelled at interpreter exit");
    throw py::error_already_set();
  }
  if (shared.error) std::rethrow_exception(shared.error);
  return std::move(*shared.result);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "inspectsim's C++ engine (load, run, compare, report). Use the `inspectsim` package, not this module.";
  m.attr("__version__") = INSPECTSIM_VERSION;

  // ScenarioError carries the engine's message ("FILE:LINE:COL: KEY: PROBLEM", what the
  // command line prints after "error: ") and its parts as attributes.
  // The module keeps the type alive; the handle is never released (no destructor at exit).
  static const py::handle scenario_error = py::exception<ScenarioError>(m, "ScenarioError", PyExc_ValueError).release();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      py::object error = py::reinterpret_borrow<py::object>(scenario_error)(e.what());
      error.attr("file") = e.where().file;
      error.attr("line") = e.where().line;
      error.attr("column") = e.where().column;
      error.attr("key") = e.key();
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    }
  });

  // Output paths: a bad path is a ValueError, a failed write an OSError, each naming the user's path.
  static const py::handle output_path_error =
      py::exception<OutputPathError>(m, "OutputPathError", PyExc_ValueError).release();
  static const py::handle output_write_error =
      py::exception<OutputWriteError>(m, "OutputWriteError", PyExc_OSError).release();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const OutputPathError& e) {
      PyErr_SetString(output_path_error.ptr(), e.what());
    } catch (const OutputWriteError& e) {
      PyErr_SetString(output_write_error.ptr(), e.what());
    }
  });

  m.def(
      "check_output_path",
      [](const std::string& path, const std::vector<std::string>& inputs) {
        return check_output_path(path, inputs) == OutputKind::stream ? "stream" : "file";
      },
      py::arg("path"), py::arg("inputs") = std::vector<std::string>{},
      "Checks an output path before a run: raises OutputPathError for a directory, a missing or read-only directory, "
      "or one of `inputs`; returns 'file' or 'stream' (a FIFO or a device, written in place).");
  m.def(
      "write_output", [](const std::string& path, const std::string& text) { write_output(path, text); },
      py::arg("path"), py::arg("text"),
      "Writes text to path: a regular file whole or not at all, a FIFO or device in place. Raises OutputPathError or "
      "OutputWriteError (with the system's reason).");
  m.def(
      "_cancel_runs",
      [](double timeout_seconds) {
        py::gil_scoped_release release;  // the runs' own threads need the GIL to stop
        return ActiveRuns::instance().cancel_all(
            std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000)));
      },
      py::arg("timeout_seconds") = 60.0,
      "Cancels every run in progress and waits for them to stop; afterwards no run starts. For interpreter exit.");

  py::class_<Scenario>(m, "Scenario", "A loaded, validated scenario (after extends: and overrides).")
      .def_readonly("name", &Scenario::name)
      .def_readonly("title", &Scenario::title)
      .def_readonly("country", &Scenario::country)
      .def_readonly("description", &Scenario::description)
      .def_readonly("file", &Scenario::file)
      .def_readonly("input_files", &Scenario::input_files)
      .def_property_readonly("seed", [](const Scenario& s) { return s.simulation.seed; })
      .def_property_readonly("replications", [](const Scenario& s) { return s.simulation.replications; })
      .def_property_readonly("years", [](const Scenario& s) { return s.simulation.years; })
      .def_property_readonly("warmup_years", [](const Scenario& s) { return s.simulation.warmup_years; })
      .def_property_readonly("inspectors", [](const Scenario& s) { return s.base_policy.inspectors; })
      .def_property_readonly("total_entities", &Scenario::total_entities)
      .def_property_readonly("total_workers", &Scenario::total_workers)
      .def_property_readonly("violations", [](const Scenario& s) { return names(s.violations); })
      .def_property_readonly("size_classes", [](const Scenario& s) { return names(s.size_classes); })
      .def_property_readonly("regions", [](const Scenario& s) { return names(s.regions); })
      .def(
          "provenance_tally",
          [](const Scenario& s) {
            const Scenario::ProvenanceTally t = s.provenance_tally();
            return py::dict(py::arg("sourced") = t.sourced, py::arg("assumed") = t.assumed,
                            py::arg("calibrated") = t.calibrated, py::arg("unannotated") = t.unannotated,
                            py::arg("ranged") = t.ranged, py::arg("defaulted") = t.defaulted,
                            py::arg("fixed") = t.fixed);
          },
          "How many numbers are sourced, assumed, calibrated or unannotated, and ranged, default-ranged or fixed, as "
          "`inspectsim validate` counts them.")
      .def(
          "provenance",
          [](const Scenario& s) {
            using Row = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                                   std::string, double, double, double, double>;
            const double none = std::numeric_limits<double>::quiet_NaN();
            std::vector<Row> out;
            for (const auto& [key, p] : s.provenance) {
              const bool fixed = p.spread == Provenance::Spread::fixed;
              const bool triangular = p.range.shape == PlausibleRange::Shape::triangular;
              const bool lognormal = p.range.shape == PlausibleRange::Shape::lognormal;
              out.emplace_back(key, p.value, std::string(word_of(p.kind)), p.note, p.file,
                               std::string(word_of(p.spread)), fixed ? "" : std::string(word_of(p.range.shape)),
                               fixed ? none : p.range.low, fixed ? none : p.range.high,
                               fixed || !triangular ? none : p.range.mode, fixed || !lognormal ? none : p.range.median);
            }
            return out;
          },
          "(key, value, kind, note, file, spread, distribution, low, high, mode, median) for every number, sorted by "
          "key; "
          "kind is source, assumption or unannotated; spread is ranged, default or fixed.");

  py::class_<RunResult>(m, "RunResult", "A scenario's replications and their summary.")
      .def_readonly("scenario", &RunResult::scenario)
      .def("to_json", &run_json, "The JSON of `inspectsim run --format json`.")
      .def("to_table", &run_table, "The table of `inspectsim run`.")
      .def("to_csv", &run_csv, "The CSV of `inspectsim run --format csv`.")
      .def(
          "to_xlsx", [](const RunResult& r) { return py::bytes(run_xlsx(r)); },
          "The spreadsheet of `inspectsim run --format xlsx` (the workbook's bytes).")
      .def("summary_global", [](const RunResult& r) { return estimates_array(r.summary.global); })
      .def("summary_by_violation",
           [](const RunResult& r) { return estimates_array(r.summary.by_violation, violation_metrics().size()); })
      .def("summary_yearly",
           [](const RunResult& r) { return estimates_array(r.summary.yearly, yearly_metrics().size()); })
      .def("summary_by_size_class",
           [](const RunResult& r) { return estimates_array(r.summary.by_size_class, size_class_metrics().size()); })
      .def("replications_global", [](const RunResult& r) { return replications_array(r.replications); })
      .def("replications_by_violation",
           [](const RunResult& r) {
             return replications_array(r.replications, &Metrics::by_violation, r.scenario.violations.size(),
                                       violation_metrics().size());
           })
      .def("replications_yearly",
           [](const RunResult& r) {
             if (!r.replications.empty() && r.replications[0].yearly.empty() && r.scenario.simulation.years > 0)
               throw py::value_error("a run of " + std::to_string(r.scenario.simulation.replications) +
                                     " replications x " + std::to_string(r.scenario.simulation.years) +
                                     " years keeps running sums of its yearly metrics, not each replication's (over " +
                                     std::to_string(static_cast<long>(max_kept_replication_years)) +
                                     " replication-years): summary_yearly holds their estimates");
             return replications_array(r.replications, &Metrics::yearly,
                                       static_cast<std::size_t>(r.scenario.simulation.years), yearly_metrics().size());
           })
      .def("replications_by_size_class", [](const RunResult& r) {
        return replications_array(r.replications, &Metrics::by_size_class, r.scenario.size_classes.size(),
                                  size_class_metrics().size());
      });

  py::class_<CompareResult>(m, "CompareResult", "Two runs on common random numbers and their paired difference.")
      .def_property_readonly(
          "base", [](const CompareResult& c) -> const RunResult& { return c.base; },
          py::return_value_policy::reference_internal)
      .def_property_readonly(
          "variant", [](const CompareResult& c) -> const RunResult& { return c.variant; },
          py::return_value_policy::reference_internal)
      .def("to_json", &compare_json, "The JSON of `inspectsim compare --format json`.")
      .def("to_table", &compare_table, "The table of `inspectsim compare`.")
      .def("to_csv", &compare_csv, "The CSV of `inspectsim compare --format csv`.")
      .def(
          "to_xlsx", [](const CompareResult& c) { return py::bytes(compare_xlsx(c)); },
          "The spreadsheet of `inspectsim compare --format xlsx` (the workbook's bytes).")
      .def("difference_global", [](const CompareResult& c) { return estimates_array(c.difference.global); })
      .def(
          "difference_by_violation",
          [](const CompareResult& c) { return estimates_array(c.difference.by_violation, violation_metrics().size()); })
      .def("difference_yearly",
           [](const CompareResult& c) { return estimates_array(c.difference.yearly, yearly_metrics().size()); })
      .def("difference_by_size_class", [](const CompareResult& c) {
        return estimates_array(c.difference.by_size_class, size_class_metrics().size());
      });

  m.def(
      "parse_override",
      [](const std::string& text) {
        const Override o = parse_override(text);
        return std::make_pair(o.key, o.value);
      },
      py::arg("text"), "Splits 'KEY=VALUE' as --set does; raises ScenarioError without '='.");

  m.def(
      "load_scenario",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides) {
        return load_scenario(path, to_overrides(overrides));
      },
      py::arg("path"), py::arg("overrides") = std::vector<std::pair<std::string, std::string>>{},
      "Loads, merges and validates a scenario; overrides are (dotted key, YAML value) pairs applied in order, as "
      "--set.");

  m.def(
      "run_experiment",
      [](const Scenario& scenario, int threads, const py::object& progress, const py::object& check) {
        return run_interruptibly<RunResult>([&](const RunOptions& o) { return run_experiment(scenario, o); }, threads,
                                            progress, check);
      },
      py::arg("scenario"), py::arg("threads") = 0, py::arg("progress") = py::none(), py::arg("check") = py::none(),
      "Runs the scenario's replications (GIL released; Ctrl-C cancels); progress(done, total) is called on this "
      "thread; check(), every 50 ms, cancels the run by raising.");

  m.def(
      "compare_experiments",
      [](const Scenario& base, const Scenario& variant, int threads, const py::object& progress,
         const py::object& check) {
        return run_interruptibly<CompareResult>(
            [&](const RunOptions& o) { return compare_experiments(base, variant, o); }, threads, progress, check);
      },
      py::arg("base"), py::arg("variant"), py::arg("threads") = 0, py::arg("progress") = py::none(),
      py::arg("check") = py::none(),
      "Runs both scenarios on common random numbers (base's seed and replications) and their paired difference; "
      "check(), every 50 ms, cancels the run by raising.");

  m.def(
      "uncertainty_csv",
      [](const std::string& path, const std::string& variant,
         const std::vector<std::pair<std::string, std::string>>& overrides, const std::vector<std::string>& metrics,
         int points, const std::string& design, unsigned design_seed, int threads, const py::object& progress) {
        const UncertaintyQuestion q{
            {path, variant, to_overrides(overrides)}, metrics, points, parse_design_kind(design), design_seed};
        return run_interruptibly<std::string>(
            [&](const RunOptions& o) {
              const UncertaintyPlan plan = plan_uncertainty(q);
              const EvaluateOptions e{o, {}, {}, o.progress};
              return render(estimate_uncertainty(plan, evaluate_design(plan.scenarios, plan.points, plan.metrics, e)),
                            ReportFormat::csv);
            },
            threads, progress);
      },
      py::arg("path"), py::arg("variant"), py::arg("overrides"), py::arg("metrics"), py::arg("points"),
      py::arg("design"), py::arg("design_seed"), py::arg("threads") = 0, py::arg("progress") = py::none(),
      "`inspectsim uncertainty --format csv`: every metric over plausible assumptions (GIL released; Ctrl-C "
      "cancels); progress(done, total) counts design points.");

  m.def(
      "calibrate_json",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides,
         int max_evaluations, const std::string& algorithm, const std::string& output, int threads,
         const py::object& progress) {
        CalibrationQuestion q{
            {path, "", to_overrides(overrides)}, max_evaluations, {}, parse_calibration_algorithm(algorithm)};
        return run_interruptibly<std::string>(
            [&](const RunOptions& o) {
              const CalibrationPlan plan = plan_calibration(q);
              if (!output.empty()) check_output_path(output, plan.scenario.input_files);
              const CalibrationAnswer answer = calibrate(plan, {o, o.progress});
              if (!output.empty()) write_output(output, calibrated_scenario_yaml(answer, output));
              return render(answer, ReportFormat::json);
            },
            threads, progress);
      },
      py::arg("path"), py::arg("overrides"), py::arg("max_evaluations"), py::arg("algorithm"), py::arg("output"),
      py::arg("threads") = 0, py::arg("progress") = py::none(),
      "`inspectsim calibrate --format json [-o OUTPUT]`: the free parameters fitted to the targets (GIL released); "
      "progress(done, total) counts evaluations.");

  m.def(
      "sensitivity_csv",
      [](const std::string& path, const std::string& variant,
         const std::vector<std::pair<std::string, std::string>>& overrides, const std::vector<std::string>& metrics,
         int trajectories, int top, int base_points, unsigned design_seed, int resamples, int threads,
         const py::object& progress) {
        const SensitivityQuestion q{{path, variant, to_overrides(overrides)},
                                    metrics,
                                    trajectories,
                                    4,
                                    top,
                                    base_points,
                                    design_seed,
                                    resamples};
        return run_interruptibly<std::string>(
            [&](const RunOptions& o) {
              const SensitivityOptions e{o, {}, {}, o.progress};
              return render(run_sensitivity(plan_sensitivity(q), e), ReportFormat::csv);
            },
            threads, progress);
      },
      py::arg("path"), py::arg("variant"), py::arg("overrides"), py::arg("metrics"), py::arg("trajectories"),
      py::arg("top"), py::arg("base_points"), py::arg("design_seed"), py::arg("resamples"), py::arg("threads") = 0,
      py::arg("progress") = py::none(),
      "`inspectsim sensitivity --format csv`: Morris ranking, tornado and Sobol indices of every ranged number "
      "(GIL released; Ctrl-C cancels); progress(done, total) counts design points.");

  m.def(
      "sweep_csv",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides,
         const std::vector<std::string>& vary, int threads, const py::object& progress) {
        SweepSpec spec{path, to_overrides(overrides), {}};
        for (const std::string& text : vary) spec.axes.push_back(parse_vary(text));
        const std::vector<SweepPoint> grid = expand_grid(spec.axes);
        return run_interruptibly<std::string>(
            [&](const RunOptions& o) {
              const DesignScenarios scenarios = load_sweep_scenarios(spec, grid);
              const SweepLayout layout{ReportFormat::csv, spec.axes, {}};
              std::string csv = sweep_header(layout, grid, scenarios);
              SweepOptions sweep;
              sweep.run = o;
              sweep.progress = o.progress;
              sweep.on_point = [&](const SweepPoint& point, const RunResult& r) { csv += sweep_row(layout, point, r); };
              run_sweep(scenarios, grid, sweep);
              return csv;
            },
            threads, progress);
      },
      py::arg("path"), py::arg("overrides"), py::arg("vary"), py::arg("threads") = 0, py::arg("progress") = py::none(),
      "`inspectsim sweep --format csv`: a row per point of the grid of every --vary, on common random numbers (GIL "
      "released; Ctrl-C cancels); progress(done, total) counts points.");

  m.def(
      "staff_json",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides,
         const std::vector<std::string>& targets, int min_inspectors, int max_inspectors, int threads,
         const py::object& progress) {
        StaffingQuestion q{path, to_overrides(overrides), {}, min_inspectors, max_inspectors};
        for (const std::string& text : targets) q.targets.push_back(parse_target(text));
        return run_interruptibly<std::string>(
            [&](const RunOptions& o) { return render(find_staffing(q, o), ReportFormat::json); }, threads, progress);
      },
      py::arg("path"), py::arg("overrides"), py::arg("targets"), py::arg("min_inspectors") = 1,
      py::arg("max_inspectors") = 0, py::arg("threads") = 0, py::arg("progress") = py::none(),
      "`inspectsim staff --format json`: the smallest number of inspectors meeting every target on the cautious end "
      "of its 95% CI, with the search path (GIL released; Ctrl-C cancels).");

  m.def(
      "global_metrics", [] { return metric_list(global_metrics()); },
      "(name, unit, definition) of every global metric.");
  m.def(
      "violation_metrics", [] { return metric_list(violation_metrics()); },
      "(name, unit, definition) per violation type.");
  m.def(
      "yearly_metrics", [] { return metric_list(yearly_metrics()); }, "(name, unit, definition) per measured year.");
  m.def(
      "size_class_metrics", [] { return metric_list(size_class_metrics()); },
      "(name, unit, definition) per size class.");
  m.def(
      "scenario_keys",
      [] {
        std::vector<std::tuple<std::string, std::string>> out;
        for (const KeySpec& k : scenario_keys())
          if (k.kind != KeyKind::section && k.kind != KeyKind::list)
            out.emplace_back(std::string(k.path), std::string(k.meaning));
        return out;
      },
      "(path, meaning with its unit) of every scenario key; list items written `*` (segments.*.entities).");
  m.def("metrics_markdown", &metrics_markdown, "Every metric's name, unit and definition as Markdown tables.");
  m.def("format_number", &format_number, py::arg("value"),
        "A number as the reports print it: grouped thousands, a few significant digits, 'n/a' for NaN.");
}
