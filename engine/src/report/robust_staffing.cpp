// Reports of the staffing answer over plausible assumptions.

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "inspectsim/report/robust_staffing_report.hpp"
#include "inspectsim/report/sensitivity_report.hpp"
#include "report/csv_fields.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

/// How many influences the table lists.
constexpr std::size_t influences_shown = 10;

std::string count_text(double count, int max_inspectors) {
  return std::isnan(count) ? fmt::format("more than {}", max_inspectors) : fmt::format("{:.0f}", count);
}

int max_searched(const RobustStaffingAnswer& a) { return a.answers.empty() ? 0 : a.answers.front().max_inspectors; }

std::string targets_text(const RobustStaffingAnswer& a) {
  std::string out;
  if (a.answers.empty()) return out;
  for (const StaffingTarget& t : a.answers.front().targets) out += (out.empty() ? "" : ", ") + t.text;
  return out;
}

std::string table(const RobustStaffingAnswer& a) {
  const int max = max_searched(a);
  const Scenario& s = a.answers.front().at_answer->scenario;
  std::string out = fmt::format(
      "Staffing over plausible assumptions: {} ({})\ntargets: {}\n{} points over {} ranged numbers, each searched as "
      "`staff` searches ({} replications, {} measured years, seed {})\n\n",
      s.title.empty() ? s.name : s.title, s.file, targets_text(a), a.points.size(), a.inputs.size(),
      s.simulation.replications, s.simulation.years, s.simulation.seed);
  out += fmt::format("answer: {} inspectors at the median; 10th percentile {}, 90th percentile {}\n",
                     count_text(a.p50, max), count_text(a.p10, max), count_text(a.p90, max));
  if (a.unmet > 0)
    out += fmt::format("  ({} of {} points do not meet the targets even with {} inspectors)\n", a.unmet,
                       a.points.size(), max);
  out += "\nassumptions that move it most (Spearman's rank correlation with the answer over the points):\n";
  out += fmt::format("  {:<56} {:>7}  {}\n", "input", "rho", "value and range");
  for (std::size_t i = 0; i < std::min(influences_shown, a.influence.size()); ++i) {
    const StaffingInfluence& f = a.influence[i];
    out += fmt::format("  {:<56} {:>7.2f}  {}\n", a.inputs[f.input].key, f.rank_correlation,
                       range_text(a.inputs[f.input]));
  }
  out += "\nanswer at each point:";
  for (std::size_t p = 0; p < a.answers.size(); ++p)
    out += fmt::format("{}{}", p % 10 == 0 ? "\n  " : " ",
                       a.answers[p].found ? std::to_string(a.answers[p].inspectors) : fmt::format(">{}", max));
  return out + "\n";
}

ordered_json number_json(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

std::string json(const RobustStaffingAnswer& a) {
  ordered_json j;
  j["targets"] = targets_text(a);
  j["points"] = a.points.size();
  j["max_inspectors"] = max_searched(a);
  j["p10"] = number_json(a.p10);
  j["p50"] = number_json(a.p50);
  j["p90"] = number_json(a.p90);
  j["unmet"] = a.unmet;
  ordered_json influence = ordered_json::array();
  for (const StaffingInfluence& f : a.influence) {
    const RangedInput& in = a.inputs[f.input];
    influence.push_back({{"input", in.key},
                         {"rank_correlation", number_json(f.rank_correlation)},
                         {"value", in.value},
                         {"spread", in.spread == Provenance::Spread::defaulted ? "default" : "ranged"},
                         {"range", json_parts::range_json(in.range)},
                         {"note", in.note}});
  }
  j["influence"] = influence;
  ordered_json answers = ordered_json::array();
  for (std::size_t p = 0; p < a.answers.size(); ++p) {
    ordered_json settings = ordered_json::object();
    for (const Override& o : a.points[p].settings) settings[o.key] = o.value;
    answers.push_back(
        {{"point", p},
         {"inspectors", a.answers[p].found ? ordered_json(a.answers[p].inspectors) : ordered_json(nullptr)},
         {"settings", settings}});
  }
  j["answers"] = answers;
  return j.dump(2) + "\n";
}

std::string csv_report(const RobustStaffingAnswer& a) {
  std::string out = "point,inspectors";
  for (const RangedInput& in : a.inputs) out += "," + csv::text(in.key);
  out += "\n";
  for (std::size_t p = 0; p < a.answers.size(); ++p) {
    out += fmt::format("{},{}", p, a.answers[p].found ? std::to_string(a.answers[p].inspectors) : "");
    std::size_t next = 0;
    for (const RangedInput& in : a.inputs) {
      const std::vector<Override>& settings = a.points[p].settings;
      const bool set = next < settings.size() && settings[next].key == in.key;
      out += "," + (set ? settings[next++].value : std::string());
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render(const RobustStaffingAnswer& answer, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return json(answer);
    case ReportFormat::csv: return csv_report(answer);
    case ReportFormat::xlsx:
      throw std::invalid_argument("no spreadsheet of staff --robust yet: expected table, json or csv");
    case ReportFormat::table: break;
  }
  return table(answer);
}

}  // namespace inspectsim
