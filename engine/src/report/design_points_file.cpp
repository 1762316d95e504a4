// The points file of uncertainty and sensitivity runs: exact values, so a resume loses nothing.

#include "inspectsim/report/design_points_file.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>

#include "csv_fields.hpp"
#include "inspectsim/scenario/fingerprint.hpp"

namespace inspectsim {

namespace {

/// Enough digits to read the same double back (NaN as "nan").
std::string exact(double value) { return fmt::format("{:.17g}", value); }

double read_exact(const std::string& field, std::size_t row) {
  char* end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  if (field.empty() || end != field.c_str() + field.size())
    throw std::invalid_argument(fmt::format("row {} holds '{}' where a number was expected", row, field));
  return value;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) return fields;
    start = comma + 1;
  }
}

}  // namespace

std::string design_fingerprint(const std::string& method, const DesignScenarios& scenarios,
                               const std::vector<MetricRef>& metrics) {
  std::string text = method + "\n";
  text += scenarios.fingerprint_lines(false) + scenarios.fingerprint_lines(true);
  for (const MetricRef& m : metrics) text += "metric " + m.name + "\n";
  return fmt::format("{} engine={}", fingerprint_of(text), engine_version());
}

std::string design_points_header(const std::string& fingerprint, const std::vector<MetricRef>& metrics) {
  std::string out = "# inspectsim design points: fingerprint=" + fingerprint + "\npoint";
  for (const MetricRef& m : metrics)
    out += fmt::format(",{},{}", csv::text(m.name), csv::text(m.name + "_noise_variance"));
  return out + "\n";
}

std::string design_points_row(const DesignPoint& point, const PointValues& values) {
  std::string out = std::to_string(point.index);
  for (std::size_t i = 0; i < values.mean.size(); ++i)
    out += "," + exact(values.mean[i]) + "," + exact(values.noise_variance[i]);
  return out + "\n";
}

DesignPointsResume read_design_points(const std::string& existing, const std::string& header, std::size_t points,
                                      std::size_t metrics) {
  // Only whole lines count: whatever follows the last newline was cut off mid-write.
  const std::size_t whole = existing.rfind('\n') == std::string::npos ? 0 : existing.rfind('\n') + 1;
  DesignPointsResume resume;
  if (whole < header.size()) {
    if (header.compare(0, whole, existing, 0, whole) != 0)
      throw std::invalid_argument("its first lines are not the header this run writes (another design or scenario)");
    return resume;  // cut inside the header: start again
  }
  if (existing.compare(0, header.size(), header) != 0)
    throw std::invalid_argument(
        "its header differs from the one this run writes (another scenario, design, --points, --seed, metrics or "
        "engine version)");
  std::size_t at = header.size();
  while (at < whole) {
    const std::size_t end = existing.find('\n', at);
    const std::size_t p = resume.done.size();
    if (p >= points) throw std::invalid_argument(fmt::format("it holds more rows than the design's {} points", points));
    const std::vector<std::string> fields = fields_of(existing.substr(at, end - at));
    if (fields.size() != 1 + 2 * metrics || fields[0] != std::to_string(p))
      throw std::invalid_argument(fmt::format("row {} is not point {} of this design", p + 1, p));
    PointValues values;
    for (std::size_t m = 0; m < metrics; ++m) {
      values.mean.push_back(read_exact(fields[1 + 2 * m], p + 1));
      values.noise_variance.push_back(read_exact(fields[2 + 2 * m], p + 1));
    }
    resume.done.push_back(std::move(values));
    at = end + 1;
  }
  resume.keep_bytes = at;
  return resume;
}

}  // namespace inspectsim
