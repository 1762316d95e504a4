#include "inspectsim/scenario/error.hpp"

#include <fmt/format.h>

namespace inspectsim {

namespace {

/// `text` with control characters shown as \xHH, so that a message quoting bad input cannot
/// carry a terminal escape sequence (or a line break) to the user's screen.
std::string printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c1) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[++i]));
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string format_message(const SourceLocation& where, const std::string& key, const std::string& problem) {
  std::string location = where.file;
  if (where.line > 0) location += fmt::format(":{}:{}", where.line, where.column);
  if (key.empty()) return printable(fmt::format("{}: {}", location, problem));
  return printable(fmt::format("{}: {}: {}", location, key, problem));
}

}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string key, const std::string& problem)
    : std::runtime_error(format_message(where, key, problem)), where_(std::move(where)), key_(std::move(key)) {}

}  // namespace inspectsim
