#include "inspectsim/experiment/staffing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

#include "inspectsim/scenario/error.hpp"

namespace inspectsim {

namespace {

[[noreturn]] void bad_target(const std::string& text, const std::string& key, const std::string& problem) {
  throw ScenarioError({"--target " + text, 0, 0}, key, problem);
}

std::string trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// Runs the scenario with `n` inspectors; results cached so no count runs twice.
class Evaluator {
 public:
  Evaluator(const StaffingQuestion& q, const std::vector<MetricRef>& metrics, const RunOptions& options,
            const std::function<void(const StaffingStep&)>& on_step, std::vector<StaffingStep>& path)
      : q_(q), files_(q.scenario_path), metrics_(metrics), options_(options), on_step_(on_step), path_(path) {}

  bool met(int n) { return step(n).met; }

  const RunResult& result(int n) {
    step(n);
    return runs_.at(n);
  }

 private:
  const StaffingStep& step(int n) {
    if (const auto it = steps_.find(n); it != steps_.end()) return it->second;
    std::vector<Override> overrides = q_.common;
    overrides.push_back({"inspectors", std::to_string(n), fmt::format("the staffing search ({} inspectors)", n)});
    RunResult run = run_experiment(load_scenario(files_, overrides), options_);
    StaffingStep s{n, true, {}};
    for (std::size_t t = 0; t < q_.targets.size(); ++t) {
      s.targets.push_back(metrics_[t].in(run.summary));
      s.met = s.met && target_met(q_.targets[t], s.targets.back());
    }
    runs_.emplace(n, std::move(run));
    path_.push_back(s);
    if (on_step_) on_step_(s);
    return steps_.emplace(n, std::move(s)).first->second;
  }

  const StaffingQuestion& q_;
  const ScenarioFiles files_;  ///< read once: every count tried loads from the same text
  const std::vector<MetricRef>& metrics_;
  const RunOptions& options_;
  const std::function<void(const StaffingStep&)>& on_step_;
  std::vector<StaffingStep>& path_;
  std::map<int, StaffingStep> steps_;
  std::map<int, RunResult> runs_;
};

/// The search sets inspectorate.inspectors; a timeline entry that sets inspectors fixes the
/// count from its year on, so no count searched could change those years.
void refuse_timeline_inspectors(const Scenario& s) {
  for (const auto& [key, p] : s.provenance) {
    if (key.rfind("timeline[", 0) != 0 || !key.ends_with("].inspectors")) continue;
    throw ScenarioError({p.file, p.line, p.column}, key,
                        fmt::format("expected a timeline that leaves the number of inspectors to the staffing search, "
                                    "found {} inspectors set here from that year on (no count searched would change "
                                    "them); remove this entry, or use `sweep --vary inspectors=...`",
                                    p.value));
  }
}

}  // namespace

StaffingTarget parse_target(const std::string& text) {
  std::size_t at = text.find(">=");
  bool at_least = true;
  if (at == std::string::npos) {
    at = text.find("<=");
    at_least = false;
  }
  if (at == std::string::npos)
    bad_target(text, "", "expected METRIC>=VALUE or METRIC<=VALUE, e.g. --target 'forced_labour.detected_share>=0.05'");
  StaffingTarget t{trim(text.substr(0, at)), at_least, 0, text};
  const std::string value = trim(text.substr(at + 2));
  if (t.metric.empty()) bad_target(text, "", "expected a metric name before the comparison, e.g. detected_share>=0.05");
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, t.value);
  if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(t.value))
    bad_target(
        text, t.metric,
        fmt::format("expected a number after '{}', in the metric's unit; found '{}'", at_least ? ">=" : "<=", value));
  return t;
}

bool target_met(const StaffingTarget& target, const Estimate& e) {
  if (std::isnan(e.ci_low) || std::isnan(e.ci_high)) return false;
  return target.at_least ? e.ci_low >= target.value : e.ci_high <= target.value;
}

StaffingAnswer find_staffing(const StaffingQuestion& q, const RunOptions& options,
                             const std::function<void(const StaffingStep&)>& on_step) {
  if (q.targets.empty()) throw ScenarioError({"--target", 0, 0}, "", "expected at least one --target METRIC>=VALUE");
  const Scenario base = load_scenario(q.scenario_path, q.common);
  refuse_timeline_inspectors(base);
  StaffingAnswer a;
  a.targets = q.targets;
  for (const StaffingTarget& t : q.targets) {
    try {
      a.target_metrics.push_back(find_metric(base, t.metric));
    } catch (const std::invalid_argument& e) {
      bad_target(t.text, t.metric, e.what());
    }
  }
  a.min_inspectors = q.min_inspectors;
  a.max_inspectors =
      q.max_inspectors > 0 ? q.max_inspectors : std::max({100, 10 * base.base_policy.inspectors, q.min_inspectors});
  if (a.min_inspectors < 1 || a.min_inspectors > a.max_inspectors)
    throw ScenarioError(
        {"--min", 0, 0}, "",
        fmt::format("expected 1 <= --min <= --max, found --min {} and --max {}", a.min_inspectors, a.max_inspectors));

  Evaluator eval(q, a.target_metrics, options, on_step, a.path);
  // Bracket the answer in (lo, hi] from the scenario's own count: lo fails (or is below the range), hi meets.
  const int start = std::clamp(base.base_policy.inspectors, a.min_inspectors, a.max_inspectors);
  int lo = a.min_inspectors - 1, hi = 0;
  if (eval.met(start)) {
    hi = start;
    while (hi > a.min_inspectors) {
      const int c = std::max(a.min_inspectors, hi / 2);
      if (!eval.met(c)) {
        lo = c;
        break;
      }
      hi = c;
    }
  } else {
    lo = start;
    while (lo < a.max_inspectors) {
      const int c = std::min(a.max_inspectors, std::max(lo + 1, 2 * lo));
      if (eval.met(c)) {
        hi = c;
        break;
      }
      lo = c;
    }
    if (hi == 0) {
      a.found = false;
      a.inspectors = a.max_inspectors;
      a.at_answer = eval.result(a.max_inspectors);
      if (std::string w = under_used_warning(*a.at_answer); !w.empty()) a.warnings.push_back(std::move(w));
      return a;
    }
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    if (eval.met(mid))
      hi = mid;
    else
      lo = mid;
  }
  a.found = true;
  a.inspectors = hi;
  a.at_answer = eval.result(hi);
  if (lo >= a.min_inspectors) a.below = eval.result(lo);
  if (std::string w = under_used_warning(*a.at_answer); !w.empty()) a.warnings.push_back(std::move(w));
  return a;
}

std::string under_used_warning(const RunResult& run) {
  const Scenario& s = run.scenario;
  const auto metric = [&](const char* name) {
    return run.summary.global.at(metric_index(global_metrics(), name)).mean;
  };
  const double used = metric("inspector_utilisation");
  const double available = s.inspectorate.inspection_time_share;
  if (!(used < under_used_threshold * available)) return "";  // NaN (no inspectors): nothing to say
  const bool fixed_plan = s.policy_by_year.empty() ? s.base_policy.plan.mode == PlanMode::fixed
                                                   : s.policy_by_year.back().plan.mode == PlanMode::fixed;
  std::string w = fmt::format(
      "inspectors under-used: with {} inspectors they spend {:.1f}% of their working time on visits and travel, "
      "of the {:.1f}% other duties leave them; about {:.0f} visits a year they could make ({:.0f}) are not made",
      s.base_policy.inspectors, 100 * used, 100 * available, metric("capacity_visits") - metric("inspections"),
      metric("capacity_visits"));
  if (fixed_plan)
    w += "; the annual plan is fixed (policy.plan.mode: fixed), so extra inspectors wait for complaints: "
         "--set policy.plan.mode=capacity lets planned visits fill their time";
  return w;
}

}  // namespace inspectsim
