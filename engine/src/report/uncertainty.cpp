// Reports of uncertainty over assumptions.

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "inspectsim/report/uncertainty_report.hpp"
#include "report/csv_fields.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

const char* design_word(DesignKind d) { return d == DesignKind::sobol ? "sobol" : "lhs"; }

/// NaN as JSON null.
ordered_json number_json(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

/// The share of a metric's variance over the points that the assumptions explain.
double assumption_share(const MetricUncertainty& m) {
  return m.total_variance > 0 ? m.assumption_variance / m.total_variance : std::nan("");
}

std::string percent(double share) { return std::isfinite(share) ? fmt::format("{:.0f}%", 100 * share) : "n/a"; }

std::string title(const UncertaintyAnswer& a) {
  return a.variant.empty() ? a.scenario
                           : fmt::format("{} - {} (paired difference, variant - base)", a.variant, a.scenario);
}

std::string table(const UncertaintyAnswer& a) {
  std::string out = fmt::format(
      "Uncertainty over assumptions: {}\n{} points ({} design) over {} ranged numbers ({} with a stated range, {} "
      "over the default x0.5-x1.5), {} replications each, common random numbers\n"
      "median and 90% interval over the points; 'assumptions' is the share of the variance across points that "
      "is not simulation noise\n\n",
      title(a), a.points, design_word(a.design), a.ranged_inputs + a.defaulted_inputs, a.ranged_inputs,
      a.defaulted_inputs, a.replications);
  const bool difference = !a.variant.empty();
  out += fmt::format("  {:<36} {:>14} {:>30} {:>12}{}   {}\n", "metric", "median", "90% interval", "assumptions",
                     difference ? fmt::format(" {:>11}", "sign kept") : "", "unit");
  for (const MetricUncertainty& m : a.metrics) {
    out +=
        fmt::format("  {:<36} {:>14} {:>30} {:>12}{}   {}\n", m.metric, format_number(m.median),
                    fmt::format("[{}, {}]", format_number(m.p05), format_number(m.p95)), percent(assumption_share(m)),
                    difference ? fmt::format(" {:>11}", percent(m.sign_kept_share)) : "", m.unit);
  }
  return out;
}

std::string json(const UncertaintyAnswer& a) {
  ordered_json j;
  j["uncertainty"] = {{"scenario", a.scenario},
                      {"variant", a.variant.empty() ? ordered_json(nullptr) : ordered_json(a.variant)},
                      {"design", design_word(a.design)},
                      {"points", a.points},
                      {"replications", a.replications},
                      {"ranged_inputs", a.ranged_inputs},
                      {"defaulted_inputs", a.defaulted_inputs}};
  ordered_json metrics = ordered_json::array();
  for (const MetricUncertainty& m : a.metrics)
    metrics.push_back({{"metric", m.metric},
                       {"unit", m.unit},
                       {"points", m.points},
                       {"median", number_json(m.median)},
                       {"p05", number_json(m.p05)},
                       {"p95", number_json(m.p95)},
                       {"mean", number_json(m.mean)},
                       {"total_variance", number_json(m.total_variance)},
                       {"noise_variance", number_json(m.noise_variance)},
                       {"assumption_variance", number_json(m.assumption_variance)},
                       {"sign_kept_share", number_json(m.sign_kept_share)}});
  j["metrics"] = metrics;
  ordered_json inputs = ordered_json::array();
  for (const RangedInput& in : a.inputs)
    inputs.push_back({{"input", in.key},
                      {"in_base", in.in_base},
                      {"in_variant", in.in_variant},
                      {"value", in.value},
                      {"spread", in.spread == Provenance::Spread::defaulted ? "default" : "ranged"},
                      {"range", json_parts::range_json(in.range)},
                      {"where", in.where},
                      {"note", in.note}});
  j["inputs"] = inputs;
  return j.dump(2) + "\n";
}

std::string csv_report(const UncertaintyAnswer& a) {
  std::string out =
      "metric,unit,points,median,p05,p95,mean,total_variance,noise_variance,assumption_variance,sign_kept_share\n";
  for (const MetricUncertainty& m : a.metrics)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv::text(m.metric), csv::text(m.unit), m.points,
                       csv::number(m.median), csv::number(m.p05), csv::number(m.p95), csv::number(m.mean),
                       csv::number(m.total_variance), csv::number(m.noise_variance), csv::number(m.assumption_variance),
                       csv::number(m.sign_kept_share));
  return out;
}

}  // namespace

std::string render(const UncertaintyAnswer& answer, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return json(answer);
    case ReportFormat::csv: return csv_report(answer);
    case ReportFormat::xlsx:
      throw std::invalid_argument("no spreadsheet of an uncertainty report yet: expected table, json or csv");
    case ReportFormat::table: break;
  }
  return table(answer);
}

}  // namespace inspectsim
