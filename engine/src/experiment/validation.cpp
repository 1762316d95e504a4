// The validation suite. Each case is a scenario file from scenarios/validation/ with a few
// overrides; its simulated metrics are compared with the closed form they reduce to.

#include "inspectsim/experiment/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "inspectsim/experiment/experiment.hpp"
#include "inspectsim/scenario/loader.hpp"
#include "inspectsim/stats/closed_forms.hpp"

namespace inspectsim {

namespace {

constexpr double acceptance_half_widths = 1.68;  // 99.9% / 95% normal quantiles: 3.29 / 1.96

struct Context {
  const ValidationOptions& options;
  std::vector<ValidationCheck> checks;

  Scenario load(const std::string& file, std::vector<Override> overrides) const {
    return load_scenario(options.scenario_dir + "/" + file, overrides);
  }
  RunResult run(const Scenario& s, const std::string& name) const {
    if (options.on_case) options.on_case(name);
    return run_experiment(s, {options.threads, {}, options.cancel});
  }
  /// Adds a check of a simulated estimate against a formula's value.
  void add(std::string model, std::string quantity, std::string formula, double expected, const Estimate& simulated) {
    const double exact_tolerance = 1e-9 * std::max(1.0, std::abs(expected));
    const double tolerance = std::max(acceptance_half_widths * (simulated.ci_high - simulated.mean), exact_tolerance);
    checks.push_back(
        {std::move(model), std::move(quantity), std::move(formula), expected, simulated, tolerance, false});
  }
};

const Estimate& global(const RunResult& r, const std::string& name) {
  return r.summary.global[metric_index(global_metrics(), name)];
}

/// Per-replication values of a global metric.
Eigen::VectorXd per_replication(const RunResult& r, const std::string& name) {
  const std::size_t i = metric_index(global_metrics(), name);
  Eigen::VectorXd v(static_cast<Eigen::Index>(r.replications.size()));
  for (std::size_t k = 0; k < r.replications.size(); ++k) v[static_cast<Eigen::Index>(k)] = r.replications[k].global[i];
  return v;
}

std::string number(double x) { return fmt::format("{}", x); }

void queue_checks(Context& ctx) {
  constexpr double entities = 100000;   // as in mmc_queue.yaml
  constexpr double service_rate = 1.0;  // per day: visits take 1 day on average
  struct Case {
    int servers;
    double load;
  };
  const Case cases[] = {{1, 0.5}, {1, 0.8}, {1, 0.95}, {5, 0.5}, {5, 0.8}, {5, 0.95}, {30, 0.8}, {30, 0.95}};
  for (const Case& c : cases) {
    const double arrivals_per_day = c.load * c.servers * service_rate;
    // Heavier loads relax slowly: longer runs and more replications keep the CI near 2%.
    const double customers_per_year = arrivals_per_day * days_per_year;
    const int replications = ctx.options.quick ? 10 : (c.load > 0.9 ? 300 : c.load > 0.7 ? 150 : 40);
    const double customers_wanted = ctx.options.quick ? 20000 : 120000;
    const int years = std::clamp(static_cast<int>(customers_wanted / customers_per_year), 5, 200);
    const int warmup = c.load > 0.9 && c.servers == 1 ? 5 : 1;
    const Scenario s =
        ctx.load("mmc_queue.yaml",
                 {{"inspectors", number(c.servers)},
                  {"complaints.unfounded_rate_per_entity_year", number(arrivals_per_day * days_per_year / entities)},
                  {"simulation.years", number(years)},
                  {"simulation.warmup_years", number(warmup)},
                  {"simulation.replications", number(replications)}});
    const std::string model = fmt::format("M/M/c queue, c = {}, rho = {}", c.servers, c.load);
    const RunResult r = ctx.run(s, model);
    const double a = arrivals_per_day / service_rate;
    ctx.add(model, "mean wait W_q (days)", "C(c, a) / (c mu - lambda)",
            closed_form::mmc_mean_wait(c.servers, arrivals_per_day, service_rate), global(r, "complaint_wait_days"));
    ctx.add(model, "share of complaints that wait", "C(c, a)", closed_form::erlang_c(c.servers, a),
            global(r, "complaint_waited_share"));
    // Little's law on the simulated queue itself: L = lambda W, replication by replication.
    const Eigen::VectorXd length = per_replication(r, "complaint_queue_length");
    const Eigen::VectorXd little = (per_replication(r, "complaint_inspections") / days_per_year)
                                       .cwiseProduct(per_replication(r, "complaint_wait_days"));
    const Estimate difference = estimate(length - little);
    ctx.add(model, "Little's law: mean queue L_q", "lambda W_q (both simulated)", little.mean(), estimate(length));
    ctx.checks.back().tolerance = std::max(acceptance_half_widths * (difference.ci_high - difference.mean), 1e-9);
  }
}

void prevalence_checks(Context& ctx) {
  const Scenario s = ctx.load("two_state_prevalence.yaml", {{"simulation.replications", ctx.options.quick ? "8" : "40"},
                                                            {"simulation.years", ctx.options.quick ? "4" : "10"}});
  const RunResult r = ctx.run(s, "two-state Markov chain");
  double none = 1.0;
  double workers = 0;
  for (const Segment& seg : s.segments) workers += static_cast<double>(seg.entities) * seg.workers_per_entity;
  for (std::size_t k = 0; k < s.violations.size(); ++k) {
    const ViolationType& v = s.violations[k];
    const double p = closed_form::two_state_prevalence(v.onset_rate_per_year / days_per_year, v.mean_duration_days);
    none *= 1 - p;
    const std::string model = fmt::format("no inspections: {} (a = {}/year, T = {} days)", v.name,
                                          v.onset_rate_per_year, v.mean_duration_days);
    const auto& by = r.summary.by_violation[k];
    ctx.add(model, "prevalence", "a / (a + 1/T)", p, by[metric_index(violation_metrics(), "prevalence")]);
    ctx.add(model, "worker exposure (worker-years/year)", "prevalence x workers x exposed share",
            p * workers * v.exposed_share, by[metric_index(violation_metrics(), "worker_exposure")]);
  }
  ctx.add("no inspections: any of the violation types", "prevalence of at least one", "1 - prod(1 - p_k)", 1 - none,
          global(r, "prevalence"));
}

void detection_checks(Context& ctx) {
  const char* replications = ctx.options.quick ? "8" : "40";
  for (const bool notice : {false, true}) {
    std::vector<Override> overrides{{"simulation.replications", replications}};
    if (notice) overrides.push_back({"policy.notice.planned", "prior"});
    const Scenario s = ctx.load("poisson_detection.yaml", overrides);
    const ViolationType& v = s.violations[0];
    const Policy& p = s.base_policy;
    const double entities = static_cast<double>(s.total_entities());
    const double visit_rate_per_day =
        p.plan.inspections_per_inspector_per_year * p.inspectors / entities / days_per_year;
    const double hidden = notice ? v.concealability : 0.0;
    const std::string model =
        fmt::format("Poisson visits, r = {:.3g}/entity-year, d = {}, T = {} days{}", visit_rate_per_day * days_per_year,
                    v.detection_probability, v.mean_duration_days,
                    notice ? fmt::format(", prior notice with concealment p = {}", v.concealability) : "");
    const RunResult r = ctx.run(s, model);
    ctx.add(model, "detected share of episodes", notice ? "r d (1-p) / (r d (1-p) + 1/T)" : "r d / (r d + 1/T)",
            closed_form::detected_share(visit_rate_per_day, v.detection_probability, hidden, v.mean_duration_days),
            global(r, "detected_share"));
  }
}

void coverage_checks(Context& ctx) {
  for (const bool repeat : {false, true}) {
    const Scenario s = ctx.load("coverage.yaml", {{"policy.plan.sampling", repeat ? "with_replacement" : "distinct"},
                                                  {"simulation.replications", ctx.options.quick ? "5" : "20"}});
    const double visits = s.base_policy.plan.inspections_per_inspector_per_year * s.base_policy.inspectors;
    const double entities = static_cast<double>(s.total_entities());
    const std::string model = fmt::format("annual plan of K = {} visits over N = {} entities, {}", visits, entities,
                                          repeat ? "drawn independently" : "distinct entities");
    const RunResult r = ctx.run(s, model);
    ctx.add(model, "coverage (share visited in a year)", repeat ? "1 - (1 - 1/N)^K" : "K / N",
            repeat ? closed_form::coverage_with_replacement(visits, entities)
                   : closed_form::coverage_distinct(visits, entities),
            global(r, "coverage"));
  }
}

void common_random_numbers_checks(Context& ctx) {
  // Two close policies (detection 0.80 against 0.84): paired on the same streams, and unpaired
  // (the variant with another seed). Common random numbers must cut the variance at least 4-fold.
  const char* replications = ctx.options.quick ? "10" : "40";
  const Scenario base = ctx.load("poisson_detection.yaml", {{"simulation.replications", replications}});
  const Scenario variant = ctx.load("poisson_detection.yaml", {{"simulation.replications", replications},
                                                               {"violations.hideable.detection_probability", "0.84"}});
  const Scenario unpaired = ctx.load("poisson_detection.yaml", {{"simulation.replications", replications},
                                                                {"violations.hideable.detection_probability", "0.84"},
                                                                {"simulation.seed", "9083"}});
  const std::string model = "compare: detection 0.80 vs 0.84 (poisson_detection.yaml)";
  if (ctx.options.on_case) ctx.options.on_case(model);
  const RunOptions run_options{ctx.options.threads, {}, ctx.options.cancel};
  const CompareResult paired = compare_experiments(base, variant, run_options);
  const RunResult independent = run_experiment(unpaired, run_options);
  const Eigen::VectorXd base_values = per_replication(paired.base, "detections");
  const auto variance = [](const Eigen::VectorXd& x) {
    return (x.array() - x.mean()).square().sum() / static_cast<double>(x.size() - 1);
  };
  const double paired_variance = variance(per_replication(paired.variant, "detections") - base_values);
  const double independent_variance = variance(per_replication(independent, "detections") - base_values);
  Estimate ratio;
  ratio.mean = ratio.ci_low = ratio.ci_high = independent_variance / paired_variance;
  ratio.n = static_cast<int>(base_values.size());
  ctx.checks.push_back(
      {model, "variance of the difference in detections: independent / paired", "at least 4", 4.0, ratio, 0.0, true});
}

}  // namespace

bool ValidationCheck::inside_ci95() const {
  if (at_least) return simulated.mean >= expected;
  const bool exact = std::abs(simulated.mean - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
  return exact || (simulated.ci_low <= expected && expected <= simulated.ci_high);
}

bool ValidationCheck::passed() const {
  if (at_least) return simulated.mean >= expected;
  return std::abs(simulated.mean - expected) <= tolerance;
}

double ValidationCheck::relative_half_width() const {
  return expected != 0 ? (simulated.ci_high - simulated.mean) / std::abs(expected) : std::nan("");
}

std::vector<ValidationCheck> run_validation(ValidationGroup group, const ValidationOptions& options) {
  Context ctx{options, {}};
  switch (group) {
    case ValidationGroup::queue: queue_checks(ctx); break;
    case ValidationGroup::prevalence: prevalence_checks(ctx); break;
    case ValidationGroup::detection: detection_checks(ctx); break;
    case ValidationGroup::coverage: coverage_checks(ctx); break;
    case ValidationGroup::common_random_numbers: common_random_numbers_checks(ctx); break;
  }
  return ctx.checks;
}

std::vector<ValidationCheck> run_validation(const ValidationOptions& options) {
  std::vector<ValidationCheck> all;
  for (ValidationGroup g : all_validation_groups) {
    auto checks = run_validation(g, options);
    all.insert(all.end(), checks.begin(), checks.end());
  }
  return all;
}

std::string validation_table(const std::vector<ValidationCheck>& checks) {
  std::string out =
      "| model | quantity | formula | formula value | simulated mean | 95% CI | CI half-width | in 95% CI | result |\n"
      "|---|---|---|---:|---:|---|---:|:---:|:---:|\n";
  for (const ValidationCheck& c : checks) {
    const std::string half = c.at_least ? "" : fmt::format("{:.2f}%", 100 * c.relative_half_width());
    out += fmt::format("| {} | {} | {} | {:.6g} | {:.6g} | [{:.6g}, {:.6g}] | {} | {} | {} |\n", c.model, c.quantity,
                       c.formula, c.expected, c.simulated.mean, c.simulated.ci_low, c.simulated.ci_high, half,
                       c.inside_ci95() ? "yes" : "no", c.passed() ? "pass" : "FAIL");
  }
  return out;
}

}  // namespace inspectsim
