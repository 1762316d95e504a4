#pragma once
// CSV fields shared by the run/compare CSV and the sweep CSV (RFC 4180).

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace inspectsim::csv {

/// A text field, quoted when it holds a comma, quote or newline.
inline std::string text(const std::string& field) {
  if (field.find_first_of(",\"\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// A number; empty where undefined (NaN).
inline std::string number(double v) { return std::isnan(v) ? "" : fmt::format("{}", v); }

}  // namespace inspectsim::csv
