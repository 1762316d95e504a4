// Reports of sensitivity over assumptions: the ranking, the tornado, the Sobol indices.

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "inspectsim/report/sensitivity_report.hpp"
#include "report/csv_fields.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

ordered_json number_json(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

std::string spread_word(const RangedInput& in) {
  return in.spread == Provenance::Spread::defaulted ? "default" : "ranged";
}

std::string index_text(const IndexEstimate& e) {
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", e.value, e.ci_low, e.ci_high);
}

std::string input_name(const RangedInput& in) { return in.in_base ? in.key : in.key + " (variant)"; }

std::string metric_table(const SensitivityAnswer& a, const MetricSensitivity& m) {
  std::string out =
      fmt::format("{} [{}]: {} with every input at its value; an effect below {} is the size of simulation noise\n",
                  m.metric, m.unit, format_number(m.at_values), format_number(m.noise_effect));
  out += fmt::format("  {:>4} {:<56} {:>11} {:>11} {:>11} {:>25} {:>19} {:>19}  {}\n", "rank", "input", "mu*", "mu",
                     "sigma", "tornado low -> high", "S1 [95% CI]", "ST [95% CI]", "range");
  int rank = 0;
  for (const InputSensitivity& s : m.ranking) {
    const RangedInput& in = a.inputs[s.input];
    out += fmt::format("  {:>4} {:<56} {:>11} {:>11} {:>11} {:>25} {:>19} {:>19}  {}\n", ++rank, input_name(in),
                       format_number(s.morris.mu_star), format_number(s.morris.mu), format_number(s.morris.sigma),
                       fmt::format("{} -> {}", format_number(s.at_low), format_number(s.at_high)),
                       s.has_sobol ? index_text(s.first_order) : "", s.has_sobol ? index_text(s.total) : "",
                       range_text(in));
  }
  return out + "\n";
}

std::string title(const SensitivityAnswer& a) {
  return a.variant.empty() ? a.scenario
                           : fmt::format("{} - {} (paired difference, variant - base)", a.variant, a.scenario);
}

std::string table(const SensitivityAnswer& a) {
  std::string out = fmt::format(
      "Sensitivity over assumptions: {}\n{} ranged numbers; {} design points of {} replications each, common random "
      "numbers\nmu*: mean absolute change of the metric when one input moves by half its range (in probability); "
      "sigma: how much that change varies (interactions, curvature, noise)\ntornado: the metric at the input's low "
      "and high end, the others at their values; S1, ST: first-order and total Sobol indices of the top {} "
      "(ranked by {})\n\n",
      title(a), a.inputs.size(), a.model_points, a.replications, a.sobol_inputs.size(),
      a.metrics.empty() ? "" : a.metrics.front().metric);
  for (const MetricSensitivity& m : a.metrics) out += metric_table(a, m);
  return out;
}

ordered_json index_json(const IndexEstimate& e) {
  return {{"value", number_json(e.value)}, {"ci_low", number_json(e.ci_low)}, {"ci_high", number_json(e.ci_high)}};
}

std::string json(const SensitivityAnswer& a) {
  ordered_json j;
  j["sensitivity"] = {{"scenario", a.scenario},
                      {"variant", a.variant.empty() ? ordered_json(nullptr) : ordered_json(a.variant)},
                      {"replications", a.replications},
                      {"design_points", a.model_points},
                      {"inputs", a.inputs.size()}};
  ordered_json metrics = ordered_json::array();
  for (const MetricSensitivity& m : a.metrics) {
    ordered_json ranking = ordered_json::array();
    for (const InputSensitivity& s : m.ranking) {
      const RangedInput& in = a.inputs[s.input];
      ordered_json row = {{"input", in.key},
                          {"in_base", in.in_base},
                          {"in_variant", in.in_variant},
                          {"value", in.value},
                          {"spread", spread_word(in)},
                          {"range", json_parts::range_json(in.range)},
                          {"where", in.where},
                          {"note", in.note},
                          {"mu_star", number_json(s.morris.mu_star)},
                          {"mu", number_json(s.morris.mu)},
                          {"sigma", number_json(s.morris.sigma)},
                          {"at_low", number_json(s.at_low)},
                          {"at_high", number_json(s.at_high)}};
      if (s.has_sobol) {
        row["first_order"] = index_json(s.first_order);
        row["total"] = index_json(s.total);
      }
      ranking.push_back(row);
    }
    metrics.push_back({{"metric", m.metric},
                       {"unit", m.unit},
                       {"at_values", number_json(m.at_values)},
                       {"noise_effect", number_json(m.noise_effect)},
                       {"sobol_variance", number_json(m.sobol_variance)},
                       {"ranking", ranking}});
  }
  j["metrics"] = metrics;
  return j.dump(2) + "\n";
}

std::string csv_report(const SensitivityAnswer& a) {
  std::string out =
      "metric,unit,rank,input,in_base,in_variant,value,spread,low,high,mu_star,mu,sigma,at_low,at_high,"
      "first_order,first_order_ci_low,first_order_ci_high,total,total_ci_low,total_ci_high\n";
  for (const MetricSensitivity& m : a.metrics) {
    int rank = 0;
    for (const InputSensitivity& s : m.ranking) {
      const RangedInput& in = a.inputs[s.input];
      const auto index = [&](const IndexEstimate& e) {
        return s.has_sobol ? fmt::format("{},{},{}", e.value, e.ci_low, e.ci_high) : std::string(",,");
      };
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv::text(m.metric), csv::text(m.unit),
                         ++rank, csv::text(in.key), in.in_base, in.in_variant, in.value, spread_word(in), input_low(in),
                         input_high(in), csv::number(s.morris.mu_star), csv::number(s.morris.mu),
                         csv::number(s.morris.sigma), csv::number(s.at_low), csv::number(s.at_high),
                         index(s.first_order), index(s.total));
    }
  }
  return out;
}

}  // namespace

std::string range_text(const RangedInput& in) {
  const PlausibleRange& r = in.range;
  std::string shape;
  switch (r.shape) {
    case PlausibleRange::Shape::uniform: shape = fmt::format("[{:.6g}, {:.6g}]", r.low, r.high); break;
    case PlausibleRange::Shape::triangular:
      shape = fmt::format("triangular {:.6g} / {:.6g} / {:.6g}", r.low, r.mode, r.high);
      break;
    case PlausibleRange::Shape::lognormal:
      shape = fmt::format("lognormal {:.6g} [{:.6g}, {:.6g}]", r.median, r.low, r.high);
      break;
  }
  return fmt::format("{} {} ({})", format_number(in.value), shape, spread_word(in));
}

std::string render(const SensitivityAnswer& answer, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return json(answer);
    case ReportFormat::csv: return csv_report(answer);
    case ReportFormat::xlsx:
      throw std::invalid_argument("no spreadsheet of a sensitivity report yet: expected table, json or csv");
    case ReportFormat::table: break;
  }
  return table(answer);
}

}  // namespace inspectsim
