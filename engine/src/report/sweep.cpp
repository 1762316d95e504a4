// Sweep output: one line per point in CSV, JSON Lines or a fixed-width table, appendable.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/report/sweep_report.hpp"
#include "inspectsim/scenario/fingerprint.hpp"
#include "report/csv_fields.hpp"
#include "report/json_parts.hpp"

namespace inspectsim {

namespace {

using json_parts::ordered_json;

/// Columns of the table: the point, each axis, then each metric.
struct TableColumns {
  std::vector<std::size_t> axis_width;
  std::vector<MetricRef> metrics;
  std::size_t metric_width = 0;
};

constexpr std::size_t point_width = 7;

constexpr const char* xlsx_is_whole =
    "a sweep's spreadsheet is written whole when the sweep ends (sweep_xlsx), not a line at a time";

TableColumns table_columns(const SweepLayout& layout, const Scenario& s) {
  TableColumns c;
  for (const SweepAxis& axis : layout.axes) {
    std::size_t w = axis.key.size();
    for (const std::string& v : axis.values) w = std::max(w, v.size());
    c.axis_width.push_back(w + 2);
  }
  const std::vector<std::string>& names =
      layout.table_metrics.empty() ? default_sweep_table_metrics() : layout.table_metrics;
  c.metric_width = 32;
  for (const std::string& name : names) {
    c.metrics.push_back(find_metric(s, name));
    c.metric_width = std::max({c.metric_width, name.size() + 2, c.metrics.back().unit.size() + 4});
  }
  return c;
}

std::string table_prefix(const TableColumns& c, const SweepPoint& point) {
  std::string out = fmt::format("{:>{}}", point.index, point_width);
  for (std::size_t i = 0; i < point.settings.size(); ++i)
    out += fmt::format("{:>{}}", point.settings[i].value, c.axis_width[i]);
  return out;
}

ordered_json settings_json(const SweepPoint& point) {
  ordered_json j = ordered_json::object();
  for (const Override& o : point.settings) j[o.key] = o.value;
  return j;
}

ordered_json point_json(const SweepPoint& point) {
  ordered_json j;
  j["point"] = point.index;
  j["settings"] = settings_json(point);
  return j;
}

}  // namespace

const std::vector<std::string>& default_sweep_table_metrics() {
  static const std::vector<std::string> names{"inspections", "coverage",       "prevalence",
                                              "detections",  "detected_share", "complaint_wait_days"};
  return names;
}

std::string SweepFingerprint::text() const {
  return fmt::format("scenario={} options={} engine={}", scenario, options, engine);
}

SweepFingerprint SweepFingerprint::parse(const std::string& line) {
  // "scenario=HEX options=HEX engine=VERSION", the first such run of text (a title or a
  // setting that happens to hold "scenario=" is passed over).
  constexpr std::size_t hex = 16;
  for (std::size_t at = line.find("scenario="); at != std::string::npos; at = line.find("scenario=", at + 1)) {
    const std::size_t options = at + 9 + hex, engine = options + 9 + hex;
    if (line.compare(options, 9, " options=") != 0 || line.compare(engine, 8, " engine=") != 0) continue;
    const std::size_t version = engine + 8;
    return {line.substr(at + 9, hex), line.substr(options + 9, hex),
            line.substr(version, line.find_first_of(" \"\n", version) - version)};
  }
  throw std::invalid_argument("its header has no fingerprint (it was written by an older inspectsim, or is no sweep)");
}

SweepFingerprint sweep_fingerprint(const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                                   const DesignScenarios& scenarios) {
  const std::string points = scenarios.fingerprint_lines(false);
  std::string options = fmt::format("format={}\n", static_cast<int>(layout.format));
  for (const SweepAxis& axis : layout.axes)
    options += fmt::format("vary {}={}\n", axis.key, fmt::join(axis.values, ","));
  options += fmt::format("metrics={}\npoints={}\n", fmt::join(layout.table_metrics, ","), grid.size());
  return {fingerprint_of(points), fingerprint_of(options), engine_version()};
}

std::string sweep_header(const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                         const DesignScenarios& scenarios) {
  const Scenario& first = scenarios.first();
  const std::size_t points = grid.size();
  const std::string fingerprint = sweep_fingerprint(layout, grid, scenarios).text();
  const auto& sim = first.simulation;
  switch (layout.format) {
    case ReportFormat::csv: {
      std::string out = "# inspectsim sweep: " + fingerprint + "\npoint";
      for (const SweepAxis& axis : layout.axes) out += "," + csv::text(axis.key);
      out += ",seed,replications,years,warmup_years";
      for (const MetricRef& m : all_metrics(first))
        out += fmt::format(",{},{}_ci_low,{}_ci_high", csv::text(m.name + "_mean [" + m.unit + "]"), csv::text(m.name),
                           csv::text(m.name));
      return out + "\n";
    }
    case ReportFormat::json: {
      ordered_json j;
      ordered_json vary = ordered_json::object();
      for (const SweepAxis& axis : layout.axes) vary[axis.key] = axis.values;
      j["sweep"] = {{"scenario", first.name}, {"title", first.title},
                    {"file", first.file},     {"points", points},
                    {"seed", sim.seed},       {"replications", sim.replications},
                    {"years", sim.years},     {"warmup_years", sim.warmup_years},
                    {"vary", vary},           {"fingerprint", fingerprint}};
      return j.dump() + "\n";
    }
    case ReportFormat::xlsx: throw std::invalid_argument(xlsx_is_whole);
    case ReportFormat::table: break;
  }
  const TableColumns c = table_columns(layout, first);
  std::string out = fmt::format(
      "Sweep of {} ({})\n{} points, {} replications each, {} measured years after {} warm-up, seed {}; "
      "the same random streams at every point\nmean [95% CI] per point; fingerprint {}\n\n",
      first.title.empty() ? first.name : first.title, first.file, points, sim.replications, sim.years, sim.warmup_years,
      sim.seed, fingerprint);
  std::string names = fmt::format("{:>{}}", "point", point_width), units = fmt::format("{:>{}}", "", point_width);
  for (std::size_t i = 0; i < layout.axes.size(); ++i) {
    names += fmt::format("{:>{}}", layout.axes[i].key, c.axis_width[i]);
    units += fmt::format("{:>{}}", "", c.axis_width[i]);
  }
  for (const MetricRef& m : c.metrics) {
    names += fmt::format("{:>{}}", m.name, c.metric_width);
    units += fmt::format("{:>{}}", "[" + m.unit + "]", c.metric_width);
  }
  return out + names + "\n" + units + "\n";
}

std::string sweep_row_prefix(const SweepLayout& layout, const SweepPoint& point, const Scenario& s) {
  switch (layout.format) {
    case ReportFormat::csv: {
      std::string out = std::to_string(point.index);
      for (const Override& o : point.settings) out += "," + csv::text(o.value);
      return out + fmt::format(",{},{},{},{},", s.simulation.seed, s.simulation.replications, s.simulation.years,
                               s.simulation.warmup_years);
    }
    case ReportFormat::json: {
      std::string out = point_json(point).dump();
      out.pop_back();  // the closing brace: the metrics follow
      return out + ",";
    }
    case ReportFormat::xlsx: throw std::invalid_argument(xlsx_is_whole);
    case ReportFormat::table: break;
  }
  return table_prefix(table_columns(layout, s), point);
}

std::string sweep_row(const SweepLayout& layout, const SweepPoint& point, const RunResult& result) {
  const Scenario& s = result.scenario;
  const Summary& summary = result.summary;
  switch (layout.format) {
    case ReportFormat::csv: {
      std::string out = sweep_row_prefix(layout, point, s);
      bool first = true;
      for (const MetricRef& m : all_metrics(s)) {
        const Estimate& e = m.in(summary);
        out += fmt::format("{}{},{},{}", first ? "" : ",", csv::number(e.mean), csv::number(e.ci_low),
                           csv::number(e.ci_high));
        first = false;
      }
      return out + "\n";
    }
    case ReportFormat::json: {
      ordered_json j = point_json(point);
      j["metrics"] = json_parts::metrics_json(global_metrics(), summary.global, true);
      j["by_violation"] = json_parts::by_violation_json(s, summary, true);
      j["by_size_class"] = json_parts::by_size_class_json(s, summary, true);
      j["yearly"] = json_parts::yearly_json(summary, true);
      return j.dump() + "\n";
    }
    case ReportFormat::xlsx: throw std::invalid_argument(xlsx_is_whole);
    case ReportFormat::table: break;
  }
  const TableColumns c = table_columns(layout, s);
  std::string out = table_prefix(c, point);
  for (const MetricRef& m : c.metrics) {
    const Estimate& e = m.in(summary);
    out += fmt::format(
        "{:>{}}", fmt::format("{} [{}, {}]", format_number(e.mean), format_number(e.ci_low), format_number(e.ci_high)),
        c.metric_width);
  }
  return out + "\n";
}

namespace {

/// The first lines of `text`, where every format's header carries its fingerprint.
std::string first_lines(const std::string& text) {
  std::size_t end = 0;
  for (int line = 0; line < 4 && end != std::string::npos; ++line) end = text.find('\n', end == 0 ? 0 : end + 1);
  return text.substr(0, end);
}

/// Refuses a file written by another sweep, saying which of its parts differs.
void check_same_sweep(const std::string& existing, const std::string& header) {
  const SweepFingerprint file = SweepFingerprint::parse(first_lines(existing));
  const SweepFingerprint now = SweepFingerprint::parse(first_lines(header));
  std::vector<std::string> differences;
  if (file.scenario != now.scenario)
    differences.push_back(
        fmt::format("the scenario ({} in the file, {} now: a scenario file, --set, --seed, "
                    "--replications or --years changed)",
                    file.scenario, now.scenario));
  if (file.options != now.options)
    differences.push_back(fmt::format("the options ({} in the file, {} now: --vary, --metrics or the format changed)",
                                      file.options, now.options));
  if (file.engine != now.engine)
    differences.push_back(fmt::format("the engine version ({} in the file, {} now)", file.engine, now.engine));
  if (!differences.empty())
    throw std::invalid_argument(fmt::format("it holds another sweep: {} differ{}", fmt::join(differences, "; "),
                                            differences.size() == 1 ? "s" : ""));
}

}  // namespace

SweepResume resume_sweep_output(const std::string& existing, const SweepLayout& layout, const std::string& header,
                                const std::vector<SweepPoint>& grid, const DesignScenarios& scenarios) {
  // Only whole lines count: whatever follows the last newline was cut off mid-write.
  const std::size_t whole = existing.rfind('\n') == std::string::npos ? 0 : existing.rfind('\n') + 1;
  SweepResume resume;
  if (whole >= header.size() || first_lines(existing.substr(0, whole)).find("engine=") != std::string::npos)
    check_same_sweep(existing.substr(0, whole), header);
  if (whole < header.size()) {
    if (header.compare(0, whole, existing, 0, whole) != 0)
      throw std::invalid_argument(
          "its first lines are not the header this sweep writes (another sweep, format or scenario)");
    return resume;  // cut inside the header: start again
  }
  if (existing.compare(0, header.size(), header) != 0)
    throw std::invalid_argument(
        "its header differs from the one this sweep writes (another sweep, format, seed, or number of "
        "replications or years)");
  std::size_t at = header.size();
  while (at < whole) {
    const std::size_t end = existing.find('\n', at) + 1;
    const std::size_t p = resume.points_done;
    if (p >= grid.size())
      throw std::invalid_argument(fmt::format("it holds more rows than the sweep's {} points", grid.size()));
    const std::string prefix = sweep_row_prefix(layout, grid[p], scenarios.base(p, grid[p]));
    if (existing.compare(at, prefix.size(), prefix) != 0 || end - at <= prefix.size())
      throw std::invalid_argument(fmt::format("row {} is not point {} of this sweep ({}...)", p + 1, p, prefix));
    ++resume.points_done;
    at = end;
  }
  resume.keep_bytes = at;
  return resume;
}

}  // namespace inspectsim
