#pragma once
/// @file
/// Every key a scenario file may hold, declared once (schema.cpp): its path, how its value is
/// read, its allowed range, unit, default and documentation. The loader checks keys and ranges
/// with it, `--set` goes through the same loader, the fuzz dictionary is read from it, and
/// scenarios/README.md's key tables are checked against it (tests/scenario/schema_test.cpp).

#include <string>
#include <string_view>
#include <vector>

namespace inspectsim {

/// How a key's value is read.
enum class KeyKind {
  section,  ///< a map of further keys
  list,     ///< a list of items (named, or timeline entries)
  text,
  label,    ///< one line of text without control characters (names, titles)
  number,   ///< a finite real number in `range`
  integer,  ///< a whole number in `range`
  boolean,
  choice,  ///< one of the words of scenario/choices.hpp
  names,   ///< a list of names
};

/// The values a number may take, and how an error message says so.
struct NumberRange {
  double lo = 0;
  double hi = 0;
  bool lo_open = false;       ///< lo itself excluded
  const char* expected = "";  ///< e.g. "a probability in [0, 1]" (integers: made from lo and hi)
};

/// One key. Items of a list are written `*` ("segments.*.entities"); a key named by the user
/// (a violation type under onset_multiplier) is written in capitals ("...onset_multiplier.VIOLATION").
struct KeySpec {
  std::string_view path;
  KeyKind kind;
  NumberRange range;
  std::string_view meaning;  ///< with its unit: the README's "Unit" column
  std::string_view default_value;
  std::string_view allowed;  ///< the README's "Allowed" column
};

/// Every key, sections before their keys, in the order the README documents them.
const std::vector<KeySpec>& scenario_keys();

/// The key at `path` (in the form above), or nullptr.
const KeySpec* find_key(std::string_view path);

/// The names of the keys directly under `parent` ("" for the top level, "segments.*" for a
/// segment), in declaration order.
const std::vector<std::string_view>& keys_under(std::string_view parent);

/// The rows of the README's key table for a section ("" for the top level, "policy",
/// "segments", ...), one Markdown line each.
std::vector<std::string> key_table_rows(std::string_view section);

}  // namespace inspectsim
