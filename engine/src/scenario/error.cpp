#include "inspectsim/scenario/error.hpp"

#include <fmt/format.h>

namespace inspectsim {

namespace {
std::string format_message(const SourceLocation& where, const std::string& key,
                           const std::string& problem) {
  std::string location = where.file;
  if (where.line > 0) location += fmt::format(":{}:{}", where.line, where.column);
  if (key.empty()) return fmt::format("{}: {}", location, problem);
  return fmt::format("{}: {}: {}", location, key, problem);
}
}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string key, const std::string& problem)
    : std::runtime_error(format_message(where, key, problem)),
      where_(std::move(where)),
      key_(std::move(key)) {}

}  // namespace inspectsim
