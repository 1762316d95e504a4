#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "inspectsim/report/report.hpp"

namespace inspectsim {

ReportFormat parse_report_format(const std::string& text) {
  if (text == "table") return ReportFormat::table;
  if (text == "json") return ReportFormat::json;
  if (text == "csv") return ReportFormat::csv;
  throw std::invalid_argument("expected table, json or csv, found '" + text + "'");
}

std::string render(const RunResult& run, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return run_json(run);
    case ReportFormat::csv: return run_csv(run);
    case ReportFormat::table: break;
  }
  return run_table(run);
}

std::string render(const CompareResult& comparison, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return compare_json(comparison);
    case ReportFormat::csv: return compare_csv(comparison);
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

void write_file_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path temp = target.parent_path() / fmt::format(".{}.tmp.{}", target.filename().string(), ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", temp.string()));
    out << text;
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      throw std::runtime_error(fmt::format("failed writing '{}'", temp.string()));
    }
  }
  // On disk before the rename, so that even a power cut leaves either the old file or the new one.
  if (const int fd = ::open(temp.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp);
    throw std::runtime_error(fmt::format("cannot move the output into '{}': {}", path, ec.message()));
  }
}

}  // namespace inspectsim
