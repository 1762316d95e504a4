#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "inspectsim/report/report.hpp"
#include "inspectsim/report/spreadsheet.hpp"

namespace inspectsim {

ReportFormat parse_report_format(const std::string& text) {
  if (text == "table") return ReportFormat::table;
  if (text == "json") return ReportFormat::json;
  if (text == "csv") return ReportFormat::csv;
  if (text == "xlsx") return ReportFormat::xlsx;
  throw std::invalid_argument("expected table, json, csv or xlsx, found '" + text + "'");
}

std::string render(const RunResult& run, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return run_json(run);
    case ReportFormat::csv: return run_csv(run);
    case ReportFormat::xlsx: return run_xlsx(run);
    case ReportFormat::table: break;
  }
  return run_table(run);
}

std::string render(const CompareResult& comparison, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return compare_json(comparison);
    case ReportFormat::csv: return compare_csv(comparison);
    case ReportFormat::xlsx: return compare_xlsx(comparison);
    case ReportFormat::table: break;
  }
  return compare_table(comparison);
}

std::string format_number(double value) {
  if (std::isnan(value)) return "n/a";
  const double magnitude = std::abs(value);
  if (magnitude == 0) return "0";
  if (magnitude < 0.001) return fmt::format("{:.2e}", value);  // small differences keep their sign and size
  // Thresholds sit where rounding would carry into the next range (999.96 prints as 1,000).
  if (magnitude < 0.99995) return fmt::format("{:.4f}", value);
  if (magnitude < 9.995) return fmt::format("{:.2f}", value);
  if (magnitude < 999.95) return fmt::format("{:.1f}", value);
  std::string digits = fmt::format("{:.0f}", magnitude);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return (value < 0 ? "-" : "") + digits;
}

}  // namespace inspectsim
