// Calibration: NLopt moves the free parameters, the runner of design points evaluates each point
// on common random numbers, and the objective is the weighted squared relative gap.

#include "inspectsim/experiment/calibrate.hpp"

#include <fmt/format.h>
#include <nlopt.h>
#include <yaml-cpp/yaml.h>
#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "inspectsim/simulation/replication.hpp"

namespace inspectsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The value of a free parameter at position `u` in [0, 1] of its range (whole numbers rounded).
double value_at(const FreeParameter& f, double u) {
  const double x = f.low + std::clamp(u, 0.0, 1.0) * (f.high - f.low);
  return f.whole_number ? std::round(x) : x;
}

double position_of(const FreeParameter& f, double value) {
  return f.high > f.low ? std::clamp((value - f.low) / (f.high - f.low), 0.0, 1.0) : 0.0;
}

std::string number_text(const FreeParameter& f, double value) {
  return f.whole_number ? fmt::format("{:.0f}", value) : fmt::format("{:.17g}", value);
}

/// The scenario's own value of a free key: its provenance, or the key's value as loaded.
double scenario_value(const Scenario& s, const FreeParameter& f) {
  const std::string key = f.key == "inspectors" ? "inspectorate.inspectors" : f.key;
  const auto it = s.provenance.find(key);
  if (it != s.provenance.end()) {
    try {
      return std::stod(it->second.value);
    } catch (const std::exception&) {
    }
  }
  return (f.low + f.high) / 2;  // a default the file does not write: start mid-range
}

/// Standard deviation of the objective from the replications' noise (delta method; each gap
/// taken at least as large as its own standard error, so that a perfect fit is not noise-free).
double objective_noise(const std::vector<CalibrationRow>& rows) {
  double variance = 0;
  for (const CalibrationRow& row : rows) {
    const double published = row.target.published;
    if (!(published > 0) || !(row.target.tolerance > 0) || std::isnan(row.gap)) continue;
    const Estimate& e = row.simulated;
    const double relative_se = e.n > 1 ? e.sd / std::sqrt(static_cast<double>(e.n)) / published : 0.0;
    const double t2 = row.target.tolerance * row.target.tolerance;
    const double slope = 2 * std::max(std::abs(row.gap), relative_se) / t2;
    variance += slope * slope * relative_se * relative_se;
  }
  return std::sqrt(variance);
}

std::string today_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

/// One evaluation's result.
struct Evaluation {
  std::vector<double> values;  ///< the free parameters' values (rounded where whole numbers)
  RunResult run;
  std::vector<CalibrationRow> rows;
  double objective = 0;
};

/// Runs points, remembering each so that a repeated point is not run again, and the best.
class Evaluator {
 public:
  Evaluator(const CalibrationPlan& plan, const CalibrateOptions& options, int budget)
      : plan_(plan), options_(options), files_(plan.question.spec.scenario_path), budget_(budget) {}

  /// The objective at `values`; throws Cancelled when the cancel flag is raised.
  double objective(const std::vector<double>& values) { return rows(values).second; }

  /// The fit table and objective at `values`.
  std::pair<std::vector<CalibrationRow>, double> rows(const std::vector<double>& values) {
    const auto known = cache_.find(values);
    if (known != cache_.end()) return known->second;
    Evaluation e = run(values);
    cache_.emplace(values, std::make_pair(e.rows, e.objective));
    ++evaluations_;
    if (options_.progress) options_.progress(evaluations_, std::max(budget_, evaluations_));
    const std::pair<std::vector<CalibrationRow>, double> out{e.rows, e.objective};
    if (!best_ || e.objective < best_->objective) best_ = std::move(e);
    return out;
  }

  const std::optional<Evaluation>& best() const { return best_; }
  int evaluations() const { return evaluations_; }
  void add_to_budget(int more) { budget_ = evaluations_ + more; }

 private:
  Evaluation run(const std::vector<double>& values) {
    DesignPoint point;
    point.index = static_cast<std::size_t>(evaluations_);
    for (std::size_t i = 0; i < values.size(); ++i)
      point.settings.push_back({plan_.free[i].key, number_text(plan_.free[i], values[i]), "calibration.free"});
    std::vector<Override> overrides = plan_.question.spec.common;
    overrides.insert(overrides.end(), point.settings.begin(), point.settings.end());
    const DesignScenarios scenarios(std::vector<Scenario>{load_scenario(files_, overrides)});
    Evaluation e{values, {}, {}, 0};
    DesignOptions design{options_.run, 0, {}, {}};
    design.on_point = [&e](const DesignPoint&, const DesignOutcome& outcome) { e.run = outcome.base; };
    run_design(scenarios, {point}, design);
    e.rows = calibration_rows(e.run.scenario, e.run.summary);
    e.objective = calibration_objective(e.rows);
    return e;
  }

  const CalibrationPlan& plan_;
  const CalibrateOptions& options_;
  ScenarioFiles files_;
  int budget_;
  int evaluations_ = 0;
  std::map<std::vector<double>, std::pair<std::vector<CalibrationRow>, double>> cache_;
  std::optional<Evaluation> best_;
};

/// What NLopt's objective needs.
struct Search {
  const CalibrationPlan* plan;
  Evaluator* evaluator;
  nlopt_opt opt;
  bool cancelled = false;
  std::string error;
};

std::vector<double> values_at(const CalibrationPlan& plan, const double* u) {
  std::vector<double> values;
  for (std::size_t i = 0; i < plan.free.size(); ++i) values.push_back(value_at(plan.free[i], u[i]));
  return values;
}

double nlopt_objective(unsigned n, const double* u, double* gradient, void* data) {
  auto* search = static_cast<Search*>(data);
  (void)n;
  (void)gradient;  // derivative-free algorithms never ask for it
  try {
    const double f = search->evaluator->objective(values_at(*search->plan, u));
    return std::isfinite(f) ? f : std::numeric_limits<double>::max();
  } catch (const Cancelled&) {
    search->cancelled = true;
  } catch (const std::exception& e) {
    search->error = e.what();
  }
  nlopt_force_stop(search->opt);
  return std::numeric_limits<double>::max();
}

std::string stop_reason(nlopt_result r, bool cancelled) {
  if (cancelled) return "stopped by a signal: the best point so far";
  switch (r) {
    case NLOPT_XTOL_REACHED: return "converged: steps below the step tolerance";
    case NLOPT_FTOL_REACHED: return "converged: objective changes below the tolerance";
    case NLOPT_MAXEVAL_REACHED: return "the evaluation budget (--max-evaluations) ran out";
    case NLOPT_STOPVAL_REACHED: return "every target met exactly";
    case NLOPT_SUCCESS: return "converged";
    case NLOPT_ROUNDOFF_LIMITED: return "stopped: round-off limited";
    default: return fmt::format("stopped: NLopt code {}", static_cast<int>(r));
  }
}

/// Runs the optimiser from the plan's start; fills `answer.stop_reason` and `complete`.
void optimise(const CalibrationPlan& plan, Evaluator& evaluator, CalibrationAnswer& answer) {
  const unsigned n = static_cast<unsigned>(plan.free.size());
  const bool bobyqa = plan.question.algorithm == CalibrationAlgorithm::bobyqa && n >= 2;
  std::unique_ptr<nlopt_opt_s, decltype(&nlopt_destroy)> opt(nlopt_create(bobyqa ? NLOPT_LN_BOBYQA : NLOPT_LN_SBPLX, n),
                                                             &nlopt_destroy);
  if (!opt) throw std::runtime_error("NLopt could not create its optimiser");
  answer.algorithm = bobyqa ? "NLopt BOBYQA" : "NLopt Sbplx";
  Search search{&plan, &evaluator, opt.get(), false, {}};
  nlopt_set_lower_bounds1(opt.get(), 0.0);
  nlopt_set_upper_bounds1(opt.get(), 1.0);
  nlopt_set_min_objective(opt.get(), nlopt_objective, &search);
  nlopt_set_maxeval(opt.get(), std::max(1, plan.question.max_evaluations));
  nlopt_set_xtol_abs1(opt.get(), plan.question.step_tolerance);
  nlopt_set_stopval(opt.get(), 0.0);
  nlopt_set_initial_step1(opt.get(), 0.25);
  std::vector<double> u;
  for (std::size_t i = 0; i < n; ++i) u.push_back(position_of(plan.free[i], plan.start[i]));
  double f = 0;
  const nlopt_result r = nlopt_optimize(opt.get(), u.data(), &f);
  if (!search.error.empty()) throw std::runtime_error(search.error);
  answer.complete = !search.cancelled;
  answer.stop_reason = stop_reason(r, search.cancelled);
  if (r < 0 && r != NLOPT_FORCED_STOP && r != NLOPT_ROUNDOFF_LIMITED && !evaluator.best())
    throw std::runtime_error("NLopt failed: " + answer.stop_reason);
}

/// Moves each parameter alone to both ends of its range from the best point.
void check_flat_directions(const CalibrationPlan& plan, Evaluator& evaluator, CalibrationAnswer& answer) {
  const std::vector<double> best = evaluator.best()->values;
  evaluator.add_to_budget(static_cast<int>(3 * best.size()));
  const double threshold = 2 * answer.objective_noise;
  for (std::size_t i = 0; i < best.size(); ++i) {
    FittedParameter& p = answer.parameters[i];
    std::vector<double> at = best;
    at[i] = value_at(plan.free[i], 0.0);
    p.objective_at_low = evaluator.objective(at);
    at[i] = value_at(plan.free[i], 1.0);
    p.objective_at_high = evaluator.objective(at);
    const double change =
        std::max(std::abs(p.objective_at_low - answer.objective), std::abs(p.objective_at_high - answer.objective));
    p.identified = change > threshold;
  }
}

/// Each target's simulated mean relative to its published figure (0 where published is 0).
Eigen::VectorXd relative_means(const std::vector<CalibrationRow>& rows) {
  Eigen::VectorXd r(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    r[static_cast<Eigen::Index>(i)] =
        rows[i].target.published > 0 ? rows[i].simulated.mean / rows[i].target.published : 0.0;
  return r;
}

/// Standard errors of the fitted values (FittedParameter::standard_error): one forward step per
/// parameter from the best point.
void estimate_standard_errors(const CalibrationPlan& plan, Evaluator& evaluator, CalibrationAnswer& answer) {
  const std::vector<double> best = evaluator.best()->values;
  const std::vector<CalibrationRow> rows = evaluator.best()->rows;  // a copy: a step may find a better point
  const auto m = static_cast<Eigen::Index>(rows.size()), n = static_cast<Eigen::Index>(best.size());
  const Eigen::VectorXd at_best = relative_means(rows);
  Eigen::MatrixXd jacobian(m, n);
  evaluator.add_to_budget(static_cast<int>(best.size()));
  for (Eigen::Index j = 0; j < n; ++j) {
    const FreeParameter& f = plan.free[static_cast<std::size_t>(j)];
    double step = std::max(0.05 * (f.high - f.low), f.whole_number ? 1.0 : 0.0);
    if (best[j] + step > f.high) step = -step;
    std::vector<double> at = best;
    at[j] = f.whole_number ? std::round(best[j] + step) : best[j] + step;
    jacobian.col(j) = (relative_means(evaluator.rows(at).first) - at_best) / (at[j] - best[j]);
  }
  Eigen::VectorXd weight(m), noise(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const CalibrationRow& row = rows[static_cast<std::size_t>(i)];
    const double t = std::max(row.target.tolerance, 1e-6);
    const Estimate& e = row.simulated;
    const double se =
        e.n > 1 && row.target.published > 0 ? e.sd / std::sqrt(static_cast<double>(e.n)) / row.target.published : 0.0;
    weight[i] = row.target.published > 0 ? 1 / (t * t) : 0.0;
    noise[i] = se * se;
  }
  const Eigen::MatrixXd a = jacobian.transpose() * weight.asDiagonal() * jacobian;
  const Eigen::MatrixXd b =
      jacobian.transpose() * (weight.array().square() * noise.array()).matrix().asDiagonal() * jacobian;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  const bool invertible = lu.isInvertible() && lu.rcond() > 1e-12;
  const Eigen::MatrixXd inverse = invertible ? Eigen::MatrixXd(lu.inverse()) : Eigen::MatrixXd::Zero(n, n);
  const Eigen::MatrixXd covariance = inverse * b * inverse;
  for (Eigen::Index j = 0; j < n; ++j) {
    FittedParameter& p = answer.parameters[static_cast<std::size_t>(j)];
    p.standard_error = invertible ? std::sqrt(std::max(0.0, covariance(j, j))) : nan;
    p.ci_low = p.value - 1.96 * p.standard_error;
    p.ci_high = p.value + 1.96 * p.standard_error;
  }
}

std::string yaml_quoted(const std::string& text) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << text;
  return out.c_str();
}

/// The keys of a --set path as nested YAML: "violations.x.detection_probability" is the item
/// named x of the list violations.
struct YamlTree {
  std::map<std::string, std::string> leaves;                     ///< key -> "{value: ..., calibrated: ...}"
  std::map<std::string, YamlTree> sections;                      ///< plain sections
  std::map<std::string, std::map<std::string, YamlTree>> lists;  ///< list -> item name -> its keys

  void add(const std::vector<std::string>& parts, std::size_t at, const std::string& leaf) {
    if (at + 1 == parts.size()) {
      leaves[parts[at]] = leaf;
    } else if (at == 0 && parts.size() >= 3 &&
               (parts[0] == "regions" || parts[0] == "size_classes" || parts[0] == "segments" ||
                parts[0] == "violations")) {
      lists[parts[0]][parts[1]].add(parts, 2, leaf);
    } else {
      sections[parts[at]].add(parts, at + 1, leaf);
    }
  }

  void write(std::string& out, int indent) const {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (const auto& [key, leaf] : leaves) out += fmt::format("{}{}: {}\n", pad, key, leaf);
    for (const auto& [key, tree] : sections) {
      out += fmt::format("{}{}:\n", pad, key);
      tree.write(out, indent + 2);
    }
    for (const auto& [list, items] : lists) {
      out += fmt::format("{}{}:\n", pad, list);
      for (const auto& [name, tree] : items) {
        out += fmt::format("{}  - name: {}\n", pad, name);
        tree.write(out, indent + 4);
      }
    }
  }
};

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

}  // namespace

CalibrationAlgorithm parse_calibration_algorithm(const std::string& text) {
  if (text == "sbplx") return CalibrationAlgorithm::sbplx;
  if (text == "bobyqa") return CalibrationAlgorithm::bobyqa;
  throw std::invalid_argument(fmt::format("expected sbplx or bobyqa, found '{}'", text));
}

CalibrationPlan plan_calibration(const CalibrationQuestion& question) {
  if (!question.spec.variant_path.empty()) throw std::invalid_argument("calibration fits one scenario, not a variant");
  CalibrationPlan plan{question, load_scenario(question.spec.scenario_path, question.spec.common), {}, {}};
  check_calibration(plan.scenario);
  plan.free = plan.scenario.calibration_free;
  if (plan.scenario.calibration.empty())
    throw std::invalid_argument("the scenario has no calibration.targets: nothing to fit to");
  if (plan.free.empty()) throw std::invalid_argument("the scenario has no calibration.free: no parameter to fit");
  if (!question.start.empty() && question.start.size() != plan.free.size())
    throw std::invalid_argument(fmt::format("expected {} start values, one per free parameter, found {}",
                                            plan.free.size(), question.start.size()));
  for (std::size_t i = 0; i < plan.free.size(); ++i) {
    const FreeParameter& f = plan.free[i];
    const double start = question.start.empty() ? scenario_value(plan.scenario, f) : question.start[i];
    if (!question.start.empty() && !(f.low <= start && start <= f.high))
      throw std::invalid_argument(
          fmt::format("start value {} of {} outside its range [{}, {}]", start, f.key, f.low, f.high));
    plan.start.push_back(value_at(f, position_of(f, start)));
  }
  return plan;
}

double calibration_objective(const std::vector<CalibrationRow>& rows) {
  double sum = 0;
  for (const CalibrationRow& row : rows) {
    if (std::isnan(row.gap)) continue;
    const double t = std::max(row.target.tolerance, 1e-6);
    sum += (row.gap / t) * (row.gap / t);
  }
  return sum;
}

double root_mean_square_gap(const std::vector<CalibrationRow>& rows) {
  double sum = 0;
  int n = 0;
  for (const CalibrationRow& row : rows)
    if (!std::isnan(row.gap)) sum += row.gap * row.gap, ++n;
  return n > 0 ? std::sqrt(sum / n) : nan;
}

CalibrationAnswer calibrate(const CalibrationPlan& plan, const CalibrateOptions& options) {
  Evaluator evaluator(plan, options, plan.question.max_evaluations + 3 * static_cast<int>(plan.free.size()));
  CalibrationAnswer answer;
  try {
    answer.start_objective = evaluator.objective(plan.start);
    optimise(plan, evaluator, answer);
  } catch (const Cancelled&) {
    answer.complete = false;
    answer.stop_reason = "stopped by a signal: the best point so far";
  }
  if (!evaluator.best()) throw Cancelled();  // stopped before the first evaluation finished: nothing to keep
  const auto take_best = [&] {
    answer.best = evaluator.best()->run;
    answer.rows = evaluator.best()->rows;
    answer.objective = evaluator.best()->objective;
    answer.objective_noise = objective_noise(answer.rows);
    answer.parameters.clear();
    for (std::size_t i = 0; i < plan.free.size(); ++i)
      answer.parameters.push_back(
          {plan.free[i], plan.start[i], evaluator.best()->values[i], nan, nan, true, nan, nan, nan});
  };
  take_best();
  if (answer.complete) {
    try {
      check_flat_directions(plan, evaluator, answer);
      if (evaluator.best()->objective < answer.objective) {  // an end of a range fits better: keep it
        std::vector<FittedParameter> checked = answer.parameters;
        take_best();
        for (std::size_t i = 0; i < checked.size(); ++i) {
          answer.parameters[i].objective_at_low = checked[i].objective_at_low;
          answer.parameters[i].objective_at_high = checked[i].objective_at_high;
          answer.parameters[i].identified = checked[i].identified;
        }
        answer.stop_reason += "; an end of a range fitted better and was kept";
      }
      estimate_standard_errors(plan, evaluator, answer);
    } catch (const Cancelled&) {
      answer.complete = false;
      answer.stop_reason = "stopped by a signal during the flat-direction checks: the best point so far";
      take_best();
    }
  }
  answer.evaluations = evaluator.evaluations();
  answer.date = today_utc();
  return answer;
}

std::string calibrated_scenario_yaml(const CalibrationAnswer& answer, const std::string& output_path) {
  namespace fs = std::filesystem;
  const Scenario& s = answer.best.scenario;
  const fs::path folder = fs::absolute(fs::path(output_path)).parent_path();
  const std::string base = fs::absolute(fs::path(s.file)).lexically_normal().lexically_relative(folder).string();
  std::vector<std::string> metrics;
  for (const CalibrationRow& row : answer.rows) metrics.push_back(row.target.metric);
  const std::string provenance = fmt::format(
      "to the targets ({}), {}, seed {}, {} replications of {} years, gap {:.1f}% (root mean square){}",
      fmt::join(metrics, ", "), answer.date, s.simulation.seed, s.simulation.replications, s.simulation.years,
      100 * root_mean_square_gap(answer.rows), answer.complete ? "" : ", stopped early");
  YamlTree tree;
  for (const FittedParameter& p : answer.parameters) {
    const std::string key = p.free.key == "inspectors" ? "inspectorate.inspectors" : p.free.key;
    const std::string value = p.free.whole_number ? fmt::format("{:.0f}", p.value) : fmt::format("{:.6g}", p.value);
    tree.add(split_key(key), 0, fmt::format("{{value: {}, calibrated: {}}}", value, yaml_quoted(provenance)));
  }
  std::string out = fmt::format(
      "# Written by `inspectsim calibrate` on {} ({}, {} evaluations, {}): the free parameters of\n# {} fitted to its "
      "calibration targets.\n",
      answer.date, answer.algorithm, answer.evaluations, answer.stop_reason, s.file);
  out += fmt::format("extends: {}\n", yaml_quoted(base));
  out += fmt::format("name: {}\n", yaml_quoted(s.name + "-calibrated"));
  out += fmt::format("title: {}\n", yaml_quoted((s.title.empty() ? s.name : s.title) + " (calibrated)"));
  tree.write(out, 0);
  return out;
}

}  // namespace inspectsim
